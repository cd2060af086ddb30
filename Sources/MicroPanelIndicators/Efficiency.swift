/// Efficiency and productivity (spec §3).
extension RowContext {
    @inline(__always)
    func computeEfficiency<Sink: IndicatorSink>(averageGLP: Term, operatingExpense: Term, into output: Sink) {
        output.set(.oer, numerator: operatingExpense, denominator: averageGLP)
        let averageBorrowers = average(.borrowers, explicit: .avgBorrowers)
        let costPerBorrower = operatingExpense.divided(by: averageBorrowers)
        output.set(.costPerBorrower, numerator: operatingExpense, denominator: averageBorrowers)
        output.set(.costPerBorrowerGNI, perGNI(costPerBorrower))
        output.set(.costPerLoan, numerator: operatingExpense, denominator: average(.loans, explicit: .avgLoans))
        let borrowers = input(.borrowers)
        output.set(.borrowersPerStaff, numerator: borrowers, denominator: input(.personnel))
        output.set(.borrowersPerLoanOfficer, numerator: borrowers, denominator: input(.loanOfficers))
    }
}
