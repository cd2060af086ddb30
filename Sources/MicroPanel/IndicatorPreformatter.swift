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
/// institution's year t−1 (true of files grouped by institution, as MIX's are), with GNI,
/// inflation and currency looked up the way the final join does. ``validate(against:)`` then
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
    private let notUSD = GrowableBuffer<UInt8>(capacity: 1 << 16)
    private let suspects = GrowableBuffer<UInt64>(capacity: 1 << 16)
    /// NaN for columns the file lacks, as long as the rows read.
    private let missing = GrowableBuffer<Double>(capacity: 1 << 16)

    // Per distinct text value: its row in the GNI and inflation tables (−1: none), its currency flag.
    private var isoRows: [(gni: Int, inflation: Int, resolved: Bool)] = []
    private var countryRows: [(gni: Int, inflation: Int, resolved: Bool)] = []
    private var institutionRows: [(gni: Int, inflation: Int, resolved: Bool)] = []
    private var currencyFlags: [UInt8] = []

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
        for buffer in [gni, inflation, missing] { buffer.reserve(rows) }
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
            notUSD: UnsafePointer(notUSD.base), suspects: suspects.base, keepAlive: [])
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

    /// GNI, inflation and the currency flag of `rows` (and of rows skipped before them), resolved per distinct value as
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
            while institutionRows.count < idValues.count {
                let fields = institutions.countryFields(forMFI: idValues[institutionRows.count])
                institutionRows.append(rowsOf(countries.iso3(code: fields.iso3, name: fields.country)))
            }
        }
        if let values = builder.textValues("currency") {
            while currencyFlags.count < values.count {
                currencyFlags.append(CurrencyRule.isUSD(values[currencyFlags.count]) ? 0 : 1)
            }
        }
        // CountryRule's order: the row's ISO3 code, else its country, else (the cells the descriptor
        // join fills) the institution's.
        for row in rows {
            var found = (gni: -1, inflation: -1, resolved: false)
            if let isoCodes, isoCodes[row] != TextColumn.missing { found = isoRows[Int(isoCodes[row])] }
            if !found.resolved, let countryCodes, countryCodes[row] != TextColumn.missing {
                found = countryRows[Int(countryCodes[row])]
            }
            if !found.resolved, references.institutions != nil, ids[row] != TextColumn.missing,
                Int(ids[row]) < institutionRows.count
            {
                found = institutionRows[Int(ids[row])]
            }
            let year = years.map { $0[row] } ?? Int64Column.missing
            if year == Int64Column.missing { found = (-1, -1, found.resolved) }
            gni.base[row] = found.gni >= 0 ? references.gni.value(country: found.gni, year: Int(year)) ?? .nan : .nan
            if let table = references.inflation, found.inflation >= 0 {
                inflation.base[row] = table.value(country: found.inflation, year: Int(year)) ?? .nan
            } else {
                inflation.base[row] = .nan
            }
            notUSD.base[row] =
                currencyCodes.map { $0[row] == TextColumn.missing ? 0 : currencyFlags[Int($0[row])] } ?? 0
        }
        gni.count = rows.upperBound
        inflation.count = rows.upperBound
        notUSD.count = rows.upperBound
    }

    private func extend(_ cache: inout [(gni: Int, inflation: Int, resolved: Bool)], with values: [String]?) {
        guard let values else { return }
        while cache.count < values.count { cache.append(rowsOf(countries.resolve(values[cache.count]))) }
    }

    private func rowsOf(_ iso3: String?) -> (gni: Int, inflation: Int, resolved: Bool) {
        guard let iso3 else { return (-1, -1, false) }
        return (references.gni.index(ofISO3: iso3) ?? -1, references.inflation?.index(ofISO3: iso3) ?? -1, true)
    }

    /// Keeps the fragments whose assumptions hold in the final panel of `kernel`, checking
    /// slices of the panel on `threads` threads.
    func validate(against kernel: IndicatorKernel, threads: Int) {
        var valid = [Bool](repeating: false, count: fragments.rowCount)
        valid.withUnsafeMutableBufferPointer { valid in
            let check = AssumptionCheck(
                kernel: kernel, checkedRows: min(valid.count, assumedPrior.count, gni.count),
                assumedPrior: assumedPrior.base, gni: gni.base, inflation: inflation.base, notUSD: notUSD.base,
                valid: valid)
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
                && notUSD[actual.row] == actual.notUSD
        }
    }
}
