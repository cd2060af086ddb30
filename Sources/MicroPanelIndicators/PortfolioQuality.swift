/// Portfolio quality (spec §3). Renegotiated loans count as at risk and as 0 when absent.
extension RowContext {
    @inline(__always)
    func computePortfolioQuality(averageGLP: Term, into output: IndicatorOutput) {
        let glp = input(inputs.glp)
        let renegotiated = zeroIfAbsent(inputs.renegotiated)
        let atRisk30 = input(inputs.par30Amount) + renegotiated
        output.set(.par30, atRisk30.divided(by: glp))
        output.set(.par90, (input(inputs.par90Amount) + renegotiated).divided(by: glp))
        output.set(.lar30, input(inputs.loansAtRisk30).divided(by: input(inputs.loans)))
        let writeOffs = input(inputs.writeOffs)
        output.set(.writeOffRatio, writeOffs.divided(by: averageGLP))
        output.set(.loanLossRate, (writeOffs - zeroIfAbsent(inputs.recoveries)).divided(by: averageGLP))
        output.set(.provisionExpenseRatio, input(inputs.impairmentExpense).divided(by: averageGLP))
        output.set(.riskCoverage, input(inputs.impairmentAllowance).divided(by: atRisk30))
    }
}
