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
        var writer = CellTableWriter(columnNames: columnNames, format: format, sink: sink)
        for row in summary.rows {
            let statistics = row.statistics
            try writer.append(
                row.group.map { $0.map(TableCell.text) ?? .missing } + [
                    .text(row.indicator.id), .integer(statistics.count),
                ]
                    + [statistics.median, statistics.p25, statistics.p75, statistics.mean, statistics.weighted].map {
                        $0.map(TableCell.number) ?? .missing
                    })
        }
        try writer.finish()
    }
}
