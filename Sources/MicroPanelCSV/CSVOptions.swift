/// What to do with a data row whose field count differs from the header's.
public enum BadRowPolicy: String, Sendable, CaseIterable {
    /// Stop with an error naming the line.
    case error
    /// Leave the row out and count it (the count and the first lines are reported).
    case skip
}

/// How delimited text is read.
public struct CSVOptions: Sendable, Equatable {
    /// The field delimiter; nil detects it from the header line among `,` `;` and tab.
    public var delimiter: UInt8?
    /// Rows with the wrong number of fields.
    public var badRows: BadRowPolicy
    /// The longest field accepted, in bytes (default 1 MiB).
    public var maxFieldBytes: Int
    /// The longest row accepted, in bytes (default 64 MiB); bounds memory on hostile input.
    public var maxRowBytes: Int

    /// The default: detected delimiter, bad rows are errors, 1 MiB fields, 64 MiB rows.
    public init(
        delimiter: UInt8? = nil, badRows: BadRowPolicy = .error,
        maxFieldBytes: Int = 1 << 20, maxRowBytes: Int = 64 << 20
    ) {
        self.delimiter = delimiter
        self.badRows = badRows
        self.maxFieldBytes = maxFieldBytes
        self.maxRowBytes = maxRowBytes
    }

    /// The delimiters recognised when detecting: comma, semicolon, tab.
    public static let candidateDelimiters: [UInt8] = [UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "\t")]
}
