import Foundation
import MicroPanel
import MicroPanelTestSupport
import Testing

/// The article "Computing indicators from Swift" shows this code: a test compiles and runs it,
/// and checks that the article shows it unchanged.
private func articleExample() throws -> (computed: ComputedPanel, run: RunSummary, output: String) {
    // docc-example:start
    // Every indicator of the bundled MIX sample (254 institution-years), in memory.
    let computed = try Pipeline.computePanel(PanelSource())
    for row in 0..<3 {
        let (institution, year) = computed.institutionYear(ofRow: row)
        let roa = computed.results.value(.roa, row: row) // NaN when missing
        let reason = computed.results.status(.roa, row: row).missingReason?.name ?? ""
        print(institution, year, roa, reason)
    }

    // A table written as `micropanel compute` writes it: a few indicators, CSV (the extension
    // chooses the format). For your own files: PanelSource(paths: ["panel.csv.gz"],
    // references: ReferenceFiles(institutions: "MFICompanyMetaData.csv")).
    let output = FileManager.default.temporaryDirectory.appendingPathComponent("indicators.csv").path
    let configuration = try ComputeConfiguration(
        source: PanelSource(inputs: [.bundledSample]),
        indicators: [.roa, .oer, .par30, .avgLoanBalanceGNI],
        output: TableOutput(path: output))
    let run = try Pipeline.compute(configuration)
    for note in run.notes { print(note) }
    // docc-example:end
    return (computed, run, output)
}

@Suite("documentation")
struct DocumentationTests {
    @Test("the article's example compiles, runs, and is the code the article shows")
    func articleExampleRuns() throws {
        let (computed, run, output) = try articleExample()
        defer { try? FileManager.default.removeItem(atPath: output) }
        #expect(computed.panel.count == 254)
        #expect(computed.institutionYear(ofRow: 0) == ("100020", 2009))
        #expect(computed.results.status(.roa, row: 0).missingReason == nil)
        #expect(run.report?.panelRows == 254)
        let table = String(decoding: try readBytes(output), as: UTF8.self)
        #expect(
            table.hasPrefix(
                "mfi_id,fiscal_year,mfi_name,country,iso3,region,currency,avg_loan_balance_gni,par30,roa,oer,flags\n"))
        #expect(table.split(separator: "\n").count == 255)

        let source = try String(contentsOf: URL(fileURLWithPath: #filePath), encoding: .utf8)
        let example = source.components(separatedBy: "// docc-example:start\n")[1]
            .components(separatedBy: "    // docc-example:end")[0]
        let shown = example.split(separator: "\n", omittingEmptySubsequences: false).map { $0.dropFirst(4) }
            .joined(separator: "\n")
        let article = try String(
            contentsOfFile: Fixtures.path("Sources/MicroPanel/MicroPanel.docc/ComputingIndicators.md"), encoding: .utf8)
        #expect(
            article.contains("```swift\nimport MicroPanel\n\n" + shown + "```"),
            "the article's code differs from the test's")
    }

    @Test("the catalog's indicator table is the registry's, as the README's")
    func indicatorTable() throws {
        let markdown = try CommandLineTool.run(["explain", "--markdown"])
        let page = try String(
            contentsOfFile: Fixtures.path("Sources/MicroPanel/MicroPanel.docc/Indicators.md"), encoding: .utf8)
        let table = page.components(separatedBy: "<!-- indicator-table:start -->\n")[1]
            .components(separatedBy: "<!-- indicator-table:end -->")[0]
        #expect(table == markdown.output, "Indicators.md's table is stale: run scripts/indicator-table")
    }
}
