/// Where a problem is: the file, and as precisely as the stage that found it knows, the line,
/// the field (its 1-based number and header) or the byte offset.
public struct ErrorLocation: Sendable, Equatable {
    /// The input or output as the user named it (`-` for standard input or output).
    public var file: String?
    /// The 1-based physical line.
    public var line: Int?
    /// The 1-based field number in the row.
    public var column: Int?
    /// The field's header.
    public var columnName: String?
    /// Offset in the file (compressed bytes) or in the decoded text, as the stage reads it.
    public var byteOffset: Int64?

    /// A location; every part optional.
    public init(
        file: String? = nil, line: Int? = nil, column: Int? = nil, columnName: String? = nil, byteOffset: Int64? = nil
    ) {
        self.file = file
        self.line = line
        self.column = column
        self.columnName = columnName
        self.byteOffset = byteOffset
    }

    /// How a message begins: `FILE:LINE:COL: `, `FILE:LINE: `, `FILE: byte N: `, `FILE: ` or nothing.
    public var prefix: String {
        guard let file else { return "" }
        if let line { return "\(file):\(line)" + (column.map { ":\($0)" } ?? "") + ": " }
        if let byteOffset { return "\(file): byte \(byteOffset): " }
        return "\(file): "
    }
}

/// The shape of every stage's error: a stable code for machines, the problem in words, where it
/// is, and the error underneath (the system's, zlib's) when there is one. Its description is one
/// line, the location then the message: the form the command line prints.
public protocol MicroPanelError: Error, Sendable, CustomStringConvertible {
    /// A stable identifier of the kind of problem (`csv.wrong_field_count`, `input.truncated`).
    var code: String { get }
    /// The problem in words, and what to do about it where something can be done.
    var message: String { get }
    /// Where it is.
    var location: ErrorLocation { get }
    /// The error underneath, when another layer reported it.
    var cause: (any Error)? { get }
}

extension MicroPanelError {
    /// `location` then `message`, on one line.
    public var description: String { location.prefix + message }
}

/// An error reported by the system: the `errno` text of a failed open, read or write.
public struct SystemError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The system's words (`No such file or directory`).
    public let text: String

    /// The error saying `text`.
    public init(_ text: String) { self.text = text }

    public var description: String { text }
}
