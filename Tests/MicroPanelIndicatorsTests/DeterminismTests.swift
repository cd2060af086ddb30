import MicroPanel
import MicroPanelColumns
import MicroPanelTestSupport
import Testing

@Suite("parallel kernel")
struct DeterminismTests {
    @Test("the same bytes for 1, 2 and 8 threads on a generated panel of 100,000 rows, adjusted indicators included")
    func sameBytesForAnyThreadCount() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = try directory.write("panel.csv", SyntheticPanel(rows: 100_000, seed: 7, fillerColumns: 0).text())
        let table = try PanelLoader().load(paths: [path]).table
        let panel = try InstitutionPanel(table: table)
        #expect(panel.count == 100_000)
        let rows = 0..<table.rowCount
        let series = ReferenceSeriesColumns(
            gniPerCapita: Float64Column(rows.map { $0 % 13 == 0 ? .nan : Double(500 + $0 % 3000) }),
            inflationPercent: Float64Column(rows.map { $0 % 11 == 0 ? .nan : Double($0 % 400) / 20 - 2 }),
            marketRatePercent: Float64Column(rows.map { $0 % 7 == 0 ? .nan : Double(3 + $0 % 25) }))
        var outputs: [([UInt8], [UInt8])] = []
        for threads in [1, 2, 8] {
            let results = IndicatorKernel(table: table, panel: panel, series: series).compute(threads: threads)
            outputs.append((Array(results.rawBytes.values), Array(results.rawBytes.statuses)))
        }
        #expect(outputs[0].0 == outputs[1].0 && outputs[0].0 == outputs[2].0)
        #expect(outputs[0].1 == outputs[1].1 && outputs[0].1 == outputs[2].1)
        // The panel is not degenerate: most indicators have values, the adjusted ones too.
        let results = IndicatorKernel(table: table, panel: panel, series: series).compute(threads: 2)
        #expect(results.values(of: .roa).count { !$0.isNaN } > 80_000)
        #expect(results.values(of: .adjustedROA).count { !$0.isNaN } > 40_000)
        #expect(results.values(of: .sdi).count { !$0.isNaN } > 40_000)
    }
}
