import MicroPanel
import MicroPanelTestSupport

/// Computes every indicator of a panel given as CSV text.
func compute(_ csv: String, options: PanelOptions = PanelOptions(), gni: [Double?]? = nil,
             inflation: [Double?]? = nil, threads: Int = 1) throws -> (table: Table, panel: InstitutionPanel, results: IndicatorResults) {
    let table = try buildTable(csv)
    let panel = try InstitutionPanel(table: table, options: options)
    let gniColumn = gni.map { Float64Column($0.map { $0 ?? .nan }) }
    let inflationColumn = inflation.map { Float64Column($0.map { $0 ?? .nan }) }
    let results = IndicatorKernel(table: table, panel: panel, gniPerCapita: gniColumn, inflationPercent: inflationColumn,
                                  averaging: options.averaging).compute(threads: threads)
    return (table, panel, results)
}

extension IndicatorResults {
    /// The value, or nil when missing.
    func optional(_ indicator: Indicator, row: Int) -> Double? {
        let value = value(indicator, row: row)
        return value.isNaN ? nil : value
    }

    /// The missing reason's name, or nil.
    func reason(_ indicator: Indicator, row: Int) -> String? {
        status(indicator, row: row).missingReason?.name
    }
}

/// `value` rounded to `decimals` places.
func rounded(_ value: Double?, _ decimals: Int) -> Double? {
    guard let value else { return nil }
    var scale = 1.0
    for _ in 0..<decimals { scale *= 10 }
    return (value * scale).rounded() / scale
}
