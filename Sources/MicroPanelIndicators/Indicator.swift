/// Every indicator of the contracts (`indicators.md` §3, `adjustments.md` §2–3, `outreach.md` §1),
/// in their order; the raw value is the output column index.
public enum Indicator: Int, CaseIterable, Sendable, Comparable {
    case borrowers, depositors, borrowerGrowth, glpGrowth
    case avgLoanBalance, avgLoanBalanceGNI, depthTier, avgDepositBalanceGNI
    case par30, par90, lar30, writeOffRatio, par30WriteOffs, loanLossRate, provisionExpenseRatio, riskCoverage
    case roa, roe, oss, yieldNominal, yieldCash, yieldReal, profitMargin
    case oer, costPerBorrower, costPerBorrowerGNI, costPerLoan, borrowersPerStaff, borrowersPerLoanOfficer
    case fundingExpenseRatio, costOfFunds, debtToEquity, capitalToAssets
    case adjProvision, adjCostOfFunds, adjInflation, adjInKind, adjustmentsTotal
    case adjustedNetIncome, adjustedROA, adjustedROE, fss, sdi
    case femaleBorrowerShare, ruralBorrowerShare, femalePortfolioShare, ruralPortfolioShare, borrowerRetention
    case femaleLoanOfficerShare, femaleStaffShare, femaleManagerShare, femaleBoardShare, groupLendingShare

    /// The spec's id (`avg_loan_balance_gni`), used in outputs and on the command line.
    public var id: String { IndicatorRegistry.definition(self).id }

    /// The indicator with spec id `id`.
    public init?(id: String) {
        guard let found = IndicatorRegistry.byID[id] else { return nil }
        self = found
    }

    /// The indicator a user named: its id in any case (`ROA`, `Par30`).
    public init?(named name: String) {
        self.init(id: name.lowercased())
    }

    public static func < (lhs: Indicator, rhs: Indicator) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// Why an indicator has no value for a row (spec §3).
public enum MissingReason: UInt8, CaseIterable, Sendable {
    /// An input the formula needs is missing.
    case missingInput = 1
    /// The denominator is zero.
    case zeroDenominator = 2
    /// ROE: average equity is zero or negative.
    case nonpositiveEquity = 3
    /// The institution has no row for fiscal year t−1 (and no explicit average).
    case noPriorYear = 4
    /// No GNI per capita for the country and year.
    case noGNI = 5
    /// No inflation rate for the country and year (or no inflation table).
    case noInflation = 6
    /// Amounts are not in US$ (`Currency` present and not USD): no GNI-based value.
    case currencyNotUSD = 7
    /// An input a plausibility rule of the registry blocks (``PlausibilityRules``), e.g. PAR
    /// above the portfolio.
    case implausibleInput = 8
    /// No market interest rate for the country and year (the adjustments' cost of funds and SDI).
    case noMarketRate = 9
    /// `--currency ppp`: no exchange rate or PPP factor for the country and year (or an amount
    /// not in US$).
    case noPPP = 10
    /// `--to-usd`: the row's amounts are not in US$ and there is no official exchange rate for
    /// its country and year.
    case noExchangeRate = 11

    /// The bits of a status byte that hold a reason (the others hold ``ValueFlags``).
    static let mask: UInt8 = 0x0F

    /// The spec's name (`no_prior_year`).
    public var name: String {
        switch self {
        case .missingInput: return "missing_input"
        case .zeroDenominator: return "zero_denominator"
        case .nonpositiveEquity: return "nonpositive_equity"
        case .noPriorYear: return "no_prior_year"
        case .noGNI: return "no_gni"
        case .noInflation: return "no_inflation"
        case .currencyNotUSD: return "currency_not_usd"
        case .implausibleInput: return "implausible_input"
        case .noMarketRate: return "no_market_rate"
        case .noPPP: return "no_ppp"
        case .noExchangeRate: return "no_exchange_rate"
        }
    }
}

/// Notes on a value that is present but approximate.
public struct ValueFlags: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// A period average fell back to the closing value (policy `closing`, no prior year).
    public static let averageFallback = ValueFlags(rawValue: 0x10)
    /// Operating expense was summed from personnel, administrative and depreciation expense.
    public static let operatingExpenseFromComponents = ValueFlags(rawValue: 0x20)
    /// The value comes from an input a plausibility rule flags, kept by `--implausible keep`.
    public static let implausibleInput = ValueFlags(rawValue: 0x40)
    /// The value was clipped to the P or 1 − P quantile of the rows written (`--winsorize P`).
    public static let winsorized = ValueFlags(rawValue: 0x80)

    /// The flags' names, as written in outputs.
    public var names: [String] {
        var names: [String] = []
        if contains(.averageFallback) { names.append("avg_fallback") }
        if contains(.operatingExpenseFromComponents) { names.append("opex_from_components") }
        if contains(.implausibleInput) { names.append("implausible_input") }
        if contains(.winsorized) { names.append("winsorized") }
        return names
    }
}

/// The state of one computed cell: a missing reason (value NaN) or flags on a present value.
public struct CellStatus: Sendable, Hashable {
    /// Low four bits: a ``MissingReason`` or 0; higher bits: ``ValueFlags``.
    public let rawValue: UInt8

    /// A status from its raw byte.
    @inline(__always)
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// Why the value is missing; nil when it is present.
    public var missingReason: MissingReason? { MissingReason(rawValue: rawValue & MissingReason.mask) }
    /// Notes on a present value.
    public var flags: ValueFlags { ValueFlags(rawValue: rawValue & ~MissingReason.mask) }

    /// How `flags` writes this status for `indicator` (`roe:nonpositive_equity`,
    /// `oer:avg_fallback+opex_from_components`); nil when there is nothing to say. Entries of a
    /// row are joined by ``flagSeparator``.
    public func flagEntry(_ indicator: Indicator) -> String? {
        names.isEmpty ? nil : indicator.id + ":" + flagWords
    }

    /// The words of this status joined as `flags` writes them (`avg_fallback+opex_from_components`).
    public var flagWords: String { names.joined(separator: "+") }

    /// Between the entries of one row's `flags`.
    public static let flagSeparator = ";"

    /// The words written for this status in `flags`: the missing reason, or the flags of a present
    /// value; none for 0 and for bytes no computation gives (a reason with flags, an unknown reason).
    public var names: [String] {
        if rawValue & MissingReason.mask == 0 { return flags.names }
        guard let reason = missingReason, flags.isEmpty else { return [] }
        return [reason.name]
    }
}
