import MicroPanelIndicators

/// Writes a peer-group summary: the grouping fields, `indicator`, `n`, `median`, `p25`,
/// `p75`, `mean`, `weighted` — one row per group and indicator.
public struct SummaryTableWriter {
    let summary: PeerGroupSummary
    let format: OutputFormat

    /// A writer of `summary` in `format`.
    public init(summary: PeerGroupSummary, format: OutputFormat) {
        self.summary = summary
        self.format = format
    }

    /// The column names, in order.
    public var columnNames: [String] {
        summary.fields + ["indicator", "n", "median", "p25", "p75", "mean", "weighted"]
    }

    /// Writes the table to `sink`.
    public func write(to sink: ByteSink) throws {
        let delimiter: UInt8 = format == .tsv ? 0x09 : 0x2C
        let names = columnNames
        var buffer: [UInt8] = []
        if format != .jsonl {
            buffer += names.map { Array($0.utf8) }.joined(separator: [delimiter])
            buffer.append(0x0A)
        }
        for row in summary.rows {
            var cells: [[UInt8]?] = row.group.map { value in
                value.map {
                    format == .jsonl
                        ? TextEncoding.jsonString($0) : TextEncoding.delimitedField($0, delimiter: delimiter)
                }
            }
            cells.append(format == .jsonl ? TextEncoding.jsonString(row.indicator.id) : Array(row.indicator.id.utf8))
            cells.append(Array(String(row.statistics.count).utf8))
            for value in [
                row.statistics.median, row.statistics.p25, row.statistics.p75, row.statistics.mean,
                row.statistics.weighted,
            ] {
                cells.append(
                    value.map { number in
                        var text: [UInt8] = []
                        ShortestDouble.append(number, to: &text)
                        return text
                    })
            }
            if format == .jsonl {
                buffer.append(0x7B)
                for (index, cell) in cells.enumerated() {
                    if index > 0 { buffer.append(0x2C) }
                    buffer += TextEncoding.jsonString(names[index])
                    buffer.append(0x3A)
                    buffer += cell ?? Array("null".utf8)
                }
                buffer.append(0x7D)
            } else {
                buffer += cells.map { $0 ?? [] }.joined(separator: [delimiter])
            }
            buffer.append(0x0A)
            if buffer.count >= 1 << 20 {
                try buffer.withUnsafeBytes { try sink.write($0) }
                buffer.removeAll(keepingCapacity: true)
            }
        }
        try buffer.withUnsafeBytes { try sink.write($0) }
    }
}
