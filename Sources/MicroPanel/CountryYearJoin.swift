import MicroPanelColumns
import MicroPanelCSV

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
    /// One value per table row (NaN where unknown), by the row's ISO3 code (or country name,
    /// through `names`) and fiscal year.
    static func values(for table: Table, reference: CountryYearTable, names: CountryNames) -> (Float64Column, ReferenceCoverage) {
        let isoColumn = table.text("iso3")
        let countryColumn = table.text("country")
        let isoCodes = isoColumn?.dictionary.map { names.iso3(for: $0) } ?? []
        let countryCodes = countryColumn?.dictionary.map { names.iso3(for: $0) } ?? []
        var unresolved = Set<String>()
        let years = table.integer("fiscal_year")
        let storage = GrowableBuffer<Double>(capacity: max(table.rowCount, 1))
        var withValue = 0, withoutCountry = 0, withoutCountryYear = 0
        for row in 0..<table.rowCount {
            var iso3: String?
            var named = false
            if let isoColumn, case let code = isoColumn.code(at: row), code != TextColumn.missing {
                named = true
                iso3 = isoCodes[Int(code)]
                if iso3 == nil { unresolved.insert(isoColumn.dictionary[Int(code)]) }
            }
            if iso3 == nil, let countryColumn, case let code = countryColumn.code(at: row), code != TextColumn.missing {
                named = true
                iso3 = countryCodes[Int(code)]
                if iso3 == nil { unresolved.insert(countryColumn.dictionary[Int(code)]) }
            }
            let year = years?.value(at: row)
            if let iso3, let year, let value = reference.value(iso3: iso3, year: Int(year)) {
                storage.append(value)
                withValue += 1
            } else {
                storage.append(.nan)
                if !named { withoutCountry += 1 } else if iso3 != nil { withoutCountryYear += 1 }
            }
        }
        let column = Float64Column(storage: storage, missingCount: table.rowCount - withValue, badNumberCount: 0)
        let coverage = ReferenceCoverage(vintage: reference.vintage, rowsWithValue: withValue,
                                         rowsWithoutCountry: withoutCountry, rowsWithoutCountryYear: withoutCountryYear,
                                         unresolvedCountries: unresolved.sorted())
        return (column, coverage)
    }
}
