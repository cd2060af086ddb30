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
}
