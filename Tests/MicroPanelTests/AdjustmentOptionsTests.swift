import Foundation
import MicroPanel
import MicroPanelTestSupport
import Testing

/// The §6 sample of the adjustments contract with 2,000 of renegotiated loans, in Bolivia (the
/// WDI lending and deposit rates of 2009 are read from the bundled tables, not typed here).
private let panel = """
    MFI ID,Country,Fiscal Year,Gross Loan Portfolio,\
    Gross Loan Portfolio > Delinquency > One month or more > More than three months > From three to six months,\
    Gross Loan Portfolio > Delinquency > One month or more > More than three months > More than six months,\
    Gross Loan Portfolio > Delinquency > Renegotiated loans,Impairment loss allowance,\
    Net impairment loss; gross loan portfolio,Borrowings,Interest expense on borrowings,Equity,Net fixed assets,\
    Assets,Net operating income,Financial revenue,Financial revenue from loans,\
    Financial expense on funding liabilities,Operating expense,Donations
    S,Bolivia,2008,1500000,,,,,,1131850,,400000,100000,1600000,,,,,,
    S,Bolivia,2009,1648864,16000,3500,2000,11000,7500,1118150,25000,400000,100000,1700000,50000,300000,280000,25000,100000,

    """

@Suite("adjusted performance: options, series and errors from the command line")
struct AdjustmentOptionsTests {
    let directory: TemporaryDirectory
    init() throws { directory = try TemporaryDirectory() }

    /// Runs `compute` on the panel with `arguments`, returning the 2009 row by column and the result.
    private func compute(_ arguments: [String]) throws -> (row: [String: String], result: CommandLineTool.Result) {
        let input = try directory.write("panel.csv", text: panel)
        let output = directory.path("out-\(UUID().uuidString).csv")
        let result = try CommandLineTool.run(["compute", input, "-o", output, "-q"] + arguments)
        guard result.status == 0 else { return ([:], result) }
        let lines = String(decoding: try readBytes(output), as: UTF8.self).split(separator: "\n").map(String.init)
        let header = lines[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        let cells = lines[2].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        return (Dictionary(uniqueKeysWithValues: zip(header, cells)), result)
    }

    @Test("the bundled series are joined by default: lending rate, CPI inflation; deposit and files replace them")
    func seriesByDefault() throws {
        defer { directory.remove() }
        let lending = try #require(CountryYearTable.bundledLendingRate.value(iso3: "BOL", year: 2009))
        let deposit = try #require(CountryYearTable.bundledDepositRate.value(iso3: "BOL", year: 2009))
        #expect(lending != deposit)
        let (row, _) = try compute([])
        let expected = max(0, lending / 100 * 1_125_000 - 25000)
        #expect(abs(Double(row["adj_cost_of_funds"]!)! - expected) < 1e-6)
        #expect(row["adj_inflation"]!.isEmpty == false)
        #expect(row["yield_real"]!.isEmpty == false)
        let (depositRow, _) = try compute(["--market-rate", "deposit"])
        #expect(abs(Double(depositRow["adj_cost_of_funds"]!)! - max(0, deposit / 100 * 1_125_000 - 25000)) < 1e-6)
        // A file of country,year,value replaces both, and the inflation series likewise.
        let rates = try directory.write("rates.csv", text: "country,year,rate\nBolivia,2009,5\n")
        let cpi = try directory.write("cpi.csv", text: "country,year,cpi\nBOL,2009,0\nBOL,2008,0\n")
        let (fileRow, _) = try compute(["--market-rate", rates, "--inflation", cpi])
        #expect(abs(Double(fileRow["adj_cost_of_funds"]!)! - 31250) < 1e-6)
        #expect(fileRow["adj_inflation"] == "0")
        #expect(fileRow["adj_provision"] == "1500") // 0.5 × 16,000 + 3,500 + 0.5 × 2,000 − 11,000
    }

    @Test(
        "--provisioning, --provision-policy, --write-off-rule and --inflation-basis reach the kernel and the manifest"
    )
    func optionsInManifest() throws {
        defer { directory.remove() }
        let rules = try directory.write("rater.csv", text: "bucket,rate\npar90_180,1\npar180_amount,1\n")
        let manifest = directory.path("run.json")
        let (row, result) = try compute([
            "--provisioning", rules, "--provision-policy", "expense-all", "--write-off-rule", "off",
            "--inflation-basis", "opening", "--market-rate", "deposit", "--manifest", manifest,
        ])
        #expect(result.status == 0, "\(result.error)")
        #expect(row["adj_provision"] == "19500") // 16,000 + 3,500, the reserve ignored
        let json = try #require(
            JSONSerialization.jsonObject(with: Data(try readBytes(manifest))) as? [String: Any])
        #expect(json["provisioning"] as? String == rules)
        #expect((json["provisioning_rates"] as? [String: Double])?["par90_180"] == 1)
        #expect((json["provisioning_rates"] as? [String: Double])?["renegotiated"] == 0)
        #expect(json["provision_policy"] as? String == "expense-all")
        #expect(json["write_off_rule"] as? String == "off")
        #expect(json["inflation_basis"] as? String == "opening")
        #expect(json["market_rate"] as? String == "deposit")
        #expect((json["market_rate_vintage"] as? String)?.contains("Deposit interest rate (%)") == true)
        #expect((json["inflation_vintage"] as? String)?.contains("2026-01-28") == true)
        #expect(json["market_rate_rows_matched"] as? Int == 2)
        // mbb-2003 leaves the renegotiated loans out.
        let (mbb2003, _) = try compute(["--provisioning", "MBB-2003"])
        #expect(mbb2003["adj_provision"] == "500")
    }

    @Test("a wrong rule file, a wrong option value and an output onto the rule file are clear errors")
    func errors() throws {
        defer { directory.remove() }
        let unknown = try directory.write("unknown.csv", text: "bucket,rate\npar90_180,0.5\npar_180,1\n")
        var (_, result) = try compute(["--provisioning", unknown])
        #expect(result.status == 3)
        #expect(result.error.contains("unknown.csv:3:1"), "\(result.error)")
        #expect(result.error.contains("unknown bucket 'par_180'"), "\(result.error)")
        let rate = try directory.write("rate.csv", text: "par90_180,50%\n")
        (_, result) = try compute(["--provisioning", rate])
        #expect(result.status == 3)
        #expect(result.error.contains("rate.csv:1:2") && result.error.contains("rate from 0 to 1"), "\(result.error)")
        let twice = try directory.write("twice.csv", text: "par90_180,0.5\npar90_180,1\n")
        (_, result) = try compute(["--provisioning", twice])
        #expect(result.error.contains("given twice"), "\(result.error)")
        // A name mistyped, or a file that is not there, is a usage error suggesting the name.
        let missing = directory.path("none.csv")
        (_, result) = try compute(["--provisioning", missing])
        #expect(result.status == 2)
        #expect(result.error.contains("none.csv' is neither a file nor one of mbb, mbb-2003"), "\(result.error)")
        (_, result) = try compute(["--provisioning", "mbb2003"])
        #expect(result.status == 2 && result.error.contains("did you mean 'mbb-2003'?"), "\(result.error)")
        (_, result) = try compute(["--market-rate", "landing"])
        #expect(result.status == 2 && result.error.contains("did you mean 'lending'?"), "\(result.error)")
        (_, result) = try compute(["--provision-policy", "all"])
        #expect(result.status == 2)
        #expect(result.error.contains("top-up"), "\(result.error)")
        (_, result) = try compute(["--write-off-rule", "yes"])
        #expect(result.status == 2)
        let rules = try directory.write("rules.csv", text: "par90_180,0.5\n")
        let input = try directory.write("panel.csv", text: panel)
        let overwrite = try CommandLineTool.run(["compute", input, "--provisioning", rules, "-o", rules])
        #expect(overwrite.status == 2)
        #expect(overwrite.error.contains("would destroy the input"), "\(overwrite.error)")
        #expect(try readBytes(rules) == Array("par90_180,0.5\n".utf8))
    }

    @Test("summarize weighs adjusted ratios by their parts: Σ adjusted net income / Σ average assets")
    func weightedSummary() throws {
        defer { directory.remove() }
        let computed = try Pipeline.computePanel(
            PanelSource(paths: [Fixtures.mixPanel()], references: ReferenceFiles(institutions: Fixtures.mixMetadata())))
        let summary = try PeerGroupSummary(computed: computed, by: ["region"], indicators: [.adjustedROA, .fss])
        let africa = try #require(summary.rows.first { $0.group == ["Africa"] && $0.indicator == .adjustedROA })
        var income = 0.0
        var assets = 0.0
        let regions = try #require(computed.table.text("region"))
        for row in 0..<computed.panel.count where regions[Int(computed.panel.rows[row])] == "Africa" {
            guard let roa = computed.results.optional(.adjustedROA, row: row),
                let net = computed.results.optional(.adjustedNetIncome, row: row)
            else { continue }
            income += net
            assets += net / roa
        }
        let weighted = try #require(africa.statistics.weighted)
        #expect(abs(weighted - income / assets) <= 1e-9 * abs(weighted))
        #expect(africa.statistics.count > 50)
    }
}
