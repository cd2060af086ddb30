import MicroPanelIndicators

/// The market interest rate of the adjustments (`--market-rate`): a bundled WDI series, or a file.
public enum MarketRateSource: Sendable, Equatable {
    /// The WDI lending interest rate, FR.INR.LEND (the default: a commercial borrower pays a
    /// lender's rate).
    case lending
    /// The WDI deposit interest rate, FR.INR.DPST.
    case deposit
    /// A table in percent (World Bank download or `country,year,value`).
    case file(String)

    /// `lending`, `deposit` (any case), else a file path.
    public init(argument: String) {
        switch argument.lowercased() {
        case "lending": self = .lending
        case "deposit": self = .deposit
        default: self = .file(argument)
        }
    }

    /// A value that is neither `lending`, `deposit` nor an existing file is a usage error
    /// suggesting the nearest name (`landing`: did you mean `lending`?).
    func check() throws(UsageError) {
        if case .file(let path) = self {
            try UsageError.checkNameOrFile(option: "--market-rate", path, names: ["lending", "deposit"])
        }
    }

    /// The name a manifest records: `lending`, `deposit` or the path.
    public var name: String {
        switch self {
        case .lending: return "lending"
        case .deposit: return "deposit"
        case .file(let path): return path
        }
    }
}

/// The files a computation reads besides the panel itself.
public struct ReferenceFiles: Sendable, Equatable {
    /// Institution descriptors joined on MFI ID (`--institutions`, e.g. MIX's MFICompanyMetaData.csv).
    public var institutions: String?
    /// GNI per capita replacing the bundled World Bank table (`--gni`).
    public var gni: String?
    /// Inflation in percent replacing the bundled World Bank CPI series (`--inflation`).
    public var inflation: String?
    /// The market interest rate (`--market-rate`).
    public var marketRate: MarketRateSource
    /// A `header,field` mapping naming other headers for spec fields (`--columns`).
    public var columns: String?

    /// The files named; none by default (the bundled GNI, inflation and lending-rate tables, no
    /// descriptors).
    public init(
        institutions: String? = nil, gni: String? = nil, inflation: String? = nil,
        marketRate: MarketRateSource = .lending, columns: String? = nil
    ) {
        self.institutions = institutions
        self.gni = gni
        self.inflation = inflation
        self.marketRate = marketRate
        self.columns = columns
    }

    /// Their paths.
    public var paths: [String] {
        var market: String?
        if case .file(let path) = marketRate { market = path }
        return [institutions, gni, inflation, market, columns].compactMap { $0 }
    }
}

/// What a computation reads and how: the panel's inputs (one panel), how they are read, how their
/// rows become the institution × year panel, the reference data, and the threads every stage uses.
public struct PanelSource: Sendable {
    /// The panel's files or bytes; several inputs are one panel and share one header.
    public var inputs: [PanelInput]
    /// Delimiter, limits, bad rows and numbers, progress.
    public var reading: LoadOptions
    /// Duplicates, interim rows, averaging, implausible inputs.
    public var panel: PanelOptions
    /// Descriptors, GNI, inflation, column mapping.
    public var references: ReferenceFiles
    /// Threads for every stage: inflating, the kernel, formatting, compressing.
    public var threads: Threads
    /// The institution-years kept in outputs, figures and statistics (after the computation).
    public var filter = RowFilter()
    /// `--to-usd`: convert the amounts of rows whose `Currency` is not USD to US$ with the bundled
    /// official exchange rate (see ``LocalCurrencyConversion``).
    public var amountsToUSD = false

    /// A source; by default the bundled MIX sample, read as it is, on one thread per processor.
    public init(
        inputs: [PanelInput] = [.bundledSample], reading: LoadOptions = LoadOptions(),
        panel: PanelOptions = PanelOptions(),
        references: ReferenceFiles = ReferenceFiles(), threads: Threads = Threads()
    ) {
        self.inputs = inputs
        self.reading = reading
        self.panel = panel
        self.references = references
        self.threads = threads
    }

    /// The source of the files at `paths` (`-` is standard input), everything else as given.
    public init(
        paths: [String], reading: LoadOptions = LoadOptions(), panel: PanelOptions = PanelOptions(),
        references: ReferenceFiles = ReferenceFiles(), threads: Threads = Threads()
    ) {
        self.init(
            inputs: paths.map(PanelInput.file), reading: reading, panel: panel, references: references, threads: threads
        )
    }

    /// Every path it reads: the inputs that are files, the reference files, a provisioning rule file.
    public var readPaths: [String] {
        inputs.compactMap { if case .file(let path) = $0 { path } else { nil } } + references.paths
            + [panel.adjustments.provisioning.file].compactMap { $0 }
    }
}
