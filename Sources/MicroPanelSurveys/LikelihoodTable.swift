import MicroPanelCSV
import MicroPanelColumns
import MicroPanelSupport

/// A scorecard's look-up table: for each score, the likelihood (a fraction) that a client with
/// that score is below each poverty line (`score,poverty_line,likelihood`).
public struct LikelihoodTable: Sendable {
    /// The poverty lines, in file order.
    public let povertyLines: [String]
    /// The scores, ascending.
    public let scores: [Double]
    /// Row-major: score index × poverty line.
    private let likelihoods: [Double]
    private let indexOfScore: [Double: Int]
    /// Where it was read from.
    public let source: String

    /// The index of `score` in ``scores``; nil when the table does not have it.
    public func index(ofScore score: Double) -> Int? { indexOfScore[score] }

    /// The likelihood of the score at `scoreIndex` for poverty line number `line`.
    @inline(__always)
    public func likelihood(scoreIndex: Int, line: Int) -> Double {
        likelihoods[scoreIndex * povertyLines.count + line]
    }

    /// The most scores a table may have (a client's score index is stored in 16 bits).
    static let maximumScores = Int(UInt16.max) - 1

    /// Parses a look-up table's CSV text; `source` names it in errors.
    public init(parsing text: [UInt8], source: String) throws {
        let table = try SmallCSV.read(text, source: source)
        let columns = try Scorecard.columns(
            ["score", "poverty_line", "likelihood"], of: table.header, what: "a look-up table", source)
        var lines: [String] = []
        var values: [String: [Double: Double]] = [:]
        for row in table.rows {
            let line = row.fields[columns[1]].trimmingSpaces()
            guard !line.isEmpty else { continue }
            let scoreText = row.fields[columns[0]]
            let score = try Scorecard.number(scoreText, column: "score", source: source, line: row.line)
            let text = row.fields[columns[2]]
            let likelihood = try Scorecard.number(text, column: "likelihood", source: source, line: row.line)
            guard (0...1).contains(likelihood) else {
                throw SurveyError(.likelihoodOutOfRange(text), file: source, line: row.line)
            }
            if values[line] == nil { lines.append(line) }
            guard values[line, default: [:]][score] == nil else {
                throw SurveyError(
                    .duplicateEntry("score \(scoreText) of poverty line '\(line)'"), file: source, line: row.line)
            }
            values[line, default: [:]][score] = likelihood
        }
        guard !lines.isEmpty else {
            throw SurveyError(.missingColumns(["score"], what: "a look-up table with rows"), file: source)
        }
        let scores = Set(values.values.flatMap(\.keys)).sorted()
        guard scores.count <= Self.maximumScores else {
            throw SurveyError(.tooManyScores(scores.count, limit: Self.maximumScores), file: source)
        }
        var likelihoods: [Double] = []
        likelihoods.reserveCapacity(scores.count * lines.count)
        for score in scores {
            for line in lines {
                guard let value = values[line]![score] else {
                    throw SurveyError(
                        .incompleteTable(povertyLine: line, score: NumberText.plain(score)), file: source)
                }
                likelihoods.append(value)
            }
        }
        povertyLines = lines
        self.scores = scores
        self.likelihoods = likelihoods
        indexOfScore = Dictionary(uniqueKeysWithValues: scores.enumerated().map { ($1, $0) })
        self.source = source
    }
}
