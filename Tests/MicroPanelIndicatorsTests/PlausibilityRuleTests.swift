import MicroPanel
import MicroPanelTestSupport
import Testing

/// Plausible values for every input of the kernel: each rule's condition is false on them.
private let plausible: [InputField: Double] = [
    .assets: 1000, .liabilities: 600, .equity: 400, .glp: 800, .deposits: 300, .borrowings: 200, .subordinatedDebt: 50,
    .par30Amount: 80, .par90Amount: 40, .par30To90: 40, .par90To180: 20, .par180Amount: 20, .renegotiated: 10,
    .impairmentAllowance: 60, .interestReceivable: 5, .financialRevenue: 200, .loanRevenue: 180, .fundingExpense: 30,
    .impairmentExpense: 20, .operatingExpense: 100, .personnelExpense: 50, .administrativeExpense: 40,
    .depreciation: 10,
    .netOperatingIncome: 50, .tax: 5, .writeOffs: 8, .recoveries: 2, .borrowers: 100, .loans: 110, .depositors: 90,
    .loansAtRisk30: 10, .personnel: 20, .loanOfficers: 10, .avgAssets: 950, .avgEquity: 380, .avgGLP: 760,
    .avgBorrowers: 95, .avgLoans: 105, .par365Amount: 5, .interestOnBorrowings: 15, .netFixedAssets: 30,
    .donations: 10, .inKindSubsidy: 5, .femaleBorrowers: 60, .ruralBorrowers: 40, .newBorrowers: 30,
    .femaleLoanOfficers: 4, .femalePersonnel: 9, .managers: 5, .femaleManagers: 2, .boardMembers: 7,
    .femaleBoardMembers: 3, .glpFemale: 500, .glpRural: 300, .glpIndividual: 400, .glpSolidarity: 250, .glpVillage: 150,
]

/// GNI, inflation and market rate (percent) of both years, so that every indicator is computed.
private func compute(
    _ csv: String, options: PanelOptions = PanelOptions()
) throws -> (table: Table, panel: InstitutionPanel, results: IndicatorResults) {
    try MicroPanelIndicatorsTests.compute(
        csv, options: options, gni: [1000, 1000], inflation: [5, 5], marketRate: [10, 10])
}

/// Whether `rule` fires on `values`, read straight from its stated condition (independent of the
/// kernel's evaluation).
private func fires(_ rule: PlausibilityRule, _ values: [InputField: Double]) -> Bool {
    guard let subject = values[rule.subject] else { return false }
    switch rule.condition {
    case .negative: return subject < 0
    case .above(let limit, let plus):
        guard let limit = values[limit] else { return false }
        return subject + (plus.flatMap { values[$0] } ?? 0) > limit
    }
}

@Suite("plausibility rules")
struct PlausibilityRuleTests {
    @Test("the plausible row sets off no rule and blocks nothing")
    func plausibleRow() throws {
        #expect(!PlausibilityRules.all.contains { fires($0, plausible) })
        #expect(Set(plausible.keys) == Set(InputField.allCases))
        let (_, _, results) = try compute(csv([plausible, plausible]))
        for indicator in Indicator.allCases {
            #expect(results.status(indicator, row: 1).missingReason == nil, "\(indicator.id)")
            #expect(results.status(indicator, row: 1).missingReason != .implausibleInput, "\(indicator.id)")
        }
    }

    @Test(
        "each rule, broken, blocks exactly what the registry says it blocks, in that row only",
        arguments: PlausibilityRules.all.indices)
    func eachRule(index: Int) throws {
        let rule = PlausibilityRules.all[index]
        var broken = plausible
        switch rule.condition {
        case .negative: broken[rule.subject] = -1
        case .above(let limit, _): broken[rule.subject] = plausible[limit]! + 1000
        }
        // Operating expense's parts are read only when it is missing, a closing stock's value in a
        // period average only without the explicit average: leave those out so that they are read.
        var prior = plausible
        var unread: [InputField] = [.avgAssets, .avgEquity, .avgGLP, .avgBorrowers, .avgLoans]
        if [InputField.personnelExpense, .administrativeExpense, .depreciation].contains(rule.subject) {
            unread.append(.operatingExpense)
        }
        for field in unread where field != rule.subject {
            broken[field] = nil
            prior[field] = nil
        }
        let firing = PlausibilityRules.all.filter { fires($0, broken) }
        #expect(firing.contains { $0.kind == rule.kind && $0.subject == rule.subject })
        let expected = Set(firing.flatMap(\.blocks))
        #expect(!expected.isEmpty || rule.blocks.isEmpty)

        // The broken year follows a plausible one: prior-year reads stay clean.
        let (_, _, results) = try compute(csv([prior, broken]))
        let blocked = Set(Indicator.allCases.filter { results.status($0, row: 1).missingReason == .implausibleInput })
        #expect(
            blocked == expected,
            "\(rule.formula): blocked \(blocked.map(\.id).sorted()), expected \(expected.map(\.id).sorted())")
        #expect(!Indicator.allCases.contains { results.status($0, row: 0).missingReason == .implausibleInput })

        // Kept, the same values are present and flagged.
        let (_, _, kept) = try compute(csv([prior, broken]), options: PanelOptions(implausible: .keep))
        for indicator in expected {
            #expect(
                kept.status(indicator, row: 1).flags.contains(.implausibleInput)
                    || kept.status(indicator, row: 1).missingReason != nil, "\(indicator.id)")
        }
        for indicator in Indicator.allCases where !expected.contains(indicator) {
            #expect(kept.status(indicator, row: 1) == results.status(indicator, row: 1), "\(indicator.id)")
            #expect(kept.value(indicator, row: 1).bitPattern == results.value(indicator, row: 1).bitPattern)
        }
    }
}

/// A panel of MFI `A`, fiscal years from 2010, one row per value set (a missing key: empty cell).
private func csv(_ rows: [[InputField: Double]]) -> String {
    let fields = InputField.allCases
    var text = "mfi_id,fiscal_year," + fields.map(\.key).joined(separator: ",") + "\n"
    for (index, values) in rows.enumerated() {
        text += "A,\(2010 + index)," + fields.map { values[$0].map { String($0) } ?? "" }.joined(separator: ",") + "\n"
    }
    return text
}
