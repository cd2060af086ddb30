import MicroPanelColumns

/// The unit of an indicator's values.
public enum IndicatorUnit: String, Sendable {
    /// A count (borrowers, depositors).
    case count
    /// A fraction: 0.093 means 9.3%.
    case fraction
    /// A multiple: times GNI per capita, or a ratio such as debt/equity.
    case multiple
    /// An amount in the panel's currency (US$ for MIX data).
    case currency
    /// Persons per person (borrowers per staff member).
    case perPerson = "per_person"
    /// A category; values are the indices of ``IndicatorDefinition/categories``.
    case category
}

/// Everything said about one indicator: the command line, the docs and the outputs read it
/// from here, never from a second copy.
public struct IndicatorDefinition: Sendable {
    /// The indicator.
    public let indicator: Indicator
    /// The spec id (`par30`).
    public let id: String
    /// A readable name.
    public let name: String
    /// The family it belongs to (spec §3 headings).
    public let family: String
    /// The formula, in the spec's words.
    public let formula: String
    /// Where it comes from (CGAP, MicroRate, MIX).
    public let sources: [String]
    /// The input field keys it reads.
    public let inputs: [String]
    /// The unit of its values.
    public let unit: IndicatorUnit
    /// How stocks are averaged for it (spec §2), or that closing values are used.
    public let averaging: String
    /// Category names, for ``IndicatorUnit/category``.
    public let categories: [String]
    /// The country-year series it reads (GNI per capita, inflation, the market rate).
    public let series: [ReferenceSeries]
    /// Whether it needs the institution's row for fiscal year t−1.
    public let priorYear: PriorYearNeed
    /// The analyst's choices that change it (the options of `compute`), with their defaults.
    public let options: [String]

    /// Values that mean something on its scale, drawn as reference lines in charts: the depth
    /// tiers' bounds on `avg_loan_balance_gni`, break-even (1.0) on `oss` and `fss`.
    public var referenceLines: [(value: Double, label: String)] {
        switch indicator {
        case .avgLoanBalanceGNI:
            let bounds = IndicatorRegistry.depthTierBounds
            return [
                (bounds.lowEnd, "low_end | broad"), (bounds.broad, "broad | high_end"),
                (bounds.highEnd, "high_end | small_business"),
            ]
        case .oss, .fss: return [(1.0, "break-even")]
        default: return []
        }
    }

    /// Whether it divides by GNI per capita (needs US$ amounts and the GNI table).
    public var usesGNI: Bool { series.contains(.gniPerCapita) }

    /// The reasons this indicator can be missing for.
    public var missingReasons: [MissingReason] {
        var reasons: [MissingReason] = [.missingInput]
        if unit != .count && unit != .currency || Self.dividesAmounts.contains(indicator) {
            reasons.append(.zeroDenominator)
        }
        if indicator == .roe || indicator == .adjustedROE { reasons.append(.nonpositiveEquity) }
        if priorYear != .never { reasons.append(.noPriorYear) }
        if usesGNI { reasons += [.noGNI, .currencyNotUSD] }
        if usesGNI || unit == .currency { reasons.append(.noExchangeRate) }
        if series.contains(.inflation) { reasons.append(.noInflation) }
        if series.contains(.marketRate) { reasons.append(.noMarketRate) }
        if unit == .currency { reasons.append(.noPPP) }
        let suspects = Set(PlausibilityRules.all.flatMap(\.suspects).map(\.key))
        if !suspects.isDisjoint(with: inputFields) { reasons.append(.implausibleInput) }
        return reasons
    }

    /// Whether a blank `field` leaves this indicator missing: the field is among its inputs, and
    /// not as one counted 0 when absent (nor as an alternative of another).
    public func needs(_ field: String) -> Bool {
        inputs.contains { entry in
            entry == field || entry.hasPrefix(field + " (") && !entry.contains("absent = 0") && !entry.contains("else")
        }
    }

    /// Amounts that are quotients (cost per borrower, per loan), so can meet a zero denominator.
    private static let dividesAmounts: Set<Indicator> = [.avgLoanBalance, .costPerBorrower, .costPerLoan]

    /// The input field keys ``inputs`` names, alternatives included (`renegotiated (absent = 0)`
    /// gives `renegotiated`; `operating_expense (else personnel_expense + …)` gives each part).
    public var inputFields: [String] {
        var keys: [String] = []
        for input in inputs {
            let words = input.split { !($0.isLetter || $0.isNumber || $0 == "_") }.map(String.init)
            for word in words where FieldCatalog.field(key: word) != nil && !keys.contains(word) { keys.append(word) }
        }
        return keys
    }

}

/// A country-year series joined onto the panel by ISO3 code and fiscal year.
public enum ReferenceSeries: String, Sendable, CaseIterable {
    /// GNI per capita, Atlas method, current US$ (bundled: WDI NY.GNP.PCAP.CD).
    case gniPerCapita = "gni_per_capita"
    /// Consumer price inflation, percent (bundled: WDI FP.CPI.TOTL.ZG).
    case inflation
    /// The market interest rate, percent (bundled: WDI FR.INR.LEND, or FR.INR.DPST).
    case marketRate = "market_rate"
}

/// How an indicator depends on the prior fiscal year.
public enum PriorYearNeed: String, Sendable {
    /// Always (growth rates, the change in interest receivable of the cash yield).
    case always
    /// For period averages, unless the file has an explicit average column.
    case withoutExplicitAverage = "without_explicit_average"
    /// Never: closing values of the year.
    case never
}

/// The registry of every indicator of the spec.
public enum IndicatorRegistry {
    /// All definitions, in spec order.
    public static let all: [IndicatorDefinition] = Indicator.allCases.map(makeDefinition)

    /// The indicators that are amounts of money (unit `currency`): what `--currency`,
    /// `--constant-dollars` and `--to-usd` convert.
    public static let amounts: [Indicator] = all.filter { $0.unit == .currency }.map(\.indicator)

    /// Per indicator raw value, whether it is one of ``amounts``.
    static let isAmount: [Bool] = Indicator.allCases.map { amounts.contains($0) }

    /// The definition of `indicator`.
    public static func definition(_ indicator: Indicator) -> IndicatorDefinition {
        all[indicator.rawValue]
    }

    static let byID: [String: Indicator] = Dictionary(uniqueKeysWithValues: all.map { ($0.id, $0.indicator) })

    /// The inputs of the adjustments (adjustments contract §1), as `check` reports their gaps.
    public static let adjustmentInputs: [InputField] = [
        .par30To90, .par90To180, .par180Amount, .par365Amount, .renegotiated, .impairmentAllowance, .borrowings,
        .interestOnBorrowings, .netFixedAssets, .donations, .inKindSubsidy,
    ]

    /// The adjusted indicators (adjustments contract §2–3).
    public static let adjusted: [Indicator] = all.filter { $0.family == "Adjusted performance" }.map(\.indicator)

    /// The depth tiers of `depth_tier` (MIX target market), lowest first.
    public static let depthTiers = ["low_end", "broad", "high_end", "small_business"]

    /// The bounds between the depth tiers on `avg_loan_balance_gni`: low_end < 0.20 ≤ broad <
    /// 1.50 ≤ high_end ≤ 2.50 < small_business.
    public static let depthTierBounds = (lowEnd: 0.20, broad: 1.50, highEnd: 2.50)

    private static let closing = "closing values of the row's fiscal year"
    private static func averaged(_ stocks: String) -> String {
        "period average of \(stocks): the explicit average column if present, else (t−1 + t)/2, else by policy"
            + " (strict: missing, no_prior_year; closing: closing value, flagged avg_fallback)"
    }
    private static let growth = "needs the row for fiscal year t−1 (a gap is no prior year); never falls back"
    private static let inflationOption =
        "--inflation FILE (default: the bundled WDI consumer price inflation, FP.CPI.TOTL.ZG)"

    // swiftlint:disable:next function_body_length cyclomatic_complexity
    private static func makeDefinition(_ indicator: Indicator) -> IndicatorDefinition {
        func make(
            _ id: String, _ name: String, _ family: String, _ formula: String, _ sources: [String],
            _ inputs: [String], _ unit: IndicatorUnit, _ averaging: String,
            categories: [String] = [], usesGNI: Bool = false, series: [ReferenceSeries] = [],
            priorYear: PriorYearNeed? = nil, options: [String] = []
        ) -> IndicatorDefinition {
            let need =
                priorYear ?? (averaging == closing ? .never : averaging == growth ? .always : .withoutExplicitAverage)
            return IndicatorDefinition(
                indicator: indicator, id: id, name: name, family: family, formula: formula,
                sources: sources, inputs: inputs, unit: unit, averaging: averaging,
                categories: categories, series: usesGNI ? [.gniPerCapita] + series : series, priorYear: need,
                options: options)
        }
        let breadth = "Breadth of outreach"
        let depth = "Depth of outreach"
        let quality = "Portfolio quality"
        let profit = "Financial sustainability and profitability"
        let efficiency = "Efficiency and productivity"
        let management = "Financial management"
        let opex = ["operating_expense (else personnel_expense + administrative_expense + depreciation, flagged)"]
        let adjusted = "Adjusted performance"
        let clients = "Outreach by gender, location and methodology"
        func share(_ id: String, _ name: String, _ part: String, _ total: String, _ sources: [String])
            -> IndicatorDefinition
        {
            make(id, name, clients, "\(part) / \(total)", sources, [part, total], .fraction, closing)
        }
        let adjustmentSources = ["MicroRate", "MBB"]
        let provisionInputs = [
            "par90_180", "par180_amount", "renegotiated (absent = 0)", "par365_amount (absent = 0)",
            "impairment_allowance",
        ]
        let provisionOptions = [
            "--provisioning mbb|mbb-2003|FILE (default mbb: required reserve = \(ProvisioningRules.mbb.formula);"
                + " mbb-2003: \(ProvisioningRules.mbb2003.formula); FILE: bucket,rate rows)",
            "--provision-policy top-up|expense-all (default top-up)",
            "--write-off-rule on|off (default on: par365_amount is written off first)",
        ]
        let costOfFundsInputs = ["borrowings", "interest_on_borrowings", "market rate"]
        let marketRateOption =
            "--market-rate lending|deposit|FILE (default lending: WDI FR.INR.LEND; deposit: FR.INR.DPST)"
        let inflationInputs = ["equity", "avg_equity", "net_fixed_assets", "inflation rate"]
        let inflationOptions = [
            inflationOption,
            "--inflation-basis average|opening (default average; opening: the prior year-end values, needs year t−1)",
        ]
        let allAdjustmentInputs =
            provisionInputs + costOfFundsInputs + inflationInputs + ["in_kind_subsidy (absent = 0)"]
        let allAdjustmentOptions = provisionOptions + [marketRateOption] + inflationOptions
        let totalFormula = "adj_provision + adj_cost_of_funds + adj_inflation + adj_in_kind"
        let adjustedAveraging =
            "period averages (t−1 + t)/2 of borrowings, equity and net fixed assets (equity: avg_equity when"
            + " present), else by policy (strict: missing, no_prior_year; closing: closing value, flagged avg_fallback)"
        switch indicator {
        case .borrowers:
            return make(
                "borrowers", "Number of active borrowers", breadth, "borrowers", ["CGAP"], ["borrowers"], .count,
                closing)
        case .depositors:
            return make(
                "depositors", "Number of depositors", breadth, "depositors", ["CGAP"], ["depositors"], .count, closing)
        case .borrowerGrowth:
            return make(
                "borrower_growth", "Growth in active borrowers", breadth, "borrowers_t / borrowers_{t−1} − 1",
                ["CGAP"], ["borrowers"], .fraction, growth)
        case .glpGrowth:
            return make(
                "glp_growth", "Growth in gross loan portfolio", breadth, "glp_t / glp_{t−1} − 1",
                ["CGAP"], ["glp"], .fraction, growth)
        case .avgLoanBalance:
            return make(
                "avg_loan_balance", "Average loan balance per borrower", depth, "glp / borrowers",
                ["CGAP", "MIX"], ["glp", "borrowers"], .currency, closing)
        case .avgLoanBalanceGNI:
            return make(
                "avg_loan_balance_gni", "Average loan balance per borrower / GNI per capita", depth,
                "avg_loan_balance / GNI per capita of the country and year", ["CGAP", "MIX"],
                ["glp", "borrowers", "GNI per capita"], .multiple, closing, usesGNI: true)
        case .depthTier:
            return make(
                "depth_tier", "Target market by depth (MIX)", depth,
                "by avg_loan_balance_gni: low_end < 0.20 ≤ broad < 1.50 ≤ high_end ≤ 2.50 < small_business",
                ["MIX"], ["glp", "borrowers", "GNI per capita"], .category, closing,
                categories: depthTiers, usesGNI: true)
        case .avgDepositBalanceGNI:
            return make(
                "avg_deposit_balance_gni", "Average deposit balance per depositor / GNI per capita", depth,
                "(deposits / depositors) / GNI per capita", ["MIX"], ["deposits", "depositors", "GNI per capita"],
                .multiple, closing, usesGNI: true)
        case .par30:
            return make(
                "par30", "Portfolio at risk > 30 days", quality, "(par30_amount + renegotiated) / glp",
                ["CGAP", "MicroRate", "MIX"], ["par30_amount", "renegotiated (absent = 0)", "glp"], .fraction, closing)
        case .par90:
            return make(
                "par90", "Portfolio at risk > 90 days", quality, "(par90_amount + renegotiated) / glp",
                ["MicroRate", "MIX"], ["par90_amount", "renegotiated (absent = 0)", "glp"], .fraction, closing)
        case .lar30:
            return make(
                "lar30", "Loans at risk > 30 days", quality, "loans_at_risk30 / loans", ["CGAP"],
                ["loans_at_risk30", "loans"], .fraction, closing)
        case .writeOffRatio:
            return make(
                "write_off_ratio", "Write-off ratio", quality, "write_offs / avg glp",
                ["CGAP", "MicroRate", "MIX"], ["write_offs", "glp", "avg_glp"], .fraction, averaged("glp"))
        case .par30WriteOffs:
            return make(
                "par30_write_offs", "PAR30 plus write-offs", quality, "par30 + write_off_ratio",
                ["CGAP"], ["par30_amount", "renegotiated (absent = 0)", "glp", "write_offs", "avg_glp"], .fraction,
                averaged("glp") + " (the write-off ratio's); PAR at closing values")
        case .loanLossRate:
            return make(
                "loan_loss_rate", "Loan loss rate", quality, "(write_offs − recoveries) / avg glp", ["MIX"],
                ["write_offs", "recoveries (absent = 0)", "glp", "avg_glp"], .fraction, averaged("glp"))
        case .provisionExpenseRatio:
            return make(
                "provision_expense_ratio", "Provision expense ratio", quality, "impairment_expense / avg glp",
                ["MicroRate"], ["impairment_expense", "glp", "avg_glp"], .fraction, averaged("glp"))
        case .riskCoverage:
            return make(
                "risk_coverage", "Risk coverage", quality, "impairment_allowance / (par30_amount + renegotiated)",
                ["MicroRate", "MIX"], ["impairment_allowance", "par30_amount", "renegotiated (absent = 0)"],
                .fraction, closing)
        case .roa:
            return make(
                "roa", "Return on assets", profit, "(net_operating_income − tax) / avg assets", ["CGAP", "MIX"],
                ["net_operating_income", "tax (absent = 0)", "assets", "avg_assets"], .fraction, averaged("assets"))
        case .roe:
            return make(
                "roe", "Return on equity", profit,
                "(net_operating_income − tax) / avg equity; missing (nonpositive_equity) when avg equity ≤ 0",
                ["CGAP", "MIX"], ["net_operating_income", "tax (absent = 0)", "equity", "avg_equity"],
                .fraction, averaged("equity"))
        case .oss:
            return make(
                "oss", "Operational self-sufficiency", profit,
                "financial_revenue / (funding_expense + impairment_expense + operating_expense)", ["MIX"],
                ["financial_revenue", "funding_expense", "impairment_expense"] + opex, .fraction, closing)
        case .yieldNominal:
            return make(
                "yield_nominal", "Yield on gross portfolio (nominal)", profit, "loan_revenue / avg glp", ["MIX"],
                ["loan_revenue", "glp", "avg_glp"], .fraction, averaged("glp"))
        case .yieldCash:
            return make(
                "yield_cash", "Yield on gross portfolio (cash basis)", profit,
                "(loan_revenue − (interest_receivable_t − interest_receivable_{t−1})) / avg glp", ["MicroRate"],
                ["loan_revenue", "interest_receivable", "glp", "avg_glp"], .fraction,
                averaged("glp") + "; interest_receivable_{t−1} " + growth, priorYear: .always)
        case .yieldReal:
            return make(
                "yield_real", "Yield on gross portfolio (real)", profit,
                "(yield_nominal − inflation) / (1 + inflation), inflation as a fraction", ["MIX"],
                ["loan_revenue", "glp", "avg_glp", "inflation rate"], .fraction, averaged("glp"), series: [.inflation],
                options: [inflationOption])
        case .profitMargin:
            return make(
                "profit_margin", "Profit margin", profit, "net_operating_income / financial_revenue", ["MIX"],
                ["net_operating_income", "financial_revenue"], .fraction, closing)
        case .oer:
            return make(
                "oer", "Operating expense ratio", efficiency, "operating_expense / avg glp",
                ["CGAP", "MicroRate", "MIX"], opex + ["glp", "avg_glp"], .fraction, averaged("glp"))
        case .costPerBorrower:
            return make(
                "cost_per_borrower", "Cost per borrower", efficiency, "operating_expense / avg borrowers",
                ["CGAP", "MicroRate", "MIX"], opex + ["borrowers", "avg_borrowers"], .currency, averaged("borrowers"))
        case .costPerBorrowerGNI:
            return make(
                "cost_per_borrower_gni", "Cost per borrower / GNI per capita", efficiency,
                "cost_per_borrower / GNI per capita", ["CGAP"],
                opex + ["borrowers", "avg_borrowers", "GNI per capita"], .multiple, averaged("borrowers"),
                usesGNI: true)
        case .costPerLoan:
            return make(
                "cost_per_loan", "Cost per loan", efficiency, "operating_expense / avg loans", ["MIX"],
                opex + ["loans", "avg_loans"], .currency, averaged("loans"))
        case .borrowersPerStaff:
            return make(
                "borrowers_per_staff", "Borrowers per staff member", efficiency, "borrowers / personnel",
                ["MicroRate", "MIX"], ["borrowers", "personnel"], .perPerson, closing)
        case .borrowersPerLoanOfficer:
            return make(
                "borrowers_per_loan_officer", "Borrowers per loan officer", efficiency, "borrowers / loan_officers",
                ["MicroRate", "MIX"], ["borrowers", "loan_officers"], .perPerson, closing)
        case .fundingExpenseRatio:
            return make(
                "funding_expense_ratio", "Funding expense ratio", management, "funding_expense / avg glp",
                ["MicroRate"], ["funding_expense", "glp", "avg_glp"], .fraction, averaged("glp"))
        case .costOfFunds:
            return make(
                "cost_of_funds", "Cost of funds", management,
                "funding_expense / avg(deposits + borrowings + subordinated_debt); needs deposits and borrowings columns",
                ["MicroRate"], ["funding_expense", "deposits", "borrowings", "subordinated_debt (absent = 0)"],
                .fraction,
                averaged("funding liabilities (deposits + borrowings + subordinated_debt)")
                    + "; a missing part counts as 0 while another part is present")
        case .debtToEquity:
            return make(
                "debt_to_equity", "Debt to equity", management, "liabilities / equity", ["MicroRate", "MIX"],
                ["liabilities", "equity"], .multiple, closing)
        case .capitalToAssets:
            return make(
                "capital_to_assets", "Capital to assets", management, "equity / assets", ["MIX"],
                ["equity", "assets"], .fraction, closing)
        case .adjProvision:
            return make(
                "adj_provision", "Provisioning adjustment", adjusted,
                "top-up: max(0, required reserve − (impairment_allowance − par365_amount)); expense-all: required"
                    + " reserve; required reserve by the rule set, with par180_amount − par365_amount in place of"
                    + " par180_amount under the write-off rule",
                adjustmentSources, provisionInputs, .currency, closing, options: provisionOptions)
        case .adjCostOfFunds:
            return make(
                "adj_cost_of_funds", "Subsidised cost of funds adjustment", adjusted,
                "max(0, market rate × avg borrowings − interest_on_borrowings)", adjustmentSources,
                costOfFundsInputs, .currency, averaged("borrowings"), series: [.marketRate],
                options: [marketRateOption])
        case .adjInflation:
            return make(
                "adj_inflation", "Inflation adjustment", adjusted,
                "inflation × (avg equity − avg net_fixed_assets); opening basis: the prior year-end values;"
                    + " negative when fixed assets exceed equity",
                adjustmentSources, inflationInputs, .currency, averaged("equity and net fixed assets"),
                series: [.inflation], options: inflationOptions)
        case .adjInKind:
            return make(
                "adj_in_kind", "In-kind subsidy adjustment", adjusted, "in_kind_subsidy", adjustmentSources,
                ["in_kind_subsidy (absent = 0)"], .currency, closing)
        case .adjustmentsTotal:
            return make(
                "adjustments_total", "Total adjustments", adjusted, totalFormula, adjustmentSources,
                allAdjustmentInputs, .currency, adjustedAveraging, series: [.inflation, .marketRate],
                options: allAdjustmentOptions)
        case .adjustedNetIncome:
            return make(
                "adjusted_net_income", "Adjusted net income", adjusted,
                "net_operating_income − tax − adjustments_total", adjustmentSources,
                ["net_operating_income", "tax (absent = 0)"] + allAdjustmentInputs, .currency, adjustedAveraging,
                series: [.inflation, .marketRate], options: allAdjustmentOptions)
        case .adjustedROA:
            return make(
                "adjusted_roa", "Adjusted return on assets", adjusted, "adjusted_net_income / avg assets",
                adjustmentSources + ["MIX"],
                ["net_operating_income", "tax (absent = 0)", "assets", "avg_assets"] + allAdjustmentInputs,
                .fraction, adjustedAveraging + "; assets likewise (avg_assets when present)",
                series: [.inflation, .marketRate],
                options: allAdjustmentOptions)
        case .adjustedROE:
            return make(
                "adjusted_roe", "Adjusted return on equity", adjusted,
                "adjusted_net_income / avg equity; missing (nonpositive_equity) when avg equity ≤ 0",
                adjustmentSources + ["MIX"], ["net_operating_income", "tax (absent = 0)"] + allAdjustmentInputs,
                .fraction, adjustedAveraging, series: [.inflation, .marketRate], options: allAdjustmentOptions)
        case .fss:
            return make(
                "fss", "Financial self-sufficiency", adjusted,
                "financial_revenue / (funding_expense + impairment_expense + operating_expense + adjustments_total)",
                adjustmentSources + ["MIX"],
                ["financial_revenue", "funding_expense", "impairment_expense"] + opex + allAdjustmentInputs,
                .fraction, adjustedAveraging, series: [.inflation, .marketRate], options: allAdjustmentOptions)
        case .sdi:
            return make(
                "sdi", "Subsidy Dependence Index", adjusted,
                "S / loan_revenue, S = market rate × avg borrowings − interest_on_borrowings + market rate × avg"
                    + " equity − P + donations + in_kind_subsidy, P = net_operating_income − adj_provision",
                ["Yaron (1992)", "Schreiner & Yaron (2001)"],
                costOfFundsInputs + ["equity", "avg_equity", "net_operating_income", "loan_revenue"]
                    + provisionInputs + ["donations (absent = 0)", "in_kind_subsidy (absent = 0)"],
                .fraction, averaged("borrowings and equity"), series: [.marketRate],
                options: provisionOptions + [marketRateOption])
        case .femaleBorrowerShare:
            return share(
                "female_borrower_share", "Share of female borrowers", "female_borrowers", "borrowers",
                ["MIX", "SPTF", "Cerise SPI4"])
        case .ruralBorrowerShare:
            return share(
                "rural_borrower_share", "Share of rural borrowers", "rural_borrowers", "borrowers",
                ["MIX", "Cerise SPI4"])
        case .femalePortfolioShare:
            return share(
                "female_portfolio_share", "Share of the portfolio lent to women", "glp_female", "glp",
                ["MIX", "Cerise SPI4"])
        case .ruralPortfolioShare:
            return share(
                "rural_portfolio_share", "Share of the portfolio lent in rural areas", "glp_rural", "glp",
                ["MIX", "Cerise SPI4"])
        case .borrowerRetention:
            return make(
                "borrower_retention", "Borrower retention rate", clients,
                "borrowers_t / (borrowers_{t−1} + new_borrowers_t)", ["MIX", "SPTF"],
                ["borrowers", "new_borrowers"], .fraction, growth)
        case .femaleLoanOfficerShare:
            return share(
                "female_loan_officer_share", "Share of female loan officers", "female_loan_officers",
                "loan_officers", ["MIX", "SPTF"])
        case .femaleStaffShare:
            return share(
                "female_staff_share", "Share of female staff", "female_personnel", "personnel", ["MIX", "SPTF"])
        case .femaleManagerShare:
            return share(
                "female_manager_share", "Share of female managers", "female_managers", "managers", ["MIX", "SPTF"])
        case .femaleBoardShare:
            return share(
                "female_board_share", "Share of women on the board", "female_board_members", "board_members",
                ["MIX", "SPTF"])
        case .groupLendingShare:
            return make(
                "group_lending_share", "Share of the portfolio in group lending", clients,
                "(glp_solidarity + glp_village) / glp", ["MIX"], ["glp_solidarity", "glp_village", "glp"], .fraction,
                closing)
        }
    }
}
