/// One institution's loans on its last report date of a period: per breakdown group (`--by`;
/// one group without), the contract's stock measures.
final class Snapshot {
    /// The report date.
    let date: CalendarDay
    /// Each loan on it, with the line it is on (to name a duplicate).
    var loanLines: [UInt32: Int] = [:]
    /// The measures of each breakdown group with a loan on it.
    var groups: [UInt32: StockMeasures] = [:]

    init(date: CalendarDay) { self.date = date }

    /// The measures of `group`, started when it has none yet.
    func measures(_ group: UInt32) -> StockMeasures {
        if let found = groups[group] { return found }
        let measures = StockMeasures()
        groups[group] = measures
        return measures
    }
}

/// Loans of one snapshot (and group) summed as the contract's stock measures: the portfolio,
/// loans and distinct borrowers (also of women and rural clients), the delinquency buckets by
/// days late, renegotiated loans not already over 30 days late.
final class StockMeasures {
    /// Distinct borrowers (client codes) with a balance, and those who are women or rural.
    var clients: Set<UInt32> = []
    var femaleClients: Set<UInt32> = []
    var ruralClients: Set<UInt32> = []

    var portfolio = 0.0
    var loans = 0
    var femalePortfolio = 0.0
    var ruralPortfolio = 0.0
    var methodologyPortfolio = [Double](repeating: 0, count: Methodology.allCases.count)
    /// Balances of loans more than 30, 31–90, more than 90, 91–180, more than 180, more than 365 days late.
    var over30 = 0.0
    var from31To90 = 0.0
    var over90 = 0.0
    var from91To180 = 0.0
    var over180 = 0.0
    var over365 = 0.0
    /// Loans more than 30 days late (a count: loans at risk).
    var loansOver30 = 0
    /// Balance of renegotiated loans at most 30 days late.
    var renegotiated = 0.0

    /// A loan with a balance.
    func add(
        balance: Double, client: UInt32, daysLate: Int, renegotiated isRenegotiated: Bool, female: Bool, rural: Bool,
        methodology: Methodology?
    ) {
        portfolio += balance
        loans += 1
        clients.insert(client)
        if female {
            femaleClients.insert(client)
            femalePortfolio += balance
        }
        if rural {
            ruralClients.insert(client)
            ruralPortfolio += balance
        }
        if let methodology { methodologyPortfolio[methodology.rawValue] += balance }
        if daysLate > 30 {
            over30 += balance
            loansOver30 += 1
            if daysLate <= 90 { from31To90 += balance } else { over90 += balance }
            if daysLate > 90 && daysLate <= 180 { from91To180 += balance }
            if daysLate > 180 { over180 += balance }
            if daysLate > 365 { over365 += balance }
        } else if isRenegotiated {
            renegotiated += balance
        }
    }
}
