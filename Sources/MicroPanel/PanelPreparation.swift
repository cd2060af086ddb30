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
        mapping = try files.columns.map { try ColumnMapping(contentsOf: $0) }
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
        var usdConversion: LocalCurrencyConversion?
        if source.amountsToUSD {
            let rates = join(.bundledExchangeRate, onto: table, rule: countries).0
            (table, usdConversion) = LocalCurrencyConversion.convert(table, rates: rates)
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
                gniPerCapita: gni, inflationPercent: inflation, marketRatePercent: marketRate,
                convertedToUSD: source.amountsToUSD),
            options: source.panel.formulas, threads: source.threads.count)
        let report = ComputeReport(
            load: loaded.report, descriptors: descriptorReport, gni: gniCoverage, inflation: inflationCoverage,
            marketRate: marketRateCoverage, usdConversion: usdConversion,
            panelRows: panel.count, institutions: panel.institutionCount,
            excludedInterimRows: panel.excludedInterimRows,
            rowsWithoutKeys: panel.rowsWithoutKeys, droppedDuplicateRows: panel.droppedDuplicateRows,
            implausibleRows: panel.rows.count { kernel.suspectFields(ofTableRow: Int($0)) != 0 },
            prepareSeconds: (clock.now - started).seconds, computeSeconds: 0)
        return PreparedPanel(table: table, kernel: kernel, report: report)
    }

    /// The amounts' conversion of `--currency ppp` and `--constant-dollars YEAR`, per panel row:
    /// the bundled official exchange rate over the PPP factor of the row's country and year (LCU
    /// per US$ / LCU per international $; none for a row whose amounts are not in US$), times the
    /// US consumer price index of YEAR over that of the row's year (built from the inflation
    /// series, US = USA); and how many rows have a factor.
    func conversion(
        _ prepared: PreparedPanel, references: ReferenceData, unit: AmountUnit
    ) throws -> (CurrencyConversion, matched: Int) {
        let ppp = unit.purchasingPowerParity
        let constantDollars = unit.constantDollars
        let rule = CountryRule(names: references.names)
        var pppColumn: (exchange: Float64Column, factor: Float64Column)?
        if ppp {
            pppColumn = (
                join(.bundledExchangeRate, onto: prepared.table, rule: rule).0,
                join(.bundledPPPFactor, onto: prepared.table, rule: rule).0
            )
        }
        let priceLevel = try constantDollars.map { base in try USPriceLevel(inflation: references.inflation, base: base)
        }
        let currency = prepared.table.text("currency")
        let years = prepared.table.integer("fiscal_year")!
        var factors: [Double] = []
        var reasons: [MissingReason?] = []
        for tableRow in prepared.panel.rows {
            let row = Int(tableRow)
            var factor = 1.0
            var reason: MissingReason?
            if let pppColumn {
                let value = pppColumn.exchange.values[row] / pppColumn.factor.values[row]
                if let code = currency?[row], !CurrencyRule.isUSD(code) {
                    // Still not in US$ after --to-usd: no exchange rate for the row.
                    reason = source.amountsToUSD ? .noExchangeRate : .currencyNotUSD
                } else if value.isFinite && value > 0 {
                    factor *= value
                } else {
                    reason = .noPPP
                }
            }
            if let priceLevel, reason == nil {
                if let deflator = years.value(at: row).flatMap({ priceLevel.deflator(year: Int($0)) }) {
                    factor *= deflator
                } else {
                    reason = .noInflation
                }
            }
            factors.append(reason == nil ? factor : .nan)
            reasons.append(reason)
        }
        return (CurrencyConversion(factors: factors, reasons: reasons), factors.count { !$0.isNaN })
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

/// The US consumer price level relative to a base year, from an inflation table's USA series:
/// the deflator of year t is P(base) / P(t), P chained from the annual inflation rates.
struct USPriceLevel {
    let base: Int
    private let levels: [Int: Double]

    /// A usage error when the table has no US inflation for the base year.
    init(inflation: CountryYearTable, base: Int) throws(UsageError) {
        var levels: [Int: Double] = [base: 1]
        var level = 1.0
        var year = base
        while let rate = inflation.value(iso3: "USA", year: year + 1) {
            level *= 1 + rate / 100
            year += 1
            levels[year] = level
        }
        level = 1
        year = base
        while let rate = inflation.value(iso3: "USA", year: year) {
            level /= 1 + rate / 100
            year -= 1
            levels[year] = level
        }
        guard levels.count > 1 else {
            throw UsageError("--constant-dollars \(base): the inflation table has no US inflation around \(base)")
        }
        self.base = base
        self.levels = levels
    }

    /// P(base) / P(year): what a dollar of `year` is worth in dollars of the base year.
    func deflator(year: Int) -> Double? { levels[year].map { 1 / $0 } }
}
