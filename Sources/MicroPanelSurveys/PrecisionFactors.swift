import MicroPanelCSV
import MicroPanelColumns

/// A scorecard's precision factor α per poverty line: the standard error of a rate is α times
/// the simple-random-sample formula (Schreiner's scorecard documents publish one per line).
public struct PrecisionFactors: Sendable, Equatable {
    private enum Values: Sendable, Equatable {
        case uniform(Double)
        case byLine([String: Double], source: String)
    }

    private let values: Values

    /// α = `value` for every poverty line (1: the plain simple-random-sample formula).
    public init(uniform value: Double) { values = .uniform(value) }

    /// The default: α = 1.
    public static let one = PrecisionFactors(uniform: 1)

    /// Parses `poverty_line,alpha` rows (a header row of those names is optional); `source`
    /// names the file in errors.
    public init(parsing text: [UInt8], source: String) throws {
        var rows = try TwoColumnRows.read(text, source: source, shape: .badAlphaRow)
        if FieldName.normalize(rows[0].first) == "poverty line" && FieldName.normalize(rows[0].second) == "alpha" {
            rows.removeFirst()
        }
        var byLine: [String: Double] = [:]
        for row in rows {
            let line = row.first.trimmingSpaces()
            guard byLine[line] == nil else {
                throw SurveyError(.duplicateEntry("alpha of poverty line '\(line)'"), file: source, line: row.line)
            }
            guard let alpha = Self.alpha(row.second) else {
                throw SurveyError(.badAlpha(row.second), file: source, line: row.line)
            }
            byLine[line] = alpha
        }
        values = .byLine(byLine, source: source)
    }

    /// A positive α written in `text`, or nil.
    public static func alpha(_ text: String) -> Double? {
        var value = Double.nan
        let status = Array(text.trimmingSpaces().utf8).withUnsafeBytes { NumberParser().parse($0, into: &value) }
        return status == .value && value > 0 && value.isFinite ? value : nil
    }

    /// α for each of `lines`: a file must give every line, and only lines of the table.
    public func values(for lines: [String]) throws(SurveyError) -> [Double] {
        switch values {
        case .uniform(let value):
            return lines.map { _ in value }
        case .byLine(let byLine, let source):
            if let unknown = byLine.keys.sorted().first(where: { !lines.contains($0) }) {
                throw SurveyError(.unknownPovertyLine(unknown, known: lines), file: source)
            }
            return try lines.map { line throws(SurveyError) in
                guard let value = byLine[line] else {
                    throw SurveyError(.missingAlpha(povertyLine: line), file: source)
                }
                return value
            }
        }
    }
}
