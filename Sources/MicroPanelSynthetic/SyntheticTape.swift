/// A deterministic generator of loan snapshot tapes (portfolio contract §1): month-end snapshots
/// of the loan books of ten made-up lenders, in date order, for tests and benchmarks of
/// `micropanel portfolio`.
///
/// Everything is SYNTHETIC. Each lender keeps about `loansPerLender` loans outstanding: every
/// month a loan repays an equal share of its principal over a term of 6 to 24 months, about 3%
/// of loans fall behind (days late grow by the month until the loan pays up or, past 180 days,
/// is written off — the write-off then repeated on three more snapshots with a zero balance),
/// 2% of the late ones are renegotiated, and new loans replace those that end, a third to
/// returning clients. The same size and seed always give the same bytes.
public struct SyntheticTape: Sendable {
    /// Rows to write (whole snapshots: the last one may be cut).
    public var rows: Int
    /// Lenders, and loans each keeps outstanding.
    public var lenders: Int
    public var loansPerLender: Int
    /// The random seed.
    public var seed: UInt64

    /// A tape of about `rows` rows, its book sized so that it spans about two years of months.
    public init(rows: Int, seed: UInt64 = 1) {
        self.rows = rows
        lenders = 10
        loansPerLender = max(10, min(40_000, rows / (10 * 24)))
        self.seed = seed
    }

    /// The tape's header.
    public static let header =
        "institution_id,report_date,loan_id,client_id,principal_outstanding,days_late,renegotiated,disbursed_on,"
        + "disbursed_amount,written_off_on,written_off_amount,branch,product,client_gender,client_location"

    private struct Loan {
        var id: Int
        var client: Int
        var disbursed: (year: Int, month: Int)
        var amount: Double
        var balance: Double
        var term: Int
        var daysLate: Int
        var renegotiated: Bool
        var writtenOff: (year: Int, month: Int)?
        var writtenOffAmount: Double
        var snapshotsAfterWriteOff: Int
        var branch: Int
        var product: Int
        var female: Bool
        var rural: Bool
    }

    /// Writes the tape as CSV to `sink`, a megabyte at a time.
    public func write(to sink: (UnsafeRawBufferPointer) throws -> Void) rethrows {
        var out = TextBuffer(capacity: 1 << 20)
        out.append(Self.header)
        out.newline()
        var random = SplitMix64(seed: seed)
        var nextLoan = Array(repeating: 0, count: lenders)
        var nextClient = Array(repeating: 0, count: lenders)
        var books: [[Loan]] = Array(repeating: [], count: lenders)
        let products = ["group", "individual", "village"]
        var written = 0
        var year = 2015
        var month = 1
        func newLoan(_ lender: Int, _ year: Int, _ month: Int, _ random: inout SplitMix64, returning: Loan?) -> Loan {
            nextLoan[lender] += 1
            var client = returning?.client ?? 0
            if returning == nil {
                nextClient[lender] += 1
                client = nextClient[lender]
            }
            let amount = (random.logNormal(mu: 6.5, sigma: 0.8) / 10).rounded() * 10
            return Loan(
                id: nextLoan[lender], client: client, disbursed: (year, month), amount: amount, balance: amount,
                term: 6 + random.below(19), daysLate: 0, renegotiated: false, writtenOff: nil, writtenOffAmount: 0,
                snapshotsAfterWriteOff: 0, branch: returning?.branch ?? 1 + random.below(12),
                product: returning?.product ?? random.below(products.count),
                female: returning?.female ?? (random.unit() < 0.65),
                rural: returning?.rural ?? (random.unit() < 0.5))
        }
        // The books at the start: loans at every stage of their terms.
        for lender in 0..<lenders {
            for _ in 0..<loansPerLender {
                var loan = newLoan(lender, 2014, 1 + random.below(12), &random, returning: nil)
                loan.balance = (loan.amount * (0.2 + 0.8 * random.unit()) * 100).rounded() / 100
                books[lender].append(loan)
            }
        }
        let date: (Int, Int) -> String = { year, month in
            "\(year)-\(month < 10 ? "0" : "")\(month)-\(CalendarDays.last(month: month, year: year))"
        }
        while written < rows {
            let reportDate = Array(date(year, month).utf8)
            for lender in 0..<lenders where written < rows {
                var book: [Loan] = []
                book.reserveCapacity(books[lender].count + 16)
                for var loan in books[lender] {
                    // A month passes: a payment, or lateness.
                    if loan.writtenOff != nil {
                        loan.snapshotsAfterWriteOff += 1
                        if loan.snapshotsAfterWriteOff > 3 { continue }
                    } else if loan.daysLate > 0 {
                        if random.unit() < 0.35 {
                            loan.daysLate = 0
                            if random.unit() < 0.02 { loan.renegotiated = true }
                        } else {
                            loan.daysLate += CalendarDays.last(month: month, year: year)
                            if loan.daysLate > 180 {
                                loan.writtenOff = (year, month)
                                loan.writtenOffAmount = loan.balance
                                loan.balance = 0
                            }
                        }
                    } else if random.unit() < 0.03 {
                        loan.daysLate = 1 + random.below(30)
                    } else {
                        loan.balance = max(0, ((loan.balance - loan.amount / Double(loan.term)) * 100).rounded() / 100)
                    }
                    if loan.balance == 0 && loan.writtenOff == nil {
                        // Repaid: a new loan, a third to the same client.
                        book.append(
                            newLoan(lender, year, month, &random, returning: random.unit() < 0.33 ? loan : nil))
                        continue
                    }
                    book.append(loan)
                }
                while book.count < loansPerLender { book.append(newLoan(lender, year, month, &random, returning: nil)) }
                books[lender] = book
                let institution = Array("LENDER-\(lender < 9 ? "0" : "")\(lender + 1)".utf8)
                for loan in book where written < rows {
                    out.bytes(institution)
                    out.comma()
                    out.bytes(reportDate)
                    out.append(",L\(loan.id),C\(loan.client),")
                    out.fixed(loan.balance, decimals: 2)
                    out.append(",\(loan.daysLate),\(loan.renegotiated ? 1 : 0),")
                    out.append(date(loan.disbursed.year, loan.disbursed.month))
                    out.comma()
                    out.fixed(loan.amount, decimals: 0)
                    out.comma()
                    if let writtenOff = loan.writtenOff {
                        out.append(date(writtenOff.year, writtenOff.month))
                        out.comma()
                        out.fixed(loan.writtenOffAmount, decimals: 2)
                    } else {
                        out.comma()
                    }
                    out.append(",B\(loan.branch),\(products[loan.product]),\(loan.female ? "F" : "M"),")
                    out.append(loan.rural ? "rural" : "urban")
                    out.newline()
                    written += 1
                    if out.count >= (1 << 20) - 4096 {
                        try out.withBytes(sink)
                        out.clear()
                    }
                }
            }
            month += 1
            if month > 12 {
                month = 1
                year += 1
            }
        }
        try out.withBytes(sink)
    }
}

/// Days of months, for the generator's month-end dates.
enum CalendarDays {
    static func last(month: Int, year: Int) -> Int {
        switch month {
        case 2: return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}
