import MicroPanelColumns
import MicroPanelIndicators

/// The reference data a computation joins: the country-year series (GNI per capita, inflation,
/// the market rate: bundled or a user's tables), country names, institution descriptors, the
/// column mapping. Read before the panel, so that rows can be computed while it loads.
package struct ReferenceData: Sendable {
    /// GNI per capita.
    package var gni: CountryYearTable
    /// Country names to ISO3 codes, with the names of the tables given.
    package var names: CountryNames
    /// Inflation in percent.
    package var inflation: CountryYearTable
    /// The market interest rate in percent.
    package var marketRate: CountryYearTable
    /// Institution descriptors, when given.
    package var institutions: InstitutionDescriptors?
    /// Other headers for spec fields, when given.
    package var mapping: ColumnMapping?

    /// Reads the files `source` names.
    package init(source: PanelSource) throws {
        let files = source.references
        gni = try files.gni.map(CountryYearTable.init(contentsOf:)) ?? .bundledGNI
        names = .standard
        if files.gni != nil { names.add(gni) }
        inflation = try files.inflation.map(CountryYearTable.init(contentsOf:)) ?? .bundledInflation
        if files.inflation != nil { names.add(inflation) }
        marketRate = try CountryYearTable.marketRate(files.marketRate)
        if case .file = files.marketRate { names.add(marketRate) }
        mapping = try files.columns.map(ColumnMapping.init(contentsOf:))
        var reading = source.reading
        if let mapping { reading.mapping = mapping }
        institutions = try files.institutions.map {
            try InstitutionDescriptors(contentsOf: $0, options: reading, threads: source.threads)
        }
    }
}

/// Loads a panel and readies it for the kernel: load → descriptors → GNI and inflation →
/// institution × year panel → kernel. The stages every pipeline shares.
struct PanelPreparation {
    let source: PanelSource

    /// How the panel's files are read: with the mapping, requiring amount or count fields.
    func loadOptions(_ references: ReferenceData) -> LoadOptions {
        var options = source.reading
        if let mapping = references.mapping { options.mapping = mapping }
        options.requiresInputFields = true
        return options
    }

    /// Loads the panel.
    func load(_ references: ReferenceData, options: LoadOptions? = nil) throws -> LoadedPanel {
        try PanelLoader(options: options ?? loadOptions(references), threads: source.threads).load(source.inputs)
    }

    /// The series of `reference` on every row of `table`, with its coverage.
    private func join(_ reference: CountryYearTable, onto table: Table, rule: CountryRule) -> (
        Float64Column, ReferenceCoverage
    ) {
        var (column, coverage) = CountryYearJoin.values(for: table, reference: reference, rule: rule)
        coverage.unresolvedCountries = Array(Set(coverage.unresolvedCountries + reference.unresolvedCountries)).sorted()
        return (column, coverage)
    }

    /// Joins reference data and builds the panel and its kernel, computing nothing yet.
    func prepare(_ loaded: LoadedPanel, references: ReferenceData) throws -> PreparedPanel {
        let clock = ContinuousClock()
        let started = clock.now
        var table = loaded.table
        var descriptorReport: DescriptorJoinReport?
        if let institutions = references.institutions {
            do {
                (table, descriptorReport) = try institutions.join(onto: table)
            } catch let error as PanelError {
                throw loaded.report.locate(error)
            }
        }
        let countries = CountryRule(names: references.names)
        if let iso3 = CountryYearJoin.iso3Column(for: table, rule: countries) {
            var columns = table.columns
            columns["iso3"] = .text(iso3)
            table = Table(rowCount: table.rowCount, columns: columns, plan: table.plan)
        }
        let (gni, gniCoverage) = join(references.gni, onto: table, rule: countries)
        let (inflation, inflationCoverage) = join(references.inflation, onto: table, rule: countries)
        let (marketRate, marketRateCoverage) = join(references.marketRate, onto: table, rule: countries)
        let panel: InstitutionPanel
        do {
            panel = try InstitutionPanel(table: table, options: source.panel)
        } catch {
            throw loaded.report.locate(error)
        }
        let kernel = IndicatorKernel(
            table: table, panel: panel,
            series: ReferenceSeriesColumns(
                gniPerCapita: gni, inflationPercent: inflation, marketRatePercent: marketRate),
            options: source.panel.formulas, threads: source.threads.count)
        let report = ComputeReport(
            load: loaded.report, descriptors: descriptorReport, gni: gniCoverage, inflation: inflationCoverage,
            marketRate: marketRateCoverage,
            panelRows: panel.count, institutions: panel.institutionCount,
            excludedInterimRows: panel.excludedInterimRows,
            rowsWithoutKeys: panel.rowsWithoutKeys, droppedDuplicateRows: panel.droppedDuplicateRows,
            implausibleRows: panel.rows.count { kernel.suspectFields(ofTableRow: Int($0)) != 0 },
            prepareSeconds: (clock.now - started).seconds, computeSeconds: 0)
        return PreparedPanel(table: table, kernel: kernel, report: report)
    }

    /// `--currency ppp`: per panel row, the bundled official exchange rate over the PPP factor of
    /// its country and year (LCU per US$ / LCU per international $), NaN where either is missing
    /// or the row's amounts are not in US$; and how many rows have one.
    func pppConversion(_ prepared: PreparedPanel, references: ReferenceData) -> (CurrencyConversion, matched: Int) {
        let rule = CountryRule(names: references.names)
        let (exchange, _) = join(.bundledExchangeRate, onto: prepared.table, rule: rule)
        let (ppp, _) = join(.bundledPPPFactor, onto: prepared.table, rule: rule)
        let currency = prepared.table.text("currency")
        let factors = prepared.panel.rows.map { tableRow -> Double in
            let row = Int(tableRow)
            if let code = currency?[row], !CurrencyRule.isUSD(code) { return .nan }
            let factor = exchange.values[row] / ppp.values[row]
            return factor.isFinite && factor > 0 ? factor : .nan
        }
        return (CurrencyConversion(factors: factors), factors.count { !$0.isNaN })
    }

    /// Computes every indicator of a loaded panel into result matrices.
    func compute(_ loaded: LoadedPanel, references: ReferenceData) throws -> ComputedPanel {
        var prepared = try prepare(loaded, references: references)
        let clock = ContinuousClock()
        let started = clock.now
        let results = prepared.kernel.compute(threads: source.threads.count)
        prepared.report.computeSeconds = (clock.now - started).seconds
        return ComputedPanel(prepared: prepared, results: results)
    }
}
