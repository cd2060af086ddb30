import MicroPanelColumns
import MicroPanelCSV

/// The columns the kernel reads, as raw pointers into the table (absent columns read as
/// missing), and per-row reference values.
///
/// Immutable; it keeps the table and reference columns alive while the kernel runs.
package struct IndicatorInputs: @unchecked Sendable {
    let assets, liabilities, equity, glp, deposits, borrowings, subordinatedDebt: UnsafePointer<Double>
    let par30Amount, par90Amount, renegotiated, impairmentAllowance, interestReceivable: UnsafePointer<Double>
    let financialRevenue, loanRevenue, fundingExpense, impairmentExpense: UnsafePointer<Double>
    let operatingExpense, personnelExpense, administrativeExpense, depreciation: UnsafePointer<Double>
    let netOperatingIncome, tax, writeOffs, recoveries: UnsafePointer<Double>
    let borrowers, loans, depositors, loansAtRisk30, personnel, loanOfficers: UnsafePointer<Double>
    let avgAssets, avgEquity, avgGLP, avgBorrowers, avgLoans: UnsafePointer<Double>
    /// GNI per capita of the row's country and fiscal year (NaN when unknown).
    let gniPerCapita: UnsafePointer<Double>
    /// Inflation in percent of the row's country and fiscal year (NaN when unknown).
    let inflationPercent: UnsafePointer<Double>
    /// Per table row: 1 when the row's `Currency` is present and not USD.
    let notUSD: UnsafePointer<UInt8>
    /// Cost of funds needs both a deposits and a borrowings column (spec §3).
    let hasFundingColumns: Bool

    private let keepAlive: [AnyObject]

    /// Inputs read from `column(key)` (nil: the column is absent, read as `missing`) and per-row
    /// reference values; `keepAlive` owns the memory behind the pointers.
    package init(column: (String) -> UnsafePointer<Double>?, missing: UnsafePointer<Double>,
                 gniPerCapita: UnsafePointer<Double>, inflationPercent: UnsafePointer<Double>,
                 notUSD: UnsafePointer<UInt8>, keepAlive: [AnyObject]) {
        func read(_ key: String) -> UnsafePointer<Double> { column(key) ?? missing }
        assets = read("assets"); liabilities = read("liabilities"); equity = read("equity")
        glp = read("glp"); deposits = read("deposits"); borrowings = read("borrowings")
        subordinatedDebt = read("subordinated_debt"); par30Amount = read("par30_amount")
        par90Amount = read("par90_amount"); renegotiated = read("renegotiated")
        impairmentAllowance = read("impairment_allowance"); interestReceivable = read("interest_receivable")
        financialRevenue = read("financial_revenue"); loanRevenue = read("loan_revenue")
        fundingExpense = read("funding_expense"); impairmentExpense = read("impairment_expense")
        operatingExpense = read("operating_expense"); personnelExpense = read("personnel_expense")
        administrativeExpense = read("administrative_expense"); depreciation = read("depreciation")
        netOperatingIncome = read("net_operating_income"); tax = read("tax"); writeOffs = read("write_offs")
        recoveries = read("recoveries"); borrowers = read("borrowers"); loans = read("loans")
        depositors = read("depositors"); loansAtRisk30 = read("loans_at_risk30"); personnel = read("personnel")
        loanOfficers = read("loan_officers"); avgAssets = read("avg_assets"); avgEquity = read("avg_equity")
        avgGLP = read("avg_glp"); avgBorrowers = read("avg_borrowers"); avgLoans = read("avg_loans")
        self.gniPerCapita = gniPerCapita
        self.inflationPercent = inflationPercent
        self.notUSD = notUSD
        hasFundingColumns = column("deposits") != nil && column("borrowings") != nil
        self.keepAlive = keepAlive
    }

    init(table: Table, gniPerCapita: Float64Column?, inflationPercent: Float64Column?) {
        let rows = max(table.rowCount, 1)
        let missing = Float64Column(storage: GrowableBuffer(filledWith: .nan, count: rows), missingCount: rows,
                                    badNumberCount: 0)
        var owners: [AnyObject] = [missing]
        func reference(_ column: Float64Column?) -> UnsafePointer<Double> {
            guard let column, column.count > 0 else { return missing.values.baseAddress! }
            precondition(column.count == table.rowCount, "reference column of another length")
            owners.append(column)
            return column.values.baseAddress!
        }
        let gni = reference(gniPerCapita)
        let inflation = reference(inflationPercent)
        let flags = NotUSDFlags(table: table, rows: rows)
        owners.append(flags)
        var columns: [String: UnsafePointer<Double>] = [:]
        for (key, column) in table.columns {
            if case .number(let numbers) = column, let base = numbers.values.baseAddress {
                columns[key] = base
                owners.append(numbers)
            }
        }
        self.init(column: { columns[$0] }, missing: missing.values.baseAddress!, gniPerCapita: gni,
                  inflationPercent: inflation, notUSD: UnsafePointer(flags.values), keepAlive: owners)
    }
}

/// Per table row, whether `Currency` is present and not USD.
private final class NotUSDFlags {
    let values: UnsafeMutablePointer<UInt8>
    let count: Int

    init(table: Table, rows: Int) {
        count = rows
        values = .allocate(capacity: rows)
        values.initialize(repeating: 0, count: rows)
        guard let currency = table.text("currency"), let codes = currency.codes.baseAddress else { return }
        let notUSD: [UInt8] = currency.dictionary.map { $0.uppercased() != "USD" && $0.uppercased() != "US$" ? 1 : 0 }
        notUSD.withUnsafeBufferPointer { flags in
            for row in 0..<table.rowCount {
                let code = codes[row]
                if code != TextColumn.missing { values[row] = flags[Int(code)] }
            }
        }
    }

    deinit { values.deallocate() }
}
