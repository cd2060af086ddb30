import Dispatch
import MicroPanelColumns
import MicroPanelSupport

/// Computes every indicator for every institution-year of a panel.
///
/// Rows are split into fixed chunks processed with `DispatchQueue.concurrentPerform`; each
/// panel row is computed from its own and its prior year's inputs alone and written to its own
/// cells, so the result is the same bytes for any thread count. Nothing is allocated per row.
public struct IndicatorKernel: Sendable {
    /// Panel rows per chunk of work.
    static let chunkRows = 4096

    private let inputs: IndicatorInputs
    /// The panel the kernel computes, in output order.
    public let panel: InstitutionPanel
    /// How missing prior years and implausible inputs are treated.
    public let options: FormulaOptions

    /// A kernel over `table` in the order of `panel`, with the country-year `series` joined onto
    /// its rows. The plausibility rules are evaluated on every row now, on up to `threads` threads.
    public init(
        table: Table, panel: InstitutionPanel, series: ReferenceSeriesColumns = ReferenceSeriesColumns(),
        options: FormulaOptions = FormulaOptions(), threads: Int = 1
    ) {
        inputs = IndicatorInputs(table: table, series: series, threads: threads)
        self.panel = panel
        self.options = options
    }

    /// Panel rows the kernel computes.
    public var rowCount: Int { panel.count }

    /// Computes panel row `panelRow`'s indicators into `scratch`.
    @inline(__always)
    package func computeRow(_ panelRow: Int, into scratch: RowScratch) {
        RowFormulas.compute(
            inputs: inputs, row: Int(panel.rows[panelRow]), prior: Int(panel.priorRows[panelRow]),
            options: options, into: scratch)
    }

    /// What panel row `panelRow` is computed from: its table row, its prior year's table row
    /// (−1: none), and its GNI per capita, inflation, market rate and currency flag (to check
    /// results computed ahead of the panel).
    package func inputsOfRow(_ panelRow: Int) -> (
        row: Int, prior: Int, gni: Double, inflation: Double, marketRate: Double, notUSD: UInt8
    ) {
        let row = Int(panel.rows[panelRow])
        return (
            row, Int(panel.priorRows[panelRow]), inputs.gniPerCapita[row], inputs.inflationPercent[row],
            inputs.marketRatePercent[row], inputs.notUSD[row]
        )
    }

    /// Per table row, the fields a plausibility rule does not believe there (bits of ``InputField``).
    package func suspectFields(ofTableRow row: Int) -> UInt64 { inputs.suspects[row] }

    /// Computes all indicators on `threads` threads (at least 1).
    public func compute(threads: Int = 1) -> IndicatorResults {
        let (values, statuses) = run(threads: threads) { matrices, rowCount, row in
            ValueSink(values: matrices.0, statuses: matrices.1, rowCount: rowCount, row: row)
        } allocate: { cells in
            (GrowableBuffer<Double>(uninitializedCount: cells), GrowableBuffer<UInt8>(uninitializedCount: cells))
        }
        return IndicatorResults(rowCount: panel.count, values: values, statuses: statuses)
    }

    /// Computes, for every ratio indicator, the numerator and denominator of each row whose
    /// ratio has a value: the parts of portfolio-weighted ratios.
    public func computeComponents(threads: Int = 1) -> IndicatorComponents {
        let (numerators, denominators) = run(threads: threads) { matrices, rowCount, row in
            ComponentSink(numerators: matrices.0, denominators: matrices.1, rowCount: rowCount, row: row)
        } allocate: { cells in
            (GrowableBuffer<Double>(uninitializedCount: cells), GrowableBuffer<Double>(uninitializedCount: cells))
        }
        return IndicatorComponents(rowCount: panel.count, numerators: numerators, denominators: denominators)
    }

    /// Runs the formulas over every panel row, in fixed chunks spread over `threads` workers.
    /// Every formula writes every cell of its row, so the matrices need no initial fill (their
    /// pages are first touched by the workers, in parallel).
    private func run<A: BitwiseCopyable, B: BitwiseCopyable, Sink: IndicatorSink>(
        threads: Int,
        sink: @escaping @Sendable ((UnsafeMutablePointer<A>, UnsafeMutablePointer<B>), Int, Int) -> Sink,
        allocate: (Int) -> (GrowableBuffer<A>, GrowableBuffer<B>)
    ) -> (GrowableBuffer<A>, GrowableBuffer<B>) {
        let rowCount = panel.count
        let matrices = allocate(Indicator.allCases.count * rowCount)
        let work = KernelWork(
            inputs: inputs, panelRows: panel.rows, priorRows: panel.priorRows, rowCount: rowCount,
            options: options, first: matrices.0.base, second: matrices.1.base, makeSink: sink)
        let chunks = (rowCount + Self.chunkRows - 1) / Self.chunkRows
        let workers = max(1, min(threads, chunks))
        if workers == 1 {
            for chunk in 0..<chunks { work.compute(chunk: chunk) }
        } else {
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                for chunk in stride(from: worker, to: chunks, by: workers) { work.compute(chunk: chunk) }
            }
        }
        return matrices
    }
}

/// What every worker reads and where it writes. `@unchecked Sendable` because workers write
/// through the raw pointers only the cells of their own chunks' rows: the slices are disjoint.
private struct KernelWork<A, B, Sink: IndicatorSink>: @unchecked Sendable {
    let inputs: IndicatorInputs
    let panelRows: [Int32]
    let priorRows: [Int32]
    let rowCount: Int
    let options: FormulaOptions
    let first: UnsafeMutablePointer<A>
    let second: UnsafeMutablePointer<B>
    let makeSink: ((UnsafeMutablePointer<A>, UnsafeMutablePointer<B>), Int, Int) -> Sink

    func compute(chunk: Int) {
        let start = chunk * IndicatorKernel.chunkRows
        let end = min(start + IndicatorKernel.chunkRows, rowCount)
        panelRows.withUnsafeBufferPointer { rows in
            priorRows.withUnsafeBufferPointer { priors in
                for panelRow in start..<end {
                    RowFormulas.compute(
                        inputs: inputs, row: Int(rows[panelRow]), prior: Int(priors[panelRow]),
                        options: options, into: makeSink((first, second), rowCount, panelRow))
                }
            }
        }
    }
}

/// The period averages several families share.
struct PeriodAverages {
    let glp: Term, assets: Term, equity: Term
}

/// Every formula of one institution-year, family by family.
package enum RowFormulas {
    /// Computes table row `row` (its fiscal year t−1 at table row `prior`, or −1) into `output`.
    @inline(__always)
    package static func computeRow(
        inputs: IndicatorInputs, row: Int, prior: Int, options: FormulaOptions,
        into output: RowScratch
    ) {
        compute(inputs: inputs, row: row, prior: prior, options: options, into: output)
    }

    @inline(__always)
    static func compute<Sink: IndicatorSink>(
        inputs: IndicatorInputs, row: Int, prior: Int, options: FormulaOptions,
        into output: Sink
    ) {
        if inputs.notUSD[row] == NotUSDFlags.withoutExchangeRate {
            computeChecked(
                inputs: inputs, row: row, prior: prior, options: options, into: UnconvertedAmountsSink(base: output))
        } else {
            computeChecked(inputs: inputs, row: row, prior: prior, options: options, into: output)
        }
    }

    /// Computes a row with or without tracking the plausibility rules' suspects (most rows have none).
    @inline(__always)
    static func computeChecked<Sink: IndicatorSink>(
        inputs: IndicatorInputs, row: Int, prior: Int, options: FormulaOptions,
        into output: Sink
    ) {
        let suspect = inputs.suspects[row]
        let atPrior = inputs.suspects[max(prior, 0)]
        let priorSuspect = prior >= 0 ? atPrior : 0
        if suspect | priorSuspect == 0 {
            compute(
                RowContext<IgnoreSuspects>(
                    inputs: inputs, row: row, prior: prior, options: options, suspect: 0,
                    priorSuspect: 0), into: output)
        } else {
            compute(
                RowContext<TrackSuspects>(
                    inputs: inputs, row: row, prior: prior, options: options,
                    suspect: suspect, priorSuspect: priorSuspect), into: output)
        }
    }

    @inline(__always)
    static func compute<Tracking, Sink: IndicatorSink>(_ context: RowContext<Tracking>, into output: Sink) {
        let averages = PeriodAverages(
            glp: context.average(.glp, explicit: .avgGLP), assets: context.average(.assets, explicit: .avgAssets),
            equity: context.average(.equity, explicit: .avgEquity))
        let operatingExpense = context.operatingExpense
        context.computeOutreach(into: output)
        context.computePortfolioQuality(averageGLP: averages.glp, into: output)
        context.computeProfitability(averages: averages, operatingExpense: operatingExpense, into: output)
        context.computeEfficiency(averageGLP: averages.glp, operatingExpense: operatingExpense, into: output)
        context.computeFinancialManagement(averageGLP: averages.glp, into: output)
        context.computeAdjustments(averages: averages, operatingExpense: operatingExpense, into: output)
        context.computeClientOutreach(into: output)
    }
}
