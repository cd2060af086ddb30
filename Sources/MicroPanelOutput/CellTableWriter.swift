/// One value of a small table (a peer-group summary, poverty estimates).
public enum TableCell: Sendable, Equatable {
    case text(String)
    case integer(Int)
    /// Written in its shortest exact form; NaN and infinities are written as missing.
    case number(Double)
    case missing
}

/// Writes a small table row by row as CSV, TSV (a header row, empty cells for missing) or JSON
/// lines (one object per row, `null` for missing); rows are buffered and written a megabyte at a time.
public struct CellTableWriter {
    private let names: [String]
    private let format: OutputFormat
    private let sink: any ByteSink
    private let delimiter: UInt8
    private var buffer: [UInt8] = []

    /// A writer of tables whose columns are `columnNames`, to `sink` in `format`; the header
    /// row (CSV, TSV) is buffered at once.
    public init(columnNames: [String], format: OutputFormat, sink: any ByteSink) {
        names = columnNames
        self.format = format
        self.sink = sink
        delimiter = format == .tsv ? 0x09 : 0x2C
        if format != .jsonl {
            buffer += columnNames.map { Array($0.utf8) }.joined(separator: [delimiter])
            buffer.append(0x0A)
        }
    }

    /// Appends one row: a cell per column.
    public mutating func append(_ cells: [TableCell]) throws {
        precondition(cells.count == names.count, "a row needs a cell per column")
        if format == .jsonl { buffer.append(0x7B) }
        for (index, cell) in cells.enumerated() {
            if format == .jsonl {
                if index > 0 { buffer.append(0x2C) }
                buffer += TextEncoding.jsonString(names[index])
                buffer.append(0x3A)
            } else if index > 0 {
                buffer.append(delimiter)
            }
            switch cell {
            case .text(let value):
                buffer +=
                    format == .jsonl
                    ? TextEncoding.jsonString(value) : TextEncoding.delimitedField(value, delimiter: delimiter)
            case .integer(let value):
                buffer += Array(String(value).utf8)
            case .number(let value) where value.isFinite:
                ShortestDouble.append(value, to: &buffer)
            case .number, .missing:
                if format == .jsonl { buffer += Array("null".utf8) }
            }
        }
        if format == .jsonl { buffer.append(0x7D) }
        buffer.append(0x0A)
        if buffer.count >= 1 << 20 { try flush() }
    }

    /// Writes what is buffered.
    public mutating func finish() throws { try flush() }

    private mutating func flush() throws {
        try buffer.withUnsafeBytes { try sink.write($0) }
        buffer.removeAll(keepingCapacity: true)
    }
}
