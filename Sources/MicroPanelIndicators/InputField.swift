/// An amount or count the formulas and the plausibility rules read (spec §1), by its field key.
///
/// The raw value indexes the kernel's column table and is the field's bit in a row's mask of
/// implausible inputs (``PlausibilityRules``): at most 64 fields.
public enum InputField: Int, CaseIterable, Sendable {
    case assets, liabilities, equity, glp, deposits, borrowings, subordinatedDebt
    case par30Amount, par90Amount, par30To90, par90To180, par180Amount, renegotiated
    case impairmentAllowance, interestReceivable
    case financialRevenue, loanRevenue, fundingExpense, impairmentExpense
    case operatingExpense, personnelExpense, administrativeExpense, depreciation
    case netOperatingIncome, tax, writeOffs, recoveries
    case borrowers, loans, depositors, loansAtRisk30, personnel, loanOfficers
    case avgAssets, avgEquity, avgGLP, avgBorrowers, avgLoans
    case par365Amount, interestOnBorrowings, netFixedAssets, donations, inKindSubsidy
    case femaleBorrowers, ruralBorrowers, newBorrowers, femaleLoanOfficers, femalePersonnel
    case managers, femaleManagers, boardMembers, femaleBoardMembers
    case glpFemale, glpRural, glpIndividual, glpSolidarity, glpVillage

    /// The field's key in the field catalog (`par30_amount`).
    public var key: String {
        switch self {
        case .assets: return "assets"
        case .liabilities: return "liabilities"
        case .equity: return "equity"
        case .glp: return "glp"
        case .deposits: return "deposits"
        case .borrowings: return "borrowings"
        case .subordinatedDebt: return "subordinated_debt"
        case .par30Amount: return "par30_amount"
        case .par90Amount: return "par90_amount"
        case .par30To90: return "par30_90"
        case .par90To180: return "par90_180"
        case .par180Amount: return "par180_amount"
        case .renegotiated: return "renegotiated"
        case .impairmentAllowance: return "impairment_allowance"
        case .interestReceivable: return "interest_receivable"
        case .financialRevenue: return "financial_revenue"
        case .loanRevenue: return "loan_revenue"
        case .fundingExpense: return "funding_expense"
        case .impairmentExpense: return "impairment_expense"
        case .operatingExpense: return "operating_expense"
        case .personnelExpense: return "personnel_expense"
        case .administrativeExpense: return "administrative_expense"
        case .depreciation: return "depreciation"
        case .netOperatingIncome: return "net_operating_income"
        case .tax: return "tax"
        case .writeOffs: return "write_offs"
        case .recoveries: return "recoveries"
        case .borrowers: return "borrowers"
        case .loans: return "loans"
        case .depositors: return "depositors"
        case .loansAtRisk30: return "loans_at_risk30"
        case .personnel: return "personnel"
        case .loanOfficers: return "loan_officers"
        case .avgAssets: return "avg_assets"
        case .avgEquity: return "avg_equity"
        case .avgGLP: return "avg_glp"
        case .avgBorrowers: return "avg_borrowers"
        case .avgLoans: return "avg_loans"
        case .par365Amount: return "par365_amount"
        case .interestOnBorrowings: return "interest_on_borrowings"
        case .netFixedAssets: return "net_fixed_assets"
        case .donations: return "donations"
        case .inKindSubsidy: return "in_kind_subsidy"
        case .femaleBorrowers: return "female_borrowers"
        case .ruralBorrowers: return "rural_borrowers"
        case .newBorrowers: return "new_borrowers"
        case .femaleLoanOfficers: return "female_loan_officers"
        case .femalePersonnel: return "female_personnel"
        case .managers: return "managers"
        case .femaleManagers: return "female_managers"
        case .boardMembers: return "board_members"
        case .femaleBoardMembers: return "female_board_members"
        case .glpFemale: return "glp_female"
        case .glpRural: return "glp_rural"
        case .glpIndividual: return "glp_individual"
        case .glpSolidarity: return "glp_solidarity"
        case .glpVillage: return "glp_village"
        }
    }

    /// The field's bit in a mask of fields.
    @inline(__always)
    var bit: UInt64 { 1 << UInt64(rawValue) }
}
