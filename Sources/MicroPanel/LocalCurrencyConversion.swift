import MicroPanelColumns
import MicroPanelIndicators
import MicroPanelSupport

/// `--to-usd`: a panel's amounts in local currency, in US$.
///
/// A row whose `Currency` is present and not USD has every amount input (``FieldCatalog/amountKeys``:
/// balances, flows, the delinquency buckets; not the counts) divided by the bundled official
/// exchange rate of its country and fiscal year (World Bank WDI PA.NUS.FCRF, local currency units
/// per US$, period average) and its `Currency` set to USD; the row's currency is taken to be its
/// country's. A row with no rate keeps its amounts and currency, and the kernel leaves its amount
/// and GNI-based indicators missing with `no_exchange_rate` (its ratios, the same in any
/// currency, are computed). Each year's amounts use that year's rate, as MIX's US$ figures did:
/// growth rates and two-year averages include the exchange rate's moves.
struct LocalCurrencyConversion: Sendable {
    /// Rows whose amounts were converted.
    let convertedRows: Int
    /// Rows not in US$ left unconverted: no rate for their country and year.
    let rowsWithoutRate: Int
    /// Their currencies, sorted.
    let currencies: [String]

    /// `table` with its amounts in US$; `rates` holds the exchange rate of each row (NaN: none).
    static func convert(_ table: Table, rates: Float64Column) -> (Table, LocalCurrencyConversion) {
        guard let currency = table.text("currency") else {
            return (table, LocalCurrencyConversion(convertedRows: 0, rowsWithoutRate: 0, currencies: []))
        }
        let rows = table.rowCount
        // Per row: the divisor of its amounts, or nil (in US$ already, missing currency, or no rate).
        var divisors = [Double](repeating: .nan, count: rows)
        var withoutRate = 0
        var converting = [Bool](repeating: false, count: currency.dictionary.count)
        let isUSD = currency.dictionary.map(CurrencyRule.isUSD)
        var usdCode = currency.dictionary.firstIndex(where: CurrencyRule.isUSD).map(UInt32.init)
        var dictionary = currency.dictionary
        let codes = GrowableBuffer<UInt32>(uninitializedCount: rows)
        for row in 0..<rows {
            var code = currency.code(at: row)
            if code != TextColumn.missing && !isUSD[Int(code)] {
                converting[Int(code)] = true
                let rate = rates[row]
                if rate.isFinite && rate > 0 {
                    divisors[row] = rate
                    if usdCode == nil {
                        usdCode = UInt32(dictionary.count)
                        dictionary.append("USD")
                    }
                    code = usdCode!
                } else {
                    withoutRate += 1
                }
            }
            codes.base[row] = code
        }
        let converted = divisors.count { !$0.isNaN }
        var columns = table.columns
        columns["currency"] = .text(
            TextColumn(storage: codes, dictionary: dictionary, missingCount: currency.missingCount))
        if converted > 0 {
            for key in FieldCatalog.amountKeys {
                guard let column = table.number(key) else { continue }
                let values = GrowableBuffer<Double>(uninitializedCount: rows)
                column.withValues { original in
                    for row in 0..<rows {
                        let divisor = divisors[row]
                        values.base[row] = divisor.isNaN ? original[row] : original[row] / divisor
                    }
                }
                columns[key] = .number(
                    Float64Column(
                        storage: values, missingCount: column.missingCount, badNumberCount: column.badNumberCount,
                        badNumberExamples: column.badNumberExamples))
            }
        }
        return (
            Table(rowCount: rows, columns: columns, plan: table.plan),
            LocalCurrencyConversion(
                convertedRows: converted, rowsWithoutRate: withoutRate,
                currencies: currency.dictionary.indices.filter { converting[$0] }.map { currency.dictionary[$0] }
                    .sorted())
        )
    }

    /// The run's note: how many rows were converted, from which currencies, with which table.
    func note(vintage: String) -> String {
        var line =
            "Amounts in local currency converted to US$ (\(currencies.joined(separator: ", "))):"
            + " \(convertedRows) \(convertedRows == 1 ? "row" : "rows"), with the \(vintage)"
        if rowsWithoutRate > 0 {
            line +=
                "; \(rowsWithoutRate) \(rowsWithoutRate == 1 ? "row has" : "rows have") no rate for its country and"
                + " year: amount and GNI-based indicators missing (no_exchange_rate)"
        }
        return line
    }
}
