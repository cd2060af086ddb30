/// A problem in delimited text or in one of its values, with where it is: file, line, column
/// (the 1-based field number), header name and byte offset in the decoded text.
///
/// Its description is one line, `FILE:LINE:COL: what`, the form the command line prints.
public struct CSVError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong.
    public enum Kind: Sendable, Equatable {
        /// The input holds no header row.
        case emptyInput
        /// A row has another number of fields than the header.
        case wrongFieldCount(expected: Int, found: Int)
        /// A field is longer than the limit (`--max-field-bytes`).
        case fieldTooLong(limit: Int)
        /// A row is longer than the limit (`--max-row-bytes`).
        case rowTooLong(limit: Int)
        /// A quote stands where RFC 4180 allows none (inside an unquoted field, or after a
        /// closing quote).
        case unexpectedQuote
        /// The input ends inside a quoted field.
        case unterminatedQuote
        /// A numeric field holds text that is not a number or a missing marker.
        case notANumber(String)
        /// A number too large for a 64-bit float.
        case numberOutOfRange(String)
        /// A field that must hold a whole number (a year) holds something else.
        case notAnInteger(String)
        /// A whole number outside the values its field can take (a fiscal year in 1900).
        case implausibleInteger(String, ClosedRange<Int64>)
        /// Text that is not valid UTF-8.
        case invalidUTF8
        /// Two header columns name the same field.
        case duplicateColumn(name: String, firstColumn: Int)
        /// Something else, said in words.
        case other(String)
    }

    /// The input's name (`-` for standard input); nil until the loader attaches it.
    public var file: String?
    /// 1-based physical line where the problem is.
    public var line: Int
    /// 1-based field number in the row, when one field is at fault.
    public var column: Int?
    /// The header name of that field, when known.
    public var columnName: String?
    /// Offset of the row or field in the decoded (inflated) text.
    public var byteOffset: Int64
    /// What went wrong.
    public var kind: Kind

    /// Creates an error at a position.
    public init(
        kind: Kind, line: Int, column: Int? = nil, columnName: String? = nil,
        byteOffset: Int64, file: String? = nil
    ) {
        self.kind = kind
        self.line = line
        self.column = column
        self.columnName = columnName
        self.byteOffset = byteOffset
        self.file = file
    }

    /// The problem alone, in words.
    public var problem: String {
        let field = columnName.map { "column '\($0)': " } ?? ""
        switch kind {
        case .emptyInput:
            return "no header row: the input is empty"
        case .wrongFieldCount(let expected, let found):
            return "expected \(expected) fields as in the header, found \(found)"
                + " (use --on-bad-row skip to skip such rows and count them)"
        case .fieldTooLong(let limit):
            return "\(field)field longer than \(limit) bytes (raise the limit with --max-field-bytes)"
        case .rowTooLong(let limit):
            return "row longer than \(limit) bytes (raise the limit with --max-row-bytes)"
        case .unexpectedQuote:
            return "\(field)unexpected '\"': quotes may only enclose a whole field, and quotes inside it are doubled"
        case .unterminatedQuote:
            return "\(field)quoted field is never closed: the input ends inside it"
        case .notANumber(let text):
            return "\(field)expected a number, found '\(text)'"
                + " (use --on-bad-number missing to read such values as missing and count them)"
        case .numberOutOfRange(let text):
            return "\(field)number out of range: '\(text)'"
        case .notAnInteger(let text):
            return "\(field)expected a whole number, found '\(text)'"
                + " (use --on-bad-number missing to leave such rows out and count them)"
        case .implausibleInteger(let text, let range):
            return "\(field)'\(text)' is not plausible here: expected \(range.lowerBound) to \(range.upperBound)"
                + " (use --on-bad-number missing to leave such rows out and count them)"
        case .invalidUTF8:
            return "\(field)text is not valid UTF-8 (convert the file, e.g. iconv -f latin1 -t utf-8)"
        case .duplicateColumn(let name, let first):
            return "header names '\(name)' again (first in column \(first)): which one to use is ambiguous"
        case .other(let text):
            return "\(field)\(text)"
        }
    }

    public var description: String {
        let position = column.map { "\(line):\($0)" } ?? "\(line)"
        return "\(file ?? "<input>"):\(position): \(problem)"
    }
}

extension CSVError {
    /// A field's value as quoted in messages: enclosing quotes removed, at most 40 characters,
    /// other bytes than printable ASCII escaped.
    public static func excerpt(_ raw: UnsafeRawBufferPointer) -> String {
        let limit = 40
        let bytes = CSVField.isQuoted(raw) ? UnsafeRawBufferPointer(rebasing: raw[1..<(raw.count - 1)]) : raw
        var text = ""
        for byte in bytes.prefix(limit) {
            switch byte {
            case 0x20...0x7e: text.unicodeScalars.append(Unicode.Scalar(byte))
            default: text += "\\x" + String(byte, radix: 16, uppercase: false).leftPadded(to: 2)
            }
        }
        if bytes.count > limit { text += "…" }
        return text
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
