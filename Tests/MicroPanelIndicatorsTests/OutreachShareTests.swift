import Foundation
import MicroPanel
import MicroPanelTestSupport
import Testing

/// The outreach contract's §1 formulas on hand-made rows (the six MIX publishes are also checked
/// against MIX on the real panel).
@Suite("outreach by gender, location and methodology (outreach contract §1)")
struct OutreachShareTests {
    static let csv = """
        mfi_id,fiscal_year,borrowers,female_borrowers,rural_borrowers,new_borrowers,glp,glp_female,glp_rural,\
        glp_solidarity,glp_village,loan_officers,female_loan_officers,personnel,female_personnel,managers,\
        female_managers,board_members,female_board_members
        A,2010,800,,,,,,,,,,,,,,,,
        A,2011,1000,620,250,400,50000,30000,12000,9000,6000,20,8,50,30,8,3,9,0
        B,2011,0,0,,10,100,,,,100,,,,,,,,

        """

    @Test("each share is its part over its total; retention needs the prior year")
    func shares() throws {
        let (_, _, results) = try compute(Self.csv)
        let expected: [(Indicator, Double)] = [
            (.femaleBorrowerShare, 620.0 / 1000), (.ruralBorrowerShare, 250.0 / 1000),
            (.femalePortfolioShare, 30000.0 / 50000), (.ruralPortfolioShare, 12000.0 / 50000),
            (.borrowerRetention, 1000.0 / (800 + 400)), (.femaleLoanOfficerShare, 8.0 / 20),
            (.femaleStaffShare, 30.0 / 50), (.femaleManagerShare, 3.0 / 8), (.femaleBoardShare, 0),
            (.groupLendingShare, (9000.0 + 6000) / 50000),
        ]
        for (indicator, value) in expected {
            #expect(results.optional(indicator, row: 1) == value, "\(indicator.id)")
        }
        #expect(results.reason(.borrowerRetention, row: 0) == "no_prior_year")
        #expect(results.reason(.femaleBorrowerShare, row: 0) == "missing_input")
        // No borrowers: no share; a blank part of group lending is missing, not zero.
        #expect(results.reason(.femaleBorrowerShare, row: 2) == "zero_denominator")
        #expect(results.reason(.groupLendingShare, row: 2) == "missing_input")
        #expect(results.reason(.borrowerRetention, row: 2) == "no_prior_year")
    }

    @Test("a breakdown above its total is not believed; the total still is")
    func breakdownAboveTotal() throws {
        let broken = Self.csv.replacingOccurrences(of: "1000,620,", with: "1000,1620,")
        let (_, _, results) = try compute(broken)
        #expect(results.reason(.femaleBorrowerShare, row: 1) == "implausible_input")
        #expect(results.optional(.ruralBorrowerShare, row: 1) == 0.25)
        #expect(results.optional(.borrowers, row: 1) == 1000)
    }
}
