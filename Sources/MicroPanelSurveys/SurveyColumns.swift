import MicroPanelColumns

/// Which columns of a survey hold what, found by normalised header as the panel's are
/// (`mfi_id` or `MFI ID`, `client_id`, `round`, an optional `weight`), and the plan that loads
/// only those: the scorecard's indicators (answers as text) or a `score` column, and the `--by`
/// segments.
public struct SurveyColumns: Sendable {
    /// The header, as written, of each role (also the loaded table's column keys).
    public let institution: String
    public let client: String
    public let round: String
    /// The `weight` column, when the survey has one.
    public let weight: String?
    /// The `score` column, used when the survey does not answer every indicator of the card.
    public let score: String?
    /// Per indicator of the card, its column (empty when the score column is used).
    public let answers: [String]
    /// The `--by` columns, in the order asked.
    public let segments: [String]
    /// The columns to load, everything else skipped at scan time.
    public let plan: ColumnPlan

    /// Finds the columns in `header` (`source` names the survey in errors).
    public init(header: [String], card: Scorecard?, by: [String], source: String) throws(SurveyError) {
        let normalized = header.map(FieldName.normalize)
        func find(_ names: [String]) -> String? {
            for name in names {
                if let index = normalized.firstIndex(of: FieldName.normalize(name)) { return header[index] }
            }
            return nil
        }
        let institution = find(["mfi_id"] + (FieldCatalog.field(key: "mfi_id")?.headers ?? []))
        let client = find(["client_id"])
        let round = find(["round"])
        let missing = zip(["mfi_id", "client_id", "round"], [institution, client, round]).filter { $1 == nil }.map(\.0)
        guard missing.isEmpty else {
            throw SurveyError(.missingColumns(missing, what: "a survey"), file: source, line: 1)
        }
        let answers = card?.indicators.map { find([$0]) } ?? []
        if card != nil, answers.allSatisfy({ $0 != nil }) {
            self.answers = answers.map { $0! }
            score = nil
        } else if let score = find(["score"]) {
            self.answers = []
            self.score = score
        } else {
            let needed = card.map { zip($0.indicators, answers).filter { $1 == nil }.map(\.0) } ?? []
            throw SurveyError(.noScore(missingAnswers: needed), file: source, line: 1)
        }
        segments = try by.map { name throws(SurveyError) in
            guard let column = find([name]) else {
                throw SurveyError(.unknownSegmentField(name, columns: header), file: source, line: 1)
            }
            return column
        }
        weight = find(["weight"])
        self.institution = institution!
        self.client = client!
        self.round = round!
        var kinds: [String: ColumnKind] = [:]
        for text in [self.institution, self.client, self.round] + self.answers + segments { kinds[text] = .text }
        for number in [weight, score].compactMap({ $0 }) { kinds[number] = .number }
        plan = ColumnPlan(header: header, columns: kinds)
    }
}
