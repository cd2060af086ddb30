import MicroPanelColumns
import MicroPanelIndicators
import MicroPanelSupport

/// What a computation found and did, for notes and manifests.
public struct ComputeReport: Sendable {
    /// The load.
    public var load: LoadReport
    /// The descriptor join, when a file was given.
    public var descriptors: DescriptorJoinReport?
    /// GNI per capita coverage and the table's vintage.
    public var gni: ReferenceCoverage
    /// Inflation coverage and the table's vintage.
    public var inflation: ReferenceCoverage
    /// Market interest rate coverage and the table's vintage.
    public var marketRate: ReferenceCoverage
    /// `--to-usd`: the rows converted from local currency, and those without a rate.
    var usdConversion: LocalCurrencyConversion?
    /// Panel rows (institution-years) computed.
    public var panelRows: Int
    /// Institutions in the panel.
    public var institutions: Int
    /// Interim rows left out.
    public var excludedInterimRows: Int
    /// Rows without an id or a year, left out.
    public var rowsWithoutKeys: Int
    /// Duplicate institution-years dropped (keep-last).
    public var droppedDuplicateRows: Int
    /// Institution-years with an input a plausibility rule does not believe.
    public var implausibleRows: Int
    /// Seconds spent joining reference data and building the panel.
    public var prepareSeconds: Double
    /// Seconds spent in the kernel (computing into matrices; a written table computes as it writes).
    public var computeSeconds: Double
}

/// A panel ready to compute: the joined table, its institution × year view, and the kernel
/// over them (with the country-year series per row).
public struct PreparedPanel: Sendable {
    /// The loaded table with descriptors joined.
    public var table: Table
    /// Rows in output order, with prior years.
    public var panel: InstitutionPanel { kernel.panel }
    /// The kernel: computes any row, or all of them.
    public var kernel: IndicatorKernel
    /// Counts, coverage and times (no kernel time yet).
    public var report: ComputeReport
    /// How the kernel treats missing prior years and implausible inputs.
    public var formulas: FormulaOptions { kernel.options }
}

/// A computed panel: a prepared panel and every indicator for every row.
public struct ComputedPanel: Sendable {
    /// The panel and its kernel.
    public var prepared: PreparedPanel
    /// Every indicator for every panel row.
    public var results: IndicatorResults
    /// The loaded table with descriptors joined.
    public var table: Table { prepared.table }
    /// Rows in output order, with prior years.
    public var panel: InstitutionPanel { prepared.panel }
    /// Counts, coverage and times.
    public var report: ComputeReport { prepared.report }
    /// How the results treat missing prior years and implausible inputs.
    public var formulas: FormulaOptions { prepared.formulas }

    /// The institution (its MFI ID, or name in a panel without IDs) and fiscal year of panel row `row`.
    public func institutionYear(ofRow row: Int) -> (institution: String, fiscalYear: Int) {
        let tableRow = Int(panel.rows[row])
        let institution = table.text(panel.institutionKey)?[tableRow] ?? ""
        return (institution, Int(table.integer("fiscal_year")?.value(at: tableRow) ?? 0))
    }
}

/// What `compute` or `summarize` did: the report of the computation (none when a `compute`
/// output was summarized as written), the notes a user should read, and where the time went.
public struct RunSummary: Sendable {
    /// Counts, coverage and times of the computation.
    public var report: ComputeReport?
    /// What was left out, approximated or not matched, in sentences (the command prints them on
    /// standard error unless `--quiet`).
    public var notes: [String]
    /// Times and throughput.
    public var timing: RunTiming
    /// Rows whose indicators were computed and formatted while the panel loaded.
    public var rowsFormattedWhileLoading: Int
}

/// Where a run's time went, and how fast.
public struct RunTiming: Sendable {
    /// Loading: reading, inflating, scanning, building columns (with rows formatted meanwhile).
    public var loadSeconds: Double
    /// Joining reference data and ordering the panel.
    public var prepareSeconds: Double
    /// Computing the remaining rows and writing (the two overlap).
    public var writeSeconds: Double
    /// The whole run.
    public var totalSeconds: Double
    /// Bytes of CSV text read, and rows.
    public var textBytes: Int64, rows: Int
    /// Institution-years written.
    public var panelRows: Int
    /// Bytes of the output file, when it is a file.
    public var outputBytes: Int64?

    /// One line a user can act on: `load 0.51 s (1,125 MB/s of text, …); join and order …`.
    public var line: String {
        func rate(_ amount: Double, _ seconds: Double) -> String {
            grouped(Int64((amount / max(seconds, 1e-9)).rounded()))
        }
        var line =
            "timing: load \(fixed(loadSeconds, 3)) s (\(rate(Double(textBytes) / 1e6, loadSeconds)) MB/s of text, "
            + "\(rate(Double(rows), loadSeconds)) rows/s); join and order \(fixed(prepareSeconds, 3)) s; "
            + "compute and write \(fixed(writeSeconds, 3)) s"
        if let outputBytes { line += " (\(rate(Double(outputBytes) / 1e6, writeSeconds)) MB/s written)" }
        line += "; total \(fixed(totalSeconds, 3)) s, \(rate(Double(panelRows), totalSeconds)) institution-years/s"
        return line
    }
}
