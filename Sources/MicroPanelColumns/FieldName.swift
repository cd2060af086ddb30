/// Column-name normalisation of the spec (§1): lower-case, every run of characters other than
/// letters and digits becomes one space, trimmed.
///
/// So `Gross Loan Portfolio`, `Gross.Loan.Portfolio` and `gross_loan_portfolio` are one name,
/// and `Portfolio at risk > 30 days` equals `Portfolio.at.risk.>.30.days`.
public enum FieldName {
    /// The normalised form of `name`.
    public static func normalize(_ name: String) -> String {
        var result = ""
        result.reserveCapacity(name.utf8.count)
        var pendingSpace = false
        for character in name.lowercased() {
            if character.isLetter || character.isNumber {
                if pendingSpace && !result.isEmpty { result.append(" ") }
                pendingSpace = false
                result.append(character)
            } else {
                pendingSpace = true
            }
        }
        return result
    }
}
