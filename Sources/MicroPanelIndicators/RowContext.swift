/// One institution-year as the formulas see it: its table row, its prior year's row, the
/// inputs, and the period averages several indicators share.
struct RowContext {
    let inputs: IndicatorInputs
    /// Table row of this institution-year.
    let row: Int
    /// Table row of fiscal year t−1, or −1.
    let prior: Int
    let averaging: AveragingPolicy

    @inline(__always)
    func input(_ column: UnsafePointer<Double>) -> Term { .input(column[row]) }

    @inline(__always)
    func zeroIfAbsent(_ column: UnsafePointer<Double>) -> Term { .zeroIfAbsent(column[row]) }

    /// The period average of a stock (spec §2): the explicit average if present, else the mean
    /// of t−1 and t, else by policy.
    @inline(__always)
    func average(_ closing: UnsafePointer<Double>, explicit: UnsafePointer<Double>?) -> Term {
        let fromClosing = averageOf(closing: closing[row], prior: valueAtPrior(closing))
        guard let explicit else { return fromClosing }
        let given = explicit[row]
        return given.isNaN ? fromClosing : Term(given)
    }

    /// The period average of closing values `closing` (t) and `prior` (t−1, NaN when absent).
    @inline(__always)
    func averageOf(closing: Double, prior priorValue: Double) -> Term {
        // Selects rather than branches (see `Term.combined`).
        let hasPrior = !priorValue.isNaN
        let withoutPrior: UInt8 = averaging == .closing
            ? ValueFlags.averageFallback.rawValue
            : (prior >= 0 ? MissingReason.missingInput : MissingReason.noPriorYear).rawValue
        let status = closing.isNaN ? MissingReason.missingInput.rawValue : (hasPrior ? 0 : withoutPrior)
        return Term(hasPrior ? (priorValue + closing) / 2 : closing, status)
    }

    /// A stock's value at t−1: needs the prior row (`no_prior_year`), never falls back.
    @inline(__always)
    func priorValue(_ column: UnsafePointer<Double>) -> Term {
        let value = valueAtPrior(column)
        return prior >= 0 ? .input(value) : .missing(.noPriorYear)
    }

    /// `column` at t−1, NaN without a prior row (a load and a select, no branch).
    @inline(__always)
    func valueAtPrior(_ column: UnsafePointer<Double>) -> Double {
        let value = column[max(prior, 0)]
        return prior >= 0 ? value : .nan
    }

    /// Operating expense, or its components summed (flagged) when it is missing.
    @inline(__always)
    var operatingExpense: Term {
        let total = inputs.operatingExpense[row]
        if !total.isNaN { return Term(total) }
        let sum = input(inputs.personnelExpense) + input(inputs.administrativeExpense) + input(inputs.depreciation)
        return sum.isMissing ? sum : Term(sum.value, ValueFlags.operatingExpenseFromComponents.rawValue)
    }

    /// GNI per capita of the row's country and year; GNI-based values need US$ amounts.
    @inline(__always)
    var gniPerCapita: Term {
        if inputs.notUSD[row] != 0 { return .missing(.currencyNotUSD) }
        let value = inputs.gniPerCapita[row]
        return value.isNaN ? .missing(.noGNI) : Term(value)
    }

    /// `amount / GNI per capita`, with `currency_not_usd` taking precedence.
    @inline(__always)
    func perGNI(_ amount: Term) -> Term {
        if inputs.notUSD[row] != 0 { return .missing(.currencyNotUSD) }
        return amount.divided(by: gniPerCapita)
    }
}
