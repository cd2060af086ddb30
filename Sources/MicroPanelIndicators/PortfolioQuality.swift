/// Portfolio quality (spec §3). Renegotiated loans count as at risk and as 0 when absent.
extension RowContext {
    @inline(__always)
    func computePortfolioQuality<Sink: IndicatorSink>(averageGLP: Term, into output: Sink) {
        let glp = input(.glp)
        let renegotiated = zeroIfAbsent(.renegotiated)
        let atRisk30 = input(.par30Amount) + renegotiated
        output.set(.par30, numerator: atRisk30, denominator: glp)
        output.set(.par90, numerator: input(.par90Amount) + renegotiated, denominator: glp)
        output.set(.lar30, numerator: input(.loansAtRisk30), denominator: input(.loans))
        let writeOffs = input(.writeOffs)
        output.set(.writeOffRatio, numerator: writeOffs, denominator: averageGLP)
        // CGAP: write-offs make PAR look better, so the two are read together.
        output.set(.par30WriteOffs, atRisk30.divided(by: glp) + writeOffs.divided(by: averageGLP))
        output.set(.loanLossRate, numerator: writeOffs - zeroIfAbsent(.recoveries), denominator: averageGLP)
        output.set(.provisionExpenseRatio, numerator: input(.impairmentExpense), denominator: averageGLP)
        output.set(.riskCoverage, numerator: input(.impairmentAllowance), denominator: atRisk30)
    }
}
