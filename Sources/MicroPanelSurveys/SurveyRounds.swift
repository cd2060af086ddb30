/// The order of a survey's rounds, and their fiscal years when they say one.
///
/// Rounds that are all years (`2019`) or ISO dates (`2019-06-30`) are ordered in time and each gets
/// its year (so that rates join the `compute` output on fiscal year); other labels (`baseline`,
/// `midline`) keep the order in which the survey first names them, and have no year.
public struct SurveyRounds: Sendable, Equatable {
    /// The labels, in round order.
    public let labels: [String]
    /// Each label's fiscal year, in round order; nil unless every label is a year or a date.
    public let years: [Int]?
    /// Per label as given to `init`: its position in round order.
    public let positions: [Int]

    /// The rounds named by `labels` (in order of first appearance).
    public init(labels: [String]) {
        let years = labels.map(Self.year(of:))
        var order = Array(labels.indices)
        if !labels.isEmpty, years.allSatisfy({ $0 != nil }) {
            // Chronological: a year before the dates of that year, dates in ISO (text) order.
            order.sort { a, b in
                (years[a]!, labels[a].count, labels[a]) < (years[b]!, labels[b].count, labels[b])
            }
            self.years = order.map { years[$0]! }
        } else {
            self.years = nil
        }
        self.labels = order.map { labels[$0] }
        var positions = [Int](repeating: 0, count: labels.count)
        for (position, label) in order.enumerated() { positions[label] = position }
        self.positions = positions
    }

    /// The year of a round label: `2019`, or the year of an ISO date `2019-06-30`.
    static func year(of label: String) -> Int? {
        let bytes = Array(label.utf8)
        func digits(_ range: Range<Int>) -> Bool { range.allSatisfy { (0x30...0x39).contains(bytes[$0]) } }
        guard bytes.count == 4 || bytes.count == 10, digits(0..<4) else { return nil }
        if bytes.count == 10 {
            guard bytes[4] == 0x2D, bytes[7] == 0x2D, digits(5..<7), digits(8..<10) else { return nil }
        }
        return Int(String(decoding: bytes[0..<4], as: UTF8.self))
    }
}
