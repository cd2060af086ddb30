import MicroPanel
import MicroPanelTestSupport
import Testing

@Suite("reference data: GNI, inflation, country names")
struct ReferenceDataTests {
    @Test("the bundled World Bank GNI table: its vintage and known values")
    func bundledGNI() {
        let table = CountryYearTable.bundledGNI
        #expect(table.lastUpdated == "2024-06-28")
        #expect(table.title == "GNI per capita, Atlas method (current US$)")
        #expect(table.vintage.contains("2024-06-28"))
        #expect(table.countryCount > 250)
        // From API_NY.GNP.PCAP.CD_DS2_en_csv_v2_1519779.csv.
        #expect(table.value(iso3: "BOL", year: 2001) == 940)
        #expect(table.value(iso3: "PHL", year: 2011) == 2500)
        #expect(table.value(iso3: "KEN", year: 1960) == nil)
    }

    @Test(
        "MIX spellings, World Bank names and ISO3 codes resolve",
        arguments: [
            ("China, People's Republic of", "CHN"), ("Congo, Democratic Republic of the", "COD"), ("Kyrgyzstan", "KGZ"),
            ("Kyrgyz Republic", "KGZ"), ("Laos", "LAO"), ("Vietnam", "VNM"), ("Viet Nam", "VNM"), ("Turkey", "TUR"),
            ("Cote d'Ivoire (Ivory Coast)", "CIV"), ("Bolivia", "BOL"), ("bol", "BOL"), (" Peru ", "PER"),
            ("Egypt, Arab Rep.", "EGY"), ("Myanmar (Burma)", "MMR"), ("Palestine", "PSE"),
        ])
    func countryNames(name: String, iso3: String) {
        #expect(CountryNames.standard.iso3(for: name) == iso3)
    }

    @Test("every country of MIX's MFI metadata resolves")
    func everyMixCountry() throws {
        let metadata = try PanelLoader().load(paths: [Fixtures.mixMetadata()]).table
        let countries = try #require(metadata.text("country")).dictionary
        #expect(countries.count == 123)
        #expect(countries.filter { CountryNames.standard.iso3(for: $0) == nil } == [])
    }

    @Test("user tables: a World Bank download, and a long country/year/value table by name or code")
    func userTables() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let wide = try directory.write(
            "wb.csv",
            text: """
                "Data Source","World Development Indicators",

                "Last Updated Date","2025-07-01",

                "Country Name","Country Code","Indicator Name","Indicator Code","2010","2011",
                "Peru","PER","Inflation, consumer prices (annual %)","FP.CPI.TOTL.ZG","1.5","3.4",

                """)
        let wideTable = try CountryYearTable(contentsOf: wide)
        #expect(wideTable.lastUpdated == "2025-07-01")
        #expect(wideTable.value(iso3: "PER", year: 2011) == 3.4)

        let long = try directory.write(
            "long.csv", text: "country,year,rate\nKyrgyzstan,2010,7.8\nBOL,2010,2.5\nAtlantis,2010,1\n")
        let longTable = try CountryYearTable(contentsOf: long)
        #expect(longTable.value(iso3: "KGZ", year: 2010) == 7.8)
        #expect(longTable.value(iso3: "BOL", year: 2010) == 2.5)
        #expect(longTable.unresolvedCountries == ["Atlantis"])

        let bad = try directory.write("bad.csv", text: "country,year,rate\nPeru,2010,high\n")
        let error = #expect(throws: CSVError.self) { _ = try CountryYearTable(contentsOf: bad) }
        #expect(
            error?.description == "\(bad):2:3: column 'rate': expected a number, found 'high'"
                + " (use --on-bad-number missing to read such values as missing and count them)")
    }

    @Test("GNI and inflation join by ISO3 or by name, per fiscal year; unknown names are reported")
    func join() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let panel = try directory.write(
            "p.csv",
            text: """
                MFI ID,Fiscal Year,Country,Gross Loan Portfolio,Number of active borrowers,Average gross loan portfolio,\
                Financial revenue from loans
                A,2001,Bolivia,940,1,940,300
                B,2011,Philippines,2500,2,2500,300
                C,2011,Narnia,100,1,100,30
                D,2011,,100,1,100,30

                """)
        let inflation = try directory.write("cpi.csv", text: "country,year,inflation\nBOL,2001,1.6\n")
        let computed = try Pipeline.computePanel(
            PanelSource(paths: [panel], references: ReferenceFiles(inflation: inflation)))
        #expect(computed.results.optional(.avgLoanBalanceGNI, row: 0) == 1)
        #expect(computed.results.optional(.avgLoanBalanceGNI, row: 1) == 0.5)
        #expect(computed.results.reason(.avgLoanBalanceGNI, row: 2) == "no_gni")
        #expect(computed.report.gni.unresolvedCountries == ["Narnia"])
        #expect(computed.report.gni.rowsWithoutCountry == 1)
        #expect(computed.report.gni.rowsWithValue == 2)
        #expect(
            rounded(computed.results.optional(.yieldReal, row: 0), 10) == rounded((300.0 / 940 - 0.016) / 1.016, 10))
        #expect(computed.results.reason(.yieldReal, row: 1) == "no_inflation")
        #expect(computed.report.inflation.rowsWithValue == 1)
    }
}
