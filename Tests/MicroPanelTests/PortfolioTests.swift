import Foundation
import MicroPanel
import MicroPanelTestSupport
import Testing

/// `micropanel portfolio`: a hand-checked tape of five loans (portfolio contract §2), periods,
/// column mappings, and every bad input through the command.
@Suite struct PortfolioTests {
    /// Five loans of one lender, loan by loan (not in date order), on two report dates:
    /// L1 current; L2 45 days late (300 of its 1,500 overdue); L3 renegotiated and 100 days late
    /// (150 overdue), C1's second loan; L4 written off on 2023-05-31, the write-off repeated on
    /// both snapshots with a zero balance; L5 renegotiated and current in June, repaid by December.
    static let tape = """
        institution_id,loan_id,client_id,report_date,principal_outstanding,days_late,overdue_principal,renegotiated,disbursed_on,disbursed_amount,written_off_on,written_off_amount,client_gender,client_location
        MFI-1,L1,C1,2023-12-31,200,0,0,0,2023-01-15,1000,,,F,rural
        MFI-1,L1,C1,2023-06-30,600,0,0,0,2023-01-15,1000,,,F,rural
        MFI-1,L2,C2,2023-06-30,1800,0,0,0,2023-02-01,2000,,,M,urban
        MFI-1,L2,C2,2023-12-31,1500,45,300,0,2023-02-01,2000,,,M,urban
        MFI-1,L3,C1,2023-12-31,400,100,150,1,2023-03-01,500,,,F,rural
        MFI-1,L4,C3,2023-06-30,0,0,0,0,2022-11-01,900,2023-05-31,650,F,urban
        MFI-1,L4,C3,2023-12-31,0,0,0,0,2022-11-01,900,2023-05-31,650,F,urban
        MFI-1,L5,C4,2023-06-30,300,5,0,1,2023-01-10,700,,,M,rural

        """

    static func run(_ tape: String, _ arguments: [String] = []) throws -> (rows: [[String: String]], error: String) {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("tape.csv")
        try Data(tape.utf8).write(to: URL(fileURLWithPath: path))
        let result = try CommandLineTool.run(["portfolio", path] + arguments)
        #expect(result.status == 0, "\(result.error)")
        let table = try ByteStreams.scan(Array(result.output.utf8), chunkSize: 1 << 20)
        return (table.rows.map { Dictionary(uniqueKeysWithValues: zip(table.header, $0)) }, result.error)
    }

    @Test func theFiveLoanTapeByHand() throws {
        let (rows, notes) = try Self.run(Self.tape)
        #expect(rows.count == 1)
        let year = try #require(rows.first)
        // The December snapshot: L1 200 + L2 1,500 + L3 400 (L4 has no balance, L5 is closed).
        #expect(year["MFI ID"] == "MFI-1" && year["Fiscal Year"] == "2023" && year["As of Date"] == "2023-12-31")
        #expect(year["Gross Loan Portfolio"] == "2100")
        #expect(year["Number of loans outstanding"] == "3")
        #expect(year["Number of active borrowers"] == "2") // C1 holds two loans
        #expect(year["Number of active borrowers > Gender > Female"] == "1")
        #expect(year["Gross Loan Portfolio > Gender > Female"] == "600")
        // CGAP's PAR: the whole balance of the late loans, 1,900 of 2,100 (90.5%), where the MIS
        // ratio of overdue principal to the portfolio says (300 + 150) / 2,100 = 21.4%.
        #expect(year["Gross Loan Portfolio > Delinquency > One month or more"] == "1900")
        #expect(year["Gross Loan Portfolio > Delinquency > One month or more > From one to three months"] == "1500")
        #expect(year["Gross Loan Portfolio > Delinquency > One month or more > More than three months"] == "400")
        #expect(
            year[
                "Gross Loan Portfolio > Delinquency > One month or more > More than three months > From three to six months"
            ]
                == "400")
        #expect(year["Loans at risk > 30 days"] == "2")
        // L3 is renegotiated but 100 days late: in its lateness bucket, not also in Renegotiated.
        #expect(year["Gross Loan Portfolio > Delinquency > Renegotiated loans"] == "0")
        // The write-off, on two snapshots, counted once; disbursements of 2023 (L4's was in 2022).
        #expect(year["Write offs"] == "650")
        #expect(year["Value of loans disbursed"] == "4200" && year["Number of loans disbursed"] == "4")
        #expect(year["Number of new borrowers"] == "3") // C1, C2, C4; C3 first borrowed in 2022
        #expect(
            notes.contains("1 disbursement or write-off event dated in a period without a snapshot of the institution"))
    }

    @Test func quartersTakeEachQuartersLastSnapshot() throws {
        let (rows, _) = try Self.run(Self.tape, ["--period", "quarter"])
        #expect(rows.map { $0["Period"]! } == ["2", "4"])
        let june = rows[0]
        #expect(june["As of Date"] == "2023-06-30" && june["Gross Loan Portfolio"] == "2700")
        #expect(june["Number of active borrowers"] == "3")
        #expect(june["Number of active borrowers > Location > Rural"] == "2")
        #expect(june["Gross Loan Portfolio > Delinquency > Renegotiated loans"] == "300") // L5, current
        #expect(june["Write offs"] == "650")
        #expect(june["Number of loans disbursed"] == "0") // all in Q1, which has no snapshot
        // A fiscal year ending in June: December's snapshot is fiscal 2024's.
        let (fiscal, _) = try Self.run(Self.tape, ["--fiscal-year-end", "06-30"])
        #expect(fiscal.map { $0["Fiscal Year"]! } == ["2023", "2024"])
    }

    @Test func breakdownsSplitTheLastSnapshotAndItsFlows() throws {
        let tape = """
            institution_id,loan_id,client_id,report_date,principal_outstanding,days_late,branch,product,disbursed_on,disbursed_amount
            A,L1,C1,2023-12-31,100,0,North,group,2023-02-01,300
            A,L2,C1,2023-12-31,200,40,South,group,2023-03-01,400
            A,L3,C2,2023-12-31,50,0,North,individual,2023-04-01,100
            A,L4,C3,2023-06-30,70,0,East,group,2023-01-01,90
            B,M1,D1,2023-12-31,10,0,,group,2023-05-01,20

            """
        let (rows, notes) = try Self.run(tape, ["--by", "branch,product"])
        // East has no loan on A's last snapshot (December): no row, its disbursement in none.
        #expect(
            rows.map { [$0["MFI ID"]!, $0["branch"]!, $0["product"]!] } == [
                ["A", "North", "group"], ["A", "North", "individual"], ["A", "South", "group"], ["B", "", "group"],
            ])
        #expect(rows.map { $0["Gross Loan Portfolio"]! } == ["100", "50", "200", "10"])
        #expect(rows.map { $0["Gross Loan Portfolio > Delinquency > One month or more"]! } == ["0", "0", "200", "0"])
        #expect(rows.map { $0["Value of loans disbursed"]! } == ["300", "100", "400", "20"])
        // C1 borrows in North and South; a new borrower once, in the group of the first disbursement.
        #expect(rows.map { $0["Number of new borrowers"]! } == ["1", "1", "0", "1"])
        #expect(notes.contains("1 disbursement or write-off event dated in a period without a snapshot"))
        // By quarter, East's June snapshot is a row of its own.
        let (quarters, _) = try Self.run(tape, ["--by", "branch", "--period", "quarter"])
        #expect(quarters.map { "\($0["Period"]!) \($0["branch"]!)" } == ["2 East", "4 North", "4 South", "4 "])
        let unknown = try CommandLineTool.run(["portfolio", "x.csv", "--by", "brunch"])
        #expect(unknown.status == 2)
        #expect(unknown.error.contains("unknown breakdown 'brunch'; did you mean 'branch'?"))
    }

    @Test func computeReadsTheOutput() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let tape = directory.path("tape.csv")
        let panel = directory.path("panel.csv")
        try Data(Self.tape.utf8).write(to: URL(fileURLWithPath: tape))
        #expect(try CommandLineTool.run(["portfolio", tape, "-o", panel, "-q"]).status == 0)
        let rows = try FilterTests.rows(["compute", panel, "--indicators", "par30,avg_loan_balance,lar30"])
        #expect(rows.count == 1)
        #expect(Double(rows[0]["par30"]!) == 1900.0 / 2100.0)
        #expect(Double(rows[0]["avg_loan_balance"]!) == 2100.0 / 2.0)
        #expect(Double(rows[0]["lar30"]!) == 2.0 / 3.0)
    }

    @Test func anInformationSystemsHeadersThroughAMapping() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        // An Apache Fineract-style export of one lender (no institution column).
        let tape = directory.path("fineract.csv")
        try Data(
            """
            account_no,client_id,as_of,principal_outstanding_derived,overdue_since_date_derived
            000123,77,2024-03-31,500,2024-01-15
            000124,78,2024-03-31,250,

            """.utf8
        ).write(to: URL(fileURLWithPath: tape))
        let mapping = directory.path("fineract-map.csv")
        try Data(
            """
            header,field
            account_no,loan_id
            as_of,report_date
            principal_outstanding_derived,principal_outstanding
            overdue_since_date_derived,overdue_since

            """.utf8
        ).write(to: URL(fileURLWithPath: mapping))
        let result = try CommandLineTool.run([
            "portfolio", tape, "--columns", mapping, "--institution", "MFI-7", "-q",
        ])
        #expect(result.status == 0, "\(result.error)")
        // 2024-01-15 to 2024-03-31 is 76 days: the whole 500 is at risk, in 31–90.
        #expect(result.output.contains("\nMFI-7,2024,2024-03-31,750,2,2,500,500,0,0,0,0,0,1,,,,\n"), "\(result.output)")
        let noLender = try CommandLineTool.run(["portfolio", tape, "--columns", mapping])
        #expect(noLender.status == 3)
        #expect(noLender.error.contains("not a loan tape: no column for institution_id"))
    }

    @Test func badInputIsOneLineAndExit3OrACountedSkip() throws {
        let header = "institution_id,loan_id,client_id,report_date,principal_outstanding,days_late\n"
        let cases: [(String, String)] = [
            ("A,L1,C1,2023-13-01,100,0\n", "tape.csv:2: report_date '2023-13-01' is not a date YYYY-MM-DD"),
            ("A,L1,C1,2023-12-31,-5,0\n", "tape.csv:2: principal_outstanding is -5: it cannot be negative"),
            ("A,L1,C1,2023-12-31,100,-1\n", "tape.csv:2: days_late is -1: it cannot be negative"),
            ("A,L1,,2023-12-31,100,0\n", "tape.csv:2: client_id is empty"),
            (
                "A,L1,C1,2023-12-31,100,0\nA,L1,C1,2023-12-31,90,0\n",
                "tape.csv:3: loan L1 appears twice on report date 2023-12-31 (first on line 2)"
            ),
            (
                "A,L1,C1,2023-12-31,5e18,0\n",
                "tape.csv:2: principal_outstanding is 5e+18: amounts must stay below 4.6 × 10¹⁸"
            ),
        ]
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("tape.csv")
        for (rows, message) in cases {
            try Data((header + rows).utf8).write(to: URL(fileURLWithPath: path))
            let output = directory.path("out.csv")
            let result = try CommandLineTool.run(["portfolio", path, "-o", output])
            #expect(result.status == 3, "\(message)")
            #expect(result.error.contains(message), "\(result.error)")
            #expect(result.error.split(separator: "\n").count == 1)
            #expect(!FileManager.default.fileExists(atPath: output))
        }
        // Skipped and counted, the good rows kept.
        try Data((header + "A,L1,C1,2023-12-31,100,0\nA,L2,C2,2023-12-32,100,0\nA,L3,C3,2023-12-31,50,0\n").utf8)
            .write(to: URL(fileURLWithPath: path))
        let skipped = try CommandLineTool.run(["portfolio", path, "--on-bad-row", "skip"])
        #expect(skipped.status == 0)
        #expect(skipped.output.contains("\nA,2023,2023-12-31,150,2,2,"))
        #expect(skipped.error.contains("1 row skipped (--on-bad-row skip), the first: "))
        // A header without the required fields; a fiscal year end that is not a month's end.
        try Data("loan,amount\nL1,100\n".utf8).write(to: URL(fileURLWithPath: path))
        let notATape = try CommandLineTool.run(["portfolio", path])
        #expect(notATape.status == 3)
        #expect(
            notATape.error.contains(
                "not a loan tape: no column for institution_id, report_date, loan_id, client_id, principal_outstanding,"
                    + " days_late or overdue_since"))
        let badEnd = try CommandLineTool.run(["portfolio", path, "--fiscal-year-end", "06-15"])
        #expect(badEnd.status == 2)
        #expect(badEnd.error.contains("--fiscal-year-end 06-15: a month's last day as MM-DD"))
        // --institution for a tape that names each row's institution.
        try Data((header + "A,L1,C1,2023-12-31,100,0\nB,L2,C2,2023-12-31,100,0\n").utf8)
            .write(to: URL(fileURLWithPath: path))
        let twice = try CommandLineTool.run(["portfolio", path, "--institution", "A"])
        #expect(twice.status == 3)
        #expect(
            twice.error.contains("tape.csv:1: --institution is for a tape of one lender with no institution column"))
        // Days late far beyond any bucket (1e300) are simply more than 365 days late.
        let late = try Self.run(header + "A,L1,C1,2023-12-31,100,1e300\n")
        #expect(
            late.rows.first?[
                "Gross Loan Portfolio > Delinquency > One month or more > More than three months > More than six months > More than one year"
            ] == "100")
    }

    /// Vintages of the five loans, by hand: each cohort (disbursement month) on both report dates,
    /// L4's cohort of November 2022 written off (650 of 900) and kept with nothing outstanding,
    /// March's cohort (L3) on June 30th before its loan is on the tape.
    @Test func vintagesOfTheFiveLoansByHand() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let tape = directory.path("tape.csv")
        try Data(Self.tape.utf8).write(to: URL(fileURLWithPath: tape))
        let vintages = directory.path("vintages.csv")
        let result = try CommandLineTool.run(["portfolio", tape, "-o", directory.path("p.csv"), "--vintages", vintages])
        #expect(result.status == 0, "\(result.error)")
        #expect(result.error.contains("8 vintage rows (institution × cohort × report date)"))
        let text = try String(contentsOfFile: vintages, encoding: .utf8)
        #expect(
            text == """
                MFI ID,cohort,months_on_book,As of Date,loans_disbursed,value_disbursed,loans_outstanding,outstanding,par30_balance,par30,written_off_to_date,write_off_rate
                MFI-1,2022-11,7,2023-06-30,1,900,0,0,0,,650,\(650.0 / 900)
                MFI-1,2022-11,13,2023-12-31,1,900,0,0,0,,650,\(650.0 / 900)
                MFI-1,2023-01,5,2023-06-30,2,1700,2,900,0,0,0,0
                MFI-1,2023-01,11,2023-12-31,2,1700,1,200,0,0,0,0
                MFI-1,2023-02,4,2023-06-30,1,2000,1,1800,0,0,0,0
                MFI-1,2023-02,10,2023-12-31,1,2000,1,1500,1500,1,0,0
                MFI-1,2023-03,3,2023-06-30,1,500,0,0,0,,0,0
                MFI-1,2023-03,9,2023-12-31,1,500,1,400,400,1,0,0

                """)
        // Not in a partial result.
        let partial = try CommandLineTool.run(["portfolio", tape, "--partial", "-o", "-", "--vintages", vintages])
        #expect(partial.status == 2)
        #expect(partial.error.contains("--vintages is not part of a partial result"))
    }

    /// Roll rates by hand: three month ends of four loans — L1 current, then 10 days late; L2
    /// 20, 48 days late, then written off; L3 45, 73 days late, then cured; L4 repaid (gone).
    /// The shares of a bucket's balance add up to one; a row back in time is an error.
    @Test func rollRatesByHand() throws {
        let tape = """
            institution_id,loan_id,client_id,report_date,principal_outstanding,days_late,written_off_on,written_off_amount
            A,L1,C1,2023-01-31,100,0,,
            A,L2,C2,2023-01-31,200,20,,
            A,L3,C3,2023-01-31,300,45,,
            A,L4,C4,2023-01-31,50,0,,
            A,L1,C1,2023-02-28,90,0,,
            A,L2,C2,2023-02-28,190,48,,
            A,L3,C3,2023-02-28,300,73,,
            A,L1,C1,2023-03-31,80,10,,
            A,L2,C2,2023-03-31,0,0,2023-03-15,190
            A,L3,C3,2023-03-31,280,0,,

            """
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("tape.csv")
        try Data(tape.utf8).write(to: URL(fileURLWithPath: path))
        let result = try CommandLineTool.run(["portfolio", path, "-o", directory.path("p.csv"), "--roll-rates", "-"])
        #expect(result.status == 0, "\(result.error)")
        #expect(
            result.output == """
                MFI ID,From Date,To Date,from,to,loans,balance,share
                A,2023-01-31,2023-02-28,current,current,1,100,\(100.0 / 150)
                A,2023-01-31,2023-02-28,current,repaid,1,50,\(50.0 / 150)
                A,2023-01-31,2023-02-28,1-30,31-60,1,200,1
                A,2023-01-31,2023-02-28,31-60,61-90,1,300,1
                A,2023-02-28,2023-03-31,current,1-30,1,90,1
                A,2023-02-28,2023-03-31,31-60,written off,1,190,1
                A,2023-02-28,2023-03-31,61-90,current,1,300,1

                """)
        // Back in time: one line naming the row, exit 3, nothing written.
        let lines = tape.split(separator: "\n")
        try Data(([lines[0]] + lines.dropFirst().reversed()).joined(separator: "\n").utf8).write(
            to: URL(fileURLWithPath: path))
        let rolls = directory.path("rolls.csv")
        let reversed = try CommandLineTool.run([
            "portfolio", path, "-o", directory.path("q.csv"), "--roll-rates", rolls,
        ])
        #expect(reversed.status == 3)
        #expect(
            reversed.error.contains(
                "tape.csv:5: --roll-rates needs each institution's rows in date order: a row of 2023-02-28 comes after"
                    + " rows of 2023-03-31"), "\(reversed.error)")
        #expect(!FileManager.default.fileExists(atPath: rolls))
        #expect(!FileManager.default.fileExists(atPath: directory.path("q.csv")))
    }

    /// A fiscal year per institution from `--institutions`: B's ends on June 30th, so its June
    /// snapshot closes fiscal 2023 and December's is in fiscal 2024 (its second quarter); A keeps
    /// the calendar year. Partials carry it; a merge of partials that disagree on it is refused.
    @Test func fiscalYearEndsPerInstitution() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let tape = directory.path("tape.csv")
        try Data(
            """
            institution_id,loan_id,client_id,report_date,principal_outstanding,days_late
            A,L1,C1,2023-06-30,100,0
            A,L1,C1,2023-12-31,80,0
            B,L1,C1,2023-06-30,200,0
            B,L1,C1,2023-12-31,150,40

            """.utf8
        ).write(to: URL(fileURLWithPath: tape))
        let institutions = directory.path("institutions.csv")
        try Data("MFI ID,Fiscal Year End\nB,06-30\n".utf8).write(to: URL(fileURLWithPath: institutions))
        func keys(_ output: String) -> [String] {
            output.split(separator: "\n").dropFirst().map { $0.split(separator: ",").prefix(4).joined(separator: ",") }
        }
        let years = try CommandLineTool.run(["portfolio", tape, "--institutions", institutions, "-q"])
        #expect(keys(years.output) == ["A,2023,2023-12-31,80", "B,2023,2023-06-30,200", "B,2024,2023-12-31,150"])
        let quarters = try CommandLineTool.run([
            "portfolio", tape, "--institutions", institutions, "--period", "quarter", "-q",
        ])
        #expect(
            keys(quarters.output) == [
                "A,2023,2,2023-06-30", "A,2023,4,2023-12-31", "B,2023,4,2023-06-30", "B,2024,2,2023-12-31",
            ])
        let own = directory.path("own.part")
        let calendar = directory.path("calendar.part")
        #expect(
            try CommandLineTool.run(["portfolio", tape, "--institutions", institutions, "--partial", "-o", own]).status
                == 0)
        #expect(try CommandLineTool.run(["portfolio", tape, "--partial", "-o", calendar]).status == 0)
        #expect(try CommandLineTool.run(["merge", own, "-q"]).output == years.output)
        let clash = try CommandLineTool.run(["merge", own, calendar])
        #expect(clash.status == 3)
        #expect(
            clash.error.contains("institution B's fiscal year ends with month 12 here, otherwise in"), "\(clash.error)")
        // A date that is not a month's end; a file without the column.
        try Data("MFI ID,Fiscal Year End\nB,06-15\n".utf8).write(to: URL(fileURLWithPath: institutions))
        let bad = try CommandLineTool.run(["portfolio", tape, "--institutions", institutions])
        #expect(bad.status == 2)
        #expect(bad.error.contains("B's Fiscal Year End '06-15' is not a month's last day"))
        try Data("MFI ID,Country\nB,Peru\n".utf8).write(to: URL(fileURLWithPath: institutions))
        let none = try CommandLineTool.run(["portfolio", tape, "--institutions", institutions])
        #expect(none.status == 2)
        #expect(none.error.contains("no Fiscal Year End column"))
    }

    /// Amounts are summed exactly, so cents add up the same in any row order (a running double
    /// sum gives 0.1 + 0.2 + 0.3 = 0.6000000000000001 in this order, 0.6 in the other).
    @Test func sumsDoNotDependOnTheRowOrder() throws {
        let header = "institution_id,loan_id,client_id,report_date,principal_outstanding,days_late\n"
        let rows = ["A,L1,C1,2023-12-31,0.1,40\n", "A,L2,C2,2023-12-31,0.2,40\n", "A,L3,C3,2023-12-31,0.3,40\n"]
        let forward = try Self.run(header + rows.joined(), ["-q"]).rows
        let backward = try Self.run(header + rows.reversed().joined(), ["-q"]).rows
        #expect(forward == backward)
        #expect(forward.first?["Gross Loan Portfolio"] == "0.6")
        #expect(forward.first?["Gross Loan Portfolio > Delinquency > One month or more"] == "0.6")
    }

    /// A generated tape of 20,000 rows: each lender-year's figures recomputed here from its last
    /// snapshot's rows; the same tape with its rows reversed (dates out of order) gives the same bytes.
    @Test func aGeneratedTapeAgreesWithARecomputationInAnyRowOrder() throws {
        var text: [UInt8] = []
        SyntheticTape(rows: 20_000, seed: 3).write { text += $0 }
        let table = try ByteStreams.scan(text, chunkSize: 1 << 20)
        let column = Dictionary(uniqueKeysWithValues: table.header.enumerated().map { ($1, $0) })
        // The last report date of each lender and year, then the loans on it.
        var last: [String: String] = [:]
        for row in table.rows {
            let key = row[column["institution_id"]!] + " " + row[column["report_date"]!].prefix(4)
            last[key] = max(last[key] ?? "", row[column["report_date"]!])
        }
        // Amounts in whole cents, summed exactly here; the tool's sums of the doubles agree to a
        // millionth of a cent.
        func cents(_ text: String) -> Int { Int((Double(text)! * 100).rounded()) }
        var portfolio: [String: Int] = [:]
        var atRisk: [String: Int] = [:]
        var borrowers: [String: Set<String>] = [:]
        var writeOffs: [String: [String: Int]] = [:] // per key, loan → amount
        for row in table.rows {
            let date = row[column["report_date"]!]
            let key = row[column["institution_id"]!] + " " + date.prefix(4)
            let writtenOn = row[column["written_off_on"]!]
            if !writtenOn.isEmpty {
                let writeOffKey = row[column["institution_id"]!] + " " + writtenOn.prefix(4)
                writeOffs[writeOffKey, default: [:]][row[column["loan_id"]!]] = cents(
                    row[column["written_off_amount"]!])
            }
            let balance = cents(row[column["principal_outstanding"]!])
            guard date == last[key], balance > 0 else { continue }
            portfolio[key, default: 0] += balance
            borrowers[key, default: []].insert(row[column["client_id"]!])
            if Int(row[column["days_late"]!])! > 30 { atRisk[key, default: 0] += balance }
        }
        func agrees(_ cell: String?, _ cents: Int?) -> Bool { abs(Double(cell!)! - Double(cents ?? 0) / 100) < 1e-8 }
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("tape.csv")
        try Data(text).write(to: URL(fileURLWithPath: path))
        let result = try CommandLineTool.run(["portfolio", path, "-q"])
        #expect(result.status == 0, "\(result.error)")
        let output = try ByteStreams.scan(Array(result.output.utf8), chunkSize: 1 << 20)
        #expect(output.rows.count == last.count)
        var writeOffsSeen = 0
        for cells in output.rows {
            let row = Dictionary(uniqueKeysWithValues: zip(output.header, cells))
            let key = row["MFI ID"]! + " " + row["Fiscal Year"]!
            #expect(row["As of Date"] == last[key])
            #expect(agrees(row["Gross Loan Portfolio"], portfolio[key]), "\(key)")
            #expect(Int(row["Number of active borrowers"]!) == borrowers[key]?.count ?? 0, "\(key)")
            #expect(agrees(row["Gross Loan Portfolio > Delinquency > One month or more"], atRisk[key]), "\(key)")
            let expectedWriteOffs = writeOffs[key]?.values.reduce(0, +) ?? 0
            #expect(agrees(row["Write offs"], expectedWriteOffs), "\(key)")
            writeOffsSeen += expectedWriteOffs
        }
        #expect(writeOffsSeen > 0)
        // Rows reversed: every snapshot read after the later ones.
        let lines = text.split(separator: UInt8(ascii: "\n"))
        let reversed = Array(lines[0]) + [10] + lines.dropFirst().reversed().flatMap { Array($0) + [10] }
        try Data(reversed).write(to: URL(fileURLWithPath: path))
        let again = try CommandLineTool.run(["portfolio", path, "-q"])
        #expect(again.status == 0)
        #expect(again.output == result.output)
        // Vintages: the same bytes in any order too; every cohort's outstanding on a date sums to
        // the rows' balances with a disbursement date.
        let vintagesReversed = try CommandLineTool.run([
            "portfolio", path, "-q", "-o", directory.path("panel.csv"), "--vintages", "-",
        ])
        try Data(text).write(to: URL(fileURLWithPath: path))
        let vintages = try CommandLineTool.run([
            "portfolio", path, "-q", "-o", directory.path("panel.csv"), "--vintages", "-",
        ])
        #expect(vintages.status == 0 && !vintages.output.isEmpty)
        #expect(vintages.output == vintagesReversed.output)
        let vintageTable = try ByteStreams.scan(Array(vintages.output.utf8), chunkSize: 1 << 20)
        var outstandingByDate: [String: Double] = [:]
        for cells in vintageTable.rows {
            let row = Dictionary(uniqueKeysWithValues: zip(vintageTable.header, cells))
            outstandingByDate[row["MFI ID"]! + " " + row["As of Date"]!, default: 0] += Double(row["outstanding"]!)!
        }
        var balanceByDate: [String: Int] = [:]
        for row in table.rows where !row[column["disbursed_on"]!].isEmpty {
            balanceByDate[row[column["institution_id"]!] + " " + row[column["report_date"]!], default: 0] += cents(
                row[column["principal_outstanding"]!])
        }
        #expect(outstandingByDate.count == balanceByDate.count)
        for (key, value) in balanceByDate { #expect(agrees(String(outstandingByDate[key] ?? -1), value), "\(key)") }
        // Roll rates recomputed here from the rows: where each loan with a balance on one of its
        // lender's dates is on the next.
        let rolls = try CommandLineTool.run([
            "portfolio", path, "-q", "-o", directory.path("panel.csv"), "--roll-rates", "-",
        ])
        #expect(rolls.status == 0, "\(rolls.error)")
        func bucket(_ days: Int) -> String {
            switch days {
            case ...0: return "current"
            case 1...30: return "1-30"
            case 31...60: return "31-60"
            case 61...90: return "61-90"
            case 91...180: return "91-180"
            default: return "over 180"
            }
        }
        // Per lender and date, each loan's state.
        var loansOn: [String: [String: (balance: Int, days: Int, writtenOff: String)]] = [:]
        var writtenOffOn: [String: String] = [:]
        for row in table.rows {
            let lender = row[column["institution_id"]!]
            loansOn[lender + " " + row[column["report_date"]!], default: [:]][row[column["loan_id"]!]] = (
                cents(row[column["principal_outstanding"]!]), Int(row[column["days_late"]!])!,
                row[column["written_off_on"]!]
            )
            if !row[column["written_off_on"]!].isEmpty {
                writtenOffOn[lender + " " + row[column["loan_id"]!]] = row[column["written_off_on"]!]
            }
        }
        var expectedMoves: [String: Int] = [:] // lender from to bucket destination → cents
        let lenderDates = Dictionary(grouping: loansOn.keys) { String($0.split(separator: " ")[0]) }
        for (lender, keys) in lenderDates {
            let days = keys.map { String($0.split(separator: " ")[1]) }.sorted()
            for (from, to) in zip(days, days.dropFirst()) {
                let later = loansOn[lender + " " + to]!
                for (loan, state) in loansOn[lender + " " + from]! where state.balance > 0 {
                    var destination = "repaid"
                    if let next = later[loan], next.balance > 0 {
                        destination = bucket(next.days)
                    } else if let on = writtenOffOn[lender + " " + loan], on <= to {
                        destination = "written off"
                    }
                    expectedMoves["\(lender) \(from) \(to) \(bucket(state.days)) \(destination)", default: 0] +=
                        state.balance
                }
            }
        }
        let rollTable = try ByteStreams.scan(Array(rolls.output.utf8), chunkSize: 1 << 20)
        #expect(rollTable.rows.count == expectedMoves.count)
        for cells in rollTable.rows {
            let key = cells[0..<5].joined(separator: " ")
            #expect(agrees(cells[6], expectedMoves[key]), "\(key)")
        }
        #expect(expectedMoves.keys.contains { $0.hasSuffix("written off") })
        // Loan by loan (each loan's rows in date order, as an export often lists them): the
        // second loan comes back to a period the first closed, so the file is read again keeping
        // every period; the same bytes, and a note says so. From standard input it cannot be.
        let byLoan = lines.dropFirst().map { Array($0) }.sorted { a, b in
            let (left, right) = (loanAndDate(a), loanAndDate(b))
            return left != right ? left.lexicographicallyPrecedes(right) : false
        }
        let loanByLoan = Array(lines[0]) + [10] + byLoan.flatMap { $0 + [10] }
        try Data(loanByLoan).write(to: URL(fileURLWithPath: path))
        let reread = try CommandLineTool.run(["portfolio", path])
        #expect(reread.status == 0)
        #expect(reread.output == result.output)
        #expect(reread.error.contains("not in date order: read a second time"), "\(reread.error)")
        let piped = try CommandLineTool.run(["portfolio", "-"], input: loanByLoan)
        #expect(piped.status == 3)
        #expect(piped.error.contains("must be in date order (give it as a file)"), "\(piped.error)")
        #expect(piped.output.isEmpty)
        // In date order on standard input: one reading, the same bytes.
        let piped2 = try CommandLineTool.run(["portfolio", "-", "-q"], input: text)
        #expect(piped2.status == 0)
        #expect(piped2.output == result.output)

        /// A row's institution, loan and report date (the first, third and second fields).
        func loanAndDate(_ row: [UInt8]) -> [UInt8] {
            let fields = row.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false)
            return Array(fields[0]) + [0] + Array(fields[2]) + [0] + Array(fields[1])
        }
    }
}
