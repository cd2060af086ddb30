import Foundation
import MicroPanel
import MicroPanelTestSupport
import Testing

/// The spec input fields the real MIX panel carries (spec §1 and PROVENANCE.md): everything but
/// deposits, depositors, interest receivable and the loans-at-risk count.
private let inputFieldsInMixPanel: Set<String> = [
    "assets", "liabilities", "equity", "glp", "borrowings", "subordinated_debt", "par30_amount", "par90_amount",
    "par30_90", "par90_180", "par180_amount",
    "renegotiated", "impairment_allowance", "financial_revenue", "loan_revenue", "funding_expense",
    "impairment_expense", "operating_expense", "personnel_expense", "administrative_expense", "depreciation",
    "net_operating_income", "tax", "write_offs", "recoveries", "borrowers", "loans", "personnel", "loan_officers",
    "avg_assets", "avg_equity", "avg_glp", "avg_borrowers", "avg_loans", "interest_on_borrowings", "net_fixed_assets",
    "donations", "female_borrowers", "rural_borrowers", "new_borrowers", "female_loan_officers", "female_personnel",
    "managers", "female_managers", "board_members", "female_board_members", "glp_female", "glp_rural",
    "glp_individual", "glp_solidarity", "glp_village",
]

@Suite("real MIX panel")
struct RealPanelTests {
    @Test("plain and gzipped, the panel loads 3,846 rows with every spec field it has")
    func loadsRealPanel() throws {
        let gzipped = try Fixtures.mixPanel()
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = try directory.write("panel.csv", GzipTool.decompress(readBytes(gzipped)))
        let plain = try PanelLoader().load(paths: [path])
        let compressed = try PanelLoader().load(paths: [gzipped])
        for panel in [plain, compressed] {
            #expect(panel.table.rowCount == 3846)
            let inputs = Set(panel.table.plan.materialized.filter { $0.field.role == .input }.map(\.field.key))
            #expect(inputs == inputFieldsInMixPanel)
            #expect(
                panel.table.plan.materialized.filter { if case .publishedRatio = $0.field.role { true } else { false } }
                    .count == 26)
            #expect(panel.table.text("mfi_id")?.dictionary.count == 1026)
        }
        #expect(compressed.report.inputs[0].format == .gzip)
        #expect(plain.report.inputs[0].format == .plain)
        #expect(compressed.report.textBytes == plain.report.fileBytes)
        for key in plain.table.columns.keys {
            if let a = plain.table.number(key), let b = compressed.table.number(key) {
                #expect(zip(a.values, b.values).allSatisfy { $0.bitPattern == $1.bitPattern }, "\(key)")
            }
        }
    }

    @Test("known cells, checked by hand in the file")
    func knownCells() throws {
        let table = try PanelLoader().load(paths: [Fixtures.mixPanel()]).table
        let id = try #require(table.text("mfi_id"))
        let name = try #require(table.text("mfi_name"))
        let year = try #require(table.integer("fiscal_year"))
        let expectations:
            [(
                row: Int, id: String, name: String, year: Int64, assets: Double, glp: Double,
                borrowers: Double, impairment: Double?, roa: Double, tax: Double?
            )] = [
                (0, "100372", "1st Valley Bank", 2011, 121_502_520, 85_055_980, 77543, 1_162_975, 0.0279, 1_215_891),
                (1, "100372", "1st Valley Bank", 2012, 140_561_717, 112_791_709, 72351, 862_943, 0.0245, 1_497_124),
                (1000, "100354", "CMAC Ica", 2012, 336_602_181, 242_138_850, 72711, 8_309_684, 0.0026, nil),
                (3845, "149273", "YVU Microfin", 2014, 1_753_484, 1_447_138, 6014, nil, 0.0168, 9185),
            ]
        for cell in expectations {
            #expect(id[cell.row] == cell.id)
            #expect(name[cell.row] == cell.name)
            #expect(year[cell.row] == cell.year)
            #expect(table.number("assets")?[cell.row] == cell.assets)
            #expect(table.number("glp")?[cell.row] == cell.glp)
            #expect(table.number("borrowers")?[cell.row] == cell.borrowers)
            #expect(table.number("impairment_expense")?.value(at: cell.row) == cell.impairment)
            #expect(table.number("mix_roa")?[cell.row] == cell.roa)
            #expect(table.number("tax")?.value(at: cell.row) == cell.tax)
        }
        #expect(table.number("glp")?.missingCount == 23)
        #expect(table.number("subordinated_debt")?.missingCount == 1967)
    }

    @Test("MIX's metadata file: ';', a byte-order mark, CRLF")
    func metadataFile() throws {
        let panel = try PanelLoader().load(paths: [Fixtures.mixMetadata()])
        #expect(panel.table.rowCount == 3114)
        #expect(panel.report.inputs[0].delimiter == UInt8(ascii: ";"))
        #expect(panel.report.inputs[0].hadByteOrderMark)
        #expect(panel.table.text("mfi_id")?[0] == "100372")
        #expect(panel.table.text("country")?[0] == "Philippines")
        #expect(panel.table.text("region")?[1] == "Africa")
    }

    @Test("micropanel inspect on the gzipped panel prints its rows and matched fields")
    func inspectCommand() throws {
        let result = try CommandLineTool.run(["inspect", Fixtures.mixPanel()])
        #expect(result.status == 0, "\(result.error)")
        #expect(result.output.contains("rows:       3,846"))
        #expect(result.output.contains("gzip, 1 member"))
        #expect(result.output.contains("Spec input fields: 51 of 57"))
        #expect(result.output.contains("glp                          Gross.Loan.Portfolio"))
        #expect(result.output.contains("load time:"))
    }
}
