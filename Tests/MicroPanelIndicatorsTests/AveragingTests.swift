import MicroPanel
import MicroPanelTestSupport
import Testing

@Suite("period averages (spec §2)")
struct AveragingTests {
    let csv = """
        MFI ID,Fiscal Year,Gross Loan Portfolio,Average gross loan portfolio,Operating expense
        A,2010,100,,10
        A,2011,300,,20
        A,2012,500,1000,30
        A,2014,700,,40
        B,2011,,,5
        B,2012,200,,6

        """

    @Test("explicit average first, then (t−1 + t)/2; strict: first years and gaps have no prior year")
    func strict() throws {
        let (_, _, results) = try compute(csv)
        #expect(results.reason(.oer, row: 0) == "no_prior_year")
        #expect(results.optional(.oer, row: 1) == 20.0 / 200)
        #expect(results.optional(.oer, row: 2) == 30.0 / 1000)
        #expect(results.reason(.oer, row: 3) == "no_prior_year") // 2013 missing: a gap
        #expect(results.reason(.oer, row: 4) == "missing_input") // no closing GLP
        #expect(results.reason(.oer, row: 5) == "missing_input") // prior year without GLP
        #expect(results.status(.oer, row: 1).flags.isEmpty)
    }

    @Test("closing: the closing value, flagged avg_fallback; growth never falls back")
    func closing() throws {
        let (_, _, results) = try compute(csv, options: PanelOptions(averaging: .closing))
        #expect(results.optional(.oer, row: 0) == 10.0 / 100)
        #expect(results.status(.oer, row: 0).flags == .averageFallback)
        #expect(results.optional(.oer, row: 3) == 40.0 / 700)
        #expect(results.optional(.oer, row: 5) == 6.0 / 200)
        #expect(results.status(.oer, row: 5).flags == .averageFallback)
        #expect(results.status(.oer, row: 1).flags.isEmpty)
        #expect(results.reason(.glpGrowth, row: 0) == "no_prior_year")
        #expect(results.reason(.glpGrowth, row: 3) == "no_prior_year")
        #expect(results.optional(.glpGrowth, row: 1) == 2)
        #expect(results.reason(.glpGrowth, row: 5) == "missing_input")
    }
}
