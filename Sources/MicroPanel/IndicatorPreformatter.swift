import Dispatch
import MicroPanelColumns
import MicroPanelIndicators
import MicroPanelOutput
import MicroPanelSupport

/// Computes and formats the indicator part of each row while the panel is still loading, on
/// the loading thread's spare time, so that writing after the load mostly copies text.
///
/// The panel's order and prior years are only known once every row is read; until then each row
/// is computed assuming its prior year is the previous input row when that row is the same
/// institution's year t−1 (true of files grouped by institution, as MIX's are), with the
/// country-year series and currency looked up the way the final join does. ``validate(against:)`` then
/// keeps a row's text only where every assumption matches the final panel; the writer recomputes
/// the others. The output is the same bytes either way.
///
/// `@unchecked Sendable`: used by the loading thread, then read once loading is over.
final class IndicatorPreformatter: @unchecked Sendable {
    /// The formatted fragments, valid once validated.
    let fragments: PreformattedIndicators

    private let text: IndicatorText
    private let formulas: FormulaOptions
    private let references: ReferenceData
    private let countries: CountryRule
    private let scratch = RowScratch.allocate()
    private let flags: FlagsCache

    // What each row was computed with, to check against the final panel.
    private let assumedPrior = GrowableBuffer<Int32>(capacity: 1 << 16)
    private let gni = GrowableBuffer<Double>(capacity: 1 << 16)
    private let inflation = GrowableBuffer<Double>(capacity: 1 << 16)
    private let marketRate = GrowableBuffer<Double>(capacity: 1 << 16)
    private let notUSD = GrowableBuffer<UInt8>(capacity: 1 << 16)
    private let suspects = GrowableBuffer<UInt64>(capacity: 1 << 16)
    /// NaN for columns the file lacks, as long as the rows read.
    private let missing = GrowableBuffer<Double>(capacity: 1 << 16)

    // Per distinct text value: its row in each series' table (−1: none), its currency flag.
    private var isoRows: [Resolution] = []
    private var countryRows: [Resolution] = []
    /// Per institution (id code): what the descriptor join will fill its empty cells with.
    private var institutionCells: [(iso3: Resolution?, country: Resolution?, notUSD: UInt8?)] = []
    private var currencyFlags: [UInt8] = []
    private typealias Resolution = (gni: Int, inflation: Int, marketRate: Int, resolved: Bool)

    // Rows of an institution scattered through the file make the assumption fail: stop then.
    private var lastRowOfInstitution: [Int32] = []
    private var scatteredRows = 0
    private var stopped = false

    /// A formatter of `indicators` in `format`, with `formulas` and `references` as the
    /// computation will use them.
    init(indicators: [Indicator], format: OutputFormat, formulas: FormulaOptions, references: ReferenceData) {
        text = IndicatorText(indicators: indicators, format: format)
        flags = FlagsCache(indicators: indicators.count)
        fragments = PreformattedIndicators(indicators: indicators.count)
        self.formulas = formulas
        self.references = references
        countries = CountryRule(names: references.names)
    }

    deinit { scratch.deallocate() }

    /// Computes and formats the rows `builder` has received since the last call when the loading
    /// thread has `spareTime`; otherwise those rows are left to the writer's threads after the load.
    func consume(_ builder: TableBuilder, spareTime: Bool) {
        let rows = builder.appendedRowCount
        let first = fragments.rowCount
        guard rows > first else { return }
        if stopped || !spareTime {
            fragments.skip(rows - first)
            return
        }
        let idKey = builder.textCodes("mfi_id") != nil ? "mfi_id" : "mfi_name"
        guard let ids = builder.textCodes(idKey), let years = builder.integerValues("fiscal_year") else {
            stopped = true
            return
        }
        for buffer in [gni, inflation, marketRate, missing] { buffer.reserve(rows) }
        notUSD.reserve(rows)
        suspects.reserve(rows)
        assumedPrior.reserve(rows)
        for row in assumedPrior.count..<first { assumedPrior.base[row] = -2 } // skipped rows
        lookUpReferences(builder, idKey: idKey, ids: ids, rows: gni.count..<rows)
        for row in missing.count..<rows { missing.base[row] = .nan }
        missing.count = rows

        let inputs = IndicatorInputs(
            column: builder.numberValues, missing: UnsafePointer(missing.base),
            gniPerCapita: UnsafePointer(gni.base), inflationPercent: UnsafePointer(inflation.base),
            marketRatePercent: UnsafePointer(marketRate.base), notUSD: UnsafePointer(notUSD.base),
            suspects: suspects.base, keepAlive: [])
        inputs.markSuspects(rows: suspects.count..<rows)
        suspects.count = rows
        for row in first..<rows {
            let code = ids[row]
            var prior = -1
            if row > 0, code != TextColumn.missing, ids[row - 1] == code,
                InstitutionPanel.isPriorYear(years[row - 1], of: years[row])
            {
                prior = row - 1
            }
            noteContiguity(code: code, row: row)
            assumedPrior.base[row] = Int32(prior)
            RowFormulas.computeRow(inputs: inputs, row: row, prior: prior, options: formulas, into: scratch)
            _ = text.tail(scratch, flags: flags)
            fragments.add(bound: text.rowBound, flags: flags) { text.appendValues(scratch, to: &$0) }
        }
        assumedPrior.count = rows
        if rows > 20_000 && scatteredRows * 10 > rows { stopped = true }
    }

    /// Counts rows whose institution appeared before, but not just before.
    private func noteContiguity(code: UInt32, row: Int) {
        guard code != TextColumn.missing else { return }
        let index = Int(code)
        while lastRowOfInstitution.count <= index { lastRowOfInstitution.append(-1) }
        let last = lastRowOfInstitution[index]
        if last >= 0 && last != Int32(row - 1) { scatteredRows += 1 }
        lastRowOfInstitution[index] = Int32(row)
    }

    /// The series and the currency flag of `rows` (and of rows skipped before them), resolved per distinct value as
    /// `CountryYearJoin` does: the row's ISO3 code, else its country, else the institution's.
    private func lookUpReferences(_ builder: TableBuilder, idKey: String, ids: UnsafePointer<UInt32>, rows: Range<Int>)
    {
        let isoCodes = builder.textCodes("iso3")
        let countryCodes = builder.textCodes("country")
        let currencyCodes = builder.textCodes("currency")
        let years = builder.integerValues("fiscal_year")
        extend(&isoRows, with: builder.textValues("iso3"))
        extend(&countryRows, with: builder.textValues("country"))
        if let institutions = references.institutions, let idValues = builder.textValues(idKey) {
            while institutionCells.count < idValues.count {
                let fields = institutions.fields(forMFI: idValues[institutionCells.count])
                institutionCells.append(
                    (
                        fields.iso3.map { rowsOf(countries.resolve($0)) },
                        fields.country.map { rowsOf(countries.resolve($0)) },
                        fields.currency.map { CurrencyRule.isUSD($0) ? 0 : 1 }
                    ))
            }
        }
        if let values = builder.textValues("currency") {
            while currencyFlags.count < values.count {
                currencyFlags.append(CurrencyRule.isUSD(values[currencyFlags.count]) ? 0 : 1)
            }
        }
        // The cells as the final table will have them (the descriptor join fills a row's empty
        // cells with its institution's), resolved in CountryRule's order: ISO3 code, else name.
        for row in rows {
            let institution: (iso3: Resolution?, country: Resolution?, notUSD: UInt8?) =
                references.institutions != nil && ids[row] != TextColumn.missing
                    && Int(ids[row]) < institutionCells.count
                ? institutionCells[Int(ids[row])] : (nil, nil, nil)
            let code: Resolution? =
                isoCodes.flatMap { $0[row] == TextColumn.missing ? nil : isoRows[Int($0[row])] } ?? institution.iso3
            let name: Resolution? =
                countryCodes.flatMap { $0[row] == TextColumn.missing ? nil : countryRows[Int($0[row])] }
                ?? institution.country
            var found: Resolution = code ?? (-1, -1, -1, false)
            if !found.resolved, let name { found = name }
            let year = years.map { $0[row] } ?? Int64Column.missing
            if year == Int64Column.missing { found = (-1, -1, -1, found.resolved) }
            func value(_ table: CountryYearTable, _ country: Int) -> Double {
                country >= 0 ? table.value(country: country, year: Int(year)) ?? .nan : .nan
            }
            gni.base[row] = value(references.gni, found.gni)
            inflation.base[row] = value(references.inflation, found.inflation)
            marketRate.base[row] = value(references.marketRate, found.marketRate)
            // An empty Currency cell counts as US$ (CurrencyRule), after the join's filling.
            notUSD.base[row] =
                currencyCodes.flatMap { $0[row] == TextColumn.missing ? nil : currencyFlags[Int($0[row])] }
                ?? institution.notUSD ?? 0
        }
        gni.count = rows.upperBound
        inflation.count = rows.upperBound
        marketRate.count = rows.upperBound
        notUSD.count = rows.upperBound
    }

    private func extend(_ cache: inout [Resolution], with values: [String]?) {
        guard let values else { return }
        while cache.count < values.count { cache.append(rowsOf(countries.resolve(values[cache.count]))) }
    }

    private func rowsOf(_ iso3: String?) -> Resolution {
        guard let iso3 else { return (-1, -1, -1, false) }
        return (
            references.gni.index(ofISO3: iso3) ?? -1, references.inflation.index(ofISO3: iso3) ?? -1,
            references.marketRate.index(ofISO3: iso3) ?? -1, true
        )
    }

    /// Keeps the fragments whose assumptions hold in the final panel of `kernel`, checking
    /// slices of the panel on `threads` threads.
    func validate(against kernel: IndicatorKernel, threads: Int) {
        var valid = [Bool](repeating: false, count: fragments.rowCount)
        valid.withUnsafeMutableBufferPointer { valid in
            let check = AssumptionCheck(
                kernel: kernel, checkedRows: min(valid.count, assumedPrior.count, gni.count),
                assumedPrior: assumedPrior.base, gni: gni.base, inflation: inflation.base,
                marketRate: marketRate.base, notUSD: notUSD.base, valid: valid)
            let slices = max(1, min(threads, kernel.rowCount / 4096 + 1))
            let rows = kernel.rowCount
            if slices == 1 {
                check.run(panelRows: 0..<rows)
            } else {
                DispatchQueue.concurrentPerform(iterations: slices) { slice in
                    check.run(panelRows: rows * slice / slices..<rows * (slice + 1) / slices)
                }
            }
        }
        fragments.keep(valid)
    }
}

/// Compares what each preformatted row assumed with its inputs in the final panel.
/// `@unchecked Sendable`: every panel row has its own table row, so slices of the panel write
/// disjoint cells of `valid`; the rest is only read.
private struct AssumptionCheck: @unchecked Sendable {
    let kernel: IndicatorKernel
    /// Table rows below this have assumptions recorded.
    let checkedRows: Int
    let assumedPrior: UnsafeMutablePointer<Int32>
    let gni: UnsafeMutablePointer<Double>
    let inflation: UnsafeMutablePointer<Double>
    let marketRate: UnsafeMutablePointer<Double>
    let notUSD: UnsafeMutablePointer<UInt8>
    let valid: UnsafeMutableBufferPointer<Bool>

    func run(panelRows: Range<Int>) {
        for panelRow in panelRows {
            let actual = kernel.inputsOfRow(panelRow)
            guard actual.row < checkedRows else { continue }
            valid[actual.row] =
                Int(assumedPrior[actual.row]) == actual.prior
                && gni[actual.row].bitPattern == actual.gni.bitPattern
                && inflation[actual.row].bitPattern == actual.inflation.bitPattern
                && marketRate[actual.row].bitPattern == actual.marketRate.bitPattern
                && notUSD[actual.row] == actual.notUSD
        }
    }
}
