import MicroPanelColumns

/// Country names to ISO3 codes: the World Bank's names (from the bundled GNI table), MIX's
/// own spellings and a few common alternatives, compared after name normalisation.
public struct CountryNames: Sendable {
    private var codes: Set<String>
    private var byName: [String: String]

    /// MIX spellings and common alternatives that the World Bank writes otherwise.
    public static let aliases: [String: String] = [
        "China, People's Republic of": "CHN", "China": "CHN",
        "Congo, Democratic Republic of the": "COD", "Democratic Republic of the Congo": "COD", "DR Congo": "COD",
        "Congo, Republic of the": "COG", "Republic of the Congo": "COG",
        "Cote d'Ivoire (Ivory Coast)": "CIV", "Cote d'Ivoire": "CIV", "Ivory Coast": "CIV",
        "East Timor": "TLS", "Egypt": "EGY", "Kyrgyzstan": "KGZ", "Laos": "LAO", "Macedonia": "MKD",
        "Myanmar (Burma)": "MMR", "Burma": "MMR", "Palestine": "PSE", "Russia": "RUS", "Saint Lucia": "LCA",
        "Slovakia": "SVK", "Swaziland": "SWZ", "Syria": "SYR", "Turkey": "TUR", "Venezuela": "VEN",
        "Vietnam": "VNM", "Yemen": "YEM", "Iran": "IRN", "South Korea": "KOR", "Korea, South": "KOR",
        "North Korea": "PRK", "Gambia": "GMB", "The Gambia": "GMB", "Bahamas": "BHS", "Cape Verde": "CPV",
        "Czech Republic": "CZE", "Micronesia": "FSM", "Brunei": "BRN", "Hong Kong": "HKG", "Macau": "MAC",
        "Saint Kitts and Nevis": "KNA", "Saint Vincent and the Grenadines": "VCT",
        "Sao Tome and Principe": "STP", "Curacao": "CUW",
    ]

    /// Names and codes of `table` plus the aliases.
    init(table: CountryYearTable) {
        codes = Set(table.countryNames.values)
        byName = [:]
        for (name, code) in table.countryNames { byName[FieldName.normalize(name)] = code }
        for (name, code) in Self.aliases {
            byName[FieldName.normalize(name)] = code
            codes.insert(code)
        }
    }

    /// Names of the bundled World Bank table and the aliases.
    public static let standard = CountryNames(table: .bundledGNI)

    /// The ISO3 code of `country`: an ISO3 code itself, or a known name.
    public func iso3(for country: String) -> String? {
        let trimmed = country.trimmingSpaces()
        if trimmed.utf8.count == 3 && codes.contains(trimmed.uppercased()) { return trimmed.uppercased() }
        return byName[FieldName.normalize(trimmed)]
    }

    /// Adds the names of another table (a user's GNI or inflation file).
    mutating func add(_ table: CountryYearTable) {
        for (name, code) in table.countryNames {
            codes.insert(code)
            let key = FieldName.normalize(name)
            if byName[key] == nil { byName[key] = code }
        }
    }
}

extension String {
    func trimmingSpaces() -> String {
        var scalars = Substring(self)
        while scalars.first == " " { scalars.removeFirst() }
        while scalars.last == " " { scalars.removeLast() }
        return String(scalars)
    }
}
