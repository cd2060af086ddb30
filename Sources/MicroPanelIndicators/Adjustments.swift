/// Adjusted performance (adjustments contract §2–3): the four adjustments, in the panel's
/// currency (positive = a cost), and the indicators computed after them. Denominators are the
/// reported averages; a missing component makes the total, and everything computed from it,
/// missing with the component's reason.
extension RowContext {
    @inline(__always)
    func computeAdjustments<Sink: IndicatorSink>(averages: PeriodAverages, operatingExpense: Term, into output: Sink) {
        let marketRate = rate(inputs.marketRatePercent, missing: .noMarketRate)
        let provision = provisioningAdjustment
        output.set(.adjProvision, provision)
        // What borrowing at the market rate would have cost beyond the interest paid.
        let borrowingSubsidy = average(.borrowings) * marketRate - input(.interestOnBorrowings)
        let costOfFunds = borrowingSubsidy.atLeastZero()
        output.set(.adjCostOfFunds, costOfFunds)
        let inflation = inflationAdjustment(averageEquity: averages.equity)
        output.set(.adjInflation, inflation)
        let inKind = zeroIfAbsent(.inKindSubsidy)
        output.set(.adjInKind, inKind)
        let total = provision + costOfFunds + inflation + inKind
        output.set(.adjustmentsTotal, total)

        let netOperatingIncome = input(.netOperatingIncome)
        let adjustedNetIncome = netOperatingIncome - zeroIfAbsent(.tax) - total
        output.set(.adjustedNetIncome, adjustedNetIncome)
        output.set(.adjustedROA, numerator: adjustedNetIncome, denominator: averages.assets)
        setReturnOnEquity(.adjustedROE, adjustedNetIncome, averages.equity, into: output)
        let expenses = input(.fundingExpense) + input(.impairmentExpense) + operatingExpense + total
        output.set(.fss, numerator: input(.financialRevenue), denominator: expenses)

        // SDI = S / loan revenue, S = m × avg borrowings − interest on borrowings + m × avg equity
        // − P + donations + in-kind subsidy, P = net operating income − adj_provision.
        let profit = netOperatingIncome - provision
        let subsidy = borrowingSubsidy + averages.equity * marketRate - profit + zeroIfAbsent(.donations) + inKind
        output.set(.sdi, numerator: subsidy, denominator: input(.loanRevenue))
    }

    /// The reserve the rule set requires beyond the reported one (policy `top-up`), or all of it
    /// (`expense-all`); loans more than a year late are written off first under the write-off rule.
    /// A bucket with rate 0 is not read, so a file without it is not missing an input.
    @inline(__always)
    var provisioningAdjustment: Term {
        let rates = provisioning
        let writtenOff = writeOffRule ? zeroIfAbsent(.par365Amount) : Term(0)
        var required = Term(0)
        if rates.par30To90 != 0 { required = required + input(.par30To90) * Term(rates.par30To90) }
        if rates.par90To180 != 0 { required = required + input(.par90To180) * Term(rates.par90To180) }
        if rates.par180 != 0 { required = required + (input(.par180Amount) - writtenOff) * Term(rates.par180) }
        if rates.renegotiated != 0 { required = required + zeroIfAbsent(.renegotiated) * Term(rates.renegotiated) }
        if expenseAllProvisions { return required }
        return (required - (input(.impairmentAllowance) - writtenOff)).atLeastZero()
    }

    /// Inflation's erosion of the equity not held in fixed assets: π × (equity − net fixed
    /// assets), averaged or at the prior year-end; kept with its sign.
    @inline(__always)
    func inflationAdjustment(averageEquity: Term) -> Term {
        let base =
            openingInflationBasis
            ? priorValue(.equity) - priorValue(.netFixedAssets) : averageEquity - average(.netFixedAssets)
        return base * rate(inputs.inflationPercent, missing: .noInflation)
    }
}
