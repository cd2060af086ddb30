import MicroPanelCSV
import MicroPanelColumns

/// A poverty scorecard: points for each answer to each indicator (`indicator,answer,points`).
///
/// Scorecards (the PPI, Schreiner's Simple Poverty Scorecards) are published per country by their
/// owners under their own terms; MicroPanel bundles only a synthetic one, for its demo.
public struct Scorecard: Sendable {
    /// The indicators, in file order, as written.
    public let indicators: [String]
    /// Per indicator: its answers as written, in file order, and their points by answer key.
    private let answers: [[String]]
    private let points: [[String: Double]]
    /// Where it was read from.
    public let source: String

    /// The points of `answer` to indicator number `indicator` (answers compared without case
    /// and surrounding spaces); nil when the card does not have it.
    public func points(indicator: Int, answer: String) -> Double? { points[indicator][Self.key(answer)] }

    /// The answers indicator number `indicator` allows, as written.
    public func answers(of indicator: Int) -> [String] { answers[indicator] }

    /// Parses a scorecard's CSV text; `source` names it in errors.
    public init(parsing text: [UInt8], source: String) throws {
        let table = try SmallCSV.read(text, source: source)
        let columns = try Self.columns(
            ["indicator", "answer", "points"], of: table.header, what: "a scorecard", source)
        var indicators: [String] = []
        var answers: [[String]] = []
        var points: [[String: Double]] = []
        var index: [String: Int] = [:]
        for row in table.rows {
            let indicator = row.fields[columns[0]].trimmingSpaces()
            let answer = row.fields[columns[1]].trimmingSpaces()
            guard !indicator.isEmpty else { continue }
            let value = try Self.number(row.fields[columns[2]], column: "points", source: source, line: row.line)
            let position: Int
            if let known = index[FieldName.normalize(indicator)] {
                position = known
            } else {
                position = indicators.count
                index[FieldName.normalize(indicator)] = position
                indicators.append(indicator)
                answers.append([])
                points.append([:])
            }
            guard points[position][Self.key(answer)] == nil else {
                throw SurveyError(
                    .duplicateEntry("indicator '\(indicator)', answer '\(answer)'"), file: source, line: row.line)
            }
            points[position][Self.key(answer)] = value
            answers[position].append(answer)
        }
        guard !indicators.isEmpty else {
            throw SurveyError(.missingColumns(["indicator"], what: "a scorecard with rows"), file: source)
        }
        self.indicators = indicators
        self.answers = answers
        self.points = points
        self.source = source
    }

    static func key(_ answer: String) -> String { answer.trimmingSpaces().lowercased() }

    /// The positions of `names` in `header` (compared normalised), or a `missingColumns` error.
    static func columns(_ names: [String], of header: [String], what: String, _ source: String) throws -> [Int] {
        let normalized = header.map(FieldName.normalize)
        let found = names.map { normalized.firstIndex(of: FieldName.normalize($0)) }
        let missing = zip(names, found).filter { $1 == nil }.map(\.0)
        guard missing.isEmpty else { throw SurveyError(.missingColumns(missing, what: what), file: source, line: 1) }
        return found.map { $0! }
    }

    /// A number of a reference file, or a `notANumber` error naming the line.
    static func number(_ text: String, column: String, source: String, line: Int) throws -> Double {
        var value = 0.0
        let status = Array(text.utf8).withUnsafeBytes { NumberParser().parse($0, into: &value) }
        guard status == .value else {
            throw SurveyError(.notANumber(column: column, text: text), file: source, line: line)
        }
        return value
    }
}

extension String {
    func trimmingSpaces() -> String {
        var text = Substring(self)
        while let first = text.first, first == " " || first == "\t" { text.removeFirst() }
        while let last = text.last, last == " " || last == "\t" { text.removeLast() }
        return String(text)
    }
}
