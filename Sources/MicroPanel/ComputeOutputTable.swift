import MicroPanelColumns
import MicroPanelIndicators
import MicroPanelOutput

/// A table of indicators read as input (by `summarize`, `plot` and `report`): MicroPanel's own
/// `compute` output, or any CSV with `mfi_id`, `fiscal_year` and indicator columns named by
/// their ids (a published table such as the bundled MicroRate-29 sample). Recognised by its
/// header; values are taken as written.
public enum ComputeOutputTable {
    /// A plan for `header` if it is a table of indicators, else nil (a raw panel, computed first).
    /// A header with amount or count fields that are not indicators (`glp`, `assets`) is a raw
    /// panel even when it also has indicator columns.
    public static func plan(for header: [String]) -> ColumnPlan? {
        guard header.contains("mfi_id"), header.contains("fiscal_year"),
            header.contains(where: { Indicator(id: $0) != nil })
        else { return nil }
        let rawInputs = header.filter { name in
            Indicator(id: name) == nil
                && FieldCatalog.field(named: name).map { $0.role == .input } == true
        }
        guard rawInputs.isEmpty else { return nil }
        var kinds: [String: ColumnKind] = ["mfi_id": .text, "fiscal_year": .integer, "depth_tier": .text]
        for key in IndicatorTableWriter.descriptorKeys { kinds[key] = .text }
        for indicator in Indicator.allCases where indicator != .depthTier { kinds[indicator.id] = .number }
        return ColumnPlan(header: header, columns: kinds)
    }

    /// Whether `table` was loaded with a table-of-indicators plan (its header is one).
    public static func isComputeOutput(_ table: Table) -> Bool {
        plan(for: table.plan.headerNames) != nil
    }
}
