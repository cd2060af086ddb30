import Foundation
import MicroPanel
import MicroPanelTestSupport
import Testing

/// `--years`, `--filter`, `--min-years`, `--balanced` (the same for compute, summarize, plot and
/// report) and `summarize --wide` with its complete grid, through the command on MIX's panel.
@Suite struct FilterTests {
    /// CSV rows of a command's standard output, as dictionaries by header (split by the scanner,
    /// quotes resolved).
    static func rows(_ arguments: [String]) throws -> [[String: String]] {
        let result = try CommandLineTool.run(arguments + ["-q"])
        #expect(result.status == 0, "\(result.error)")
        let table = try ByteStreams.scan(Array(result.output.utf8), chunkSize: 1 << 20)
        return table.rows.map { Dictionary(uniqueKeysWithValues: zip(table.header, $0)) }
    }

    static func mix() throws -> [String] {
        [try Fixtures.mixPanel(), "--institutions", try Fixtures.mixMetadata()]
    }

    @Test func computeKeepsTheFilteredRowsWithTheirPriorYearAverages() throws {
        let all = try Self.rows(["compute"] + Self.mix() + ["--indicators", "roa,oer"])
        let kept = try Self.rows(
            ["compute"] + Self.mix() + [
                "--indicators", "roa,oer", "--filter", "country=Cambodia,India", "--years", "2010-2011",
            ])
        let expected = all.filter {
            ["Cambodia", "India"].contains($0["country"]!) && ["2010", "2011"].contains($0["fiscal_year"]!)
        }
        #expect(!kept.isEmpty)
        #expect(kept == expected)
    }

    @Test func minimumYearsAndBalancedPanels() throws {
        let balanced = try Self.rows(
            ["compute"] + Self.mix() + ["--indicators", "roa", "--balanced", "--years", "2010-2012"])
        var years: [String: Set<String>] = [:]
        for row in balanced { years[row["mfi_id"]!, default: []].insert(row["fiscal_year"]!) }
        #expect(!years.isEmpty)
        #expect(years.values.allSatisfy { $0 == ["2010", "2011", "2012"] })
        #expect(balanced.count == 3 * years.count)

        let all = try Self.rows(["compute"] + Self.mix() + ["--indicators", "roa", "--filter", "region=South Asia"])
        let long = try Self.rows(
            ["compute"] + Self.mix() + ["--indicators", "roa", "--filter", "region=South Asia", "--min-years", "8"])
        var count: [String: Int] = [:]
        for row in all { count[row["mfi_id"]!, default: 0] += 1 }
        #expect(long == all.filter { count[$0["mfi_id"]!]! >= 8 })
        #expect(long.count < all.count && !long.isEmpty)
    }

    @Test func theFourCountryTableIsAWideCompleteGrid() throws {
        let table = try Self.rows(
            ["summarize"] + Self.mix() + [
                "--by", "country,fiscal_year", "--filter", "country=India,Philippines,Cambodia,Bangladesh",
                "--years", "2007-2018", "--wide",
            ])
        // 4 countries × 12 years, empty country-years included with n = 0.
        #expect(table.count == 48)
        #expect(Set(table.map { $0["country"]! }) == ["Bangladesh", "Cambodia", "India", "Philippines"])
        #expect(Set(table.map { $0["fiscal_year"]! }) == Set((2007...2018).map(String.init)))
        let empty = try #require(table.first { $0["country"] == "Bangladesh" && $0["fiscal_year"] == "2007" })
        #expect(empty["roa_n"] == "0" && empty["roa_median"] == "")
        // The wide row holds what the long table says.
        let long = try Self.rows(
            ["summarize"] + Self.mix() + [
                "--by", "country,fiscal_year", "--filter", "country=India", "--years", "2012", "--indicators", "roa",
            ])
        let india = try #require(table.first { $0["country"] == "India" && $0["fiscal_year"] == "2012" })
        #expect(long.count == 1)
        #expect(india["roa_n"] == long[0]["n"] && india["roa_median"] == long[0]["median"])
        #expect(india["roa_weighted"] == long[0]["weighted"])
    }

    @Test func aFilterOfAComputeOutputKeepsTheSameRows() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let output = directory.path("out.csv")
        let computed = try CommandLineTool.run(["compute"] + Self.mix() + ["-o", output, "-q"])
        #expect(computed.status == 0)
        let fromOutput = try Self.rows([
            "summarize", output, "--by", "country", "--filter", "country=Cambodia", "--indicators", "roa",
        ])
        let fromPanel = try Self.rows(
            ["summarize"] + Self.mix() + ["--by", "country", "--filter", "country=Cambodia", "--indicators", "roa"])
        #expect(fromOutput.count == 1 && fromOutput[0]["n"] == fromPanel[0]["n"])
        #expect(fromOutput[0]["median"] == fromPanel[0]["median"])
    }

    @Test func trimLeavesOutEachGroupsTails() throws {
        // Africa's ROA values from compute, then the 11th and 89th percentiles (type 7) by hand.
        let values = try Self.rows(["compute", "--filter", "region=Africa", "--indicators", "roa"])
            .compactMap { Double($0["roa"]!) }.sorted()
        func quantile(_ p: Double) -> Double {
            let h = Double(values.count - 1) * p
            let low = Int(h)
            return values[low] + (h - Double(low)) * (values[min(low + 1, values.count - 1)] - values[low])
        }
        let kept = values.filter { $0 >= quantile(0.11) && $0 <= quantile(0.89) }
        let trimmed = try Self.rows([
            "summarize", "--by", "region", "--filter", "region=Africa", "--indicators", "roa", "--trim", "0.11",
        ])
        #expect(trimmed.count == 1)
        #expect(trimmed[0]["n"] == String(kept.count))
        #expect(kept.count < values.count)
        let mean = try #require(Double(trimmed[0]["mean"]!))
        #expect(abs(mean - kept.reduce(0, +) / Double(kept.count)) < 1e-12)
        let wrong = try CommandLineTool.run(["summarize", "--by", "region", "--trim", "0.5"])
        #expect(wrong.status == 2)
    }

    @Test func keptColumnsCarryTheInputsTextNextToTheIndicators() throws {
        let kept = try Self.rows(
            ["compute"] + Self.mix() + [
                "--keep", "Percent.of.female.borrowers", "--indicators", "female_borrower_share",
            ])
        // The input's own cells (its rows split by the scanner, quotes resolved).
        let text = try GzipTool.decompress(readBytes(try Fixtures.mixPanel()))
        let table = try ByteStreams.scan(text, chunkSize: 1 << 20)
        let id = table.header.firstIndex(of: "MFI.ID")!
        let year = table.header.firstIndex(of: "Fiscal.Year")!
        let female = table.header.firstIndex(of: "Percent.of.female.borrowers")!
        var input: [String: String] = [:]
        for cells in table.rows { input["\(cells[id]) \(cells[year])"] = cells[female] }
        #expect(kept.count > 3000)
        for row in kept {
            #expect(row["Percent.of.female.borrowers"] == input["\(row["mfi_id"]!) \(row["fiscal_year"]!)"], "\(row)")
        }
        let unknown = try CommandLineTool.run(["compute", "--keep", "Percent.of.femal.borrowers"])
        #expect(unknown.status == 2)
        #expect(unknown.error.contains("did you mean 'Percent of female borrowers'"))
    }

    @Test func theMicroBankingBulletinsScale() throws {
        // Each row's scale by hand from its portfolio (kept) and region: Latin America 4 M and
        // 15 M US$, elsewhere 2 M and 8 M.
        let rows = try Self.rows(["compute", "--keep", "Gross Loan Portfolio", "--indicators", "roa"])
        var expected: [String: [String]] = [:]
        for row in rows {
            guard let glp = Double(row["Gross Loan Portfolio"]!), let region = row["region"], !region.isEmpty,
                row["currency"] == "USD"
            else { continue }
            let (low, high) = region == "Latin America and The Caribbean" ? (4e6, 15e6) : (2e6, 8e6)
            let scale = glp < low ? "small" : glp <= high ? "medium" : "large"
            expected[scale, default: []].append("\(row["mfi_id"]!) \(row["fiscal_year"]!)")
        }
        #expect(expected.keys.count == 3)
        for scale in ["small", "medium", "large"] {
            let kept = try Self.rows(["compute", "--filter", "scale=\(scale)", "--indicators", "roa"])
            #expect(kept.map { "\($0["mfi_id"]!) \($0["fiscal_year"]!)" } == expected[scale]!, "\(scale)")
        }
        let summary = try Self.rows(["summarize", "--by", "scale", "--indicators", "roa"])
        #expect(summary.map { $0["scale"]! } == ["small", "medium", "large"])
        #expect(summary.map { Int($0["n"]!)! }.reduce(0, +) <= rows.count)
    }

    @Test func theMicroBankingBulletinsAgeFromTheEstablishmentYear() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        // Ages 2 and 6 of one institution, 15 (a date), 7, none, and a year before its establishment.
        let panel = directory.path("age.csv")
        try Data(
            """
            MFI ID,Fiscal Year,Country,Gross Loan Portfolio,Number of active borrowers
            A,2010,Peru,1000,10
            A,2014,Peru,1000,10
            B,2010,Peru,1000,10
            C,2010,Peru,1000,10
            D,2010,Peru,1000,10
            E,2010,Peru,1000,10

            """.utf8
        ).write(to: URL(fileURLWithPath: panel))
        // The establishment year comes from the descriptors file.
        let descriptors = directory.path("institutions.csv")
        try Data(
            """
            MFI ID,Year Established
            A,2008
            B,1995-06-30
            C,30/06/2003
            D,
            E,2011

            """.utf8
        ).write(to: URL(fileURLWithPath: descriptors))
        let mix = ["--institutions", descriptors, "--indicators", "avg_loan_balance"]
        for (age, expected) in [("new", ["A 2010"]), ("young", ["A 2014", "C 2010"]), ("mature", ["B 2010"])] {
            let kept = try Self.rows(["compute", panel, "--filter", "age=\(age)"] + mix)
            #expect(kept.map { "\($0["mfi_id"]!) \($0["fiscal_year"]!)" } == expected, "\(age)")
        }
        let summary = try Self.rows(["summarize", panel, "--by", "age"] + mix)
        #expect(summary.map { $0["age"]! } == ["new", "young", "mature", ""])
        #expect(summary.map { $0["n"]! } == ["1", "2", "1", "2"])
        // MIX's metadata has no establishment year: the message says what is needed.
        let without = try CommandLineTool.run(["summarize", "--by", "age"])
        #expect(without.status == 2)
        #expect(without.error.contains("cannot group by 'age': it needs each institution's establishment year"))
    }

    @Test func winsorizeClipsAtTheQuantilesOfTheRowsWritten() throws {
        let plain = try Self.rows(["compute", "--filter", "region=Africa,South Asia", "--indicators", "roa"])
        let clipped = try Self.rows(
            ["compute", "--filter", "region=Africa,South Asia", "--indicators", "roa", "--winsorize", "0.05"])
        let values = plain.compactMap { Double($0["roa"]!) }.sorted()
        func quantile(_ p: Double) -> Double {
            let h = Double(values.count - 1) * p
            let low = Int(h)
            return values[low] + (h - Double(low)) * (values[min(low + 1, values.count - 1)] - values[low])
        }
        let (low, high) = (quantile(0.05), quantile(0.95))
        #expect(plain.count == clipped.count)
        var flagged = 0
        for (before, after) in zip(plain, clipped) {
            guard let value = Double(before["roa"]!) else {
                #expect(after["roa"] == "")
                continue
            }
            let expected = min(max(value, low), high)
            #expect(Double(after["roa"]!) == expected)
            let outside = value < low || value > high
            #expect(after["flags"]!.contains("roa:winsorized") == outside)
            if outside { flagged += 1 }
        }
        #expect(flagged > 0)
    }

    @Test func mistakesAreUsageErrors() throws {
        let misspelt = try CommandLineTool.run(["compute", "--filter", "region=Afrika"])
        #expect(misspelt.status == 2)
        #expect(misspelt.error.contains("unknown region 'Afrika'; did you mean 'Africa'?"))
        let unbalanced = try CommandLineTool.run(["summarize", "--by", "region", "--balanced"])
        #expect(unbalanced.status == 2)
        #expect(unbalanced.error.contains("--balanced needs --years"))
        let years = try CommandLineTool.run(["compute", "--years", "2012-2010"])
        #expect(years.status == 2)
        let shape = try CommandLineTool.run(["compute", "--filter", "country"])
        #expect(shape.status == 2)
        #expect(shape.error.contains("expected FIELD=VALUE"))
        let field = try CommandLineTool.run(["compute", "--filter", "contry=India"])
        #expect(field.status == 2)
        #expect(field.error.contains("did you mean 'country'"))
    }
}
