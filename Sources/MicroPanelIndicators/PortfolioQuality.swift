/// Portfolio quality (spec §3). Renegotiated loans count as at risk and as 0 when absent.
extension RowContext {
    @inline(__always)
    func computePortfolioQuality<Sink: IndicatorSink>(averageGLP: Term, into output: Sink) {
        let glp = input(inputs.glp)
        let renegotiated = zeroIfAbsent(inputs.renegotiated)
        let atRisk30 = input(inputs.par30Amount) + renegotiated
        output.set(.par30, numerator: atRisk30, denominator: glp)
        output.set(.par90, numerator: input(inputs.par90Amount) + renegotiated, denominator: glp)
        output.set(.lar30, numerator: input(inputs.loansAtRisk30), denominator: input(inputs.loans))
        let writeOffs = input(inputs.writeOffs)
        output.set(.writeOffRatio, numerator: writeOffs, denominator: averageGLP)
        output.set(.loanLossRate, numerator: writeOffs - zeroIfAbsent(inputs.recoveries), denominator: averageGLP)
        output.set(.provisionExpenseRatio, numerator: input(inputs.impairmentExpense), denominator: averageGLP)
        output.set(.riskCoverage, numerator: input(inputs.impairmentAllowance), denominator: atRisk30)
    }
}
