/// What to do with values computed from an input a plausibility rule flags.
public enum ImplausiblePolicy: String, Sendable, CaseIterable {
    /// The indicator is missing, with reason `implausible_input`.
    case block
    /// The value is kept and flagged `implausible_input` (for users who know better).
    case keep
}

/// A condition an institution-year's inputs must meet to be believed: a delinquent portfolio
/// above the whole portfolio, a part of it above its total, a negative balance or count.
///
/// When a rule fires on a row, its ``suspects`` are not believed there: every indicator computed
/// from one of them (in that row, or in the next year's row through a prior-year value) is
/// missing with reason `implausible_input`, or flagged so with ``ImplausiblePolicy/keep``.
/// `micropanel check` evaluates the same table and lists the rows and what compute blocks there
/// with compute's default options.
public struct PlausibilityRule: Sendable {
    /// How the rule compares its inputs.
    public enum Condition: Sendable, Equatable {
        /// The subject is below zero.
        case negative
        /// The subject (plus `plus`, which counts as 0 when absent) is above `limit`.
        case above(limit: InputField, plus: InputField?)
    }

    /// The kind of problem (`negative_value`, `par_above_portfolio`), as `check` names it.
    public let kind: String
    /// The field the rule is about.
    public let subject: InputField
    /// The comparison.
    public let condition: Condition
    /// The fields not believed when the rule fires.
    public let suspects: [InputField]
    /// The problem in words.
    public let message: String

    /// The fields that must be in the file for the rule to apply (`plus` may be absent).
    package var requiredInputs: [InputField] {
        switch condition {
        case .negative: return [subject]
        case .above(let limit, _): return [subject, limit]
        }
    }

    /// The condition as a formula (`par30_amount + renegotiated > glp`).
    public var formula: String {
        switch condition {
        case .negative: return "\(subject.key) < 0"
        case .above(let limit, let plus):
            return subject.key + (plus.map { " + \($0.key)" } ?? "") + " > " + limit.key
        }
    }

    /// The indicators computed from a suspect field, in spec order.
    public var blocks: [Indicator] {
        let keys = Set(suspects.map(\.key))
        return IndicatorRegistry.all.filter { !keys.isDisjoint(with: $0.inputFields) }.map(\.indicator)
    }

    /// The bits of the suspect fields.
    var suspectMask: UInt64 { suspects.reduce(0) { $0 | $1.bit } }

    /// Calls `body` with each row of `rows` and whether the rule fires there. The one place the
    /// conditions are evaluated: the kernel's masks and `check` both come from here. (A missing
    /// value never fires a rule: comparisons with NaN are false.)
    @inline(__always)
    package func evaluate(_ inputs: IndicatorInputs, rows: Range<Int>, _ body: (_ row: Int, _ fires: Bool) -> Void) {
        let subject = inputs[self.subject]
        switch condition {
        case .negative:
            for row in rows { body(row, subject[row] < 0) }
        case .above(let limit, nil):
            let limit = inputs[limit]
            for row in rows { body(row, subject[row] > limit[row]) }
        case .above(let limit, let plus?):
            let limit = inputs[limit]
            let plus = inputs[plus]
            for row in rows { body(row, subject[row] + (plus[row].isNaN ? 0 : plus[row]) > limit[row]) }
        }
    }
}

/// The registry's plausibility rules: one table for `compute`, `check`, `explain` and the README.
public enum PlausibilityRules {
    /// Every rule, in the order `check` reports them.
    public static let all: [PlausibilityRule] = portfolio + buckets + breakdowns + negatives

    /// Delinquent or renegotiated loans above the gross loan portfolio: a PAR above 100%
    /// (on MIX's panel, amounts entered in the wrong unit).
    static let portfolio: [PlausibilityRule] = [
        (InputField.par30Amount, InputField.renegotiated as InputField?), (.par90Amount, .renegotiated),
        (.par30To90, nil), (.par90To180, nil), (.par180Amount, nil), (.par365Amount, nil), (.renegotiated, nil),
    ].map { subject, plus in
        PlausibilityRule(
            kind: "par_above_portfolio", subject: subject, condition: .above(limit: .glp, plus: plus),
            suspects: [subject],
            message: "\(subject.key)\(plus.map { " + \($0.key)" } ?? "") above the gross loan portfolio (glp)")
    }

    /// A part of the delinquent portfolio above its total: which of the two is wrong is unknown,
    /// so neither is believed.
    static let buckets: [PlausibilityRule] = [
        (InputField.par90Amount, InputField.par30Amount), (.par30To90, .par30Amount), (.par90To180, .par90Amount),
        (.par180Amount, .par90Amount), (.par365Amount, .par180Amount),
    ].map { part, total in
        PlausibilityRule(
            kind: "bucket_above_total", subject: part, condition: .above(limit: total, plus: nil),
            suspects: [part, total],
            message: "\(part.key) above \(total.key), the delinquent portfolio it is part of")
    }

    /// A breakdown above the total it breaks down (female borrowers above all borrowers): the
    /// breakdown is not believed; the total, reported and checked on its own, still is.
    static let breakdowns: [PlausibilityRule] = [
        (InputField.femaleBorrowers, InputField.borrowers), (.ruralBorrowers, .borrowers),
        (.femaleLoanOfficers, .loanOfficers), (.femalePersonnel, .personnel), (.femaleManagers, .managers),
        (.femaleBoardMembers, .boardMembers), (.glpFemale, .glp), (.glpRural, .glp), (.glpIndividual, .glp),
        (.glpSolidarity, .glp), (.glpVillage, .glp),
    ].map { part, total in
        PlausibilityRule(
            kind: "breakdown_above_total", subject: part, condition: .above(limit: total, plus: nil),
            suspects: [part], message: "\(part.key) above \(total.key), the total it breaks down")
    }

    /// Balances, counts, staff and the amounts MIX defines as positive, below zero. (Equity, net
    /// income, tax, net impairment loss and donations can be negative and are not checked.)
    static let negatives: [PlausibilityRule] = [
        InputField.glp, .avgGLP, .par30Amount, .par90Amount, .par30To90, .par90To180, .par180Amount, .renegotiated,
        .assets, .avgAssets, .liabilities, .deposits, .borrowings, .subordinatedDebt, .impairmentAllowance,
        .borrowers, .avgBorrowers, .loans, .avgLoans, .depositors, .loansAtRisk30, .personnel, .loanOfficers,
        .financialRevenue, .loanRevenue, .fundingExpense, .operatingExpense, .personnelExpense,
        .administrativeExpense, .depreciation, .writeOffs, .recoveries, .par365Amount, .interestOnBorrowings,
        .netFixedAssets, .inKindSubsidy, .femaleBorrowers, .ruralBorrowers, .newBorrowers, .femaleLoanOfficers,
        .femalePersonnel, .managers, .femaleManagers, .boardMembers, .femaleBoardMembers, .glpFemale, .glpRural,
        .glpIndividual, .glpSolidarity, .glpVillage,
    ].map { field in
        PlausibilityRule(
            kind: "negative_value", subject: field, condition: .negative, suspects: [field],
            message: "\(field.key) below zero: a balance, a count or an amount that cannot be negative")
    }

    /// Marks, for each row of `rows`, the fields a rule does not believe (bits of
    /// ``InputField``) into `masks` (indexed by table row).
    static func markSuspects(_ inputs: IndicatorInputs, rows: Range<Int>, into masks: UnsafeMutablePointer<UInt64>) {
        for row in rows { masks[row] = 0 }
        for rule in all where rule.requiredInputs.allSatisfy(inputs.has) {
            let bits = rule.suspectMask
            // A select, not a branch: most rows fire no rule.
            rule.evaluate(inputs, rows: rows) { row, fires in masks[row] |= fires ? bits : 0 }
        }
    }
}
