/// Which institution-years a figure, report or table keeps: a range of fiscal years and, per
/// field, the values allowed (`--years 2007-2018 --filter country=India,Cambodia`). Applied after
/// the indicators are computed, so a kept year's averages still use the year before it.
public struct RowFilter: Sendable, Equatable {
    /// The fiscal years kept; nil: all.
    public var years: ClosedRange<Int>?
    /// Per field (a descriptor, `fiscal_year`, `depth_tier`), the values kept; every entry must hold.
    public var fields: [(name: String, values: Set<String>)]

    /// Keeps everything.
    public init(years: ClosedRange<Int>? = nil, fields: [(name: String, values: Set<String>)] = []) {
        self.years = years
        self.fields = fields
    }

    /// Whether it keeps every row.
    public var keepsAll: Bool { years == nil && fields.isEmpty }

    /// `--years A-B` (or one year `A`).
    public static func years(_ text: String) throws(UsageError) -> ClosedRange<Int> {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false).map { Int($0) }
        switch parts.count {
        case 1: if let year = parts[0] { return year...year }
        case 2: if let first = parts[0], let last = parts[1], first <= last { return first...last }
        default: break
        }
        throw UsageError("--years '\(text)': expected a fiscal year or a range FIRST-LAST (e.g. 2007-2018)")
    }

    /// `--filter FIELD=V1,V2,…`.
    public static func field(_ text: String) throws(UsageError) -> (name: String, values: Set<String>) {
        guard let equals = text.firstIndex(of: "="), equals != text.startIndex else {
            throw UsageError("--filter '\(text)': expected FIELD=VALUE[,VALUE…] (e.g. country=India,Cambodia)")
        }
        let values = text[text.index(after: equals)...].split(separator: ",").map {
            String($0).trimmingCharacters(in: " ")
        }
        guard !values.isEmpty else { throw UsageError("--filter '\(text)': no value after '='") }
        return (String(text[..<equals]), Set(values))
    }

    public static func == (a: RowFilter, b: RowFilter) -> Bool {
        a.years == b.years && a.fields.map(\.name) == b.fields.map(\.name)
            && a.fields.map(\.values) == b.fields.map(\.values)
    }
}

extension String {
    fileprivate func trimmingCharacters(in set: Character) -> String {
        var text = Substring(self)
        while text.first == set { text.removeFirst() }
        while text.last == set { text.removeLast() }
        return String(text)
    }
}

extension IndicatorFrame {
    /// The rows `filter` keeps; a usage error for a field the input does not have, or a value
    /// it never takes (a misspelt country keeps nothing, silently, otherwise).
    public func filtered(_ filter: RowFilter) throws -> IndicatorFrame {
        guard !filter.keepsAll else { return self }
        var keep = (0..<count).map { row in filter.years.map { $0.contains(years[row]) } ?? true }
        for (name, values) in filter.fields {
            let grouping = try groups(name)
            let present = Set(grouping.values.compactMap { $0 })
            if let absent = values.sorted().first(where: { !present.contains($0) }) {
                throw UsageError.unknown("\(name)", absent, known: grouping.order)
            }
            for row in 0..<count where keep[row] { keep[row] = grouping.values[row].map(values.contains) ?? false }
        }
        return subset((0..<count).filter { keep[$0] })
    }
}
