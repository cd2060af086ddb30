import Foundation
import MicroPanel
import MicroPanelTestSupport
import Testing

private let header =
    "MFI ID,MFI Name,Country,Fiscal Year,Assets,Liabilities,Equity,Gross Loan Portfolio,"
    + "Gross Loan Portfolio > Delinquency > One month or more,"
    + "Gross Loan Portfolio > Delinquency > One month or more > More than three months,"
    + "Impairment loss allowance,Number of active borrowers,Net operating income,Operating expense,"
    + "Financial revenue from loans,Write offs"

/// A panel with implausible inputs: A 2011's PAR is 20 times its portfolio (a units error), A
/// 2012's portfolio is negative (so 2013's averages and growth read a negative prior year), B 2011's
/// PAR > 90 days is above its PAR > 30 days. C is clean.
private let panel =
    header + "\n" + """
        A,Alpha,Peru,2010,2000,1500,500,1000,50,20,40,100,30,200,300,10
        A,Alpha,Peru,2011,2200,1600,600,1000,20000,30,45,110,35,210,310,12
        A,Alpha,Peru,2012,2400,1700,700,-900,60,40,50,120,40,220,320,14
        A,Alpha,Peru,2013,2600,1800,800,1200,70,50,55,130,45,230,330,16
        B,Beta,Bolivia,2010,3000,2000,1000,2000,100,50,80,200,50,300,400,20
        B,Beta,Bolivia,2011,3300,2200,1100,2100,100,150,85,210,55,310,410,22
        C,Gamma,Bolivia,2011,5000,4000,1000,4000,200,100,150,400,90,500,600,30

        """

/// A `compute` CSV output by `mfi_id/fiscal_year`, each row's cells by column name.
private func parseOutput(_ text: String) -> [String: [String: String]] {
    let lines = text.split(separator: "\n").map {
        $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
    }
    var rows: [String: [String: String]] = [:]
    for line in lines.dropFirst() {
        rows[line[0] + "/" + line[1]] = Dictionary(uniqueKeysWithValues: zip(lines[0], line))
    }
    return rows
}

/// The `indicator:reason` pairs of a row's flags cell.
private func flags(_ row: [String: String]?) -> [String: String] {
    var pairs: [String: String] = [:]
    for pair in (row?["flags"] ?? "").split(separator: ";") {
        let parts = pair.split(separator: ":")
        pairs[String(parts[0])] = String(parts[1])
    }
    return pairs
}

@Suite("no silent wrong results")
struct NoSilentWrongResultsTests {
    let directory: TemporaryDirectory
    init() throws { directory = try TemporaryDirectory() }

    @Test("an implausible input blocks what it feeds, in its year and through the next year's prior-year values")
    func implausibleInputsBlock() throws {
        defer { directory.remove() }
        let input = try directory.write("panel.csv", text: panel)
        let result = try CommandLineTool.run(["compute", input, "-o", directory.path("out.csv")])
        #expect(result.status == 0, "\(result.error)")
        #expect(
            result.error.contains("3 institution-years have inputs a plausibility rule does not believe"),
            "\(result.error)")
        let rows = parseOutput(String(decoding: try readBytes(directory.path("out.csv")), as: UTF8.self))

        // PAR above the portfolio: par30 and risk coverage, not par90 nor the rest.
        let unitsError = rows["A/2011"]
        #expect(unitsError?["par30"] == "" && flags(unitsError)["par30"] == "implausible_input")
        #expect(unitsError?["risk_coverage"] == "" && flags(unitsError)["risk_coverage"] == "implausible_input")
        #expect(unitsError?["par90"] == "0.03" && flags(unitsError)["par90"] == nil)
        #expect(unitsError?["roa"] != "" && flags(unitsError)["roa"] == nil)

        // A negative portfolio: everything computed from glp that year...
        let negative = flags(rows["A/2012"])
        for id in ["glp_growth", "avg_loan_balance", "par30", "par90", "write_off_ratio", "oer", "yield_nominal"] {
            #expect(negative[id] == "implausible_input", "\(id)")
        }
        #expect(negative["roa"] == nil && negative["debt_to_equity"] == nil)
        // ...and next year what reads it as the prior year: growth and period averages, not closing ratios.
        let after = rows["A/2013"]
        for id in ["glp_growth", "oer", "write_off_ratio", "yield_nominal"] {
            #expect(after?[id] == "" && flags(after)[id] == "implausible_input", "\(id)")
        }
        #expect(after?["par30"] == "0.058333333333333334" && flags(after)["avg_loan_balance"] == nil)

        // A part of the delinquent portfolio above its total: neither PAR is believed.
        let bucket = flags(rows["B/2011"])
        #expect(bucket["par30"] == "implausible_input" && bucket["par90"] == "implausible_input")
        #expect(flags(rows["C/2011"]).values.allSatisfy { $0 != "implausible_input" })

        // No PAR above 100% leaves compute.
        for row in rows.values {
            for id in ["par30", "par90"] { #expect((Double(row[id] ?? "") ?? 0) <= 1, "\(row)") }
        }
    }

    @Test("--implausible keep keeps the values, flagged; summarize sees blocked values only when kept")
    func keepAndSummarize() throws {
        defer { directory.remove() }
        let input = try directory.write("panel.csv", text: panel)
        let kept = try CommandLineTool.run([
            "compute", input, "-o", directory.path("kept.csv"), "--implausible", "keep",
        ])
        #expect(kept.status == 0, "\(kept.error)")
        #expect(kept.error.contains("kept and flagged implausible_input"))
        let row = parseOutput(String(decoding: try readBytes(directory.path("kept.csv")), as: UTF8.self))["A/2011"]
        #expect(row?["par30"] == "20" && flags(row)["par30"] == "implausible_input")

        // 2011: A and B are blocked, so the default summary sees C alone; kept, all three.
        let blocked = try CommandLineTool.run([
            "summarize", input, "--by", "fiscal_year", "--indicators", "par30", "-q",
        ])
        #expect(blocked.status == 0, "\(blocked.error)")
        #expect(blocked.output.contains("\n2011,par30,1,0.05,0.05,0.05,0.05,0.05\n"), "\(blocked.output)")
        let all = try CommandLineTool.run([
            "summarize", input, "--by", "fiscal_year", "--indicators", "par30", "-q",
            "--implausible", "keep",
        ])
        #expect(all.output.contains("\n2011,par30,3,"), "\(all.output)")
    }

    @Test("check lists exactly the institution-years and indicators compute blocks")
    func checkAgreesWithCompute() throws {
        defer { directory.remove() }
        let input = try directory.write("panel.csv", text: panel)
        try expectCheckAgreesWithCompute(input, in: directory)
    }

    @Test("on the real MIX panel, check and compute agree, and no PAR above 100% is left unflagged")
    func realPanel() throws {
        defer { directory.remove() }
        let blocked = try expectCheckAgreesWithCompute(Fixtures.mixPanel(), in: directory)
        #expect(blocked.contains { $0.hasSuffix("|par30") } && blocked.contains { $0.hasSuffix("|risk_coverage") })
        // No PAR above 100% is computed (MIX's panel has 4 rows with par30 > 1 and 3 with par90 > 1).
        let rows = parseOutput(String(decoding: try readBytes(directory.path("agree-block.csv")), as: UTF8.self))
        #expect(rows.count == 3846)
        for row in rows.values {
            for id in ["par30", "par90"] { #expect((Double(row[id] ?? "") ?? 0) <= 1, "\(row["mfi_id"] ?? "") \(id)") }
        }
        let kept = parseOutput(String(decoding: try readBytes(directory.path("agree-keep.csv")), as: UTF8.self))
        #expect(
            kept.values.count { (Double($0["par30"] ?? "") ?? 0) > 1 && flags($0)["par30"] == "implausible_input" } == 4
        )
        print(
            "real MIX panel: \(Set(blocked.map { $0.split(separator: "|")[0] }).count) institution-years,"
                + " \(blocked.count) indicator values blocked by plausibility rules")
    }

    @Test("a fiscal year before 1950 or after next year is an error naming file, line and column, or a counted skip")
    func implausibleYears() throws {
        defer { directory.remove() }
        let range = FiscalYear.plausible
        #expect(range.lowerBound == 1950)
        for year in [1900, Int(range.upperBound) + 1] {
            try? FileManager.default.removeItem(atPath: directory.path("out.csv"))
            let text = panel.replacingOccurrences(of: "C,Gamma,Bolivia,2011", with: "C,Gamma,Bolivia,\(year)")
            let input = try directory.write("years.csv", text: text)
            let result = try CommandLineTool.run(["compute", input, "-o", directory.path("out.csv")])
            #expect(result.status == 3)
            #expect(
                result.error
                    == "micropanel: \(input):8:4: column 'Fiscal Year': '\(year)' is not plausible here: expected"
                    + " 1950 to \(range.upperBound) (use --on-bad-number missing to leave such rows out and count them)\n"
            )
            #expect(!FileManager.default.fileExists(atPath: directory.path("out.csv")))
            let skipped = try CommandLineTool.run([
                "compute", input, "-o", directory.path("out.csv"), "--on-bad-number", "missing",
            ])
            #expect(skipped.status == 0, "\(skipped.error)")
            #expect(
                skipped.error.contains(
                    "column 'Fiscal Year': 1 value that are not plausible whole numbers read as missing (line 8: '\(year)')"
                ))
            #expect(skipped.error.contains("1 rows without an institution id or fiscal year left out"))
            let check = try CommandLineTool.run(["check", input])
            #expect(check.status == 1)
            #expect(check.output.contains("error    invalid_year [fiscal_year]: 1 values"), "\(check.output)")
        }
        let nextYear = panel.replacingOccurrences(
            of: "C,Gamma,Bolivia,2011", with: "C,Gamma,Bolivia,\(range.upperBound)")
        let result = try CommandLineTool.run(["compute", try directory.write("next.csv", text: nextYear), "-q"])
        #expect(result.status == 0, "\(result.error)")
    }

    @Test(
        "an output that is an input — same path, symbolic link, hard link — or another output is refused before any work"
    )
    func outputOntoInput() throws {
        defer { directory.remove() }
        let input = try directory.write("panel.csv", text: panel)
        let link = directory.path("link.csv")
        let hardLink = directory.path("hard.csv")
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: input)
        try FileManager.default.linkItem(atPath: input, toPath: hardLink)
        let original = try readBytes(input)
        let cases: [(arguments: [String], message: String)] = [
            (
                ["compute", input, "-o", input],
                "the output '\(input)' is the input '\(input)': writing it would destroy the input"
            ),
            (["compute", input, "-o", link], "the output '\(link)' is the input '\(input)' (the same file)"),
            (["compute", hardLink, "-o", input], "the output '\(input)' is the input '\(hardLink)' (the same file)"),
            (["compute", directory.path("missing.csv"), input, "-o", input], "is the input '\(input)'"),
            (["compute", "--institutions", input, "-o", link], "the output '\(link)' is the input '\(input)'"),
            (["compute", input, "--manifest", link], "--manifest '\(link)' is the input '\(input)'"),
            (
                ["compute", input, "-o", directory.path("out.csv"), "--manifest", directory.path("out.csv")],
                "--manifest '\(directory.path("out.csv"))' and the output '\(directory.path("out.csv"))' are the same file"
            ),
            (["summarize", input, "--by", "country", "-o", link], "the output '\(link)' is the input '\(input)'"),
        ]
        for (arguments, message) in cases {
            let result = try CommandLineTool.run(arguments)
            #expect(result.status == 2, "\(arguments)")
            #expect(result.error.hasPrefix("micropanel: ") && result.error.contains(message), "\(result.error)")
            #expect(result.error.split(separator: "\n").count == 1, "\(result.error)")
            #expect(try readBytes(input) == original, "\(arguments)")
        }
        let left = try FileManager.default.contentsOfDirectory(atPath: directory.path(""))
        #expect(Set(left) == ["panel.csv", "link.csv", "hard.csv"])
    }

    @Test("a file that is not a panel is an error for compute, summarize and check, naming the file and inspect")
    func notAPanel() throws {
        defer { directory.remove() }
        let input = try directory.write(
            "social.csv", text: "MFI ID,MFI Name,Fiscal Year,Clients trained\nA,Alpha,2011,5\n")
        for arguments in [
            ["compute", input, "-q"], ["summarize", input, "--by", "fiscal_year", "-q"], ["check", input],
        ] {
            let result = try CommandLineTool.run(arguments)
            #expect(result.status == 3, "\(arguments)")
            #expect(
                result.error.hasPrefix(
                    "micropanel: \(input): not a panel of institution-years: none of its 4 columns"
                        + " matches one of the \(FieldCatalog.inputs.count) amount and count fields"), "\(result.error)"
            )
            #expect(result.error.contains("(it matches 3 other fields: 'MFI ID', 'MFI Name', 'Fiscal Year')"))
            #expect(result.error.contains("'micropanel inspect \(input)'") && result.error.contains("--columns FILE"))
            #expect(result.output.isEmpty)
        }
        #expect(try CommandLineTool.run(["inspect", input]).status == 0)
        // One amount field is enough to be a panel.
        let one = try directory.write("one.csv", text: "MFI ID,Fiscal Year,Number of active borrowers\nA,2011,5\n")
        #expect(try CommandLineTool.run(["compute", one, "-q"]).status == 0)
    }

    @Test(
        "usage mistakes exit 2 with what was meant: fields, indicator ids in any case, descriptors from --institutions")
    func usageMistakes() throws {
        defer { directory.remove() }
        let input = try directory.write(
            "panel.csv", text: panel.replacingOccurrences(of: ",Country,", with: ",Region,"))
        let cases: [(arguments: [String], message: String)] = [
            (
                ["summarize", "--by", "contry"],
                "micropanel: unknown field 'contry'; did you mean 'country'? (for --by)\n"
            ),
            (
                ["summarize", input, "--by", "country"],
                "micropanel: cannot group by 'country': the panel has no country column; join one with --institutions FILE"
                    + " (for MIX's panel: --institutions MFICompanyMetaData.csv, MIX's MFI metadata)\n"
            ),
            (
                ["compute", "--indicators", "roa,par_30"],
                "micropanel: unknown indicator 'par_30'; did you mean 'par30'?\n"
            ),
            (
                ["summarize", "--by", "region", "--indicators", "retun_on_assets"],
                "micropanel: unknown indicator 'retun_on_assets'; known: "
            ),
            (["explain", "rao"], "micropanel: unknown indicator 'rao'; did you mean 'roa'?\n"),
        ]
        for (arguments, message) in cases {
            let result = try CommandLineTool.run(arguments)
            #expect(result.status == 2, "\(arguments): \(result.error)")
            #expect(result.error.hasPrefix(message), "\(result.error)")
        }
        let upper = try CommandLineTool.run(["compute", input, "--indicators", "ROA,Par30", "-q"])
        #expect(upper.status == 0, "\(upper.error)")
        #expect(upper.output.hasPrefix("mfi_id,fiscal_year,mfi_name,region,par30,roa,flags\n"))
        let explain = try CommandLineTool.run(["explain", "ROA"])
        #expect(explain.status == 0 && explain.output.hasPrefix("roa: Return on assets\n"))
    }

    @Test(
        "data errors name their file and line; summarize warns like compute; the GNI note says why rows did not match")
    func messagesNameTheirFile() throws {
        defer { directory.remove() }
        let first = try directory.write("a.csv", text: panel)
        let same = try directory.write("same.csv", text: panel + "C,Gamma,Bolivia,2011,1,1,1,1,1,1,1,1,1,1,1,1\n")
        let within = try CommandLineTool.run(["compute", same, "-q"])
        #expect(within.status == 3)
        #expect(
            within.error.hasPrefix("micropanel: \(same):9: duplicate institution-year: MFI ID 'C', fiscal year 2011"),
            "\(within.error)")
        #expect(within.error.hasSuffix("; also at line 8\n"), "\(within.error)")
        let second = try directory.write("b.csv", text: header + "\nB,Beta,Bolivia,2010,1,1,1,1,1,1,1,1,1,1,1,1\n")
        let across = try CommandLineTool.run(["compute", first, second, "-q"])
        #expect(across.status == 3)
        #expect(
            across.error.hasPrefix("micropanel: \(second):2: duplicate institution-year: MFI ID 'B', fiscal year 2010"))
        #expect(across.error.hasSuffix("; also at \(first):6\n"), "\(across.error)")

        let withoutCountry = try directory.write(
            "nocountry.csv", text: panel.replacingOccurrences(of: ",Country,", with: ",Region,"))
        let institutions = try directory.write("institutions.csv", text: "MFI ID,Country\nA,Peru\n")
        let summary = try CommandLineTool.run([
            "summarize", withoutCountry, "--institutions", institutions, "--by", "country",
        ])
        #expect(summary.status == 0, "\(summary.error)")
        #expect(
            summary.error.contains(
                "2 institutions are not in \(institutions) (e.g. B, C): their descriptors stay empty"))
        let compute = try CommandLineTool.run(["compute", withoutCountry, "--indicators", "avg_loan_balance_gni"])
        #expect(
            compute.error.contains(
                "0 of 7 rows matched: the panel has no country or ISO3 column; join one with --institutions FILE"))
        let joined = try CommandLineTool.run([
            "compute", withoutCountry, "--institutions", institutions, "--indicators",
            "avg_loan_balance_gni",
        ])
        #expect(
            joined.error.contains(
                "4 of 7 rows matched; 3 rows have no country (not in \(institutions) or empty there)"),
            "\(joined.error)")
    }

    @Test("-v prints load, compute-and-write and total times with throughput, in words a user can act on")
    func verboseTimings() throws {
        defer { directory.remove() }
        let input = try directory.write("panel.csv", text: panel)
        let result = try CommandLineTool.run(["compute", input, "-o", directory.path("out.csv"), "-v"])
        #expect(result.status == 0)
        let line = try #require(result.error.split(separator: "\n").first { $0.contains("timing:") })
        let pattern =
            #"^micropanel: timing: load [0-9.]+ s \([0-9,]+ MB/s of text, [0-9,]+ rows/s\); join and order [0-9.]+ s; "#
            + #"compute and write [0-9.]+ s \([0-9,]+ MB/s written\); total [0-9.]+ s, [0-9,]+ institution-years/s$"#
        #expect(line.range(of: pattern, options: .regularExpression) != nil, "\(line)")
        #expect(!result.error.contains("while loading"))
    }
}

/// Runs `check --json` and `compute` on `input` and expects check's rows to be exactly what compute
/// blocks: every value compute leaves missing with reason `implausible_input` is listed under its
/// institution-year, and nothing else is; kept (`--implausible keep`), a listed value is flagged
/// or missing for another reason, and no other is flagged. Returns the pairs `MFI/year|indicator`.
@discardableResult
private func expectCheckAgreesWithCompute(_ input: String, in directory: TemporaryDirectory) throws -> Set<String> {
    let check = try CommandLineTool.run(["check", "--json", input])
    let report = try JSONSerialization.jsonObject(with: Data(check.output.utf8)) as! [String: Any]
    var listed = Set<String>()
    for problem in report["problems"] as! [[String: Any]]
    where problem["missing_reason"] as? String == "implausible_input" {
        let rows = problem["rows"] as! [[String: Any]]
        #expect(rows.count == problem["count"] as? Int)
        for row in rows {
            let blocks = row["blocks"] as! [String]
            #expect(
                Set(blocks).isSubset(of: Set(problem["blocks"] as! [String]))
                    || problem["kind"] as? String != "implausible_prior_year")
            for id in blocks { listed.insert("\(row["mfi_id"] as! String)/\(row["fiscal_year"] as! Int)|\(id)") }
        }
    }
    for policy in ["block", "keep"] {
        let output = directory.path("agree-\(policy).csv")
        let result = try CommandLineTool.run(["compute", input, "-o", output, "-q", "--implausible", policy])
        #expect(result.status == 0, "\(result.error)")
        var flagged = Set<String>()
        for (key, row) in parseOutput(String(decoding: try readBytes(output), as: UTF8.self)) {
            let reasons = flags(row)
            for id in IndicatorRegistry.all.map(\.id) where reasons[id] == "implausible_input" {
                flagged.insert(key + "|" + id)
                // Blocked: an empty cell; kept: the value.
                #expect((row[id] ?? "").isEmpty == (policy == "block"), "\(key)|\(id)")
            }
            if policy == "keep" {
                for id in IndicatorRegistry.all.map(\.id) where listed.contains(key + "|" + id) && reasons[id] == nil {
                    #expect(row[id] == "", "kept: \(key)|\(id) is listed by check and has a value without a flag")
                }
            }
        }
        if policy == "block" {
            #expect(
                flagged == listed,
                "flagged, not listed: \(flagged.subtracting(listed).sorted()); listed, not flagged: \(listed.subtracting(flagged).sorted())"
            )
        } else {
            #expect(
                flagged.isSubset(of: listed), "kept and flagged, not listed: \(flagged.subtracting(listed).sorted())")
        }
    }
    return listed
}

@Suite("one error shape")
struct ErrorShapeTests {
    @Test("every stage's error has a code, a message, a location and, where another layer reported it, a cause")
    func shapes() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        func failure(_ body: () throws -> Void) -> (any MicroPanelError)? {
            do {
                try body()
                return nil
            } catch {
                return error as? any MicroPanelError
            }
        }
        // Opening a missing plain CSV: an input error with the system's words as its cause.
        let missing = directory.path("missing.csv")
        let open = try #require(failure { _ = try Pipeline.computePanel(PanelSource(paths: [missing])) })
        #expect(open.code == "input.cannot_open" && open.location.file == missing)
        #expect((open.cause as? SystemError)?.text.contains("No such file") == true)
        // A ragged row: line and column.
        let ragged = try directory.write("ragged.csv", text: "MFI ID,Fiscal Year,Assets\nA,2010,1\nA,2011\n")
        let csv = try #require(failure { _ = try Pipeline.computePanel(PanelSource(paths: [ragged])) })
        #expect(csv.code == "csv.wrong_field_count" && csv.location.line == 3 && csv.location.column == 2)
        #expect(csv.description == "\(ragged):3:2: \(csv.message)")
        // A truncated gzip file: a byte offset.
        let text = Array(String(repeating: "MFI ID,Fiscal Year,Assets\nA,2010,1\n", count: 50).utf8)
        let whole = try GzipTool.compress(text)
        let cut = try directory.write("cut.csv.gz", Array(whole.prefix(whole.count - 12)))
        let gzip = try #require(failure { _ = try Pipeline.computePanel(PanelSource(paths: [cut])) })
        #expect(gzip.code == "input.truncated" && gzip.location.byteOffset != nil && gzip.location.line == nil)
        // A duplicate institution-year: a file and line, the other row named.
        let duplicate = try directory.write("dup.csv", text: "MFI ID,Fiscal Year,Assets\nA,2010,1\nA,2010,2\n")
        let panel = try #require(failure { _ = try Pipeline.computePanel(PanelSource(paths: [duplicate])) })
        #expect(panel.code == "panel.duplicate_institution_year" && panel.location.line == 3)
        #expect(panel.message.hasSuffix("; also at line 2"))
        // An output in a folder that does not exist.
        let output = try #require(
            failure {
                _ = try Pipeline.compute(
                    ComputeConfiguration(
                        source: PanelSource(), output: TableOutput(path: directory.path("no/such/folder/out.csv"))))
            })
        #expect(output.code == "output.cannot_write" && output.cause != nil)
        // A usage mistake.
        let usage = try #require(failure { _ = try TableOutput(path: "out.xlsx") })
        #expect(usage.code == "usage" && usage.location.file == nil)
    }
}

@Suite("outputs and reference files, after a second read")
struct OutputOrderTests {
    @Test("a manifest that cannot be written leaves the previous table; two standard outputs are refused")
    func manifestFirst() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let output = try directory.write("out.csv", text: "previous\n")
        let failed = try CommandLineTool.run(
            ["compute", "-o", output, "--manifest", directory.path("no/such/folder/run.json"), "-q"])
        #expect(failed.status == 4, "\(failed.error)")
        #expect(String(decoding: try readBytes(output), as: UTF8.self) == "previous\n")
        let both = try CommandLineTool.run(["compute", "-o", "-", "--manifest", "-"])
        #expect(both.status == 2)
        #expect(both.error.contains("are both standard output"), "\(both.error)")
        #expect(throws: UsageError.self) {
            _ = try ComputeConfiguration(source: PanelSource(inputs: []), output: TableOutput(path: "-"))
        }
    }

    @Test("--columns maps the headers of the --institutions file too")
    func mappingReachesInstitutions() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let panel = try directory.write(
            "panel.csv", text: "MFI ID,Fiscal Year,Gross Loan Portfolio,Number of active borrowers\nA,2011,1000,10\n")
        let institutions = try directory.write("mfis.csv", text: "Institution,Country\nA,Peru\n")
        let mapping = try directory.write("map.csv", text: "header,field\nInstitution,mfi_id\n")
        let result = try CommandLineTool.run([
            "compute", panel, "--institutions", institutions, "--columns", mapping, "--indicators",
            "avg_loan_balance_gni", "-q",
        ])
        #expect(result.status == 0, "\(result.error)")
        #expect(result.output.contains("\nA,2011,Peru,PER,"), "\(result.output)")
    }
}
