/// What loading one input file found.
public struct InputSummary: Sendable, Equatable {
    /// The file as named by the user (`-` for standard input).
    public var name: String
    /// gzip or plain.
    public var format: GzipReader.Format
    /// Gzip members read (0 for plain input).
    public var gzipMembers: Int
    /// Bytes read from the file.
    public var fileBytes: Int64
    /// Bytes of CSV text after decompression.
    public var textBytes: Int64
    /// Data rows loaded.
    public var rows: Int
    /// Rows skipped for a wrong field count.
    public var skippedRows: Int
    /// Lines of the first skipped rows.
    public var skippedRowLines: [Int]
    /// Blank lines passed over.
    public var blankLines: Int
    /// The delimiter used.
    public var delimiter: UInt8
    /// Whether the text began with a UTF-8 byte-order mark.
    public var hadByteOrderMark: Bool
    /// SHA-256 of the file's bytes, when asked for.
    public var sha256: String?
}

/// What a load found, over all its inputs.
public struct LoadReport: Sendable {
    /// One summary per input, in order.
    public var inputs: [InputSummary]
    /// Wall-clock seconds spent loading.
    public var seconds: Double

    /// Data rows over all inputs.
    public var rows: Int { inputs.reduce(0) { $0 + $1.rows } }
    /// Skipped rows over all inputs.
    public var skippedRows: Int { inputs.reduce(0) { $0 + $1.skippedRows } }
    /// Bytes read from files.
    public var fileBytes: Int64 { inputs.reduce(0) { $0 + $1.fileBytes } }
    /// Bytes of CSV text.
    public var textBytes: Int64 { inputs.reduce(0) { $0 + $1.textBytes } }
}

/// A loaded panel: its columns and how loading went.
public struct LoadedPanel: Sendable {
    /// The columns.
    public var table: Table
    /// Counts, formats and time.
    public var report: LoadReport
}
