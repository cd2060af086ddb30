/// Financial management (spec §3).
extension RowContext {
    @inline(__always)
    func computeFinancialManagement(averageGLP: Term, into output: IndicatorOutput) {
        let fundingExpense = input(inputs.fundingExpense)
        output.set(.fundingExpenseRatio, fundingExpense.divided(by: averageGLP))
        if inputs.hasFundingColumns {
            let liabilities = averageOf(closing: fundingLiabilities(at: row),
                                        prior: prior >= 0 ? fundingLiabilities(at: prior) : .nan)
            output.set(.costOfFunds, fundingExpense.divided(by: liabilities))
        } else {
            output.set(.costOfFunds, .missing(.missingInput))
        }
        let equity = input(inputs.equity)
        output.set(.debtToEquity, input(inputs.liabilities).divided(by: equity))
        output.set(.capitalToAssets, equity.divided(by: input(inputs.assets)))
    }

    /// Deposits + borrowings + subordinated debt at `tableRow`; a missing part counts as 0
    /// while another is present, NaN when all are missing.
    @inline(__always)
    func fundingLiabilities(at tableRow: Int) -> Double {
        let parts = (inputs.deposits[tableRow], inputs.borrowings[tableRow], inputs.subordinatedDebt[tableRow])
        if parts.0.isNaN && parts.1.isNaN && parts.2.isNaN { return .nan }
        return (parts.0.isNaN ? 0 : parts.0) + (parts.1.isNaN ? 0 : parts.1) + (parts.2.isNaN ? 0 : parts.2)
    }
}
