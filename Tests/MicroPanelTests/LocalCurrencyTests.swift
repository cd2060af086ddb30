import Foundation
import MicroPanel
import MicroPanelTestSupport
import Testing

/// `--to-usd`: the amounts of rows in local currency divided by the bundled official exchange
/// rate (read independently here), counts untouched; a row without a rate keeps its ratios and
/// loses its amounts (`no_exchange_rate`).
@Suite struct LocalCurrencyTests {
    /// A Kenyan institution reporting in shillings (2014, 2015), its twin reporting the 2015
    /// figures in US$, and one in shillings in a year the exchange-rate table does not reach.
    static let panel = """
        MFI ID,Fiscal Year,Country,Currency,Gross Loan Portfolio,Number of active borrowers,Assets,Equity,Operating expense,Net operating income
        K1,2014,Kenya,KES,879221638.089727,10000,1000000000,200000000,150000000,20000000
        K1,2015,Kenya,KES,981784533.265271,11000,1200000000,220000000,160000000,30000000
        U1,2015,Kenya,USD,10000000,11000,12000000,2200000,1600000,300000
        S1,2026,Kenya,KES,981784533.265271,11000,1200000000,220000000,160000000,30000000

        """

    static func compute(_ extra: [String], directory: TemporaryDirectory) throws -> [String: [String: String]] {
        let path = directory.path("kes.csv")
        try Data(panel.utf8).write(to: URL(fileURLWithPath: path))
        let rows = try FilterTests.rows(
            [
                "compute", path, "--indicators",
                "avg_loan_balance,avg_loan_balance_gni,roa,cost_per_borrower,capital_to_assets",
            ]
                + extra)
        return Dictionary(uniqueKeysWithValues: rows.map { ("\($0["mfi_id"]!) \($0["fiscal_year"]!)", $0) })
    }

    @Test func amountsAreDividedByTheYearsExchangeRate() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let rates = try PurchasingPowerTests.worldBankTable(BundledData.exchangeRateGzip)
        let rate2014 = try #require(rates["KEN 2014"])
        let rate2015 = try #require(rates["KEN 2015"])
        #expect(rates["KEN 2026"] == nil)
        let rows = try Self.compute(["--to-usd"], directory: directory)
        let k2015 = try #require(rows["K1 2015"])
        #expect(k2015["currency"] == "USD")
        // Average loan balance: the converted portfolio over the borrowers (a count, not converted).
        #expect(Double(k2015["avg_loan_balance"]!) == 981784533.265271 / rate2015 / 11000)
        // The shilling figures were the US$ twin's at the 2015 rate: the same values, to rounding.
        let twin = try #require(rows["U1 2015"])
        for id in ["avg_loan_balance", "avg_loan_balance_gni"] {
            let converted = try #require(Double(k2015[id]!))
            let dollars = try #require(Double(twin[id]!))
            #expect(abs(converted - dollars) <= 1e-12 * dollars, "\(id)")
        }
        // ROA: each year's assets at its own year's rate (as MIX's US$ figures).
        let averageAssets = (1_000_000_000 / rate2014 + 1_200_000_000 / rate2015) / 2
        #expect(Double(k2015["roa"]!) == (30_000_000 / rate2015) / averageAssets)
        // A ratio of one year's amounts does not change.
        let local = try Self.compute([], directory: directory)
        let capital = try #require(Double(local["K1 2015"]!["capital_to_assets"]!))
        #expect(abs(Double(k2015["capital_to_assets"]!)! - capital) <= 1e-15 * capital)
    }

    @Test func rowsWithoutARateKeepTheirRatiosAndLoseTheirAmounts() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let rows = try Self.compute(["--to-usd"], directory: directory)
        let unconverted = try #require(rows["S1 2026"])
        #expect(unconverted["currency"] == "KES")
        for id in ["avg_loan_balance", "avg_loan_balance_gni", "cost_per_borrower"] {
            #expect(unconverted[id] == "")
            #expect(unconverted["flags"]!.contains("\(id):no_exchange_rate"), "\(unconverted["flags"]!)")
        }
        // Without --to-usd the same row's amounts are in shillings and the GNI ratio is refused.
        let local = try Self.compute([], directory: directory)
        #expect(Double(local["S1 2026"]!["avg_loan_balance"]!) == 981784533.265271 / 11000)
        #expect(local["K1 2015"]!["flags"]!.contains("avg_loan_balance_gni:currency_not_usd"))
        // PPP of an unconverted row: missing for the same reason.
        let ppp = try Self.compute(["--to-usd", "--currency", "ppp"], directory: directory)
        #expect(ppp["S1 2026"]!["flags"]!.contains("avg_loan_balance:no_exchange_rate"))
        #expect(Double(ppp["K1 2015"]!["avg_loan_balance"]!) != nil)
    }

    @Test func theRunSaysWhatItConverted() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("kes.csv")
        try Data(Self.panel.utf8).write(to: URL(fileURLWithPath: path))
        let result = try CommandLineTool.run(["compute", path, "--to-usd", "--indicators", "roa"])
        #expect(result.status == 0)
        #expect(
            result.error.contains(
                "Amounts in local currency converted to US$ (KES): 2 rows, with the World Bank WDI (bundled),"
                    + " Official exchange rate (LCU per US$, period average), last updated 2025-07-01; 1 row has"
                    + " no rate for its country and year"))
        // summarize weighs converted amounts: the two 2015 rows of Kenya are one peer group in US$.
        let summary = try FilterTests.rows([
            "summarize", path, "--to-usd", "--by", "fiscal_year", "--indicators", "avg_loan_balance",
        ])
        let year2015 = try #require(summary.first { $0["fiscal_year"] == "2015" })
        #expect(year2015["n"] == "2")
        let median = try #require(Double(year2015["median"]!))
        #expect(abs(median - 10_000_000 / 11000) < 1e-9)
    }
}
