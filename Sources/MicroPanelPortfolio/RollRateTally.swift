import MicroPanelColumns
import MicroPanelOutput
import MicroPanelSupport

/// Roll rates (`--roll-rates FILE`): between consecutive report dates of an institution, where
/// the balance of each delinquency bucket went — to each bucket, written off, or repaid (the loan
/// gone from the next snapshot, or there with no balance and no write-off). Each institution's
/// rows must come in date order; what stays is its loans on two dates.
final class RollRateTally {
    /// Where a loan's balance is on a report date.
    enum State: Int, CaseIterable, Comparable {
        case current, late1To30, late31To60, late61To90, late91To180, lateOver180, writtenOff, repaid

        init(daysLate: Int) {
            switch daysLate {
            case ...0: self = .current
            case 1...30: self = .late1To30
            case 31...60: self = .late31To60
            case 61...90: self = .late61To90
            case 91...180: self = .late91To180
            default: self = .lateOver180
            }
        }

        var label: String {
            ["current", "1-30", "31-60", "61-90", "91-180", "over 180", "written off", "repaid"][rawValue]
        }

        static func < (lhs: State, rhs: State) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    /// A loan on a report date: its bucket and balance, and whether its row states a write-off by then.
    struct Loan {
        let state: State
        let balance: Double
        let writtenOff: Bool
    }

    /// An institution's loans on its latest report date and on the one before.
    private struct Dates {
        var day: Int32
        var loans: [UInt32: Loan] = [:]
        var previous: (day: Int32, loans: [UInt32: Loan])?
    }

    /// A move: institution, the two dates, the bucket it left and where it went.
    struct Move: Hashable {
        let institution: UInt32
        let from: Int32
        let to: Int32
        let bucket: State
        let destination: State
    }

    private var dates: [UInt32: Dates] = [:]
    private(set) var moves: [Move: (loans: Int, balance: ExactSum)] = [:]
    /// A loan's write-off event (the tally's ledger), for loans gone from the later snapshot.
    private let writeOffs: EventLedger

    init(writeOffs: EventLedger) { self.writeOffs = writeOffs }

    /// A row's loan on its report date; an error when the institution's rows went back in date.
    func add(
        institution: UInt32, reportDate: CalendarDay, loan: UInt32, balance: Double, daysLate: Int,
        writtenOffOn: CalendarDay?
    ) throws(PortfolioError) {
        let day = reportDate.number
        let latest = dates[institution]?.day ?? day
        if day > latest {
            // The latest date is complete: settle the one before against it, then start this one
            // (taken out of the dictionary so that no copy of its loans is made).
            var entry = dates.removeValue(forKey: institution)!
            if let previous = entry.previous { try settle(institution, previous, (entry.day, entry.loans)) }
            entry.previous = (entry.day, entry.loans)
            entry.day = day
            entry.loans = [:]
            dates[institution] = entry
        } else if day < latest {
            throw PortfolioError(.rollRatesOutOfOrder(date: reportDate.text, later: CalendarDay(number: latest).text))
        }
        let writtenOff = writtenOffOn.map { $0.number <= day } ?? false
        dates[institution, default: Dates(day: day)].loans[loan] = Loan(
            state: State(daysLate: daysLate), balance: balance, writtenOff: writtenOff)
    }

    /// The moves of the last two dates of every institution (when the tape has been read).
    func finish() throws(PortfolioError) {
        for (institution, entry) in dates {
            if let previous = entry.previous { try settle(institution, previous, (entry.day, entry.loans)) }
        }
        dates = [:]
    }

    /// Counts where each loan with a balance on `from` is on `to`.
    private func settle(
        _ institution: UInt32, _ from: (day: Int32, loans: [UInt32: Loan]), _ to: (day: Int32, loans: [UInt32: Loan])
    ) throws(PortfolioError) {
        for (code, loan) in from.loans where loan.balance > 0 {
            let destination: State
            if let later = to.loans[code], later.balance > 0 {
                destination = later.state
            } else if to.loans[code]?.writtenOff == true
                || (writeOffs.find(institution, code).map { $0.day <= to.day } ?? false)
            {
                destination = .writtenOff
            } else {
                destination = .repaid
            }
            let move = Move(
                institution: institution, from: from.day, to: to.day, bucket: loan.state, destination: destination)
            var counted = moves[move] ?? (0, ExactSum())
            counted.loans += 1
            guard counted.balance.add(loan.balance) else {
                throw PortfolioError(.tooLarge(field: "roll rate balance", value: PortfolioError.sumValue))
            }
            moves[move] = counted
        }
    }
}

/// The roll-rate table of a tally: per institution, consecutive report dates and bucket, where
/// the bucket's balance went (moves with no loan are not written), sorted by institution id,
/// dates, bucket and destination.
public struct RollRateTable: Sendable {
    public static let columns = ["MFI ID", "From Date", "To Date", "from", "to", "loans", "balance", "share"]
    public let rows: [[TableCell]]

    /// The table of `tally`'s roll rates; `institutions` spell the institution codes.
    public init(_ tally: TapeTally, institutions: [String]) throws(PortfolioError) {
        guard let rollRates = tally.rollRates else {
            rows = []
            return
        }
        try rollRates.finish()
        struct Bucket: Hashable {
            let institution: UInt32
            let from: Int32
            let state: RollRateTally.State
        }
        var totals: [Bucket: ExactSum] = [:]
        for (move, counted) in rollRates.moves {
            let bucket = Bucket(institution: move.institution, from: move.from, state: move.bucket)
            var total = totals[bucket] ?? ExactSum()
            guard total.add(counted.balance) else {
                throw PortfolioError(.tooLarge(field: "roll rate balance", value: PortfolioError.sumValue))
            }
            totals[bucket] = total
        }
        let ordered = rollRates.moves.keys.sorted { a, b in
            let (left, right) = (institutions[Int(a.institution)], institutions[Int(b.institution)])
            if left != right { return Array(left.utf8).lexicographicallyPrecedes(right.utf8) }
            return (a.from, a.to, a.bucket, a.destination) < (b.from, b.to, b.bucket, b.destination)
        }
        rows = ordered.map { move in
            let counted = rollRates.moves[move]!
            let total = totals[Bucket(institution: move.institution, from: move.from, state: move.bucket)]!.value
            return [
                .text(institutions[Int(move.institution)]), .text(CalendarDay(number: move.from).text),
                .text(CalendarDay(number: move.to).text), .text(move.bucket.label), .text(move.destination.label),
                .integer(counted.loans), .number(counted.balance.value), .number(counted.balance.value / total),
            ]
        }
    }
}
