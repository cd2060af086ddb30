import MicroPanel
import MicroPanelTestSupport
import Testing

@testable import MicroPanelIndicators

@Suite("peer-group summaries")
struct PeerGroupSummaryTests {
    @Test(
        "quantiles by linear interpolation (R type 7), mean, n",
        arguments: [
            ([1.0, 2, 3, 4, 10], 3.0, 2.0, 4.0, 4.0),
            ([1.0, 2, 3, 4], 2.5, 1.75, 3.25, 2.5),
            ([7.0], 7.0, 7.0, 7.0, 7.0),
            ([5.0, -1, 3], 3.0, 1.0, 4.0, 7.0 / 3),
        ])
    func statistics(sample: [Double], median: Double, p25: Double, p75: Double, mean: Double) {
        let statistics = PeerGroupSummary.describe(sample)
        #expect(statistics.count == sample.count)
        #expect(statistics.median == median && statistics.p25 == p25 && statistics.p75 == p75)
        #expect(statistics.mean.map { abs($0 - mean) < 1e-12 } == true)
        #expect(PeerGroupSummary.describe([]).median == nil)
    }

    @Test("groups in label order, missing last; the weighted ratio is Σ numerators / Σ denominators")
    func groupsAndWeights() throws {
        let csv = """
            MFI ID,Fiscal Year,Region,Gross Loan Portfolio,Gross Loan Portfolio > Delinquency > One month or more
            A,2010,South,100,10
            B,2010,South,300,3
            C,2010,North,50,5
            D,2010,,80,8
            E,2010,North,40,

            """
        let table = try buildTable(csv)
        let panel = try InstitutionPanel(table: table)
        let results = IndicatorKernel(table: table, panel: panel).compute()
        let components = IndicatorKernel(table: table, panel: panel).computeComponents()
        let field = try #require(GroupField(table: table, name: "region", rows: panel.rows.map(Int.init)))
        let summary = PeerGroupSummary(
            rowCount: panel.count, fields: [field], indicators: [.par30],
            values: { results.values(of: $0) },
            weights: { (components.numerators(of: $0), components.denominators(of: $0)) })
        #expect(summary.rows.map(\.group) == [["North"], ["South"], [nil]])
        let south = summary.rows[1].statistics
        #expect(south.count == 2)
        #expect(south.median == (0.1 + 0.01) / 2)
        #expect(south.weighted == 13.0 / 400)
        let north = summary.rows[0].statistics
        #expect(north.count == 1) // E has no PAR amount: not in the weights either
        #expect(north.weighted == 0.1)
    }
}
