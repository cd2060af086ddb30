import MicroPanel
import MicroPanelColumns
import MicroPanelTestSupport

/// Computes every indicator of a panel given as CSV text.
func compute(
    _ csv: String, options: PanelOptions = PanelOptions(), gni: [Double?]? = nil,
    inflation: [Double?]? = nil, threads: Int = 1
) throws -> (table: Table, panel: InstitutionPanel, results: IndicatorResults) {
    let table = try buildTable(csv)
    let panel = try InstitutionPanel(table: table, options: options)
    let gniColumn = gni.map { Float64Column($0.map { $0 ?? .nan }) }
    let inflationColumn = inflation.map { Float64Column($0.map { $0 ?? .nan }) }
    let results = IndicatorKernel(
        table: table, panel: panel, gniPerCapita: gniColumn, inflationPercent: inflationColumn,
        options: options.formulas
    ).compute(threads: threads)
    return (table, panel, results)
}
