import MicroPanelColumns

/// The institution × year view of a table: rows grouped by institution (ids in byte order),
/// sorted by fiscal year, each linked to the row of fiscal year t−1 when there is one.
///
/// Rows without an institution id or fiscal year and MIX interim rows are excluded and counted;
/// duplicate institution-years are an error or, by policy, resolved to the later row.
public struct InstitutionPanel: Sendable {
    /// Table row of each panel row, in output order (institution id, then fiscal year).
    public let rows: [Int32]
    /// For each panel row, the table row of the same institution's fiscal year t−1, or −1.
    public let priorRows: [Int32]
    /// Institutions in the panel.
    public let institutionCount: Int
    /// Interim rows (`Period Type` other than `ANN`) left out.
    public let excludedInterimRows: Int
    /// Rows left out for lack of an institution id or a fiscal year.
    public let rowsWithoutKeys: Int
    /// Earlier rows of duplicate institution-years dropped (policy `keep-last`).
    public let droppedDuplicateRows: Int
    /// The key column used for institutions: `mfi_id`, or `mfi_name` when the table has no ids.
    public let institutionKey: String

    /// Number of panel rows.
    public var count: Int { rows.count }

    /// Builds the panel of `table`.
    public init(table: Table, options: PanelOptions = PanelOptions()) throws(PanelError) {
        guard let ids = table.text("mfi_id") ?? table.text("mfi_name") else {
            throw PanelError(.noInstitutionColumn)
        }
        institutionKey = table.text("mfi_id") != nil ? "mfi_id" : "mfi_name"
        guard let years = table.integer("fiscal_year") else {
            throw PanelError(.noFiscalYearColumn)
        }
        let annual = Self.annualCodes(table.text("period_type"))

        // Rank institution ids in UTF-8 byte order.
        let dictionary = ids.dictionary
        let sortedCodes = dictionary.indices.sorted {
            dictionary[$0].utf8.lexicographicallyPrecedes(dictionary[$1].utf8)
        }
        var rank = [Int32](repeating: 0, count: dictionary.count)
        for (position, code) in sortedCodes.enumerated() { rank[code] = Int32(position) }

        // Counting sort of the kept rows by institution rank.
        let codes = ids.codes
        let yearValues = years.values
        let periodCodes = table.text("period_type")?.codes
        var withoutKeys = 0
        var interim = 0
        var keep = [Bool](repeating: false, count: table.rowCount)
        var groupSizes = [Int](repeating: 0, count: dictionary.count + 1)
        for row in 0..<table.rowCount {
            let code = codes[row]
            if code == TextColumn.missing || yearValues[row] == Int64Column.missing {
                withoutKeys += 1
            } else if !options.includeInterim, let periodCodes,
                !annual[periodCodes[row] == TextColumn.missing ? 0 : Int(periodCodes[row]) + 1]
            {
                interim += 1
            } else {
                keep[row] = true
                groupSizes[Int(rank[Int(code)]) + 1] += 1
            }
        }
        for index in 1..<groupSizes.count { groupSizes[index] += groupSizes[index - 1] }
        var ordered = [Int32](repeating: 0, count: groupSizes.last!)
        var next = groupSizes
        for row in 0..<table.rowCount where keep[row] {
            let group = Int(rank[Int(codes[row])])
            ordered[next[group]] = Int32(row)
            next[group] += 1
        }

        // Within each institution: sort by year (rows keep input order within a year), resolve
        // duplicates, link prior years.
        var kept: [Int32] = []
        kept.reserveCapacity(ordered.count)
        var prior: [Int32] = []
        prior.reserveCapacity(ordered.count)
        var dropped = 0
        var institutions = 0
        for group in 0..<dictionary.count {
            let start = groupSizes[group]
            let end = groupSizes[group + 1]
            guard end > start else { continue }
            institutions += 1
            Self.sortByYear(&ordered, start..<end, years: yearValues)
            var index = start
            while index < end {
                var last = index
                while last + 1 < end && yearValues[Int(ordered[last + 1])] == yearValues[Int(ordered[index])] {
                    last += 1
                }
                if last > index {
                    switch options.duplicates {
                    case .error:
                        let year = yearValues[Int(ordered[index])]
                        throw PanelError(
                            .duplicateInstitutionYear(
                                keyName: institutionKey == "mfi_id" ? "MFI ID" : "MFI Name",
                                id: dictionary[sortedCodes[group]], year: year),
                            tableRows: [Int(ordered[index + 1]), Int(ordered[index])])
                    case .keepLast:
                        dropped += last - index
                    }
                }
                let row = ordered[last]
                let year = yearValues[Int(row)]
                if let previous = kept.last, index > start, Self.isPriorYear(yearValues[Int(previous)], of: year) {
                    prior.append(previous)
                } else {
                    prior.append(-1)
                }
                kept.append(row)
                index = last + 1
            }
        }
        rows = kept
        priorRows = prior
        institutionCount = institutions
        excludedInterimRows = interim
        rowsWithoutKeys = withoutKeys
        droppedDuplicateRows = dropped
    }

    /// The one prior-year rule: `prior` is the fiscal year t−1 of `year` (a gap is no prior
    /// year; a missing year has none).
    @inline(__always)
    package static func isPriorYear(_ prior: Int64, of year: Int64) -> Bool {
        year != Int64Column.missing && prior == year - 1
    }

    /// Whether each period-type value is annual, indexed by code + 1 (index 0: missing, which
    /// counts as annual). MIX writes `ANN` for annual rows.
    private static func annualCodes(_ column: TextColumn?) -> [Bool] {
        guard let column else { return [true] }
        return [true] + column.dictionary.map(isAnnual(periodType:))
    }

    /// The one interim-row rule: a `Period Type` is annual when it is `ANN` or `annual` (any case).
    package static func isAnnual(periodType value: String) -> Bool {
        let normalized = value.lowercased()
        return normalized == "ann" || normalized == "annual"
    }

    /// Sorts rows by (fiscal year, input order): insertion sort for the few years an
    /// institution usually has, the standard sort for long series.
    private static func sortByYear(_ values: inout [Int32], _ range: Range<Int>, years: UnsafeBufferPointer<Int64>) {
        func less(_ a: Int32, _ b: Int32) -> Bool {
            let (yearA, yearB) = (years[Int(a)], years[Int(b)])
            return yearA != yearB ? yearA < yearB : a < b
        }
        guard range.count > 32 else {
            guard range.count > 1 else { return }
            for index in (range.lowerBound + 1)..<range.upperBound {
                let value = values[index]
                var position = index
                while position > range.lowerBound && less(value, values[position - 1]) {
                    values[position] = values[position - 1]
                    position -= 1
                }
                values[position] = value
            }
            return
        }
        values[range].sort(by: less)
    }
}
