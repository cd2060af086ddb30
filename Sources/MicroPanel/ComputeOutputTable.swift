import MicroPanelColumns
import MicroPanelIndicators
import MicroPanelOutput

/// MicroPanel's own output read back as input (for `summarize`): recognised by its header
/// (`mfi_id`, `fiscal_year`, indicator ids, `flags`).
public enum ComputeOutputTable {
    /// A plan for `header` if it is a compute output's, else nil.
    public static func plan(for header: [String]) -> ColumnPlan? {
        guard header.first == "mfi_id", header.count >= 3, header[1] == "fiscal_year", header.last == "flags",
            header.contains(where: { Indicator(id: $0) != nil })
        else { return nil }
        var kinds: [String: ColumnKind] = ["mfi_id": .text, "fiscal_year": .integer, "depth_tier": .text]
        for key in IndicatorTableWriter.descriptorKeys { kinds[key] = .text }
        for indicator in Indicator.allCases where indicator != .depthTier { kinds[indicator.id] = .number }
        return ColumnPlan(header: header, columns: kinds)
    }

    /// Whether `table` was loaded with a compute output's plan.
    public static func isComputeOutput(_ table: Table) -> Bool {
        table.plan.headerNames.last == "flags" && table.integer("fiscal_year") != nil && table.text("mfi_id") != nil
            && table.plan.materialized.contains { Indicator(id: $0.header) != nil }
    }
}

extension PeerGroupSummary {
    /// Summarizes a compute output read back: values as written, no weighting (the numerators
    /// and denominators are not in the file).
    public init(computeOutput table: Table, by fieldNames: [String], indicators: [Indicator]) throws {
        let rows = Array(0..<table.rowCount)
        let fields: [GroupField] = try fieldNames.map { name in
            guard let field = GroupField(table: table, name: name, rows: rows) else {
                let available = table.plan.materialized.filter { $0.field.kind != .number }.map(\.header)
                if Self.groupFields.contains(name) {
                    throw UsageError(
                        "cannot group by '\(name)': the file has no \(name) column (it has: "
                            + available.joined(separator: ", ") + ")")
                }
                throw UsageError.unknown("field", name, known: available)
            }
            return field
        }
        let missing = Float64Column([Double](repeating: .nan, count: max(table.rowCount, 1)))
        self.init(
            rowCount: table.rowCount, fields: fields,
            indicators: indicators.filter { table.number($0.id) != nil },
            values: { (table.number($0.id) ?? missing).values }, weights: nil)
    }
}
