import ArgumentParser
import Foundation
import MicroPanel

extension DuplicatePolicy: ExpressibleByArgument {}
extension AveragingPolicy: ExpressibleByArgument {}
extension ImplausiblePolicy: ExpressibleByArgument {}
extension ProvisionPolicy: ExpressibleByArgument {}
extension InflationBasis: ExpressibleByArgument {}

/// `on` or `off`.
enum Switch: String, ExpressibleByArgument, CaseIterable {
    case on, off
}

/// Panel options: duplicates, interim rows, averaging, implausible inputs, the adjustments.
struct PanelOptionGroup: ParsableArguments {
    @Option(help: "Duplicate institution-years: error, or keep-last (the later row is kept, the others counted).")
    var duplicates: DuplicatePolicy = .error

    @Flag(help: "Keep MIX interim rows (Period Type other than ANN) as observations.")
    var includeInterim = false

    @Option(
        help:
            "Period averages without a prior year: strict (missing, no_prior_year) or closing (closing value, flagged avg_fallback)."
    )
    var average: AveragingPolicy = .strict

    @Option(
        help:
            "Values computed from inputs a plausibility rule flags (see micropanel explain --rules): block (missing, implausible_input) or keep (kept, flagged implausible_input)."
    )
    var implausible: ImplausiblePolicy = .block

    @Option(
        help: ArgumentHelp(
            "Provisioning rule set of the adjusted indicators: mbb (0.5 × par90_180 + 1 × par180_amount + 0.5 × renegotiated), mbb-2003 (without renegotiated loans), or a file of bucket,rate rows.",
            valueName: "mbb|mbb-2003|file"))
    var provisioning = "mbb"

    @Option(help: "top-up: provision the required reserve beyond the reported one; expense-all: all of it.")
    var provisionPolicy: ProvisionPolicy = .topUp

    @Option(help: "on: loans more than a year late (par365_amount) are written off before provisioning; off: not.")
    var writeOffRule: Switch = .on

    @Option(
        help:
            "Equity and fixed assets the inflation adjustment erodes: average (period averages) or opening (prior year-end)."
    )
    var inflationBasis: InflationBasis = .average

    @Flag(
        help:
            "Convert the amounts of rows whose Currency is not USD to US$ with the bundled official exchange rate of the country and year (WDI PA.NUS.FCRF; missing no_exchange_rate without one)."
    )
    var toUSD = false

    /// The options, with the provisioning rule set read (a file may fail to).
    func panelOptions() throws -> PanelOptions {
        PanelOptions(
            duplicates: duplicates, includeInterim: includeInterim, averaging: average, implausible: implausible,
            adjustments: AdjustmentOptions(
                provisioning: try ProvisioningRules(named: provisioning), provisionPolicy: provisionPolicy,
                writeOffRule: writeOffRule == .on, inflationBasis: inflationBasis))
    }
}

/// Reference data: institution descriptors, GNI, inflation, the market rate; and threads.
struct ReferenceOptionGroup: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "A file of institution descriptors joined on MFI ID (e.g. MIX's MFICompanyMetaData.csv).", valueName: "file"
        ))
    var institutions: String?

    @Option(
        help: ArgumentHelp(
            "GNI per capita (World Bank download or country,year,value) replacing the bundled WDI 2024 table.",
            valueName: "file"))
    var gni: String?

    @Option(
        help: ArgumentHelp(
            "Inflation in percent (World Bank download or country,year,value) replacing the bundled WDI CPI series (2026-01-28), for yield_real and the inflation adjustment.",
            valueName: "file"))
    var inflation: String?

    @Option(
        help: ArgumentHelp(
            "Market interest rate of the adjustments: lending (bundled WDI lending rate), deposit (bundled WDI deposit rate), or a file in percent (World Bank download or country,year,value).",
            valueName: "lending|deposit|file"))
    var marketRate = "lending"

    @Option(
        help: "Threads for every stage: inflating BGZF, the kernel, formatting, compressing (default: one per core).")
    var threads: Int = 0

    func validate() throws {
        guard threads >= 0 else { throw ValidationError("--threads must be 0 (one per core) or more") }
    }
}

/// How chatty a run is on standard error.
struct VerbosityOptions: ParsableArguments {
    @Flag(name: .shortAndLong, help: "Print nothing but errors on standard error.")
    var quiet = false

    @Flag(name: .shortAndLong, help: "Also print a timing summary (load, compute, write; MB/s; rows/s).")
    var verbose = false

    func validate() throws {
        if quiet && verbose { throw ValidationError("--quiet and --verbose exclude each other") }
    }

    /// Prints an informational line on standard error unless `--quiet`.
    func note(_ message: String) {
        if !quiet { printError(message) }
    }
}

/// Parses `--indicators` (ids separated by commas, any case) against the registry.
func parseIndicators(_ list: String?, allowed: [Indicator] = Indicator.allCases) throws -> [Indicator] {
    guard let list else { return allowed }
    var chosen: [Indicator] = []
    for id in list.split(separator: ",").map({ String($0).trimmingSpaces() }) where !id.isEmpty {
        let indicator = try resolveIndicator(id, allowed: allowed)
        if !chosen.contains(indicator) { chosen.append(indicator) }
    }
    guard !chosen.isEmpty else { throw ValidationError("--indicators names no indicator") }
    return chosen
}

/// The indicator `id` names (any case), or a usage error suggesting the nearest known id.
func resolveIndicator(_ id: String, allowed: [Indicator] = Indicator.allCases) throws -> Indicator {
    if let indicator = Indicator(named: id), allowed.contains(indicator) { return indicator }
    if let indicator = Indicator(named: id) {
        throw ValidationError(
            "indicator '\(indicator.id)' cannot be used here (a category): choose among "
                + allowed.map(\.id).joined(separator: ", "))
    }
    throw ValidationError(
        UsageError.unknown("indicator", id, known: allowed.map(\.id), seeAlso: "micropanel explain").message)
}

extension String {
    func trimmingSpaces() -> String {
        var text = Substring(self)
        while text.first == " " { text.removeFirst() }
        while text.last == " " { text.removeLast() }
        return String(text)
    }
}

/// The panel the options name: the files given, or the bundled MIX sample; read as the loader
/// options say, with the reference files and threads of the others.
func panelSource(
    _ paths: [String], loader: LoaderOptions, panel: PanelOptionGroup, reference: ReferenceOptionGroup,
    filters: FilterOptions? = nil, progress: ProgressLine
) throws -> PanelSource {
    var reading = loader.readingOptions
    reading.progress = progress.callback
    var source = PanelSource(
        inputs: paths.isEmpty ? [.bundledSample] : paths.map(PanelInput.file), reading: reading,
        panel: try panel.panelOptions(),
        references: ReferenceFiles(
            institutions: reference.institutions, gni: reference.gni, inflation: reference.inflation,
            marketRate: MarketRateSource(argument: reference.marketRate), columns: loader.columnMapping),
        threads: Threads(reference.threads))
    source.filter = try filters?.rowFilter() ?? RowFilter()
    source.amountsToUSD = panel.toUSD
    return source
}

/// Which institution-years a command keeps: `--years`, `--filter`.
struct FilterOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Only these fiscal years: FIRST-LAST or one year.", valueName: "years"))
    var years: String?

    @Option(
        help: ArgumentHelp(
            "Only institution-years whose FIELD (a descriptor, fiscal_year, depth_tier, scale, age) is one of the values; repeatable.",
            valueName: "field=v1,v2"))
    var filter: [String] = []

    @Option(
        help: ArgumentHelp(
            "Only institutions with at least N institution-years after the other filters.", valueName: "n"))
    var minYears: Int?

    @Flag(help: "Only institutions present in every fiscal year of --years (a balanced panel).")
    var balanced = false

    func validate() throws {
        if let minYears, minYears < 1 { throw ValidationError("--min-years must be 1 or more") }
        if balanced && years == nil {
            throw ValidationError("--balanced needs --years: the years every institution must have")
        }
        _ = try rowFilter()
    }

    /// The filter the options describe.
    func rowFilter() throws -> RowFilter {
        do throws(UsageError) {
            return RowFilter(
                years: try years.map(RowFilter.years), fields: try filter.map(RowFilter.field), minimumYears: minYears,
                balanced: balanced)
        } catch {
            throw ValidationError(error.message)
        }
    }
}

/// The input of `plot` and `report`: files, or a bundled sample, read and filtered as the other
/// commands read theirs.
struct FigureInputOptions: ParsableArguments {
    /// A bundled input.
    enum Sample: String, ExpressibleByArgument, CaseIterable {
        case mix, microrate29
    }

    @Argument(help: "A panel, a compute output or a table of indicators (.csv or .csv.gz). None: a bundled sample.")
    var inputs: [String] = []

    @Option(
        help:
            "The bundled input when none is given: mix (the MIX sample) or microrate29 (the MicroRate-29 table of 2001)."
    )
    var sample: Sample = .mix

    @OptionGroup var filters: FilterOptions
    @OptionGroup var loader: LoaderOptions
    @OptionGroup var panel: PanelOptionGroup
    @OptionGroup var reference: ReferenceOptionGroup

    func validate() throws {
        if !inputs.isEmpty && sample != .mix {
            throw ValidationError("--sample names a bundled input: give it or INPUT, not both")
        }
    }

    /// The source these options describe.
    func source(progress: ProgressLine) throws -> PanelSource {
        var source = try panelSource(
            inputs, loader: loader, panel: panel, reference: reference, filters: filters, progress: progress)
        if inputs.isEmpty && sample == .microrate29 { source.inputs = [.microRate29] }
        return source
    }
}

/// The amount indicators' unit: `--currency`, `--constant-dollars`.
struct AmountUnitOptions: ParsableArguments {
    /// The unit of the amount indicators.
    enum Currency: String, ExpressibleByArgument, CaseIterable {
        case usd, ppp
    }

    @Option(
        help:
            "Amount indicators (avg_loan_balance, cost_per_borrower, cost_per_loan, the adjustments) in usd, or in ppp: international dollars (× LCU per US$ / LCU per international $, WDI; missing no_ppp without both)."
    )
    var currency: Currency = .usd

    @Option(
        help: ArgumentHelp(
            "Amount indicators in dollars of this year: deflated with the US consumer price index built from the inflation table (missing no_inflation without it).",
            valueName: "year"))
    var constantDollars: Int?

    var unit: AmountUnit { AmountUnit(purchasingPowerParity: currency == .ppp, constantDollars: constantDollars) }
}

/// Where a command's table goes: `-o FILE` (format by extension) and `--format` for standard output.
struct TableOutputOptions: ParsableArguments {
    @Option(
        name: .shortAndLong,
        help: ArgumentHelp("Output file, format by extension; '-' for standard output.", valueName: "output"))
    var output: String = "-"

    @Option(help: "Output format when writing to standard output: csv, tsv or jsonl.")
    var format: OutputFormat?

    /// The output these options name (BGZF and Parquet row groups as asked).
    func output(gzipBlocks: Bool = false, rowGroupRows: Int? = nil) throws -> TableOutput {
        try TableOutput(path: output, format: format, gzipBlocks: gzipBlocks, rowGroupRows: rowGroupRows)
    }

    /// A tally's destination: the panel table, or with `partial` a partial result at `-o` as named.
    func destination(partial: Bool) throws -> PortfolioDestination {
        guard partial else { return .panel(try output()) }
        guard format == nil else { throw ValidationError("--format: a partial result has one format of its own") }
        guard output != "-" || isatty(STDOUT_FILENO) == 0 else {
            throw ValidationError("a partial result is binary: write it to a file with -o FILE (or pipe it)")
        }
        return .partial(output)
    }
}
