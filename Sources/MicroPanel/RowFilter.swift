import MicroPanelColumns
import MicroPanelIndicators

/// Which institution-years a figure, report or table keeps: a range of fiscal years and, per
/// field, the values allowed (`--years 2007-2018 --filter country=India,Cambodia`). Applied after
/// the indicators are computed, so a kept year's averages still use the year before it.
public struct RowFilter: Sendable, Equatable {
    /// The fiscal years kept; nil: all.
    public var years: ClosedRange<Int>?
    /// Per field (a descriptor, `fiscal_year`, `depth_tier`), the values kept; every entry must hold.
    public var fields: [(name: String, values: Set<String>)]
    /// Keep only institutions with at least this many institution-years after the other filters.
    public var minimumYears: Int?
    /// Keep only institutions present in every year of ``years`` (after the other filters).
    public var balanced: Bool

    /// Keeps everything.
    public init(
        years: ClosedRange<Int>? = nil, fields: [(name: String, values: Set<String>)] = [], minimumYears: Int? = nil,
        balanced: Bool = false
    ) {
        self.years = years
        self.fields = fields
        self.minimumYears = minimumYears
        self.balanced = balanced
    }

    /// Whether it keeps every row.
    public var keepsAll: Bool { years == nil && fields.isEmpty && minimumYears == nil && !balanced }

    /// The rows kept of `count` rows whose fiscal years are `years` and institutions
    /// `institutions`; `groups` gives a field's value per row and its values in order. A field
    /// the rows lack, or a value they never take, is a usage error (a misspelt country would
    /// otherwise keep nothing, silently).
    func select(
        count: Int, years: [Int], institutions: [String],
        groups: (String) throws -> (values: [String?], order: [String])
    ) throws -> [Int] {
        var keep = (0..<count).map { row in self.years.map { $0.contains(years[row]) } ?? true }
        for (name, values) in fields {
            let grouping = try groups(name)
            let present = Set(grouping.values.compactMap { $0 })
            if let absent = values.sorted().first(where: { !present.contains($0) }) {
                throw UsageError.unknown(name, absent, known: grouping.order)
            }
            for row in 0..<count where keep[row] { keep[row] = grouping.values[row].map(values.contains) ?? false }
        }
        if minimumYears != nil || balanced {
            var yearsOf: [String: Set<Int>] = [:]
            for row in 0..<count where keep[row] { yearsOf[institutions[row], default: []].insert(years[row]) }
            let needed = balanced ? self.years.map { Set($0) } : nil
            for row in 0..<count where keep[row] {
                let present = yearsOf[institutions[row]]!
                if let minimumYears, present.count < minimumYears { keep[row] = false }
                if let needed, !needed.isSubset(of: present) { keep[row] = false }
            }
        }
        return (0..<count).filter { keep[$0] }
    }

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
            String($0).trimming(" ")
        }
        guard !values.isEmpty else { throw UsageError("--filter '\(text)': no value after '='") }
        return (String(text[..<equals]), Set(values))
    }

    public static func == (a: RowFilter, b: RowFilter) -> Bool {
        a.years == b.years && a.fields.map(\.name) == b.fields.map(\.name)
            && a.fields.map(\.values) == b.fields.map(\.values)
    }
}

extension RowFilter: CustomStringConvertible {
    /// The filter as its options say it: `--years 2007-2018 --filter country=Cambodia,India`.
    public var description: String {
        var parts: [String] = []
        if let years { parts.append("--years \(years.lowerBound)-\(years.upperBound)") }
        for field in fields { parts.append("--filter \(field.name)=" + field.values.sorted().joined(separator: ",")) }
        if let minimumYears { parts.append("--min-years \(minimumYears)") }
        if balanced { parts.append("--balanced") }
        return parts.joined(separator: " ")
    }
}

extension RowFilter {
    /// The rows of a table of indicators (a `compute` output read back) this filter keeps, or nil
    /// when it keeps all.
    func selection(ofTable table: Table) throws -> [Int]? {
        guard !keepsAll, let fiscalYears = table.integer("fiscal_year"), let ids = table.text("mfi_id") else {
            return nil
        }
        let rows = Array(0..<table.rowCount)
        return try select(
            count: table.rowCount, years: rows.map { Int(fiscalYears.value(at: $0) ?? Int64(Int32.min)) },
            institutions: rows.map { ids[$0] ?? "" }
        ) { name in
            guard let field = PeerGroupFields.field(name, table: table, rows: rows, depthTiers: { nil }) else {
                let available = table.plan.materialized.filter { $0.field.kind != .number }.map(\.header)
                throw UsageError.unknown("field", name, known: available)
            }
            return (field.rowLabels, field.labels)
        }
    }
}

extension String {
    func trimming(_ set: Character) -> String {
        var text = Substring(self)
        while text.first == set { text.removeFirst() }
        while text.last == set { text.removeLast() }
        return String(text)
    }
}

extension IndicatorFrame {
    /// The rows `filter` keeps (see ``RowFilter``).
    public func filtered(_ filter: RowFilter) throws -> IndicatorFrame {
        guard !filter.keepsAll else { return self }
        return subset(try filter.select(count: count, years: years, institutions: ids, groups: groups))
    }
}
