/// Financial sustainability and profitability (spec §3). Tax counts as 0 when absent.
extension RowContext {
    @inline(__always)
    func computeProfitability<Sink: IndicatorSink>(averages: PeriodAverages, operatingExpense: Term, into output: Sink)
    {
        let averageGLP = averages.glp
        let netOperatingIncome = input(.netOperatingIncome)
        let afterTax = netOperatingIncome - zeroIfAbsent(.tax)
        output.set(.roa, numerator: afterTax, denominator: averages.assets)
        setReturnOnEquity(.roe, afterTax, averages.equity, into: output)

        let financialRevenue = input(.financialRevenue)
        let expenses = input(.fundingExpense) + input(.impairmentExpense) + operatingExpense
        output.set(.oss, numerator: financialRevenue, denominator: expenses)

        let loanRevenue = input(.loanRevenue)
        let nominal = loanRevenue.divided(by: averageGLP)
        output.set(.yieldNominal, numerator: loanRevenue, denominator: averageGLP)
        let receivableChange = input(.interestReceivable) - priorValue(.interestReceivable)
        output.set(.yieldCash, numerator: loanRevenue - receivableChange, denominator: averageGLP)

        let inflation = rate(inputs.inflationPercent, missing: .noInflation)
        if nominal.isMissing {
            output.set(.yieldReal, nominal)
        } else if inflation.isMissing {
            output.set(.yieldReal, inflation)
        } else {
            output.set(.yieldReal, (nominal - inflation).divided(by: Term(1 + inflation.value)))
        }
        output.set(.profitMargin, numerator: netOperatingIncome, denominator: financialRevenue)
    }

    /// `income / averageEquity` into `indicator`: missing (`nonpositive_equity`) when average
    /// equity is zero or negative and both are present.
    @inline(__always)
    func setReturnOnEquity<Sink: IndicatorSink>(
        _ indicator: Indicator, _ income: Term, _ averageEquity: Term, into output: Sink
    ) {
        if !income.isMissing && !averageEquity.isMissing && averageEquity.value <= 0 {
            output.set(indicator, .missing(.nonpositiveEquity))
        } else {
            output.set(indicator, numerator: income, denominator: averageEquity)
        }
    }
}
