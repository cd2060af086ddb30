import MicroPanelColumns
import MicroPanelOutput
import MicroPanelSupport

/// Vintage curves (`--vintages FILE`): per institution, disbursement cohort (the month of
/// `disbursed_on`) and report date, the cohort's outstanding balance, the part more than 30 days
/// late, and its write-offs so far against what it disbursed. Every report date of the
/// institution counts, not only a period's last, for every cohort disbursed by then (a cohort
/// repaid or written off stays, its write-off rate final); sums are exact, so row order does not
/// matter.
final class VintageTally {
    /// An institution, a report date and a cohort (months since year 0).
    struct Cell: Hashable {
        let institution: UInt32
        let day: Int32
        let cohort: Int32
    }

    /// The balances of a cell.
    struct Stock {
        var loans = 0
        var outstanding = ExactSum()
        var over30 = ExactSum()
    }

    private(set) var cells: [Cell: Stock] = [:]
    /// Each institution's report dates (days).
    private(set) var reportDays: [UInt32: Set<Int32>] = [:]
    private var lastReport: (institution: UInt32, day: Int32)?
    /// Rows with a balance and no disbursement date: in no cohort.
    private(set) var rowsWithoutCohort = 0

    /// The cohort of a disbursement day: its month, counted from year 0.
    static func cohort(of day: CalendarDay) -> Int32 {
        let (year, month, _) = day.parts
        return Int32(year * 12 + month - 1)
    }

    /// A row's report date.
    func report(institution: UInt32, on reportDate: CalendarDay) {
        if let lastReport, lastReport == (institution, reportDate.number) { return }
        lastReport = (institution, reportDate.number)
        reportDays[institution, default: []].insert(reportDate.number)
    }

    /// A row's loan with a balance; false when a sum would overflow.
    func add(institution: UInt32, reportDate: CalendarDay, disbursedOn: CalendarDay?, balance: Double, daysLate: Int)
        -> Bool
    {
        guard let disbursedOn else {
            rowsWithoutCohort += 1
            return true
        }
        let cell = Cell(institution: institution, day: reportDate.number, cohort: Self.cohort(of: disbursedOn))
        var stock = cells[cell] ?? Stock()
        stock.loans += 1
        var fits = stock.outstanding.add(balance)
        if daysLate > 30 { fits = stock.over30.add(balance) && fits }
        cells[cell] = stock
        return fits
    }
}

/// The vintage table of a tally: one row per institution, cohort and report date of the
/// institution from the cohort's month on, sorted by institution id, cohort and date.
public struct VintageTable: Sendable {
    public static let columns = [
        "MFI ID", "cohort", "months_on_book", "As of Date", "loans_disbursed", "value_disbursed",
        "loans_outstanding", "outstanding", "par30_balance", "par30", "written_off_to_date", "write_off_rate",
    ]
    public let rows: [[TableCell]]
    /// Rows with a balance but no disbursement date, in no cohort.
    public let rowsWithoutCohort: Int

    /// The table of `tally`'s vintages; `institutions` spell the institution codes.
    public init(_ tally: TapeTally, institutions: [String]) throws(PortfolioError) {
        guard let vintages = tally.vintages else {
            rows = []
            rowsWithoutCohort = 0
            return
        }
        rowsWithoutCohort = vintages.rowsWithoutCohort
        struct Cohort: Hashable {
            let institution: UInt32
            let cohort: Int32
        }
        // What each cohort disbursed, and its write-offs by day (each loan's once).
        var disbursed: [Cohort: (loans: Int, value: ExactSum)] = [:]
        var cohortOfLoan: [UInt64: Int32] = [:]
        var overflow = false
        tally.disbursements.visitEntries { institution, loan, event in
            let key = Cohort(institution: institution, cohort: VintageTally.cohort(of: CalendarDay(number: event.day)))
            cohortOfLoan[KeyIndex.key(institution, loan)] = key.cohort
            var entry = disbursed[key] ?? (0, ExactSum())
            entry.loans += 1
            if !event.amount.isNaN { overflow = !entry.value.add(event.amount) || overflow }
            disbursed[key] = entry
        }
        var writeOffs: [Cohort: [(day: Int32, amount: Double)]] = [:]
        tally.writeOffs.visitEntries { institution, loan, event in
            guard let cohort = cohortOfLoan[KeyIndex.key(institution, loan)], !event.amount.isNaN else { return }
            writeOffs[Cohort(institution: institution, cohort: cohort), default: []].append((event.day, event.amount))
        }
        for key in writeOffs.keys { writeOffs[key]!.sort { $0.day < $1.day } }
        // Every report date of an institution, for every cohort it disbursed by then.
        var cells: [VintageTally.Cell] = []
        for key in disbursed.keys {
            for day in vintages.reportDays[key.institution] ?? []
            where VintageTally.cohort(of: CalendarDay(number: day)) >= key.cohort {
                cells.append(VintageTally.Cell(institution: key.institution, day: day, cohort: key.cohort))
            }
        }
        let ordered = cells.sorted { a, b in
            let (left, right) = (institutions[Int(a.institution)], institutions[Int(b.institution)])
            if left != right { return Array(left.utf8).lexicographicallyPrecedes(right.utf8) }
            return (a.cohort, a.day) < (b.cohort, b.day)
        }
        var rows: [[TableCell]] = []
        for cell in ordered {
            let stock = vintages.cells[cell] ?? VintageTally.Stock()
            let key = Cohort(institution: cell.institution, cohort: cell.cohort)
            let date = CalendarDay(number: cell.day)
            let (year, month, _) = date.parts
            var writtenOff = ExactSum()
            for entry in writeOffs[key] ?? [] where entry.day <= cell.day {
                overflow = !writtenOff.add(entry.amount) || overflow
            }
            let cohortYear = Int(cell.cohort) / 12
            let cohortMonth = Int(cell.cohort) % 12 + 1
            let outstanding = stock.outstanding.value
            let value = disbursed[key].map { $0.value.value }
            var row: [TableCell] = [
                .text(institutions[Int(cell.institution)]),
                .text("\(cohortYear)-\(cohortMonth < 10 ? "0" : "")\(cohortMonth)"),
                .integer(year * 12 + month - 1 - Int(cell.cohort)), .text(date.text),
            ]
            row += [
                disbursed[key].map { .integer($0.loans) } ?? .missing, value.map(TableCell.number) ?? .missing,
                .integer(stock.loans), .number(outstanding), .number(stock.over30.value),
                outstanding > 0 ? .number(stock.over30.value / outstanding) : .missing,
                .number(writtenOff.value),
                value.map { $0 > 0 ? .number(writtenOff.value / $0) : .missing } ?? .missing,
            ]
            rows.append(row)
        }
        guard !overflow else {
            throw PortfolioError(.tooLarge(field: "value_disbursed", value: PortfolioError.sumValue))
        }
        self.rows = rows
    }
}
