/// The one rule that gives a row its country, for every country-year join (GNI, inflation) and
/// for rows computed while the panel loads: the row's ISO3 code when it resolves, else its
/// country name's. (Cells the institution-descriptor join fills count as the row's own.)
struct CountryRule: Sendable {
    /// Names and codes known (the bundled table's, MIX's spellings, the user's tables').
    let names: CountryNames

    /// The ISO3 code a cell's text resolves to (an ISO3 code itself, or a known name).
    func resolve(_ text: String) -> String? { names.iso3(for: text) }

    /// The ISO3 code of a row whose `iso3` and `country` cells hold `code` and `name` (nil: empty):
    /// the code first.
    func iso3(code: String?, name: String?) -> String? {
        code.flatMap(resolve) ?? name.flatMap(resolve)
    }
}
