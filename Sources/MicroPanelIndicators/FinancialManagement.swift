/// Financial management (spec §3).
extension RowContext {
    @inline(__always)
    func computeFinancialManagement<Sink: IndicatorSink>(averageGLP: Term, into output: Sink) {
        let fundingExpense = input(.fundingExpense)
        output.set(.fundingExpenseRatio, numerator: fundingExpense, denominator: averageGLP)
        if inputs.hasFundingColumns {
            let atPrior = fundingLiabilities(at: max(prior, 0))
            let parts = InputField.deposits.bit | InputField.borrowings.bit | InputField.subordinatedDebt.bit
            let implausible = Tracking.isOn && parts & (suspect | priorSuspect) != 0 ? self.implausible : 0
            let liabilities = averageOf(
                closing: fundingLiabilities(at: row), prior: prior >= 0 ? atPrior : .nan,
                implausible: implausible)
            output.set(.costOfFunds, numerator: fundingExpense, denominator: liabilities)
        } else {
            output.set(.costOfFunds, .missing(.missingInput))
        }
        let equity = input(.equity)
        output.set(.debtToEquity, numerator: input(.liabilities), denominator: equity)
        output.set(.capitalToAssets, numerator: equity, denominator: input(.assets))
    }

    /// Deposits + borrowings + subordinated debt at `tableRow`; a missing part counts as 0
    /// while another is present, NaN when all are missing.
    @inline(__always)
    func fundingLiabilities(at tableRow: Int) -> Double {
        let parts = (inputs[.deposits][tableRow], inputs[.borrowings][tableRow], inputs[.subordinatedDebt][tableRow])
        if parts.0.isNaN && parts.1.isNaN && parts.2.isNaN { return .nan }
        return (parts.0.isNaN ? 0 : parts.0) + (parts.1.isNaN ? 0 : parts.1) + (parts.2.isNaN ? 0 : parts.2)
    }
}
