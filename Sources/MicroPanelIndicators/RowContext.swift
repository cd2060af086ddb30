/// How the formulas treat what the inputs cannot give: period averages without a prior year,
/// and inputs a plausibility rule does not believe. Set once per computation (from
/// ``PanelOptions``).
public struct FormulaOptions: Sendable, Equatable {
    /// Period averages without a prior year.
    public var averaging: AveragingPolicy
    /// Values computed from implausible inputs.
    public var implausible: ImplausiblePolicy
    /// The analyst's choices in the adjusted indicators.
    public var adjustments: AdjustmentOptions

    /// The defaults: strict averages, implausible inputs block what they feed, the contract's
    /// default adjustments.
    public init(
        averaging: AveragingPolicy = .strict, implausible: ImplausiblePolicy = .block,
        adjustments: AdjustmentOptions = AdjustmentOptions()
    ) {
        self.averaging = averaging
        self.implausible = implausible
        self.adjustments = adjustments
    }

    /// The status an implausible input reads with: a missing reason, or a flag on a kept value.
    var implausibleStatus: UInt8 {
        implausible == .block ? MissingReason.implausibleInput.rawValue : ValueFlags.implausibleInput.rawValue
    }
}

/// Whether a row's reads look at the plausibility masks. Rows where no rule fired, in the row or
/// its prior year (nearly all), are computed by a specialisation in which every check is compiled
/// away, so the masks cost the kernel one test per row.
protocol SuspectTracking {
    static var isOn: Bool { get }
}

/// Reads check the masks: the row or its prior year has an implausible input.
enum TrackSuspects: SuspectTracking {
    static var isOn: Bool { true }
}

/// Reads ignore the masks: no rule fired on the row or its prior year.
enum IgnoreSuspects: SuspectTracking {
    static var isOn: Bool { false }
}

/// One institution-year as the formulas see it: its table row, its prior year's row, the
/// inputs, and the period averages several indicators share.
struct RowContext<Tracking: SuspectTracking> {
    let inputs: IndicatorInputs
    /// Table row of this institution-year.
    let row: Int
    /// Table row of fiscal year t−1, or −1.
    let prior: Int
    let averaging: AveragingPolicy
    /// The status an implausible input reads with (see ``FormulaOptions``).
    let implausible: UInt8
    /// Fields a plausibility rule does not believe in this row, and in the prior year's row.
    let suspect: UInt64, priorSuspect: UInt64
    /// The provisioning rates (adjustments contract §2.1) and the other adjustment choices.
    let provisioning: ProvisioningRules.Rates
    let expenseAllProvisions: Bool, writeOffRule: Bool, openingInflationBasis: Bool

    @inline(__always)
    init(inputs: IndicatorInputs, row: Int, prior: Int, options: FormulaOptions, suspect: UInt64, priorSuspect: UInt64)
    {
        self.inputs = inputs
        self.row = row
        self.prior = prior
        averaging = options.averaging
        implausible = options.implausibleStatus
        self.suspect = suspect
        self.priorSuspect = priorSuspect
        let adjustments = options.adjustments
        provisioning = adjustments.provisioning.numericRates
        expenseAllProvisions = adjustments.provisionPolicy == .expenseAll
        writeOffRule = adjustments.writeOffRule
        openingInflationBasis = adjustments.inflationBasis == .opening
    }

    /// The status of `field` under `mask`: `implausible` when a rule flagged it, else 0.
    @inline(__always)
    func implausibility(_ field: InputField, _ mask: UInt64) -> UInt8 {
        Tracking.isOn && mask & field.bit != 0 ? implausible : 0
    }

    @inline(__always)
    func input(_ field: InputField) -> Term { .input(inputs[field][row], implausible: implausibility(field, suspect)) }

    @inline(__always)
    func zeroIfAbsent(_ field: InputField) -> Term {
        .zeroIfAbsent(inputs[field][row], implausible: implausibility(field, suspect))
    }

    /// The period average of a stock (spec §2): the explicit average if present, else the mean
    /// of t−1 and t, else by policy.
    @inline(__always)
    func average(_ closing: InputField, explicit: InputField) -> Term {
        let fromClosing = averageOf(
            closing: inputs[closing][row], prior: valueAtPrior(inputs[closing]),
            implausible: implausibility(closing, suspect | priorSuspect))
        let given = inputs[explicit][row]
        return given.isNaN ? fromClosing : Term(given, implausibility(explicit, suspect))
    }

    /// The period average of a stock with no explicit average column: the mean of t−1 and t,
    /// else by policy.
    @inline(__always)
    func average(_ closing: InputField) -> Term {
        averageOf(
            closing: inputs[closing][row], prior: valueAtPrior(inputs[closing]),
            implausible: implausibility(closing, suspect | priorSuspect))
    }

    /// The period average of closing values `closing` (t) and `prior` (t−1, NaN when absent),
    /// with `implausible` the status of either when a rule flagged it.
    @inline(__always)
    func averageOf(closing: Double, prior priorValue: Double, implausible: UInt8) -> Term {
        // Selects rather than branches (see `Term.combined`).
        let hasPrior = !priorValue.isNaN
        let withoutPrior: UInt8 =
            averaging == .closing
            ? ValueFlags.averageFallback.rawValue
            : (prior >= 0 ? MissingReason.missingInput : MissingReason.noPriorYear).rawValue
        let status = closing.isNaN ? MissingReason.missingInput.rawValue : (hasPrior ? 0 : withoutPrior)
        return Term(hasPrior ? (priorValue + closing) / 2 : closing, Term.combined(status, implausible))
    }

    /// A stock's value at t−1: needs the prior row (`no_prior_year`), never falls back.
    @inline(__always)
    func priorValue(_ field: InputField) -> Term {
        let value = Term.input(valueAtPrior(inputs[field]), implausible: implausibility(field, priorSuspect))
        return prior >= 0 ? value : .missing(.noPriorYear)
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
        if !inputs[.operatingExpense][row].isNaN { return input(.operatingExpense) }
        let sum = input(.personnelExpense) + input(.administrativeExpense) + input(.depreciation)
        return sum.isMissing ? sum : Term(sum.value, sum.status | ValueFlags.operatingExpenseFromComponents.rawValue)
    }

    /// GNI per capita of the row's country and year; GNI-based values need US$ amounts.
    @inline(__always)
    var gniPerCapita: Term {
        if inputs.notUSD[row] != 0 { return .missing(notUSDReason) }
        let value = inputs.gniPerCapita[row]
        return value.isNaN ? .missing(.noGNI) : Term(value)
    }

    /// A rate of the row's country and year in percent (inflation, the market rate), as a
    /// fraction; missing with `reason` when the series has no value.
    @inline(__always)
    func rate(_ percent: UnsafePointer<Double>, missing reason: MissingReason) -> Term {
        let value = percent[row]
        return value.isNaN ? .missing(reason) : Term(value / 100)
    }

    /// `amount / GNI per capita`, with `currency_not_usd` (or `no_exchange_rate`) taking precedence.
    @inline(__always)
    func perGNI(_ amount: Term) -> Term {
        if inputs.notUSD[row] != 0 { return .missing(notUSDReason) }
        return amount.divided(by: gniPerCapita)
    }

    /// Why a row not in US$ has no GNI-based value: its currency, or (`--to-usd`) no exchange rate.
    private var notUSDReason: MissingReason {
        inputs.notUSD[row] == NotUSDFlags.withoutExchangeRate ? .noExchangeRate : .currencyNotUSD
    }
}
