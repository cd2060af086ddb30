/// Efficiency and productivity (spec §3).
extension RowContext {
    @inline(__always)
    func computeEfficiency(averageGLP: Term, operatingExpense: Term, into output: IndicatorOutput) {
        output.set(.oer, operatingExpense.divided(by: averageGLP))
        let costPerBorrower = operatingExpense.divided(by: average(inputs.borrowers, explicit: inputs.avgBorrowers))
        output.set(.costPerBorrower, costPerBorrower)
        output.set(.costPerBorrowerGNI, perGNI(costPerBorrower))
        output.set(.costPerLoan, operatingExpense.divided(by: average(inputs.loans, explicit: inputs.avgLoans)))
        let borrowers = input(inputs.borrowers)
        output.set(.borrowersPerStaff, borrowers.divided(by: input(inputs.personnel)))
        output.set(.borrowersPerLoanOfficer, borrowers.divided(by: input(inputs.loanOfficers)))
    }
}
