import Foundation
import MicroPanel
import MicroPanelTestSupport
import Testing

@Suite("micropanel summarize, check, explain")
struct OtherCommandsTests {
    let directory: TemporaryDirectory
    init() throws { directory = try TemporaryDirectory() }

    @Test("summarize the bundled sample by region; a compute output summarizes to the same quantiles, unweighted")
    func summarize() throws {
        defer { directory.remove() }
        let raw = try CommandLineTool.run(["summarize", "--by", "region", "--indicators", "par30,oer", "-q"])
        #expect(raw.status == 0, "\(raw.error)")
        let lines = raw.output.split(separator: "\n").map(String.init)
        #expect(lines[0] == "region,indicator,n,median,p25,p75,mean,weighted")
        #expect(lines.count == 1 + 6 * 2)
        #expect(lines[1].hasPrefix("Africa,par30,"))
        #expect(!lines[1].hasSuffix(","))

        let output = directory.path("indicators.csv")
        #expect(try CommandLineTool.run(["compute", "-o", output, "-q"]).status == 0)
        let fromOutput = try CommandLineTool.run(["summarize", output, "--by", "region", "--indicators", "par30,oer"])
        #expect(fromOutput.status == 0, "\(fromOutput.error)")
        #expect(fromOutput.error.contains("compute output"))
        let outputLines = fromOutput.output.split(separator: "\n").map(String.init)
        #expect(outputLines.count == lines.count)
        for (rawLine, outputLine) in zip(lines.dropFirst(), outputLines.dropFirst()) {
            let rawFields = rawLine.split(separator: ",", omittingEmptySubsequences: false)
            let outputFields = outputLine.split(separator: ",", omittingEmptySubsequences: false)
            #expect(rawFields[0..<7] == outputFields[0..<7])
            #expect(outputFields[7].isEmpty)
        }
        let byTier = try CommandLineTool.run([
            "summarize", "--by", "depth_tier,fiscal_year", "--indicators", "roa", "-q",
        ])
        #expect(byTier.status == 0)
        #expect(byTier.output.contains("\nbroad,2011,roa,"))
        let badField = try CommandLineTool.run(["summarize", "--by", "planet"])
        #expect(badField.status == 2)
        #expect(badField.error.hasPrefix("micropanel: unknown field 'planet'; known: fiscal_year, depth_tier"))
    }

    @Test("check: a clean panel exits 0; errors exit 1 with what they block; --json parses")
    func check() throws {
        defer { directory.remove() }
        let sample = try CommandLineTool.run(["check"])
        #expect(sample.status == 0)
        #expect(sample.error.contains("bundled MIX sample"))
        #expect(sample.output.hasPrefix("bundled MIX sample: 254 rows, 30 institutions, fiscal years"))
        let clean = try directory.write(
            "clean.csv",
            text:
                "MFI ID,Fiscal Year,Gross Loan Portfolio,Assets,Liabilities,Equity\nA,2010,5,10,6,4\nA,2011,6,10,6,4\n")
        let ok = try CommandLineTool.run(["check", clean])
        #expect(ok.status == 0)
        #expect(ok.output.contains("Problems: 0 errors, 0 warnings"))

        let dirty = try directory.write(
            "dirty.csv",
            text: """
                MFI ID,Fiscal Year,Gross Loan Portfolio,Number of active borrowers,Assets,Liabilities,Equity
                A,2010,-5,10,100,60,40
                A,2010,5,x,100,60,40
                A,2012,5,10,100,60,20
                B,2011,5,10
                C,2011,1,1,1,1,1

                """)
        let result = try CommandLineTool.run(["check", dirty])
        #expect(result.status == 1)
        // Compute computes that row with what glp feeds missing (implausible_input): a warning.
        #expect(result.output.contains("warning  negative_value [glp]: 1 rows"))
        #expect(result.output.contains("blocks: glp_growth, avg_loan_balance, avg_loan_balance_gni, depth_tier, par30"))
        #expect(result.output.contains("error    unparseable_value [borrowers]: 1 values"))
        #expect(result.output.contains("e.g. line 3: 'x'"))
        #expect(result.output.contains("error    duplicate_institution_year: 1 rows"))
        #expect(result.output.contains("error    bad_row: 1 rows"))
        #expect(result.output.contains("warning  year_gap: 1 institutions"))
        #expect(result.output.contains("warning  balance_sheet_mismatch: 2 rows"))
        #expect(result.output.contains("blocks: borrowers, borrower_growth, avg_loan_balance"))

        let json = try CommandLineTool.run(["check", "--json", dirty])
        #expect(json.status == 1)
        let report = try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as! [String: Any]
        #expect(report["rows"] as? Int == 4)
        let problems = report["problems"] as! [[String: Any]]
        #expect(problems.filter { $0["severity"] as? String == "error" }.count == 3)
        #expect(
            problems.first { $0["kind"] as? String == "negative_value" }?["missing_reason"] as? String
                == "implausible_input")
        #expect(
            (report["coverage"] as! [[String: Any]]).first { $0["field"] as? String == "glp" }?["rows"] as? Int == 4)
    }

    @Test("explain one indicator, all of them, and the Markdown table, all from the registry")
    func explain() throws {
        defer { directory.remove() }
        let one = try CommandLineTool.run(["explain", "cost_of_funds"])
        #expect(one.status == 0)
        #expect(one.output.hasPrefix("cost_of_funds: Cost of funds\n"))
        #expect(one.output.contains(IndicatorRegistry.definition(.costOfFunds).formula))
        #expect(!one.output.contains("other unit:")) // a ratio
        // An amount says how to have it in another unit, and that the column keeps its name.
        let amount = try CommandLineTool.run(["explain", "avg_loan_balance"])
        #expect(amount.output.contains("other unit: --currency ppp: international $"))
        #expect(amount.output.contains("--constant-dollars YEAR") && amount.output.contains("--to-usd"))
        let all = try CommandLineTool.run(["explain"])
        for definition in IndicatorRegistry.all { #expect(all.output.contains(definition.id)) }
        let markdown = try CommandLineTool.run(["explain", "--markdown"])
        #expect(markdown.output.split(separator: "\n").count == 2 + IndicatorRegistry.all.count)
        #expect(try CommandLineTool.run(["explain", "nonsense"]).status == 2)
        // The README's indicator table is this output (scripts/indicator-table).
        let readme = String(
            decoding: try readBytes(Fixtures.packageRoot.appendingPathComponent("README.md").path), as: UTF8.self)
        let table = readme.components(separatedBy: "<!-- indicator-table:start -->\n")[1]
            .components(separatedBy: "<!-- indicator-table:end -->")[0]
        #expect(table == markdown.output, "README.md's indicator table is stale: run scripts/indicator-table")
        // And its table of plausibility rules.
        let rules = try CommandLineTool.run(["explain", "--rules", "--markdown"])
        #expect(rules.status == 0)
        #expect(
            rules.output.split(separator: "\n").count == 2 + PlausibilityRules.all.count { $0.condition != .negative }
                + 1)
        let rulesTable = readme.components(separatedBy: "<!-- rules-table:start -->\n")[1]
            .components(separatedBy: "<!-- rules-table:end -->")[0]
        #expect(rulesTable == rules.output, "README.md's rules table is stale: run scripts/indicator-table")
        // And the adjusted indicators' table, one family of the registry.
        let adjusted = try CommandLineTool.run(["explain", "--family", "ADJUSTED PERFORMANCE", "--markdown"])
        #expect(adjusted.output.split(separator: "\n").count == 2 + IndicatorRegistry.adjusted.count)
        let adjustedTable = readme.components(separatedBy: "<!-- adjusted-table:start -->\n")[1]
            .components(separatedBy: "<!-- adjusted-table:end -->")[0]
        #expect(adjustedTable == adjusted.output, "README.md's adjusted table is stale: run scripts/indicator-table")
        let unknownFamily = try CommandLineTool.run(["explain", "--family", "adjusted"])
        #expect(unknownFamily.status == 2 && unknownFamily.error.contains("Adjusted performance"))
        // Every option of an adjusted indicator is one `compute` has.
        let help = try CommandLineTool.run(["compute", "--help"]).output
        for definition in IndicatorRegistry.all {
            for option in definition.options {
                let name = String(option.prefix { $0 != " " })
                #expect(help.contains(name + " "), "\(definition.id): \(name) is not an option of compute")
            }
        }
        let ruleList = try CommandLineTool.run(["explain", "--rules"])
        for rule in PlausibilityRules.all { #expect(ruleList.output.contains(rule.subject.key)) }
        #expect(try CommandLineTool.run(["explain", "--help"]).output.contains("Examples:"))
    }
}
