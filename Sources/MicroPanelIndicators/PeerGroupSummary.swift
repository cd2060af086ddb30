import MicroPanelColumns

/// Statistics of one indicator in one peer group, as the MicroBanking Bulletin and MicroRate
/// report them.
public struct SummaryStatistics: Sendable, Equatable {
    /// Rows with a value.
    public var count: Int
    /// Quantiles by linear interpolation (R's type 7, pandas' default); nil when `count` is 0.
    public var median: Double?, p25: Double?, p75: Double?
    /// The arithmetic mean.
    public var mean: Double?
    /// Sum of numerators / sum of denominators over the same rows, for ratios of a computed panel.
    public var weighted: Double?
}

/// One output row: a group (its field values) and an indicator's statistics.
public struct SummaryRow: Sendable, Equatable {
    /// The group's values, one per grouping field (nil: missing).
    public var group: [String?]
    /// The indicator.
    public var indicator: Indicator
    /// Its statistics in the group.
    public var statistics: SummaryStatistics
}

/// A grouping field: a code per row and the label of each code.
public struct GroupField: Sendable {
    /// The field's name (`country`, `fiscal_year`, ...).
    public var name: String
    /// Per row, an index into `labels`, or `UInt32.max` when missing.
    public var codes: [UInt32]
    /// The labels, in the order groups are listed.
    public var labels: [String]

    /// A field `name` whose rows have `codes` into `labels`.
    public init(name: String, codes: [UInt32], labels: [String]) {
        self.name = name
        self.codes = codes
        self.labels = labels
    }
}

/// Peer-group benchmarks: per group and indicator, n, median, quartiles, mean and the
/// portfolio-weighted ratio.
public struct PeerGroupSummary: Sendable {
    /// The grouping fields, in order.
    public let fields: [String]
    /// Groups (sorted by field labels, missing last) × indicators (spec order).
    public let rows: [SummaryRow]

    /// The indicators a summary can describe: every one but the `depth_tier` category.
    public static let summarizable = Indicator.allCases.filter { $0 != .depthTier }

    /// Summarizes `values` of each indicator (one per row, NaN when missing) over the rows
    /// `rows` (nil: all `rowCount`), grouped by `fields` — every combination of the values that
    /// occur, n = 0 where one has no row; `weights` gives numerators and denominators where known.
    /// With `trim` P, each group's values below its P quantile and above its 1 − P quantile are
    /// left out of every statistic, the weighted ratio included (the MicroBanking Bulletin's
    /// figures within the 11th–89th percentiles: P = 0.11).
    package init(
        rowCount: Int, rows selected: [Int]? = nil, fields: [GroupField], indicators: [Indicator],
        values: (Indicator) -> UnsafeBufferPointer<Double>,
        weights: ((Indicator) -> (UnsafeBufferPointer<Double>, UnsafeBufferPointer<Double>))?, trim: Double? = nil
    ) {
        self.fields = fields.map(\.name)
        // Group ids: combine the fields' codes one field at a time, without allocating per row.
        let kept = selected ?? Array(0..<rowCount)
        var groupOfRow = [Int](repeating: 0, count: rowCount)
        var groupKeys: [[UInt32]] = [[]]
        for field in fields {
            var ids: [UInt64: Int] = [:]
            var keys: [[UInt32]] = []
            for row in kept {
                let pair = UInt64(groupOfRow[row]) << 32 | UInt64(field.codes[row])
                if let id = ids[pair] {
                    groupOfRow[row] = id
                } else {
                    let id = keys.count
                    ids[pair] = id
                    keys.append(groupKeys[groupOfRow[row]] + [field.codes[row]])
                    groupOfRow[row] = id
                }
            }
            groupKeys = keys
        }
        if kept.isEmpty { groupKeys = fields.isEmpty ? [[]] : [] }
        // The complete grid of the values that occur: a combination without rows (a country in a
        // year it has no data) is a group with n = 0, not a missing line.
        if fields.count > 1 && !kept.isEmpty {
            var grid: [[UInt32]] = [[]]
            for field in fields {
                let present = Set(kept.map { field.codes[$0] }).sorted()
                grid = grid.flatMap { prefix in present.map { prefix + [$0] } }
            }
            let occurring = Set(groupKeys)
            groupKeys += grid.filter { !occurring.contains($0) }
        }
        // List groups in label order (codes index labels in order; missing sorts last).
        let order = groupKeys.indices.sorted { groupKeys[$0].lexicographicallyPrecedes(groupKeys[$1]) }
        var rowsOfGroup = [[Int]](repeating: [], count: groupKeys.count)
        for row in kept { rowsOfGroup[groupOfRow[row]].append(row) }

        var rows: [SummaryRow] = []
        for group in order {
            let labels = zip(fields, groupKeys[group]).map { field, code in
                code == UInt32.max ? nil : field.labels[Int(code)]
            }
            for indicator in indicators.sorted() {
                let column = values(indicator)
                let parts = weights?(indicator)
                var sample: [Double] = []
                var numerator = 0.0
                var denominator = 0.0
                var weighted = false
                var bounds = -Double.infinity...Double.infinity
                if let trim {
                    let sorted = rowsOfGroup[group].map { column[$0] }.filter { !$0.isNaN }.sorted()
                    if !sorted.isEmpty { bounds = Self.quantile(sorted, trim)...Self.quantile(sorted, 1 - trim) }
                }
                for row in rowsOfGroup[group] where !column[row].isNaN && bounds.contains(column[row]) {
                    sample.append(column[row])
                    if let parts, !parts.0[row].isNaN {
                        numerator += parts.0[row]
                        denominator += parts.1[row]
                        weighted = true
                    }
                }
                var statistics = Self.describe(sample)
                if weighted && denominator != 0 { statistics.weighted = numerator / denominator }
                rows.append(SummaryRow(group: labels, indicator: indicator, statistics: statistics))
            }
        }
        self.rows = rows
    }

    /// n, quartiles (R's type 7, pandas' default) and mean of `sample`: the one place quartiles
    /// are computed, for summaries and charts alike.
    public static func describe(_ sample: [Double]) -> SummaryStatistics {
        guard !sample.isEmpty else { return SummaryStatistics(count: 0) }
        let sorted = sample.sorted()
        func quantile(_ p: Double) -> Double { Self.quantile(sorted, p) }
        var sum = 0.0
        for value in sample { sum += value }
        return SummaryStatistics(
            count: sample.count, median: quantile(0.5), p25: quantile(0.25), p75: quantile(0.75),
            mean: sum / Double(sample.count))
    }

    /// The `p` quantile of `sorted` (not empty), R's type 7: (1 − h)·x[lo] + h·x[hi].
    public static func quantile(_ sorted: [Double], _ p: Double) -> Double {
        let h = Double(sorted.count - 1) * p
        let low = Int(h.rounded(.down))
        let high = min(low + 1, sorted.count - 1)
        let weight = h - Double(low)
        return weight == 0 ? sorted[low] : (1 - weight) * sorted[low] + weight * sorted[high]
    }
}

extension GroupField {
    /// The field `name` of `table` (a text or whole-number column) for `rows`, labels sorted
    /// (text in byte order, numbers numerically).
    public init?(table: Table, name: String, rows: [Int]) {
        if let text = table.text(name) {
            let order = text.dictionary.indices.sorted {
                text.dictionary[$0].utf8.lexicographicallyPrecedes(text.dictionary[$1].utf8)
            }
            var rank = [UInt32](repeating: 0, count: text.dictionary.count)
            for (position, code) in order.enumerated() { rank[code] = UInt32(position) }
            self.init(
                name: name,
                codes: rows.map {
                    let code = text.code(at: $0)
                    return code == TextColumn.missing ? UInt32.max : rank[Int(code)]
                }, labels: order.map { text.dictionary[$0] })
        } else if let integers = table.integer(name) {
            let distinct = Set(rows.compactMap { integers.value(at: $0) }).sorted()
            let index = Dictionary(uniqueKeysWithValues: distinct.enumerated().map { ($1, UInt32($0)) })
            self.init(
                name: name, codes: rows.map { integers.value(at: $0).map { index[$0]! } ?? UInt32.max },
                labels: distinct.map(String.init))
        } else {
            return nil
        }
    }
}
