import ArgumentParser
import MicroPanel

extension BadRowPolicy: ExpressibleByArgument {}
extension BadNumberPolicy: ExpressibleByArgument {}

/// Options shared by every command that reads a panel.
struct LoaderOptions: ParsableArguments {
    @Option(
        name: .customLong("columns"),
        help: ArgumentHelp(
            "A two-column CSV (header,field) naming other headers for spec fields.", valueName: "mapping-file"))
    var columnMapping: String?

    @Option(help: "Rows with the wrong number of fields: error or skip (skipped rows are counted).")
    var onBadRow: BadRowPolicy = .error

    @Option(help: "Non-numeric text in a numeric field: error or missing (read as missing, counted).")
    var onBadNumber: BadNumberPolicy = .error

    @Flag(help: "Numbers are written 1.234,56 (comma decimal mark, dot thousands separator).")
    var decimalComma = false

    @Option(help: "The field delimiter: ',', ';' or 'tab' (default: detected from the header line).")
    var delimiter: String?

    @Option(help: ArgumentHelp("The sheet of an .xlsx input to read (default: the first).", valueName: "name"))
    var sheet: String?

    @Option(help: "The longest field accepted, in bytes.")
    var maxFieldBytes: Int = 1 << 20

    @Option(help: "The longest row accepted, in bytes.")
    var maxRowBytes: Int = 64 << 20

    func validate() throws {
        if let delimiter, delimiterByte(delimiter) == nil {
            throw ValidationError("--delimiter must be ',', ';' or 'tab', not '\(delimiter)'")
        }
        guard maxFieldBytes > 0 else { throw ValidationError("--max-field-bytes must be positive") }
        guard maxRowBytes > 0 && maxRowBytes < 1 << 30 else {
            throw ValidationError("--max-row-bytes must be positive and below 1 GiB")
        }
    }

    /// How these flags read a file (the mapping file not yet read).
    var readingOptions: LoadOptions {
        var options = LoadOptions()
        // No field is longer than its row: a lower row limit lowers the field limit with it.
        options.csv = CSVOptions(
            delimiter: delimiter.flatMap(delimiterByte), badRows: onBadRow,
            maxFieldBytes: min(maxFieldBytes, maxRowBytes), maxRowBytes: maxRowBytes)
        options.values = ValueOptions(decimalComma: decimalComma, badNumbers: onBadNumber)
        options.sheet = sheet
        return options
    }

    /// The loader options these flags describe, with the mapping file read.
    func loadOptions() throws -> LoadOptions {
        var options = readingOptions
        if let columnMapping {
            options.mapping = try ColumnMapping(contentsOf: columnMapping)
        }
        return options
    }

    private func delimiterByte(_ text: String) -> UInt8? {
        switch text {
        case ",": return UInt8(ascii: ",")
        case ";": return UInt8(ascii: ";")
        case "tab", "\t", "\\t": return UInt8(ascii: "\t")
        default: return nil
        }
    }
}
