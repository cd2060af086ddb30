import Foundation
import MicroPanel
import MicroPanelTestSupport
import Testing

/// `micropanel poverty` against hand computations (outreach contract §2 and §3): scores, rates
/// as mean likelihoods, standard errors, intervals, changes, the panel of repeated clients,
/// segments, weights, and every bad input through the command.
@Suite struct PovertyTests {
    /// Two questions: q1 (a 0, b 10 points), q2 (x 0, y 20 points); scores 0, 10, 20, 30.
    static let card = """
        indicator,answer,points
        q1,a,0
        q1,b,10
        q2,x,0
        q2,y,20
        """
    /// Line L1: 0.9, 0.6, 0.3, 0.1 for scores 0, 10, 20, 30; line L2: 0.5, 0.2, 0.1, 0.
    static let lookup = """
        score,poverty_line,likelihood
        0,L1,0.9
        10,L1,0.6
        20,L1,0.3
        30,L1,0.1
        0,L2,0.5
        10,L2,0.2
        20,L2,0.1
        30,L2,0
        """
    /// Round 2021: c1 (score 0), c2 (10), c3 (20), c4 (30); round 2023: c1 (30), c2 (10), c5 (0).
    static let survey = """
        MFI ID,client_id,round,gender,q1,q2
        M1,c1,2021,female,a,x
        M1,c2,2021,male,b,x
        M1,c3,2021,female,a,y
        M1,c4,2021,male,b,y
        M1,c1,2023,female,b,y
        M1,c2,2023,male,b,x
        M1,c5,2023,female,a,x
        """

    struct Files {
        let directory: TemporaryDirectory
        let survey: String, card: String, lookup: String
    }

    static func files(survey: String = survey, card: String = card, lookup: String = lookup) throws -> Files {
        let directory = try TemporaryDirectory()
        return Files(
            directory: directory, survey: try directory.write("survey.csv", text: survey + "\n"),
            card: try directory.write("card.csv", text: card + "\n"),
            lookup: try directory.write("lookup.csv", text: lookup + "\n"))
    }

    static func run(
        _ files: Files, by: [String] = [], options: PovertyOptions = PovertyOptions(), scored: Bool = true,
        readSize: Int? = nil, skip: Bool = false
    ) throws -> PovertyRun {
        var reading = LoadOptions()
        if let readSize { reading.readSize = readSize }
        if skip { reading.csv = CSVOptions(badRows: .skip) }
        return try Pipeline.poverty(
            PovertyConfiguration(
                survey: [.file(files.survey)], scorecard: scored ? .file(files.card) : nil, lookup: .file(files.lookup),
                by: by, options: options, reading: reading, threads: Threads(1),
                rates: try TableOutput(path: files.directory.path("rates.csv")),
                changes: try TableOutput(path: files.directory.path("changes.csv"))))
    }

    /// The rate of `line` in `round` (and segment values), from the run's estimates.
    static func rate(_ run: PovertyRun, round: String, line: String, segment: [String] = []) -> PovertyRate? {
        let estimates = run.estimates
        return estimates.rates.first {
            estimates.rounds.labels[$0.round] == round && estimates.povertyLines[$0.line] == line
                && estimates.segments[$0.segment] == segment
        }
    }

    static func near(_ a: Double?, _ b: Double) -> Bool { a.map { abs($0 - b) < 1e-12 } ?? false }

    @Test func aRateIsTheMeanLikelihoodNotTheShareAboveACutOff() throws {
        let files = try Self.files()
        defer { files.directory.remove() }
        let run = try Self.run(files)
        let l1 = try #require(Self.rate(run, round: "2021", line: "L1"))
        // Likelihoods 0.9, 0.6, 0.3, 0.1: mean 0.475; the share of clients above 0.5 would be 0.5.
        #expect(l1.n == 4)
        #expect(Self.near(l1.rate, (0.9 + 0.6 + 0.3 + 0.1) / 4))
        #expect(abs(l1.rate - 2.0 / 4) > 0.02)
        #expect(Self.near(l1.se, (0.475 * 0.525 / 4).squareRoot()))
        #expect(Self.near(l1.low, 0.475 - 1.96 * (0.475 * 0.525 / 4).squareRoot()))
        #expect(Self.near(l1.high, 0.475 + 1.96 * (0.475 * 0.525 / 4).squareRoot()))
        let l2 = try #require(Self.rate(run, round: "2021", line: "L2"))
        #expect(Self.near(l2.rate, (0.5 + 0.2 + 0.1 + 0) / 4))
        // The file: the contract's columns, fiscal_year because rounds are years.
        let text = try String(contentsOfFile: files.directory.path("rates.csv"), encoding: .utf8)
        let lines = text.split(separator: "\n")
        #expect(lines[0] == "mfi_id,round,fiscal_year,poverty_line,n,rate,se,ci_low,ci_high")
        let first = lines[1].split(separator: ",")
        #expect(first[0..<5] == ["M1", "2021", "2021", "L1", "4"])
        #expect(Self.near(Double(first[5]), 0.475))
        #expect(lines.count == 1 + 2 * 2)
    }

    @Test func changesUseEveryClientAndThePanelTheRepeatedOnes() throws {
        let files = try Self.files()
        defer { files.directory.remove() }
        let run = try Self.run(
            files,
            options: PovertyOptions(alpha: PrecisionFactors(uniform: 1.1), alphaChange: PrecisionFactors(uniform: 1.2)))
        let p1 = 0.475
        let p2 = (0.1 + 0.6 + 0.9) / 3
        let second = try #require(Self.rate(run, round: "2023", line: "L1"))
        #expect(second.n == 3)
        #expect(Self.near(second.rate, p2))
        #expect(Self.near(second.se, 1.1 * (p2 * (1 - p2) / 3).squareRoot()))
        let change = try #require(run.estimates.changes.first { run.estimates.povertyLines[$0.line] == "L1" })
        #expect(run.estimates.rounds.labels[change.from] == "2021" && run.estimates.rounds.labels[change.to] == "2023")
        #expect(change.nFrom == 4 && change.nTo == 3)
        #expect(Self.near(change.change, p2 - p1))
        let se = 1.2 * (p1 * (1 - p1) / 4 + p2 * (1 - p2) / 3).squareRoot()
        #expect(Self.near(change.se, se))
        #expect(Self.near(change.low, p2 - p1 - 1.96 * se))
        // c1: 0.1 − 0.9 = −0.8; c2: 0.6 − 0.6 = 0. Mean −0.4; sd (n − 1) √0.32; SE 1.2 · √0.32 / √2.
        #expect(change.nPanel == 2)
        #expect(Self.near(change.changePanel, -0.4))
        #expect(Self.near(change.sePanel, 1.2 * 0.32.squareRoot() / 2.0.squareRoot()))
        let text = try String(contentsOfFile: files.directory.path("changes.csv"), encoding: .utf8)
        #expect(
            text.hasPrefix(
                "mfi_id,poverty_line,round_from,round_to,n_from,n_to,change,se,ci_low,ci_high,n_panel,change_panel,se_panel\nM1,L1,2021,2023,4,3,"
            ))
        #expect(run.notes.contains { $0.hasPrefix("change is not impact") })
    }

    @Test func segmentsSplitEachInstitutionsClients() throws {
        let files = try Self.files()
        defer { files.directory.remove() }
        let run = try Self.run(files, by: ["Gender"])
        #expect(Self.near(Self.rate(run, round: "2021", line: "L1", segment: ["female"])?.rate, (0.9 + 0.3) / 2))
        #expect(Self.near(Self.rate(run, round: "2021", line: "L1", segment: ["male"])?.rate, (0.6 + 0.1) / 2))
        // Female clients: 2021 c1, c3; 2023 c1, c5. Panel: c1 alone (one client: no panel SE).
        let female = try #require(
            run.estimates.changes.first {
                run.estimates.segments[$0.segment] == ["female"] && run.estimates.povertyLines[$0.line] == "L1"
            })
        #expect(female.nPanel == 1)
        #expect(Self.near(female.changePanel, 0.1 - 0.9))
        #expect(female.sePanel == nil)
        let header = try String(contentsOfFile: files.directory.path("rates.csv"), encoding: .utf8)
            .split(separator: "\n")[0]
        #expect(header == "mfi_id,round,fiscal_year,gender,poverty_line,n,rate,se,ci_low,ci_high")
    }

    @Test func weightsGiveAWeightedMeanAndTheEffectiveN() throws {
        let survey = """
            mfi_id,client_id,round,weight,q1,q2
            M1,c1,2021,1,a,x
            M1,c2,2021,3,b,x
            M1,c3,2021,1,a,y
            M1,c4,2021,5,b,y
            """
        let files = try Self.files(survey: survey)
        defer { files.directory.remove() }
        let run = try Self.run(files)
        let rate = try #require(Self.rate(run, round: "2021", line: "L1"))
        let p = (1 * 0.9 + 3 * 0.6 + 1 * 0.3 + 5 * 0.1) / 10
        let effective = 10.0 * 10 / (1 + 9 + 1 + 25)
        #expect(rate.n == 4)
        #expect(Self.near(rate.effectiveN, effective))
        #expect(Self.near(rate.rate, p))
        #expect(Self.near(rate.se, (p * (1 - p) / effective).squareRoot()))
        let header = try String(contentsOfFile: files.directory.path("rates.csv"), encoding: .utf8)
            .split(separator: "\n")[0]
        #expect(header.contains(",n,n_effective,rate,"))
    }

    @Test func aBaselineAndConfidenceLevelsAndAnAlphaFile() throws {
        let survey = """
            mfi_id,client_id,round,score
            M1,c1,baseline,0
            M1,c2,baseline,30
            M1,c1,midline,10
            M1,c2,midline,30
            M1,c1,endline,20
            M1,c2,endline,30
            """
        let files = try Self.files(survey: survey)
        defer { files.directory.remove() }
        let alphas = try files.directory.write("alpha.csv", text: "poverty_line,alpha\nL1,1.5\nL2,2\n")
        let run = try Self.run(
            files,
            options: PovertyOptions(
                alpha: PrecisionFactors(argument: alphas, option: "--alpha"), confidence: .ninety,
                baseline: "baseline"),
            scored: false)
        // Labels that are not years keep the survey's order and have no fiscal year.
        #expect(run.estimates.rounds.labels == ["baseline", "midline", "endline"])
        #expect(run.estimates.rounds.years == nil)
        let midline = try #require(Self.rate(run, round: "midline", line: "L2"))
        let p = (0.2 + 0) / 2
        #expect(Self.near(midline.se, 2 * (p * (1 - p) / 2).squareRoot()))
        #expect(Self.near(midline.high, p + 1.64 * midline.se))
        let pairs = run.estimates.changes.filter { run.estimates.povertyLines[$0.line] == "L1" }.map {
            [run.estimates.rounds.labels[$0.from], run.estimates.rounds.labels[$0.to]]
        }
        #expect(pairs == [["baseline", "midline"], ["baseline", "endline"]])
        #expect(ConfidenceLevel.ninetyNine.z == 2.58)
    }

    @Test func aSurveyStreamsInBatchesToTheSameEstimates() throws {
        // 30,000 interviews read 4 KiB at a time (hundreds of batches, each scored and dropped)
        // against one read of 1 MiB: the same rates and changes.
        var text: [UInt8] = []
        SyntheticSurvey(interviews: 30_000, clientsPerRound: 500, seed: 7).write { text += $0 }
        let files = try Self.files(survey: String(decoding: text, as: UTF8.self))
        defer { files.directory.remove() }
        try files.directory.write("card.csv", text: SyntheticSurvey.scorecardCSV)
        try files.directory.write("lookup.csv", text: SyntheticSurvey.lookupCSV)
        let small = try Self.run(files, by: ["location"], readSize: 4096)
        let large = try Self.run(files, by: ["location"], readSize: 1 << 20)
        #expect(small.interviews == 30_000)
        #expect(small.estimates.rates == large.estimates.rates)
        #expect(small.estimates.changes == large.estimates.changes)
        #expect(small.estimates.changes.contains { $0.nPanel > 100 })
    }

    @Test func theBundledDemoIsTheGeneratorsOutput() throws {
        var survey: [UInt8] = []
        SyntheticSurvey(interviews: 720).write { survey += $0 }
        #expect(BundledData.demoSurvey == survey)
        #expect(BundledData.demoScorecard == Array(SyntheticSurvey.scorecardCSV.utf8))
        #expect(BundledData.demoLookup == Array(SyntheticSurvey.lookupCSV.utf8))
    }

    // MARK: - The command, as a user runs it

    @Test func theDemoRunsWithNoInputAndTheSameBytesOnAnyThreadCount() throws {
        let one = try CommandLineTool.run(["poverty", "--by", "gender", "--threads", "1"])
        let two = try CommandLineTool.run(["poverty", "--by", "gender", "--threads", "2"])
        #expect(one.status == 0)
        #expect(one.error.contains("SYNTHETIC"))
        #expect(
            one.output.hasPrefix(
                "mfi_id,round,fiscal_year,gender,poverty_line,n,rate,se,ci_low,ci_high\nDEMO-01,2020,2020,female,synthetic_national,"
            ))
        #expect(one.output == two.output)
    }

    /// Runs the command on `survey` (with the test card and table) and returns its result.
    static func command(
        survey: String, lookup: String = lookup, _ extra: [String] = []
    ) throws -> (CommandLineTool.Result, Files) {
        let files = try Self.files(survey: survey, lookup: lookup)
        let result = try CommandLineTool.run(
            [
                "poverty", files.survey, "--scorecard", files.card, "--lookup", files.lookup, "-o",
                files.directory.path("rates.csv"),
            ] + extra)
        return (result, files)
    }

    @Test func badInputStopsWithFileLineClientAndValue() throws {
        let cases: [(survey: String, lookup: String, expected: String)] = [
            (
                "mfi_id,client_id,round,q1,q2\nM1,c1,2021,a,x\nM1,c2,2021,c,x\n", Self.lookup,
                "survey.csv:3: client 'c2': answer 'c' to 'q1' is not on the scorecard (its answers: 'a', 'b')"
            ),
            (
                "mfi_id,client_id,round,score\nM1,c1,2021,0\nM1,c2,2021,25\n", Self.lookup,
                "survey.csv:3: client 'c2': score 25 is not in the look-up table"
            ),
            (
                "mfi_id,client_id,round,q1,q2\nM1,c1,2021,a,x\nM1,c1,2021,b,x\n", Self.lookup,
                "survey.csv:3: client 'c1' appears twice in round '2021' of one institution"
            ),
            (
                "mfi_id,client_id,round,weight,q1,q2\nM1,c1,2021,1,a,x\nM1,c2,2021,-2,b,x\n", Self.lookup,
                "survey.csv:3: client 'c2': weight '-2' is not a positive number"
            ),
            (
                "mfi_id,client_id,round,q1,q2\nM1,c1,2021,a,x\n", "score,poverty_line,likelihood\n0,L1,0.9\n10,L1,45\n",
                "lookup.csv:3: likelihood '45' is outside 0 to 1"
            ),
            ("mfi_id,client,round,q1,q2\nM1,c1,2021,a,x\n", Self.lookup, "a survey needs 'client_id' column"),
            (
                "mfi_id,client_id,round,q1\nM1,c1,2021,a\n", Self.lookup,
                "survey.csv:1: the survey has neither a 'score' column nor a column for every scorecard indicator (none for 'q2')"
            ),
        ]
        for (survey, lookup, expected) in cases {
            let (result, files) = try Self.command(survey: survey, lookup: lookup)
            defer { files.directory.remove() }
            #expect(result.status == 3, "\(expected)")
            #expect(result.error.contains(expected), "\(result.error)")
            #expect(!FileManager.default.fileExists(atPath: files.directory.path("rates.csv")))
        }
    }

    @Test func skippedInterviewsAreCountedAndTheFirstOfADuplicateKept() throws {
        let survey = """
            mfi_id,client_id,round,q1,q2
            M1,c1,2021,a,x
            M1,c1,2021,b,y
            M1,c2,2021,c,x
            M1,c3,2021,b,
            M1,c4,2021,b,x
            """
        let (result, files) = try Self.command(survey: survey, ["--on-bad-row", "skip"])
        defer { files.directory.remove() }
        #expect(result.status == 0)
        #expect(
            result.error.contains(
                "1 interview with a client twice in one round (the first interview kept) skipped (the first at "))
        #expect(result.error.contains("1 interview with an answer not on the scorecard skipped"))
        #expect(result.error.contains("1 interview without a score (an answer missing) left out"))
        // Kept and scored: c1 (first interview, score 0: 0.9) and c4 (score 10: 0.6).
        let rates = try String(contentsOfFile: files.directory.path("rates.csv"), encoding: .utf8)
        #expect(rates.contains("\nM1,2021,2021,L1,2,0.75,"))
    }

    @Test func usageMistakesExitTwoOrThree() throws {
        let (badAlpha, files) = try Self.command(survey: Self.survey, ["--alpha", "high"])
        defer { files.directory.remove() }
        #expect(badAlpha.status == 2)
        #expect(badAlpha.error.contains("--alpha 'high' is neither a positive number"))
        let noLookup = try CommandLineTool.run(["poverty", files.survey, "--scorecard", files.card])
        #expect(noLookup.status == 2)
        let (noSegment, other) = try Self.command(survey: Self.survey, ["--by", "branch"])
        defer { other.directory.remove() }
        #expect(noSegment.status == 3)
        #expect(noSegment.error.contains("--by branch: the survey has no such column"))
        let (noRound, third) = try Self.command(survey: Self.survey, ["--baseline", "2019"])
        defer { third.directory.remove() }
        #expect(noRound.status == 3)
        #expect(noRound.error.contains("--baseline 2019: the survey has no such round (its rounds: 2021, 2023)"))
    }
}
