import MicroPanelColumns
import MicroPanelIndicators

#if canImport(Glibc)
    import Glibc
#endif

/// Everything a computation needs besides the input files.
public struct ComputeOptions: Sendable {
    /// How the panel files are read.
    public var load: LoadOptions
    /// Duplicates, interim rows and the averaging policy.
    public var panel: PanelOptions
    /// Threads for the kernel.
    public var threads: Int
    /// An institution-descriptor file joined on MFI ID (`--institutions`).
    public var institutionsFile: String?
    /// A GNI per capita table replacing the bundled one (`--gni`).
    public var gniFile: String?
    /// An inflation table in percent, for `yield_real` (`--inflation`).
    public var inflationFile: String?

    /// The defaults: bundled GNI, no inflation, strict averages, one thread per core.
    public init(
        load: LoadOptions = LoadOptions(), panel: PanelOptions = PanelOptions(), threads: Int = 0,
        institutionsFile: String? = nil, gniFile: String? = nil, inflationFile: String? = nil
    ) {
        self.load = load
        self.panel = panel
        self.threads = threads
        self.institutionsFile = institutionsFile
        self.gniFile = gniFile
        self.inflationFile = inflationFile
    }
}

/// What a computation found and did, for reports and manifests.
public struct ComputeReport: Sendable {
    /// The load.
    public var load: LoadReport
    /// The descriptor join, when a file was given.
    public var descriptors: DescriptorJoinReport?
    /// GNI per capita coverage and the table's vintage.
    public var gni: ReferenceCoverage
    /// Inflation coverage, when a table was given.
    public var inflation: ReferenceCoverage?
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
    /// Seconds spent in the kernel.
    public var computeSeconds: Double
}

/// A panel ready to compute: the joined table, its institution × year view, and the kernel
/// over them (with GNI and inflation per row).
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
}

/// The reference data a computation joins: GNI per capita (bundled or a user's table), country
/// names, inflation, institution descriptors. Read before the panel, so loading can use it.
public struct ReferenceData: Sendable {
    /// GNI per capita.
    public var gni: CountryYearTable
    /// Country names to ISO3 codes, with the names of the tables given.
    public var names: CountryNames
    /// Inflation in percent, when given.
    public var inflation: CountryYearTable?
    /// Institution descriptors, when given.
    public var institutions: InstitutionDescriptors?

    /// The reference data `options` names.
    public init(options: ComputeOptions) throws {
        gni = try options.gniFile.map(CountryYearTable.init(contentsOf:)) ?? .bundledGNI
        names = .standard
        if options.gniFile != nil { names.add(gni) }
        inflation = try options.inflationFile.map(CountryYearTable.init(contentsOf:))
        if let inflation { names.add(inflation) }
        institutions = try options.institutionsFile.map {
            try InstitutionDescriptors(contentsOf: $0, options: options.load)
        }
    }
}

/// Loads panel files and computes every indicator: load → descriptors → GNI and inflation →
/// panel → kernel.
public struct IndicatorPipeline: Sendable {
    /// The options.
    public var options: ComputeOptions

    /// A pipeline with `options`.
    public init(options: ComputeOptions = ComputeOptions()) {
        self.options = options
    }

    /// Loads `paths` (one panel) and computes.
    public func run(paths: [String]) throws -> ComputedPanel {
        try run(paths.map(PanelInput.file))
    }

    /// Loads `inputs` (one panel) and computes.
    public func run(_ inputs: [PanelInput]) throws -> ComputedPanel {
        try compute(PanelLoader(options: panelLoadOptions).load(inputs))
    }

    /// Loads `inputs` (one panel) and prepares it.
    public func prepare(_ inputs: [PanelInput], references: ReferenceData? = nil) throws -> PreparedPanel {
        let references = try references ?? ReferenceData(options: options)
        return try prepare(PanelLoader(options: panelLoadOptions).load(inputs), references: references)
    }

    /// The load options, requiring a panel's fields: a file with no amount or count is an error.
    private var panelLoadOptions: LoadOptions {
        var load = options.load
        load.requiresInputFields = true
        return load
    }

    /// Computes every indicator of an already loaded panel into result matrices.
    public func compute(_ loaded: LoadedPanel) throws -> ComputedPanel {
        var prepared = try prepare(loaded)
        let clock = ContinuousClock()
        let started = clock.now
        let threads = options.threads > 0 ? options.threads : ProcessorCount.active
        let results = prepared.kernel.compute(threads: threads)
        prepared.report.computeSeconds = (clock.now - started).seconds
        return ComputedPanel(prepared: prepared, results: results)
    }

    /// Joins reference data and builds the panel and its kernel, computing nothing yet.
    public func prepare(_ loaded: LoadedPanel, references: ReferenceData? = nil) throws -> PreparedPanel {
        let clock = ContinuousClock()
        let started = clock.now
        let references = try references ?? ReferenceData(options: options)
        var table = loaded.table
        var descriptorReport: DescriptorJoinReport?
        if let institutions = references.institutions {
            do {
                (table, descriptorReport) = try institutions.join(onto: table)
            } catch let error as PanelError {
                throw loaded.report.locate(error)
            }
        }
        let gniTable = references.gni
        let names = references.names
        if let iso3 = CountryYearJoin.iso3Column(for: table, names: names) {
            var columns = table.columns
            columns["iso3"] = .text(iso3)
            table = Table(rowCount: table.rowCount, columns: columns, plan: table.plan)
        }
        let (gni, gniCoverage) = CountryYearJoin.values(for: table, reference: gniTable, names: names)
        var inflation: Float64Column?
        var inflationCoverage: ReferenceCoverage?
        if let inflationTable = references.inflation {
            let joined = CountryYearJoin.values(for: table, reference: inflationTable, names: names)
            inflation = joined.0
            inflationCoverage = joined.1
            inflationCoverage?.unresolvedCountries += inflationTable.unresolvedCountries
        }
        let panel: InstitutionPanel
        do {
            panel = try InstitutionPanel(table: table, options: options.panel)
        } catch {
            throw loaded.report.locate(error)
        }
        let kernel = IndicatorKernel(
            table: table, panel: panel, gniPerCapita: gni, inflationPercent: inflation,
            options: options.panel.formulas,
            threads: options.threads > 0 ? options.threads : ProcessorCount.active)
        let prepared = clock.now
        let report = ComputeReport(
            load: loaded.report, descriptors: descriptorReport, gni: gniCoverage, inflation: inflationCoverage,
            panelRows: panel.count, institutions: panel.institutionCount,
            excludedInterimRows: panel.excludedInterimRows,
            rowsWithoutKeys: panel.rowsWithoutKeys, droppedDuplicateRows: panel.droppedDuplicateRows,
            implausibleRows: panel.rows.count { kernel.suspectFields(ofTableRow: Int($0)) != 0 },
            prepareSeconds: (prepared - started).seconds, computeSeconds: 0)
        return PreparedPanel(table: table, kernel: kernel, report: report)
    }
}

/// The number of processors available to this process.
public enum ProcessorCount {
    /// Active processors (at least 1).
    public static var active: Int {
        #if canImport(Glibc)
            return max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
        #else
            return 1
        #endif
    }
}
