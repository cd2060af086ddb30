#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// How a column's values are stored.
public enum ColumnKind: String, Sendable {
    /// Float64, missing as NaN: amounts, counts, ratios.
    case number
    /// Int64: fiscal years.
    case integer
    /// Dictionary-encoded text: ids, names, countries.
    case text
}

/// What a field is for.
public enum FieldRole: Sendable, Equatable {
    /// Identifies the institution-year (`mfi_id`, `fiscal_year`).
    case key
    /// Describes the institution (name, country, region, currency, ...).
    case descriptor
    /// An amount or count the indicators are computed from (spec §1).
    case input
    /// A ratio MIX published, kept to compare with the indicator `indicator`; MIX rounds it to
    /// `decimals` decimal places.
    case publishedRatio(indicator: String, decimals: Int)
}

/// One field of the spec's input (§1): its key, the headers that name it, its kind and role.
public struct FieldDefinition: Sendable, Equatable {
    /// The field's key (`glp`, `mfi_id`, `mix_roa`).
    public let key: String
    /// Header names that mean this field; the first is MIX's spelling.
    public let headers: [String]
    /// How its values are stored.
    public let kind: ColumnKind
    /// What it is for.
    public let role: FieldRole
    /// For whole numbers, the values that are plausible (others are errors, or missing with
    /// `--on-bad-number missing`).
    public let plausibleRange: ClosedRange<Int64>?

    /// A field named `key`, matched by `headers`.
    public init(
        _ key: String, _ headers: [String], _ kind: ColumnKind = .number, _ role: FieldRole = .input,
        plausibleRange: ClosedRange<Int64>? = nil
    ) {
        self.key = key
        self.headers = headers
        self.kind = kind
        self.role = role
        self.plausibleRange = plausibleRange
    }
}

/// Fiscal years a panel can hold: none before 1950, none after next year.
public enum FiscalYear {
    /// The plausible years, from 1950 to the year after the current one (UTC).
    public static let plausible: ClosedRange<Int64> = 1950...(currentYear + 1)

    private static var currentYear: Int64 {
        var now = time(nil)
        var parts = tm()
        gmtime_r(&now, &parts)
        return Int64(parts.tm_year) + 1900
    }
}

/// The fields MicroPanel reads: the spec's keys, descriptors and inputs, and MIX's published
/// ratios (read only to compare results with them).
public enum FieldCatalog {
    /// Every field, in spec order.
    public static let all: [FieldDefinition] = keys + descriptors + inputs + publishedRatios

    /// `mfi_id` and `fiscal_year`.
    public static let keys: [FieldDefinition] = [
        FieldDefinition("mfi_id", ["MFI ID"], .text, .key),
        FieldDefinition("fiscal_year", ["Fiscal Year"], .integer, .key, plausibleRange: FiscalYear.plausible),
    ]

    /// Descriptors of the institution and the row.
    public static let descriptors: [FieldDefinition] = [
        FieldDefinition("mfi_name", ["MFI Name"], .text, .descriptor),
        FieldDefinition("country", ["Country"], .text, .descriptor),
        FieldDefinition("iso3", ["ISO3", "Country Code", "Country ISO3"], .text, .descriptor),
        FieldDefinition("region", ["Region"], .text, .descriptor),
        FieldDefinition("currency", ["Currency"], .text, .descriptor),
        FieldDefinition(
            "legal_status", ["Legal Status", "Current Legal Status", "Last known legal status"],
            .text, .descriptor),
        FieldDefinition("period_type", ["Period Type"], .text, .descriptor),
        // The year the institution was established (a year, or a date holding one): its age.
        FieldDefinition(
            "established",
            ["Year Established", "Date Established", "Established", "Year of Establishment", "Establishment Year"],
            .text, .descriptor),
        FieldDefinition("as_of_date", ["As of Date"], .text, .descriptor),
        // The last day of the institution's fiscal year, MM-DD (`micropanel portfolio --institutions`).
        FieldDefinition("fiscal_year_end", ["Fiscal Year End", "FYE"], .text, .descriptor),
    ]

    /// Amounts and counts (spec §1 table), including MIX's explicit period averages.
    public static let inputs: [FieldDefinition] = [
        FieldDefinition("assets", ["Assets"]),
        FieldDefinition("liabilities", ["Liabilities"]),
        FieldDefinition("equity", ["Equity"]),
        FieldDefinition("glp", ["Gross Loan Portfolio"]),
        FieldDefinition("deposits", ["Deposits"]),
        FieldDefinition("borrowings", ["Borrowings"]),
        FieldDefinition("subordinated_debt", ["Subordinated debt"]),
        FieldDefinition("par30_amount", ["Gross Loan Portfolio > Delinquency > One month or more"]),
        FieldDefinition(
            "par90_amount", ["Gross Loan Portfolio > Delinquency > One month or more > More than three months"]),
        // MIX's delinquency buckets (adjustments contract §1): parts of par30_amount and par90_amount.
        FieldDefinition(
            "par30_90", ["Gross Loan Portfolio > Delinquency > One month or more > From one to three months"]),
        FieldDefinition(
            "par90_180",
            [
                "Gross Loan Portfolio > Delinquency > One month or more > More than three months"
                    + " > From three to six months"
            ]),
        FieldDefinition(
            "par180_amount",
            [
                "Gross Loan Portfolio > Delinquency > One month or more > More than three months"
                    + " > More than six months"
            ]),
        FieldDefinition("renegotiated", ["Gross Loan Portfolio > Delinquency > Renegotiated loans"]),
        FieldDefinition("impairment_allowance", ["Impairment loss allowance"]),
        FieldDefinition("interest_receivable", ["Interest receivable"]),
        FieldDefinition("financial_revenue", ["Financial revenue"]),
        FieldDefinition("loan_revenue", ["Financial revenue from loans"]),
        FieldDefinition("funding_expense", ["Financial expense on funding liabilities"]),
        FieldDefinition("impairment_expense", ["Net impairment loss, gross loan portfolio"]),
        FieldDefinition("operating_expense", ["Operating expense"]),
        FieldDefinition("personnel_expense", ["Personnel expense"]),
        FieldDefinition("administrative_expense", ["Administrative expense"]),
        FieldDefinition(
            "depreciation", ["Depreciation and amortisation expense", "Depreciation and amortization expense"]),
        FieldDefinition("net_operating_income", ["Net operating income"]),
        FieldDefinition("tax", ["Tax expense"]),
        FieldDefinition("write_offs", ["Write offs"]),
        FieldDefinition("recoveries", ["Recoveries on loans written off"]),
        FieldDefinition("borrowers", ["Number of active borrowers"]),
        FieldDefinition("loans", ["Number of loans outstanding"]),
        FieldDefinition("depositors", ["Number of depositors"]),
        FieldDefinition("loans_at_risk30", ["Loans at risk > 30 days"]),
        FieldDefinition("personnel", ["Personnel"]),
        FieldDefinition("loan_officers", ["Loan officers"]),
        FieldDefinition("avg_assets", ["Average assets"]),
        FieldDefinition("avg_equity", ["Average equity"]),
        FieldDefinition("avg_glp", ["Average gross loan portfolio"]),
        FieldDefinition("avg_borrowers", ["Average number of active borrowers"]),
        FieldDefinition("avg_loans", ["Average number of loans outstanding"]),
        // The adjustments' inputs (adjustments contract §1); par365_amount and in_kind_subsidy are
        // not MIX fields.
        FieldDefinition(
            "par365_amount",
            [
                "Gross Loan Portfolio > Delinquency > One month or more > More than three months"
                    + " > More than six months > More than one year"
            ]),
        FieldDefinition("interest_on_borrowings", ["Interest expense on borrowings"]),
        FieldDefinition("net_fixed_assets", ["Net fixed assets"]),
        FieldDefinition("donations", ["Donations"]),
        FieldDefinition("in_kind_subsidy", ["In-kind subsidy"]),
        // Outreach by gender, location, retention and methodology (outreach contract §1).
        FieldDefinition("female_borrowers", ["Number of active borrowers > Gender > Female"]),
        FieldDefinition("rural_borrowers", ["Number of active borrowers > Location > Rural"]),
        FieldDefinition("new_borrowers", ["Number of new borrowers"]),
        FieldDefinition("female_loan_officers", ["Loan officers > Gender > Female"]),
        FieldDefinition("female_personnel", ["Personnel > Gender > Female"]),
        FieldDefinition("managers", ["Number of managers"]),
        FieldDefinition("female_managers", ["Number of managers > Gender > Female"]),
        FieldDefinition("board_members", ["Number of board members"]),
        FieldDefinition("female_board_members", ["Number of board members > Gender > Female"]),
        FieldDefinition("glp_female", ["Gross Loan Portfolio > Gender > Female"]),
        FieldDefinition("glp_rural", ["Gross Loan Portfolio > Location > Rural"]),
        FieldDefinition("glp_individual", ["Gross Loan Portfolio > Methodology > Individual"]),
        FieldDefinition("glp_solidarity", ["Gross Loan Portfolio > Methodology > Solidarity Group"]),
        FieldDefinition("glp_village", ["Gross Loan Portfolio > Methodology > Village Banking SHG"]),
    ]

    /// The inputs that are counts (of borrowers, loans, depositors, staff, board members).
    public static let countKeys: Set<String> = [
        "borrowers", "loans", "depositors", "loans_at_risk30", "personnel", "loan_officers", "avg_borrowers",
        "avg_loans", "female_borrowers", "rural_borrowers", "new_borrowers", "female_loan_officers",
        "female_personnel", "managers", "female_managers", "board_members", "female_board_members",
    ]

    /// The inputs that are amounts of money, in the row's currency: every input but the counts.
    public static let amountKeys: [String] = inputs.map(\.key).filter { !countKeys.contains($0) }

    /// MIX's own ratios, kept to compare results with them (never used to compute).
    public static let publishedRatios: [FieldDefinition] = [
        published("roa", "Return on assets", 4),
        published("roe", "Return on equity", 4),
        published("oss", "Operational self sufficiency", 4),
        published("oer", "Operating expense / loan portfolio", 4),
        published("yield_nominal", "Yield on gross portfolio (nominal)", 4),
        published("yield_real", "Yield on gross portfolio (real)", 4),
        published("cost_per_borrower", "Cost per borrower", 0),
        published("cost_per_loan", "Cost per loan", 0),
        published("borrowers_per_staff", "Borrowers per staff member", 0),
        published("borrowers_per_loan_officer", "Borrowers per loan officer", 0),
        published("par30", "Portfolio at risk > 30 days", 4),
        published("par90", "Portfolio at risk > 90 days", 4),
        published("write_off_ratio", "Write-off ratio", 4),
        published("loan_loss_rate", "Loan loss rate", 4),
        published("risk_coverage", "Risk coverage", 4),
        published("debt_to_equity", "Debt to equity ratio", 2),
        published("capital_to_assets", "Capital / asset ratio", 4),
        published("profit_margin", "Profit margin", 4),
        published("avg_loan_balance", "Average loan balance per borrower", 0),
        published("avg_loan_balance_gni", "Average loan balance per borrower / GNI per capita", 4),
        published("female_borrower_share", "Percent of female borrowers", 4),
        published("borrower_retention", "Borrower retention rate", 4),
        published("female_loan_officer_share", "Percent of female loan officers", 4),
        published("female_staff_share", "Percent of female staff", 4),
        published("female_manager_share", "Percent of female managers", 4),
        published("female_board_share", "Percent of female board members", 4),
    ]

    private static func published(_ indicator: String, _ header: String, _ decimals: Int) -> FieldDefinition {
        FieldDefinition(
            "mix_" + indicator, [header], .number, .publishedRatio(indicator: indicator, decimals: decimals))
    }

    /// What computing indicators reads: keys, descriptors and inputs (not MIX's published
    /// ratios, which are only for comparison).
    public static let computeFields: Set<String> = Set((keys + descriptors + inputs).map(\.key))

    /// The field with key `key`.
    public static func field(key: String) -> FieldDefinition? {
        byKey[key]
    }

    /// The field named by `name`: a key (`glp`) or any of its headers, compared normalised.
    public static func field(named name: String) -> FieldDefinition? {
        if let field = byKey[name] { return field }
        return byNormalizedHeader[FieldName.normalize(name)]
    }

    private static let byKey: [String: FieldDefinition] = Dictionary(uniqueKeysWithValues: all.map { ($0.key, $0) })

    /// Every header and every key, normalised, to its field.
    static let byNormalizedHeader: [String: FieldDefinition] = {
        var map: [String: FieldDefinition] = [:]
        for field in all {
            for name in field.headers + [field.key] {
                let normalized = FieldName.normalize(name)
                precondition(map[normalized] == nil || map[normalized] == field, "catalog names '\(name)' twice")
                map[normalized] = field
            }
        }
        return map
    }()
}
