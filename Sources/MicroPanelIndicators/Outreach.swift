/// Breadth and depth of outreach (spec §3).
extension RowContext {
    @inline(__always)
    func computeOutreach<Sink: IndicatorSink>(into output: Sink) {
        let borrowers = input(.borrowers)
        let glp = input(.glp)
        output.set(.borrowers, borrowers)
        output.set(.depositors, input(.depositors))
        output.set(.borrowerGrowth, borrowers.divided(by: priorValue(.borrowers)).minusOne())
        output.set(.glpGrowth, glp.divided(by: priorValue(.glp)).minusOne())

        let averageLoan = glp.divided(by: borrowers)
        output.set(.avgLoanBalance, numerator: glp, denominator: borrowers)
        let depth = perGNI(averageLoan)
        output.set(.avgLoanBalanceGNI, depth)
        output.set(.depthTier, depth.isMissing ? depth : Term(Self.depthTier(depth.value), depth.flags))
        let averageDeposit = input(.deposits).divided(by: input(.depositors))
        output.set(.avgDepositBalanceGNI, perGNI(averageDeposit))
    }

    /// Outreach by gender, location and methodology, staff and board, and retention (outreach
    /// contract §1): shares of a total, each part of that total.
    @inline(__always)
    func computeClientOutreach<Sink: IndicatorSink>(into output: Sink) {
        let borrowers = input(.borrowers)
        let glp = input(.glp)
        output.set(.femaleBorrowerShare, numerator: input(.femaleBorrowers), denominator: borrowers)
        output.set(.ruralBorrowerShare, numerator: input(.ruralBorrowers), denominator: borrowers)
        output.set(.femalePortfolioShare, numerator: input(.glpFemale), denominator: glp)
        output.set(.ruralPortfolioShare, numerator: input(.glpRural), denominator: glp)
        output.set(.borrowerRetention, numerator: borrowers, denominator: priorValue(.borrowers) + input(.newBorrowers))
        output.set(.femaleLoanOfficerShare, numerator: input(.femaleLoanOfficers), denominator: input(.loanOfficers))
        output.set(.femaleStaffShare, numerator: input(.femalePersonnel), denominator: input(.personnel))
        output.set(.femaleManagerShare, numerator: input(.femaleManagers), denominator: input(.managers))
        output.set(.femaleBoardShare, numerator: input(.femaleBoardMembers), denominator: input(.boardMembers))
        output.set(.groupLendingShare, numerator: input(.glpSolidarity) + input(.glpVillage), denominator: glp)
    }

    /// MIX's target market by average loan balance / GNI per capita
    /// (``IndicatorRegistry/depthTierBounds``).
    @inline(__always)
    static func depthTier(_ ratio: Double) -> Double {
        let bounds = IndicatorRegistry.depthTierBounds
        if ratio < bounds.lowEnd { return 0 }
        if ratio < bounds.broad { return 1 }
        if ratio <= bounds.highEnd { return 2 }
        return 3
    }
}
