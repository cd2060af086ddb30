import MicroPanelIndicators

/// Writes a peer-group summary: long, the grouping fields, `indicator`, `n`, `median`, `p25`,
/// `p75`, `mean`, `weighted` — one row per group and indicator; or wide, one row per group with
/// the columns `<indicator>_<statistic>`.
public struct SummaryTableWriter {
    let summary: PeerGroupSummary
    let format: OutputFormat
    let wide: Bool

    /// A writer of `summary` in `format`, long or `wide`.
    public init(summary: PeerGroupSummary, format: OutputFormat, wide: Bool = false) {
        self.summary = summary
        self.format = format
        self.wide = wide
    }

    /// The statistics, in column order.
    static let statistics = ["n", "median", "p25", "p75", "mean", "weighted"]

    /// The indicators summarized, in order.
    private var indicators: [Indicator] {
        var seen: [Indicator] = []
        for row in summary.rows where !seen.contains(row.indicator) { seen.append(row.indicator) }
        return seen
    }

    /// The column names, in order.
    public var columnNames: [String] {
        wide
            ? summary.fields + indicators.flatMap { indicator in Self.statistics.map { "\(indicator.id)_\($0)" } }
            : summary.fields + ["indicator"] + Self.statistics
    }

    private func cells(_ statistics: SummaryStatistics) -> [TableCell] {
        [.integer(statistics.count)]
            + [statistics.median, statistics.p25, statistics.p75, statistics.mean, statistics.weighted].map {
                $0.map(TableCell.number) ?? .missing
            }
    }

    /// The table's rows, as cells.
    public var cells: [[TableCell]] {
        if wide {
            // Rows come group by group, each group's indicators in order.
            let perGroup = max(indicators.count, 1)
            return stride(from: 0, to: summary.rows.count, by: perGroup).map { start in
                let group = summary.rows[start..<min(start + perGroup, summary.rows.count)]
                return group.first!.group.map { $0.map(TableCell.text) ?? .missing }
                    + group.flatMap { cells($0.statistics) }
            }
        }
        return summary.rows.map { row in
            row.group.map { $0.map(TableCell.text) ?? .missing } + [.text(row.indicator.id)] + cells(row.statistics)
        }
    }

    /// Writes the table to `sink`.
    public func write(to sink: ByteSink) throws {
        var writer = CellTableWriter(columnNames: columnNames, format: format, sink: sink)
        for row in cells { try writer.append(row) }
        try writer.finish()
    }
}
