import MicroPanelSupport

/// A problem in delimited text or in one of its values, with where it is: file, line, column
/// (the 1-based field number), header name and byte offset in the decoded text.
///
/// Its description is one line, `FILE:LINE:COL: what`, the form the command line prints.
public struct CSVError: MicroPanelError, Equatable {
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
        /// A quoted field longer than the limit: most likely its closing quote is missing.
        case quotedFieldTooLong(limit: Int)
        /// The bytes are not delimited text; `content` says what they look like (`a zip archive`).
        case notText(content: String)
        /// Another input of the same panel has another header.
        case headerMismatch(firstFile: String, difference: String)
        /// Columns a table of this kind needs are absent (`what` names the kind of table).
        case missingColumns([String], what: String)
        /// A reference table that is neither a World Bank download nor a country,year,value table.
        case unrecognizedTable
        /// A file larger than such a table can be.
        case inputTooLarge(limitBytes: Int)
        /// A column-mapping row that is not `header,field`.
        case badMappingRow
        /// A column mapping names a field the catalog does not know.
        case unknownField(String)
        /// A provisioning rule file's row is not `bucket,rate`.
        case badProvisioningRow
        /// A provisioning rule file names a bucket there is no such bucket (`known`: those there are).
        case unknownBucket(String, known: [String])
        /// A provisioning rule file names a bucket twice.
        case duplicateBucket(String)
        /// A provisioning rate is not a number from 0 to 1.
        case badRate(String)
        /// A precision-factor file's row is not `poverty_line,alpha`.
        case badAlphaRow
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

    public var code: String {
        switch kind {
        case .emptyInput: return "csv.empty_input"
        case .wrongFieldCount: return "csv.wrong_field_count"
        case .fieldTooLong, .quotedFieldTooLong: return "csv.field_too_long"
        case .rowTooLong: return "csv.row_too_long"
        case .unexpectedQuote: return "csv.unexpected_quote"
        case .unterminatedQuote: return "csv.unterminated_quote"
        case .notANumber: return "csv.not_a_number"
        case .numberOutOfRange: return "csv.number_out_of_range"
        case .notAnInteger: return "csv.not_an_integer"
        case .implausibleInteger: return "csv.implausible_integer"
        case .invalidUTF8: return "csv.invalid_utf8"
        case .duplicateColumn: return "csv.duplicate_column"
        case .notText: return "csv.not_text"
        case .headerMismatch: return "csv.header_mismatch"
        case .missingColumns: return "csv.missing_columns"
        case .unrecognizedTable: return "csv.unrecognized_table"
        case .inputTooLarge: return "csv.input_too_large"
        case .badMappingRow: return "csv.bad_mapping_row"
        case .unknownField: return "csv.unknown_field"
        case .badProvisioningRow: return "csv.bad_provisioning_row"
        case .badAlphaRow: return "csv.bad_alpha_row"
        case .unknownBucket: return "csv.unknown_bucket"
        case .duplicateBucket: return "csv.duplicate_bucket"
        case .badRate: return "csv.bad_rate"
        }
    }

    public var message: String { problem }

    public var location: ErrorLocation {
        ErrorLocation(
            file: file ?? "<input>", line: line, column: column, columnName: columnName, byteOffset: byteOffset)
    }

    public var cause: (any Error)? { nil }

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
        case .quotedFieldTooLong(let limit):
            return "\(field)quoted field longer than \(limit) bytes: is its closing quote missing? "
                + "(raise the limit with --max-field-bytes)"
        case .notText(let content):
            return content
        case .headerMismatch(let firstFile, let difference):
            return
                "header differs from the first input's (\(firstFile)): \(difference); several inputs must share one header"
        case .missingColumns(let names, let what):
            return "\(what) needs " + names.map { "'\($0)'" }.joined(separator: " and ")
                + (names.count == 1 ? " column" : " columns")
        case .unrecognizedTable:
            return "expected a World Bank download (year columns) or a table of country, year and value columns"
        case .inputTooLarge(let limit):
            return "larger than \(limit >> 20) MiB: not a table of this kind"
        case .badMappingRow:
            return "a column mapping has two columns: header,field"
        case .unknownField(let name):
            return "unknown field '\(name)' (use a key such as glp or a MIX field name)"
        case .badProvisioningRow:
            return "a provisioning rule file has two columns: bucket,rate"
        case .badAlphaRow:
            return "an alpha file has two columns: poverty_line,alpha"
        case .unknownBucket(let name, let known):
            return "unknown bucket '\(name)': the buckets are " + known.joined(separator: ", ")
        case .duplicateBucket(let name):
            return "bucket '\(name)' is given twice: which rate applies is ambiguous"
        case .badRate(let text):
            return "expected a rate from 0 to 1 (0.5 = half the bucket held in reserve), found '\(text)'"
        }
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
