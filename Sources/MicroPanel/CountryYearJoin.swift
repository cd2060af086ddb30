import MicroPanelColumns
import MicroPanelSupport

/// How many panel rows a country-year table covered, and why the others were not.
public struct ReferenceCoverage: Sendable, Equatable {
    /// The table's source, title and vintage.
    public var vintage: String
    /// Rows that got a value.
    public var rowsWithValue: Int
    /// Rows with no country (no `Country` or `ISO3` value).
    public var rowsWithoutCountry: Int
    /// Rows whose country the table has no value for in that year.
    public var rowsWithoutCountryYear: Int
    /// Country values in the panel that no crosswalk resolves.
    public var unresolvedCountries: [String]
}

/// Looks up a country-year value (GNI per capita, inflation) for every row of a panel.
enum CountryYearJoin {
    /// One value per table row (NaN where unknown), by the row's country (``CountryRule``: its
    /// ISO3 code, else its name, each distinct text resolved once) and fiscal year.
    static func values(for table: Table, reference: CountryYearTable, rule: CountryRule) -> (
        Float64Column, ReferenceCoverage
    ) {
        let isoColumn = table.text("iso3")
        let countryColumn = table.text("country")
        let isoCodes = isoColumn?.dictionary.map(rule.resolve) ?? []
        let countryCodes = countryColumn?.dictionary.map(rule.resolve) ?? []
        // Each distinct value resolved once to its row in the table (−1: none).
        let isoRows = isoCodes.map { $0.flatMap(reference.index(ofISO3:)) ?? -1 }
        let countryRows = countryCodes.map { $0.flatMap(reference.index(ofISO3:)) ?? -1 }
        var unresolvedISO = [Bool](repeating: false, count: isoCodes.count)
        var unresolvedCountry = [Bool](repeating: false, count: countryCodes.count)
        let storage = GrowableBuffer<Double>(uninitializedCount: max(table.rowCount, 1))
        var withValue = 0
        var withoutCountry = 0
        var withoutCountryYear = 0
        let years = table.integer("fiscal_year")?.values.baseAddress
        let isoRowCodes = isoColumn?.codes.baseAddress
        let countryRowCodes = countryColumn?.codes.baseAddress
        let output = storage.base
        for row in 0..<table.rowCount {
            var resolved = false
            var tableRow = -1
            var named = false
            if let isoRowCodes, case let code = isoRowCodes[row], code != TextColumn.missing {
                named = true
                resolved = isoCodes[Int(code)] != nil
                tableRow = isoRows[Int(code)]
                if !resolved { unresolvedISO[Int(code)] = true }
            }
            if !resolved, let countryRowCodes, case let code = countryRowCodes[row], code != TextColumn.missing {
                named = true
                resolved = countryCodes[Int(code)] != nil
                tableRow = countryRows[Int(code)]
                if !resolved { unresolvedCountry[Int(code)] = true }
            }
            if tableRow >= 0, let years, years[row] != Int64Column.missing,
                let value = reference.value(country: tableRow, year: Int(years[row]))
            {
                output[row] = value
                withValue += 1
            } else {
                output[row] = .nan
                if !named { withoutCountry += 1 } else if resolved { withoutCountryYear += 1 }
            }
        }
        var unresolved = Set<String>()
        for (code, flag) in unresolvedISO.enumerated() where flag { unresolved.insert(isoColumn!.dictionary[code]) }
        for (code, flag) in unresolvedCountry.enumerated() where flag {
            unresolved.insert(countryColumn!.dictionary[code])
        }
        storage.count = table.rowCount
        let column = Float64Column(storage: storage, missingCount: table.rowCount - withValue, badNumberCount: 0)
        let coverage = ReferenceCoverage(
            vintage: reference.vintage, rowsWithValue: withValue,
            rowsWithoutCountry: withoutCountry, rowsWithoutCountryYear: withoutCountryYear,
            unresolvedCountries: unresolved.sorted())
        return (column, coverage)
    }
}

extension CountryYearJoin {
    /// An `iso3` column resolved from the `country` column, for tables that have a country
    /// but no ISO3 column (nil otherwise).
    static func iso3Column(for table: Table, rule: CountryRule) -> TextColumn? {
        guard table.text("iso3") == nil, let country = table.text("country") else { return nil }
        var dictionary: [String] = []
        var codeOf: [String: UInt32] = [:]
        let mapped: [UInt32] = country.dictionary.map { name in
            guard let iso3 = rule.resolve(name) else { return TextColumn.missing }
            if let code = codeOf[iso3] { return code }
            let code = UInt32(dictionary.count)
            dictionary.append(iso3)
            codeOf[iso3] = code
            return code
        }
        let codes = GrowableBuffer<UInt32>(uninitializedCount: max(table.rowCount, 1))
        codes.count = table.rowCount
        var missing = 0
        if let countryCodes = country.codes.baseAddress {
            for row in 0..<table.rowCount {
                let code = countryCodes[row]
                let iso3 = code == TextColumn.missing ? TextColumn.missing : mapped[Int(code)]
                if iso3 == TextColumn.missing { missing += 1 }
                codes.base[row] = iso3
            }
        }
        return TextColumn(storage: codes, dictionary: dictionary, missingCount: missing)
    }
}
