import MicroPanel
import MicroPanelTestSupport
import Testing

@Suite("synthetic panel")
struct SyntheticPanelTests {
    @Test("the generator is deterministic and its text loads with every column it claims")
    func generatedPanelLoads() throws {
        let panel = SyntheticPanel(rows: 3000, seed: 42)
        let text = panel.text()
        #expect(text == SyntheticPanel(rows: 3000, seed: 42).text())
        #expect(text != SyntheticPanel(rows: 3000, seed: 43).text())
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = try directory.write("synthetic.csv", text)
        let loaded = try PanelLoader().load(paths: [path])
        #expect(loaded.table.rowCount == 3000)
        #expect(loaded.table.plan.headerNames.count == 168)
        #expect(loaded.table.plan.materialized.count == SyntheticPanel.fieldHeaders.count)
        #expect(loaded.table.plan.unmatchedHeaders.count == panel.fillerColumns)
        let glp = try #require(loaded.table.number("glp"))
        #expect(glp.missingCount == 0)
        #expect(loaded.table.number("deposits").map { $0.missingCount > 0 && $0.missingCount < 600 } == true)
    }
}
