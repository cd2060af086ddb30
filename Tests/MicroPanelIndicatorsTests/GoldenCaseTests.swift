import MicroPanel
import MicroPanelTestSupport
import Testing

/// FIE, Bolivia: MicroRate / IDB Technical Guide, Annex 1 (spec §4), thousands of US$.
/// Net operating income 518 and tax 167 make the guide's adjusted net income of 351.
private let fie = """
    MFI ID,Fiscal Year,Assets,Liabilities,Equity,Gross Loan Portfolio,\
    Gross Loan Portfolio > Delinquency > One month or more,Impairment loss allowance,Interest receivable,\
    Deposits,Borrowings,Financial revenue from loans,Financial expense on funding liabilities,\
    Net impairment loss; gross loan portfolio,Operating expense,Write offs,Net operating income,Tax expense,\
    Number of active borrowers,Personnel,Loan officers
    FIE,2000,26487,22121,4366,22424,2007,1616,277,11464,9176,5773,1971,850,2754,,,,21634,,
    FIE,2001,29217,24802,4415,27443,2557,2374,336,11025,12357,6318,2009,1276,2815,358,518,167,20239,181,76

    """

@Suite("golden case: FIE, Bolivia (spec §4)")
struct GoldenCaseTests {
    @Test("all fourteen 2001 figures, to the guide's printed rounding and unrounded")
    func fie2001() throws {
        let (_, panel, results) = try compute(fie)
        #expect(panel.count == 2)
        let row = 1 // 2001
        let expectations: [(Indicator, printed: Double, scale: Double, decimals: Int, unrounded: Double)] = [
            (.oer, 11.3, 100, 1, 0.1129),
            (.costPerBorrower, 134, 1000, 0, 134.45), // amounts in thousands: 0.134 thousand US$
            (.borrowersPerStaff, 112, 1, 0, 111.8),
            (.borrowersPerLoanOfficer, 266, 1, 0, 266.3),
            (.par30, 9.3, 100, 1, 0.0932),
            (.provisionExpenseRatio, 5.1, 100, 1, 0.0512),
            (.riskCoverage, 92.8, 100, 1, 0.9284),
            (.writeOffRatio, 1.4, 100, 1, 0.0144),
            (.fundingExpenseRatio, 8.1, 100, 1, 0.0806),
            (.costOfFunds, 9.1, 100, 1, 0.0913),
            (.debtToEquity, 5.6, 1, 1, 5.62),
            (.roe, 8.0, 100, 1, 0.0799),
            (.roa, 1.3, 100, 1, 0.0126),
            (.yieldCash, 25.1, 100, 1, 0.2510),
        ]
        #expect(expectations.count == 14)
        for (indicator, printed, scale, decimals, unrounded) in expectations {
            let value = try #require(results.optional(indicator, row: row), "\(indicator.id) missing")
            #expect(rounded(value * scale, decimals) == printed, "\(indicator.id): \(value)")
            // The spec's unrounded figures carry 4 significant digits.
            let reference = indicator == .costPerBorrower ? unrounded / 1000 : unrounded
            #expect(
                abs(value - reference) <= 0.0005 * abs(reference) + 0.00005, "\(indicator.id): \(value) vs \(reference)"
            )
        }
    }

    @Test("2000 has no prior year: averaged indicators are missing with their reason")
    func fie2000() throws {
        let (_, _, results) = try compute(fie)
        #expect(results.reason(.oer, row: 0) == "no_prior_year")
        #expect(results.reason(.yieldCash, row: 0) == "no_prior_year")
        #expect(results.reason(.costOfFunds, row: 0) == "no_prior_year")
        #expect(results.reason(.roe, row: 0) == "missing_input") // no net operating income in 2000
        #expect(rounded(results.optional(.par30, row: 0), 4) == 0.0895)
        #expect(rounded(results.optional(.debtToEquity, row: 0), 2) == 5.07)
    }
}
