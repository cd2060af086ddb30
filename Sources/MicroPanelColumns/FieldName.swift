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

extension FieldName {
    /// The name among `known` that `name` most likely meant, for "did you mean" hints: one
    /// spelled the same but for case, spaces and punctuation (`par_30` → `par30`), else the
    /// nearest by edits (insertions, deletions, substitutions, swaps of neighbours) when it is
    /// within a third of the name's length; nil when none is close.
    public static func nearest(to name: String, among known: [String]) -> String? {
        let squeezed = normalize(name).filter { $0 != " " }
        if let same = known.first(where: { normalize($0).filter { $0 != " " } == squeezed }) { return same }
        let target = Array(name.lowercased())
        var best: (name: String, distance: Int)?
        for candidate in known {
            let distance = editDistance(target, Array(candidate.lowercased()))
            if distance < (best?.distance ?? Int.max) { best = (candidate, distance) }
        }
        guard let best, best.distance <= max(1, target.count / 3) else { return nil }
        return best.name
    }

    /// Optimal string alignment distance between `a` and `b`.
    private static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var previous2 = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    current[j] = min(current[j], previous2[j - 2] + 1)
                }
            }
            (previous2, previous, current) = (previous, current, previous2)
        }
        return previous[b.count]
    }
}
