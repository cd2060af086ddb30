import MicroPanelSupport

/// A problem with a client survey or the files that score it: an answer not on the scorecard, a
/// score the look-up table does not have, a client twice in one round, a likelihood outside
/// [0, 1]. It names the file and line, and the client and value concerned.
public struct SurveyError: MicroPanelError, Equatable {
    /// What is wrong.
    public enum Kind: Sendable, Equatable {
        /// The survey's answer to `indicator` is not on the scorecard.
        case answerNotOnCard(client: String, indicator: String, answer: String, known: [String])
        /// The client's score has no row in the look-up table.
        case scoreNotInTable(client: String, score: String)
        /// The client appears twice in one round of one institution.
        case duplicateClient(client: String, round: String)
        /// A weight that is not a positive number.
        case badWeight(client: String, weight: String)
        /// An interview without an institution, a client or a round.
        case missingValue(column: String, client: String?)
        /// A look-up table's likelihood outside [0, 1].
        case likelihoodOutOfRange(String)
        /// A scorecard's points, a look-up table's score or an alpha that is not a number.
        case notANumber(column: String, text: String)
        /// A precision factor α that is not a positive number.
        case badAlpha(String)
        /// The same score and poverty line twice in a look-up table, or indicator and answer in a scorecard.
        case duplicateEntry(String)
        /// A file lacks columns it needs (`what`: a scorecard, a look-up table, a survey).
        case missingColumns([String], what: String)
        /// A survey with neither a `score` column nor an answer column for every indicator of the
        /// scorecard (`missingAnswers`: the indicators without one; empty without a scorecard).
        case noScore(missingAnswers: [String])
        /// A `--by` field the survey has no column for.
        case unknownSegmentField(String, columns: [String])
        /// Each poverty line of the look-up table needs a row for every score it has.
        case incompleteTable(povertyLine: String, score: String)
        /// An alpha file names a poverty line the look-up table does not have.
        case unknownPovertyLine(String, known: [String])
        /// An alpha file gives no α for a poverty line of the look-up table.
        case missingAlpha(povertyLine: String)
        /// A look-up table with more distinct scores than MicroPanel stores.
        case tooManyScores(Int, limit: Int)
        /// A survey with more distinct rounds than MicroPanel stores.
        case tooManyRounds(limit: Int)
        /// `--baseline` names a round the survey does not have.
        case unknownRound(String, known: [String])
    }

    /// What is wrong.
    public var kind: Kind
    /// The file concerned.
    public var file: String?
    /// The 1-based line in `file`, when one row is at fault.
    public var line: Int?

    /// An error of `kind` at `file` and `line`.
    public init(_ kind: Kind, file: String? = nil, line: Int? = nil) {
        self.kind = kind
        self.file = file
        self.line = line
    }

    /// Whether `--on-bad-row skip` may leave the interview out (and count it) instead of stopping.
    public var isSkippable: Bool {
        switch kind {
        case .answerNotOnCard, .scoreNotInTable, .duplicateClient, .badWeight, .missingValue: return true
        default: return false
        }
    }

    /// What a skipped interview of this kind is called in the run's notes.
    public var skipReason: String {
        switch kind {
        case .answerNotOnCard: return "an answer not on the scorecard"
        case .scoreNotInTable: return "a score not in the look-up table"
        case .duplicateClient: return "a client twice in one round (the first interview kept)"
        case .badWeight: return "a weight that is not a positive number"
        case .missingValue: return "no institution, client or round"
        default: return code
        }
    }

    public var code: String {
        switch kind {
        case .answerNotOnCard: return "survey.answer_not_on_card"
        case .scoreNotInTable: return "survey.score_not_in_table"
        case .duplicateClient: return "survey.duplicate_client"
        case .badWeight: return "survey.bad_weight"
        case .missingValue: return "survey.missing_value"
        case .likelihoodOutOfRange: return "survey.likelihood_out_of_range"
        case .notANumber: return "survey.not_a_number"
        case .badAlpha: return "survey.bad_alpha"
        case .duplicateEntry: return "survey.duplicate_entry"
        case .missingColumns: return "survey.missing_columns"
        case .noScore: return "survey.no_score"
        case .unknownSegmentField: return "survey.unknown_segment_field"
        case .incompleteTable: return "survey.incomplete_table"
        case .unknownPovertyLine: return "survey.unknown_poverty_line"
        case .missingAlpha: return "survey.missing_alpha"
        case .tooManyScores: return "survey.too_many_scores"
        case .tooManyRounds: return "survey.too_many_rounds"
        case .unknownRound: return "survey.unknown_round"
        }
    }

    private static let skipHint = " (--on-bad-row skip leaves such interviews out and counts them)"

    public var message: String {
        switch kind {
        case .answerNotOnCard(let client, let indicator, let answer, let known):
            return "client '\(client)': answer '\(answer)' to '\(indicator)' is not on the scorecard (its answers: "
                + known.map { "'\($0)'" }.joined(separator: ", ") + ")" + Self.skipHint
        case .scoreNotInTable(let client, let score):
            return "client '\(client)': score \(score) is not in the look-up table" + Self.skipHint
        case .duplicateClient(let client, let round):
            return "client '\(client)' appears twice in round '\(round)' of one institution"
                + " (--on-bad-row skip keeps the first interview and counts the others)"
        case .badWeight(let client, let weight):
            return weight.isEmpty
                ? "client '\(client)' has no weight" + Self.skipHint
                : "client '\(client)': weight '\(weight)' is not a positive number" + Self.skipHint
        case .missingValue(let column, let client):
            return (client.map { "client '\($0)': " } ?? "") + "no value in column '\(column)'" + Self.skipHint
        case .likelihoodOutOfRange(let text):
            return "likelihood '\(text)' is outside 0 to 1 (likelihoods are fractions: 0.25, not 25)"
        case .notANumber(let column, let text):
            return "column '\(column)': expected a number, found '\(text)'"
        case .badAlpha(let text):
            return "alpha '\(text)' is not a positive number (the scorecard's precision factor, e.g. 1.15)"
        case .duplicateEntry(let entry):
            return "\(entry) is given twice: which one applies is ambiguous"
        case .missingColumns(let names, let what):
            return "\(what) needs " + names.map { "'\($0)'" }.joined(separator: ", ")
                + (names.count == 1 ? " column" : " columns")
        case .noScore(let missing) where missing.isEmpty:
            return "the survey has no 'score' column: give --scorecard to score its answers"
        case .noScore(let missing):
            return "the survey has neither a 'score' column nor a column for every scorecard indicator (none for "
                + missing.map { "'\($0)'" }.joined(separator: ", ") + ")"
        case .unknownSegmentField(let name, let columns):
            return "--by \(name): the survey has no such column (its columns: " + columns.joined(separator: ", ") + ")"
        case .incompleteTable(let line, let score):
            return "poverty line '\(line)' has no likelihood for score \(score), which another line has"
        case .unknownPovertyLine(let line, let known):
            return "poverty line '\(line)' is not in the look-up table (its lines: " + known.joined(separator: ", ")
                + ")"
        case .missingAlpha(let line):
            return "no alpha for poverty line '\(line)' of the look-up table"
        case .tooManyScores(let count, let limit):
            return "\(count) distinct scores: a look-up table may have at most \(limit)"
        case .tooManyRounds(let limit):
            return "more than \(limit) distinct rounds in one survey"
        case .unknownRound(let label, let known):
            return "--baseline \(label): the survey has no such round (its rounds: " + known.joined(separator: ", ")
                + ")"
        }
    }

    public var location: ErrorLocation { ErrorLocation(file: file, line: line) }

    public var cause: (any Error)? { nil }
}
