/// Financial sustainability and profitability (spec §3). Tax counts as 0 when absent.
extension RowContext {
    @inline(__always)
    func computeProfitability<Sink: IndicatorSink>(averageGLP: Term, operatingExpense: Term, into output: Sink) {
        let netOperatingIncome = input(.netOperatingIncome)
        let afterTax = netOperatingIncome - zeroIfAbsent(.tax)
        output.set(.roa, numerator: afterTax, denominator: average(.assets, explicit: .avgAssets))

        let averageEquity = average(.equity, explicit: .avgEquity)
        if !afterTax.isMissing && !averageEquity.isMissing && averageEquity.value <= 0 {
            output.set(.roe, .missing(.nonpositiveEquity))
        } else {
            output.set(.roe, numerator: afterTax, denominator: averageEquity)
        }

        let financialRevenue = input(.financialRevenue)
        let expenses = input(.fundingExpense) + input(.impairmentExpense) + operatingExpense
        output.set(.oss, numerator: financialRevenue, denominator: expenses)

        let loanRevenue = input(.loanRevenue)
        let nominal = loanRevenue.divided(by: averageGLP)
        output.set(.yieldNominal, numerator: loanRevenue, denominator: averageGLP)
        let receivableChange = input(.interestReceivable) - priorValue(.interestReceivable)
        output.set(.yieldCash, numerator: loanRevenue - receivableChange, denominator: averageGLP)

        let inflationPercent = inputs.inflationPercent[row]
        if nominal.isMissing {
            output.set(.yieldReal, nominal)
        } else if inflationPercent.isNaN {
            output.set(.yieldReal, .missing(.noInflation))
        } else {
            let inflation = Term(inflationPercent / 100)
            output.set(.yieldReal, (nominal - inflation).divided(by: Term(1 + inflation.value)))
        }
        output.set(.profitMargin, numerator: netOperatingIncome, denominator: financialRevenue)
    }
}
