import Foundation
import MicroPanel
import MicroPanelTestSupport
import Testing

/// `compute --currency ppp`: amounts × official exchange rate / PPP factor, from the bundled WDI
/// tables read independently here.
@Suite struct PurchasingPowerTests {
    /// A World Bank download (4 preamble lines, then `Country Name,Country Code,…,1960,…`, every
    /// field quoted): ISO3 and year → value.
    static func worldBankTable(_ gzip: [UInt8]) throws -> [String: Double] {
        let text = String(decoding: try GzipTool.decompress(gzip), as: UTF8.self)
        let lines = text.split(whereSeparator: \.isNewline).map(String.init).filter { $0.hasPrefix("\"") }
        func fields(_ line: String) -> [String] {
            line.dropFirst().dropLast(line.hasSuffix(",") ? 2 : 1).components(separatedBy: "\",\"")
        }
        let header = fields(lines.first { $0.hasPrefix("\"Country Name\"") }!)
        var table: [String: Double] = [:]
        for line in lines
        where !line.hasPrefix("\"Country Name\"") && !line.hasPrefix("\"Data Source\"")
            && !line.hasPrefix("\"Last Updated")
        {
            let cells = fields(line)
            guard cells.count == header.count else { continue }
            for (index, name) in header.enumerated() where Int(name) != nil {
                if let value = Double(cells[index]) { table["\(cells[1]) \(name)"] = value }
            }
        }
        return table
    }

    @Test func amountsAreUSDollarsTimesTheExchangeRateOverThePPPFactor() throws {
        let exchange = try Self.worldBankTable(BundledData.exchangeRateGzip)
        let ppp = try Self.worldBankTable(BundledData.pppFactorGzip)
        #expect(exchange["IND 2010"] != nil && ppp["IND 2010"] != nil)
        let indicators = "avg_loan_balance,cost_per_borrower,cost_per_loan,roa"
        let usd = try FilterTests.rows(["compute", "--indicators", indicators])
        let converted = try FilterTests.rows(["compute", "--indicators", indicators, "--currency", "ppp"])
        #expect(usd.count == converted.count)
        var compared = 0
        for (dollars, international) in zip(usd, converted) {
            let key = "\(dollars["iso3"]!) \(dollars["fiscal_year"]!)"
            #expect(dollars["roa"] == international["roa"])
            for id in ["avg_loan_balance", "cost_per_borrower", "cost_per_loan"] {
                guard let value = Double(dollars[id]!) else { continue }
                if let rate = exchange[key], let factor = ppp[key], dollars["currency"] == "USD" {
                    #expect(Double(international[id]!) == value * (rate / factor), "\(key) \(id)")
                    compared += 1
                } else {
                    #expect(international[id] == "")
                    #expect(international["flags"]!.contains("\(id):no_ppp"))
                }
            }
        }
        #expect(compared > 500)
    }

    @Test func constantDollarsDeflateWithTheUSPriceIndex() throws {
        let inflation = try Self.worldBankTable(BundledData.inflationGzip)
        // P(t) / P(2015) chained from US CPI inflation: the deflator of year t is P(2015) / P(t).
        func deflator(_ year: Int) -> Double {
            var level = 1.0
            if year > 2015 {
                for y in 2016...year { level *= 1 + inflation["USA \(y)"]! / 100 }
            } else if year < 2015 {
                for y in stride(from: 2015, to: year, by: -1) { level /= 1 + inflation["USA \(y)"]! / 100 }
            }
            return 1 / level
        }
        let usd = try FilterTests.rows(["compute", "--indicators", "avg_loan_balance,roa"])
        let constant = try FilterTests.rows([
            "compute", "--indicators", "avg_loan_balance,roa", "--constant-dollars", "2015",
        ])
        var compared = 0
        for (current, deflated) in zip(usd, constant) {
            #expect(current["roa"] == deflated["roa"])
            guard let value = Double(current["avg_loan_balance"]!) else { continue }
            let expected = value * deflator(Int(current["fiscal_year"]!)!)
            let actual = try #require(Double(deflated["avg_loan_balance"]!))
            #expect(abs(actual - expected) <= 1e-12 * abs(expected), "\(current["fiscal_year"]!)")
            compared += 1
        }
        #expect(compared > 200)
        let far = try CommandLineTool.run(["compute", "--constant-dollars", "1800"])
        #expect(far.status == 2)
    }

    @Test func summarizeConvertsTheValuesAndTheWeightedRatiosNumerators() throws {
        let exchange = try Self.worldBankTable(BundledData.exchangeRateGzip)
        let ppp = try Self.worldBankTable(BundledData.pppFactorGzip)
        let arguments = ["summarize", "--by", "iso3,fiscal_year", "--indicators", "avg_loan_balance,roa"]
        let usd = try FilterTests.rows(arguments)
        let converted = try FilterTests.rows(arguments + ["--currency", "ppp"])
        #expect(usd.count == converted.count)
        // One country-year is one factor: every statistic, the weighted ratio too, times it.
        var compared = 0
        for (dollars, international) in zip(usd, converted) {
            #expect(dollars["iso3"] == international["iso3"] && dollars["indicator"] == international["indicator"])
            if dollars["indicator"] == "roa" {
                #expect(dollars == international)
                continue
            }
            let key = "\(dollars["iso3"]!) \(dollars["fiscal_year"]!)"
            guard let rate = exchange[key], let factor = ppp[key], dollars["n"] != "0" else { continue }
            for statistic in ["median", "mean", "weighted"] {
                let value = try #require(Double(dollars[statistic]!), "\(key) \(statistic)")
                let actual = try #require(Double(international[statistic]!), "\(key) \(statistic)")
                #expect(abs(actual - value * rate / factor) <= 1e-12 * abs(actual), "\(key) \(statistic)")
            }
            compared += 1
        }
        #expect(compared > 50)
        // A compute output holds converted values or not: it is converted when computed.
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let output = directory.path("out.csv")
        #expect(try CommandLineTool.run(["compute", "-o", output, "-q"]).status == 0)
        let refused = try CommandLineTool.run(["summarize", output, "--by", "region", "--currency", "ppp"])
        #expect(refused.status == 2)
        #expect(refused.error.contains("is a compute output: convert when computing"))
    }
}
