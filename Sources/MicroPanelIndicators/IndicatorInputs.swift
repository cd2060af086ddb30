import MicroPanelColumns
import MicroPanelCSV

/// The columns the kernel reads, as raw pointers into the table (absent columns read as
/// missing), and per-row reference values.
///
/// Immutable; it keeps the table and reference columns alive while the kernel runs.
struct IndicatorInputs: @unchecked Sendable {
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

    init(table: Table, gniPerCapita: Float64Column?, inflationPercent: Float64Column?) {
        let rows = max(table.rowCount, 1)
        let missing = Float64Column(storage: GrowableBuffer(filledWith: .nan, count: rows), missingCount: rows,
                                    badNumberCount: 0)
        var owners: [AnyObject] = [missing]
        func column(_ key: String) -> UnsafePointer<Double> {
            guard let column = table.number(key), column.count > 0 else { return missing.values.baseAddress! }
            owners.append(column)
            return column.values.baseAddress!
        }
        func reference(_ column: Float64Column?) -> UnsafePointer<Double> {
            guard let column, column.count > 0 else { return missing.values.baseAddress! }
            precondition(column.count == table.rowCount, "reference column of another length")
            owners.append(column)
            return column.values.baseAddress!
        }
        assets = column("assets"); liabilities = column("liabilities"); equity = column("equity")
        glp = column("glp"); deposits = column("deposits"); borrowings = column("borrowings")
        subordinatedDebt = column("subordinated_debt"); par30Amount = column("par30_amount")
        par90Amount = column("par90_amount"); renegotiated = column("renegotiated")
        impairmentAllowance = column("impairment_allowance"); interestReceivable = column("interest_receivable")
        financialRevenue = column("financial_revenue"); loanRevenue = column("loan_revenue")
        fundingExpense = column("funding_expense"); impairmentExpense = column("impairment_expense")
        operatingExpense = column("operating_expense"); personnelExpense = column("personnel_expense")
        administrativeExpense = column("administrative_expense"); depreciation = column("depreciation")
        netOperatingIncome = column("net_operating_income"); tax = column("tax"); writeOffs = column("write_offs")
        recoveries = column("recoveries"); borrowers = column("borrowers"); loans = column("loans")
        depositors = column("depositors"); loansAtRisk30 = column("loans_at_risk30"); personnel = column("personnel")
        loanOfficers = column("loan_officers"); avgAssets = column("avg_assets"); avgEquity = column("avg_equity")
        avgGLP = column("avg_glp"); avgBorrowers = column("avg_borrowers"); avgLoans = column("avg_loans")
        self.gniPerCapita = reference(gniPerCapita)
        self.inflationPercent = reference(inflationPercent)
        hasFundingColumns = table.number("deposits") != nil && table.number("borrowings") != nil

        let flags = NotUSDFlags(table: table, rows: rows)
        owners.append(flags)
        notUSD = UnsafePointer(flags.values)
        keepAlive = owners
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
