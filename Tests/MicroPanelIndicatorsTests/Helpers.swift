import MicroPanel
import MicroPanelColumns
import MicroPanelTestSupport

/// Computes every indicator of a panel given as CSV text.
func compute(
    _ csv: String, options: PanelOptions = PanelOptions(), gni: [Double?]? = nil,
    inflation: [Double?]? = nil, marketRate: [Double?]? = nil, threads: Int = 1
) throws -> (table: Table, panel: InstitutionPanel, results: IndicatorResults) {
    let (table, kernel) = try kernel(
        csv, options: options, gni: gni, inflation: inflation, marketRate: marketRate)
    return (table, kernel.panel, kernel.compute(threads: threads))
}

/// The kernel over a panel given as CSV text, with per-row series (percent for the rates).
func kernel(
    _ csv: String, options: PanelOptions = PanelOptions(), gni: [Double?]? = nil,
    inflation: [Double?]? = nil, marketRate: [Double?]? = nil
) throws -> (table: Table, kernel: IndicatorKernel) {
    let table = try buildTable(csv)
    let panel = try InstitutionPanel(table: table, options: options)
    func column(_ values: [Double?]?) -> Float64Column? { values.map { Float64Column($0.map { $0 ?? .nan }) } }
    let series = ReferenceSeriesColumns(
        gniPerCapita: column(gni), inflationPercent: column(inflation), marketRatePercent: column(marketRate))
    return (table, IndicatorKernel(table: table, panel: panel, series: series, options: options.formulas))
}
