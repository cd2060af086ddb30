import Dispatch
import MicroPanelColumns
import MicroPanelCSV

/// Computes every indicator for every institution-year of a panel.
///
/// Rows are split into fixed chunks processed with `DispatchQueue.concurrentPerform`; each
/// panel row is computed from its own and its prior year's inputs alone and written to its own
/// cells, so the result is the same bytes for any thread count. Nothing is allocated per row.
public struct IndicatorKernel: Sendable {
    /// Panel rows per chunk of work.
    static let chunkRows = 4096

    private let inputs: IndicatorInputs
    private let panel: InstitutionPanel
    private let averaging: AveragingPolicy

    /// A kernel over `table` in the order of `panel`. `gniPerCapita` and `inflationPercent` hold
    /// one value per table row (NaN where unknown); nil when there is no such table.
    public init(table: Table, panel: InstitutionPanel, gniPerCapita: Float64Column? = nil,
                inflationPercent: Float64Column? = nil, averaging: AveragingPolicy = .strict) {
        inputs = IndicatorInputs(table: table, gniPerCapita: gniPerCapita, inflationPercent: inflationPercent)
        self.panel = panel
        self.averaging = averaging
    }

    /// Computes all indicators on `threads` threads (at least 1).
    public func compute(threads: Int = 1) -> IndicatorResults {
        let rowCount = panel.count
        let cells = Indicator.allCases.count * rowCount
        let values = GrowableBuffer<Double>(capacity: max(cells, 1))
        let statuses = GrowableBuffer<UInt8>(capacity: max(cells, 1))
        values.count = cells
        statuses.count = cells
        let work = KernelWork(inputs: inputs, panelRows: panel.rows, priorRows: panel.priorRows,
                              values: values.base, statuses: statuses.base, rowCount: rowCount, averaging: averaging)
        let chunks = (rowCount + Self.chunkRows - 1) / Self.chunkRows
        let workers = max(1, min(threads, chunks))
        if workers == 1 {
            for chunk in 0..<chunks { work.compute(chunk: chunk) }
        } else {
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                for chunk in stride(from: worker, to: chunks, by: workers) { work.compute(chunk: chunk) }
            }
        }
        return IndicatorResults(rowCount: rowCount, values: values, statuses: statuses)
    }
}

/// What every worker reads and where it writes. `@unchecked Sendable` because workers write
/// through the raw pointers only the cells of their own chunks' rows: the slices are disjoint.
private struct KernelWork: @unchecked Sendable {
    let inputs: IndicatorInputs
    let panelRows: [Int32]
    let priorRows: [Int32]
    let values: UnsafeMutablePointer<Double>
    let statuses: UnsafeMutablePointer<UInt8>
    let rowCount: Int
    let averaging: AveragingPolicy

    func compute(chunk: Int) {
        let start = chunk * IndicatorKernel.chunkRows
        let end = min(start + IndicatorKernel.chunkRows, rowCount)
        panelRows.withUnsafeBufferPointer { rows in
            priorRows.withUnsafeBufferPointer { priors in
                for panelRow in start..<end {
                    let context = RowContext(inputs: inputs, row: Int(rows[panelRow]), prior: Int(priors[panelRow]),
                                             averaging: averaging)
                    let output = IndicatorOutput(values: values, statuses: statuses, rowCount: rowCount, row: panelRow)
                    let averageGLP = context.average(inputs.glp, explicit: inputs.avgGLP)
                    let operatingExpense = context.operatingExpense
                    context.computeOutreach(into: output)
                    context.computePortfolioQuality(averageGLP: averageGLP, into: output)
                    context.computeProfitability(averageGLP: averageGLP, operatingExpense: operatingExpense, into: output)
                    context.computeEfficiency(averageGLP: averageGLP, operatingExpense: operatingExpense, into: output)
                    context.computeFinancialManagement(averageGLP: averageGLP, into: output)
                }
            }
        }
    }
}
