import MicroPanel
import MicroPanelTestSupport
import Testing

@Suite("institution × year panel")
struct InstitutionPanelTests {
    @Test("rows sorted by MFI ID in byte order, then year; prior years linked, gaps are no prior year")
    func orderAndPriors() throws {
        let csv = """
            MFI ID,Fiscal Year,Assets
            b,2011,1
            B,2010,2
            a,2012,3
            a,2010,4
            b,2010,5
            a,2011,6
            Ä,2010,7
            b,2013,8

            """
        let (table, panel, _) = try compute(csv)
        let ids = try #require(table.text("mfi_id"))
        let years = try #require(table.integer("fiscal_year"))
        let order = panel.rows.map { "\(ids[Int($0)]!)\(years[Int($0)])" }
        #expect(order == ["B2010", "a2010", "a2011", "a2012", "b2010", "b2011", "b2013", "Ä2010"])
        let priors = zip(panel.rows, panel.priorRows).map { $1 < 0 ? "-" : "\(years[Int($1)])" }
        #expect(priors == ["-", "-", "2010", "2011", "-", "2010", "-", "-"])
        #expect(panel.institutionCount == 4)
    }

    @Test("a duplicate institution-year is an error naming it, or the later row is kept and counted")
    func duplicates() throws {
        let csv = "MFI ID,Fiscal Year,Assets\nX,2010,1\nY,2010,2\nX,2010,3\nX,2011,4\nX,2010,5\n"
        let error = #expect(throws: PanelError.self) { _ = try compute(csv) }
        #expect(error?.message.contains("'X', fiscal year 2010") == true)
        #expect(error?.message.contains("--duplicates keep-last") == true)

        let (table, panel, results) = try compute(csv, options: PanelOptions(duplicates: .keepLast))
        #expect(panel.droppedDuplicateRows == 2)
        #expect(panel.count == 3)
        #expect(table.number("assets")?[Int(panel.rows[0])] == 5) // X 2010: the last of three
        #expect(panel.priorRows[1] == panel.rows[0])
        #expect(results.optional(.borrowers, row: 0) == nil)
    }

    @Test("interim rows are excluded and counted unless asked for; rows without keys are counted")
    func interimAndKeys() throws {
        let csv =
            "MFI ID,Fiscal Year,Period Type,Assets\nX,2010,ANN,1\nX,2010,QTR,2\nX,2011,,3\n,2012,ANN,4\nY,,ANN,5\n"
        let (_, panel, _) = try compute(csv)
        #expect(panel.count == 2)
        #expect(panel.excludedInterimRows == 1)
        #expect(panel.rowsWithoutKeys == 2)
        let included = #expect(throws: PanelError.self) {
            _ = try compute(csv, options: PanelOptions(includeInterim: true))
        }
        #expect(included?.message.contains("duplicate") == true)
    }

    @Test("without an MFI ID column the name identifies the institution; without a year it is an error")
    func keyColumns() throws {
        let (_, panel, _) = try compute("MFI Name,Fiscal Year,Assets\nAlpha,2010,1\nAlpha,2011,2\n")
        #expect(panel.institutionKey == "mfi_name")
        #expect(panel.priorRows[1] == panel.rows[0])
        let error = #expect(throws: PanelError.self) { _ = try compute("MFI ID,Assets\nA,1\n") }
        #expect(error?.message == "the panel has no 'Fiscal Year' column")
    }

    @Test("an institution with 75 years (more than the insertion sort's 32), given in reverse, is one series")
    func longSeries() throws {
        var csv = "MFI ID,Fiscal Year,Gross Loan Portfolio\n"
        for year in (1950..<2025).reversed() { csv += "Old,\(year),\(year - 1900)\n" }
        let (_, panel, results) = try compute(csv)
        #expect(panel.count == 75)
        #expect(panel.priorRows.filter { $0 < 0 }.count == 1)
        #expect(rounded(results.optional(.glpGrowth, row: 74), 6) == rounded(124.0 / 123.0 - 1, 6))
    }
}
