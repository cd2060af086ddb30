import MicroPanelColumns
import MicroPanelIndicators

/// The fields rows can be grouped and filtered by, in one place for `summarize`, `plot`,
/// `report` and the filters: a descriptor or `fiscal_year` of the table, `depth_tier` (an
/// indicator), and the MicroBanking Bulletin's `scale` and `age`.
enum PeerGroupFields {
    /// The MicroBanking Bulletin's scale by gross loan portfolio in US$: in Latin America and the
    /// Caribbean small < 4 M ≤ medium ≤ 15 M < large, elsewhere small < 2 M ≤ medium ≤ 8 M < large.
    static let scales = ["small", "medium", "large"]

    /// The MicroBanking Bulletin's age, years since the establishment year: new 0–4 (the year
    /// of establishment counted as new), young 5–8, mature more than 8.
    static let ages = ["new", "young", "mature"]

    /// The region name of MIX's metadata that takes Latin America's scale bounds.
    static let latinAmerica = "latin america and the caribbean"

    /// The field `name` for the table rows `rows`; `depthTiers` gives the tier of each row when
    /// asked (it is an indicator). Nil when the table cannot give it.
    static func field(
        _ name: String, table: Table, rows: [Int], depthTiers: () -> [Double]?
    ) -> GroupField? {
        switch name {
        case "depth_tier":
            if let tiers = depthTiers() { return .depthTiers(tiers) }
            return GroupField(table: table, name: name, rows: rows)
        case "scale":
            return scale(table: table, rows: rows)
        case "age":
            return age(table: table, rows: rows)
        default:
            return GroupField(table: table, name: name, rows: rows)
        }
    }

    /// `scale` from the closing gross loan portfolio, the region and the currency (missing for
    /// an amount not in US$, a row without portfolio or region).
    private static func scale(table: Table, rows: [Int]) -> GroupField? {
        guard let glp = table.number("glp"), let region = table.text("region") else { return nil }
        let currency = table.text("currency")
        let codes = rows.map { row -> UInt32 in
            let value = glp.values[row]
            guard !value.isNaN, let regionName = region[row] else { return UInt32.max }
            if let code = currency?[row], !CurrencyRule.isUSD(code) { return UInt32.max }
            let bounds = regionName.lowercased() == latinAmerica ? (4e6, 15e6) : (2e6, 8e6)
            return value < bounds.0 ? 0 : value <= bounds.1 ? 1 : 2
        }
        return GroupField(name: "scale", codes: codes, labels: scales)
    }

    /// `age` from the fiscal year and the `established` descriptor (a year, or a date with a
    /// four-digit year); missing without one, or when the fiscal year is before it.
    private static func age(table: Table, rows: [Int]) -> GroupField? {
        guard let established = table.text("established"), let years = table.integer("fiscal_year") else { return nil }
        let yearOfCode = established.dictionary.map(Self.year)
        let codes = rows.map { row -> UInt32 in
            let code = established.code(at: row)
            guard code != TextColumn.missing, let start = yearOfCode[Int(code)], let year = years.value(at: row)
            else { return UInt32.max }
            let age = Int(year) - start
            return age < 0 ? UInt32.max : age <= 4 ? 0 : age <= 8 ? 1 : 2
        }
        return GroupField(name: "age", codes: codes, labels: ages)
    }

    /// The year in `text`: its only run of exactly four digits (`1995`, `1995-06-30`, `30/06/1995`).
    static func year(_ text: String) -> Int? {
        let runs = text.split(whereSeparator: { !$0.isASCII || !$0.isNumber }).filter { $0.count == 4 }
        guard runs.count == 1, let year = Int(String(runs[0])), (1800...2100).contains(year) else { return nil }
        return year
    }
}
