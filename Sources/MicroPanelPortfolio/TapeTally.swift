import MicroPanelColumns
import MicroPanelSupport

/// A tape's rows folded into institution × period figures as they are loaded (portfolio
/// contract §2), batch by batch: stock measures from each institution's last snapshot in a
/// period, flows from the events each loan carries, counted once however many snapshots repeat
/// them. What stays is one snapshot's loans and clients per institution and period, and one
/// entry per loan disbursed or written off and per client: never the rows.
public final class TapeTally {
    public let columns: TapeColumns
    let periods: ReportingPeriods
    let skipsBadRows: Bool

    /// The last snapshot of each institution and period seen so far.
    private(set) var snapshots: [SnapshotKey: Snapshot] = [:]
    /// The last row's institution and report date codes, and what they led to: their snapshot,
    /// or nil when a later snapshot of the period is kept (rows of one date come together).
    private var recent: (institution: UInt32, date: UInt32, snapshot: Snapshot?)?
    /// Whether an institution's snapshots are closed when its rows move to a later period.
    let closesPeriods: Bool
    /// Fiscal years' last months of institutions (by id) that end them otherwise than `periods`.
    let lastMonths: [String: Int]
    /// The lender's id when the tape has no institution column (`--institution`).
    let fixedInstitution: String
    /// Periods of institutions (by code) whose fiscal year ends otherwise; whether a code was looked up.
    private var periodsByInstitution: [UInt32: ReportingPeriods] = [:]
    private var resolvedInstitutions: Set<UInt32> = []
    private var lastResolved: UInt32?
    /// The vintage curves' balances, when asked for (`--vintages`).
    let vintages: VintageTally?
    /// The loans of each institution's last two report dates, for roll rates (`--roll-rates`).
    let rollRates: RollRateTally?
    /// Per institution, the keys of its snapshots not closed.
    private var openSnapshots: [UInt32: [SnapshotKey]] = [:]
    /// Per loan, its disbursement and its write-off (the first row that states them).
    let disbursements = EventLedger()
    let writeOffs = EventLedger()
    /// Per client, its first disbursement in the tape (the amount unused).
    let firstDisbursements = EventLedger()
    /// The `--by` columns' headers, and per breakdown group the codes of its values.
    public let breakdownHeaders: [String]
    /// The `--by` fields' keys, in order.
    public let breakdownKeys: [String]
    private(set) var groupValues: [[UInt32]] = []
    private var groupOfValues: [[UInt32]: UInt32] = [:]
    private var groupScratch: [UInt32]
    /// Institution-periods with a snapshot.
    public var snapshotCount: Int { snapshots.count }
    /// Rows read, and rows skipped (`--on-bad-row skip`) with the first skip's place.
    public private(set) var rows = 0
    public private(set) var skipped = 0
    public private(set) var firstSkip: PortfolioError?
    /// Parsed dates by column and text code.
    private var dates = [DayCache](repeating: DayCache(), count: DateField.allCases.count)
    /// `renegotiated` values by code: 1 yes, 0 no, 2 not a flag.
    private var flags = CodeClasses()
    /// Classes of the text values of gender, location and methodology, by code.
    private var genders = CodeClasses()
    private var locations = CodeClasses()
    private var methodologies = CodeClasses()

    /// A tally of the tape `columns` describes, by period and by the breakdowns `by` (field keys);
    /// without an institution column every row is the one lender's (code 0). With
    /// `closesPeriods`, memory stays that of one period per institution for a tape in date
    /// order; a row that comes back to a closed period is then an error
    /// (``PortfolioError/Kind/closedPeriod(date:)``) and the tape must be read again without.
    /// With `vintages`, every row's balance also goes to its cohort's vintage curve; with
    /// `rollRates`, every row's loan to the moves between its institution's report dates.
    /// `lastMonths` gives institutions (by id) a fiscal year ending with another month.
    public init(
        columns: TapeColumns, periods: ReportingPeriods, by: [String] = [], skipsBadRows: Bool,
        closesPeriods: Bool = false, vintages: Bool = false, rollRates: Bool = false, lastMonths: [String: Int] = [:],
        fixedInstitution: String = ""
    ) {
        self.closesPeriods = closesPeriods
        self.lastMonths = lastMonths
        self.fixedInstitution = fixedInstitution
        self.vintages = vintages ? VintageTally() : nil
        self.rollRates = rollRates ? RollRateTally(writeOffs: writeOffs) : nil
        self.columns = columns
        breakdownHeaders = by.map { columns[$0]! }
        breakdownKeys = by
        groupScratch = [UInt32](repeating: 0, count: by.count)
        self.periods = periods
        self.skipsBadRows = skipsBadRows
    }

    /// Folds in the rows `builder` holds (read from `input`), then removes them.
    package func consume(_ builder: TableBuilder, input: String) throws(PortfolioError) {
        let count = builder.appendedRowCount
        guard count > 0 else { return }
        defer { builder.removeAppendedRows() }
        let batch = Batch(columns: columns, builder: builder, breakdowns: breakdownHeaders)
        let lines = builder.lines.base
        for row in 0..<count {
            rows += 1
            do throws(PortfolioError) {
                try take(row, of: batch, line: lines[row])
            } catch var error {
                error.file = input
                error.line = lines[row]
                guard skipsBadRows && error.isSkippable else { throw error }
                skipped += 1
                if firstSkip == nil { firstSkip = error }
            }
        }
    }

    /// One row: checked, then its loan in its snapshot and its events.
    private func take(_ row: Int, of batch: Batch, line: Int) throws(PortfolioError) {
        var institution: UInt32 = 0 // the one lender of --institution
        if let codes = batch.institution {
            guard codes[row] != TextColumn.missing else { throw PortfolioError(.missingValue(field: "institution_id")) }
            institution = codes[row]
        }
        resolvePeriods(institution) {
            batch.institution == nil
                ? fixedInstitution : batch.builder.textValue(columns["institution_id"]!, code: institution) ?? ""
        }
        guard let reportDate = try day(.reportDate, row, batch) else {
            throw PortfolioError(.missingValue(field: "report_date"))
        }
        let loan = batch.loan[row]
        guard loan != TextColumn.missing else { throw PortfolioError(.missingValue(field: "loan_id")) }
        let client = batch.client[row]
        guard client != TextColumn.missing else { throw PortfolioError(.missingValue(field: "client_id")) }
        let balance = batch.balance[row]
        guard !balance.isNaN else { throw PortfolioError(.missingValue(field: "principal_outstanding")) }
        try amount(balance, "principal_outstanding")
        var daysLate = 0
        if let days = batch.daysLate?[row], !days.isNaN {
            try nonNegative(days, "days_late")
            daysLate = Int(min(days, Self.daysLateCap))
        } else if let since = try day(.overdueSince, row, batch) {
            daysLate = reportDate - since
            try nonNegative(Double(daysLate), "days_late (report_date − overdue_since)")
        }
        let renegotiated = try flag(row, batch)
        let disbursedOn = try day(.disbursedOn, row, batch)
        let writtenOffOn = try day(.writtenOffOn, row, batch)
        let disbursedAmount = batch.disbursedAmount?[row] ?? .nan
        let writtenOffAmount = batch.writtenOffAmount?[row] ?? .nan
        if !disbursedAmount.isNaN { try amount(disbursedAmount, "disbursed_amount") }
        if !writtenOffAmount.isNaN { try amount(writtenOffAmount, "written_off_amount") }

        let group = self.group(row, batch.breakdowns)
        // Stocks: the loan in its institution's snapshot of the period, if that is the last so far.
        if let snapshot = try snapshot(
            institution, reportDate, dateCode: batch.dates[DateField.reportDate.rawValue]!.codes[row])
        {
            let (index, inserted) = snapshot.loans!.insert(UInt64(loan))
            guard inserted else {
                throw PortfolioError(
                    .duplicateLoan(
                        loan: batch.builder.textValue(columns["loan_id"]!, code: loan) ?? "", date: reportDate.text,
                        firstLine: snapshot.loanLines![index]))
            }
            snapshot.loanLines!.append(line)
            if balance > 0 {
                let female =
                    genders.of(row, batch.gender, batch.builder) { ["f", "female", "woman"].contains($0) ? 1 : 0 } == 1
                let rural = locations.of(row, batch.location, batch.builder) { $0 == "rural" ? 1 : 0 } == 1
                let methodology = methodologies.of(row, batch.methodology, batch.builder) { text in
                    if text.hasPrefix("individual") { return Int8(Methodology.individual.rawValue) }
                    if text.hasPrefix("solidarity") || text == "group" { return Int8(Methodology.solidarity.rawValue) }
                    if text.hasPrefix("village") || text.contains("shg") { return Int8(Methodology.village.rawValue) }
                    return -1
                }
                guard
                    snapshot.measures(group).add(
                        balance: balance, client: client, daysLate: daysLate, renegotiated: renegotiated,
                        female: female, rural: rural, methodology: Methodology(rawValue: Int(methodology)))
                else { throw PortfolioError(.tooLarge(field: "Gross Loan Portfolio", value: PortfolioError.sumValue)) }
            }
        }
        try rollRates?.add(
            institution: institution, reportDate: reportDate, loan: loan, balance: balance, daysLate: daysLate,
            writtenOffOn: writtenOffOn)
        vintages?.report(institution: institution, on: reportDate)
        if let vintages, balance > 0,
            !vintages.add(
                institution: institution, reportDate: reportDate, disbursedOn: disbursedOn, balance: balance,
                daysLate: daysLate)
        {
            throw PortfolioError(.tooLarge(field: "outstanding", value: PortfolioError.sumValue))
        }
        // Flows: the loan's events, the first row stating each.
        if let disbursedOn {
            let event = Event(day: disbursedOn.number, amount: disbursedAmount, group: group)
            if disbursements.keepFirst(institution, loan, event) {
                firstDisbursements.keepEarliest(institution, client, event)
            }
        }
        if let writtenOffOn {
            writeOffs.keepFirst(
                institution, loan, Event(day: writtenOffOn.number, amount: writtenOffAmount, group: group))
        }
    }

    /// The periods of institution `code`: its own fiscal year's, or the tally's.
    public func periods(of institution: UInt32) -> ReportingPeriods { periodsByInstitution[institution] ?? periods }

    /// Gives institution `code` (named `id`) the fiscal year `lastMonths` names for it, once.
    private func resolvePeriods(_ institution: UInt32, id: () -> String) {
        guard !lastMonths.isEmpty, lastResolved != institution else { return }
        lastResolved = institution
        guard resolvedInstitutions.insert(institution).inserted else { return }
        if let month = lastMonths[id()], month != periods.lastMonth {
            periodsByInstitution[institution] = ReportingPeriods(length: periods.length, lastMonth: month)
        }
    }

    /// Sets institution `code`'s fiscal year's last month (a merge's, from a partial); false when
    /// it already has another.
    func assignLastMonth(_ month: Int, to institution: UInt32) -> Bool {
        if resolvedInstitutions.insert(institution).inserted {
            if month != periods.lastMonth {
                periodsByInstitution[institution] = ReportingPeriods(length: periods.length, lastMonth: month)
            }
            return true
        }
        return periods(of: institution).lastMonth == month
    }

    /// The snapshot a row of `institution` dated `reportDate` (text code `dateCode`) belongs to:
    /// the period's kept one when it has that date, a new one when the date is later; nil when
    /// the period has a later snapshot (the row then only gives events). A new snapshot closes
    /// the institution's snapshots of earlier periods when the tally closes periods.
    private func snapshot(_ institution: UInt32, _ reportDate: CalendarDay, dateCode: UInt32) throws(PortfolioError)
        -> Snapshot?
    {
        if let recent, recent.institution == institution, recent.date == dateCode { return recent.snapshot }
        let key = SnapshotKey(institution: institution, period: periods(of: institution).period(of: reportDate))
        var found: Snapshot?
        if let current = snapshots[key], current.date >= reportDate {
            if current.date == reportDate {
                guard !current.isClosed else { throw PortfolioError(.closedPeriod(date: reportDate.text)) }
                found = current
            }
        } else {
            found = Snapshot(date: reportDate)
            snapshots[key] = found
            if closesPeriods {
                var open = openSnapshots[institution, default: []].filter { $0 != key }
                for earlier in open where earlier.period < key.period { snapshots[earlier]!.close() }
                open.removeAll { $0.period < key.period }
                openSnapshots[institution] = open + [key]
            }
        }
        recent = (institution, dateCode, found)
        return found
    }

    /// The breakdown group of `row`: its `--by` values' codes, numbered in order of appearance.
    private func group(_ row: Int, _ breakdowns: [UnsafePointer<UInt32>]) -> UInt32 {
        guard !breakdowns.isEmpty else { return 0 }
        for (index, codes) in breakdowns.enumerated() { groupScratch[index] = codes[row] }
        return groupNumber(groupScratch)
    }

    /// The number of the group of breakdown value codes `values`, numbered when new.
    func groupNumber(_ values: [UInt32]) -> UInt32 {
        if let found = groupOfValues[values] { return found }
        let group = UInt32(groupValues.count)
        groupValues.append(values)
        groupOfValues[values] = group
        return group
    }

    /// Folds in a snapshot of another tally (a partial's; codes already this tally's), as a row
    /// would be: kept when later than the period's, joined when of the same date (a loan in both
    /// is an error), dropped when earlier. `loanText` names a loan in the error.
    func absorb(
        _ key: SnapshotKey, date: CalendarDay, loans: [UInt32], groups: [(UInt32, StockMeasures)],
        loanText: (UInt32) -> String
    ) throws(PortfolioError) {
        let snapshot: Snapshot
        if let current = snapshots[key], current.date >= date {
            guard current.date == date else { return }
            snapshot = current
        } else {
            snapshot = Snapshot(date: date)
            snapshots[key] = snapshot
        }
        for loan in loans {
            guard snapshot.loans!.insert(UInt64(loan)).inserted else {
                throw PortfolioError(.loanInTwoPartials(loan: loanText(loan), date: date.text))
            }
            snapshot.loanLines!.append(0)
        }
        for (group, measures) in groups where !snapshot.measures(group).join(measures) {
            throw PortfolioError(.tooLarge(field: "Gross Loan Portfolio", value: PortfolioError.sumValue))
        }
    }

    /// Counts another tally's rows and skips.
    func absorbCounts(rows: Int, skipped: Int) {
        self.rows += rows
        self.skipped += skipped
    }

    /// Days late beyond this (about 27,000 years) count as this: every bucket ends far below.
    private static let daysLateCap = 10_000_000.0

    private func nonNegative(_ value: Double, _ field: String) throws(PortfolioError) {
        guard value >= 0 && value.isFinite else {
            throw PortfolioError(
                .negative(field: field, value: value.isFinite ? NumberText.plain(value) : "not finite"))
        }
    }

    /// Checks an amount: not negative, and small enough to be summed exactly.
    private func amount(_ value: Double, _ field: String) throws(PortfolioError) {
        try nonNegative(value, field)
        guard value < ExactSum.limit else {
            throw PortfolioError(.tooLarge(field: field, value: NumberText.plain(value)))
        }
    }

    /// The day in date column `field` of `row`; nil when the tape has no such column or the cell is empty.
    private func day(_ field: DateField, _ row: Int, _ batch: Batch) throws(PortfolioError) -> CalendarDay? {
        guard let column = batch.dates[field.rawValue] else { return nil }
        let code = column.codes[row]
        guard code != TextColumn.missing else { return nil }
        if let known = dates[field.rawValue].day(code) { return known }
        let text = batch.builder.textValue(column.header, code: code) ?? ""
        guard let parsed = CalendarDay(parsing: text) else {
            throw PortfolioError(.badDate(field: field.key, text: text))
        }
        dates[field.rawValue].store(parsed, code: code)
        return parsed
    }

    private func flag(_ row: Int, _ batch: Batch) throws(PortfolioError) -> Bool {
        let value = flags.of(row, batch.renegotiated, batch.builder) { text in
            switch text {
            case "1", "true", "y", "yes": return 1
            case "0", "false", "n", "no": return 0
            default: return 2
            }
        }
        guard value == 2, let column = batch.renegotiated else { return value == 1 }
        throw PortfolioError(.badFlag(text: batch.builder.textValue(column.header, code: column.codes[row]) ?? ""))
    }
}

/// The tape's date fields.
enum DateField: Int, CaseIterable {
    case reportDate, overdueSince, disbursedOn, writtenOffOn

    var key: String {
        switch self {
        case .reportDate: return "report_date"
        case .overdueSince: return "overdue_since"
        case .disbursedOn: return "disbursed_on"
        case .writtenOffOn: return "written_off_on"
        }
    }
}

/// An institution (its code in the tape's `institution_id` dictionary) and a period.
struct SnapshotKey: Hashable {
    let institution: UInt32
    let period: ReportingPeriods.Period
}

/// A disbursement or write-off: its day, its amount (NaN when the tape has none), and the
/// breakdown group of the row that stated it.
struct Event: BitwiseCopyable {
    let day: Int32
    let amount: Double
    let group: UInt32
}

/// Parsed days of a date column, by text code.
struct DayCache {
    private var days: [Int32] = []
    private static let unknown = Int32.min

    func day(_ code: UInt32) -> CalendarDay? {
        Int(code) < days.count && days[Int(code)] != Self.unknown ? CalendarDay(number: days[Int(code)]) : nil
    }

    mutating func store(_ day: CalendarDay, code: UInt32) {
        if Int(code) >= days.count { days += [Int32](repeating: Self.unknown, count: Int(code) + 1 - days.count) }
        days[Int(code)] = day.number
    }
}

/// The columns of one batch, and the classification of its text values.
private struct Batch {
    let builder: TableBuilder
    let institution: UnsafePointer<UInt32>?
    let loan: UnsafePointer<UInt32>
    let client: UnsafePointer<UInt32>
    let balance: UnsafePointer<Double>
    let daysLate: UnsafePointer<Double>?
    let disbursedAmount: UnsafePointer<Double>?
    let writtenOffAmount: UnsafePointer<Double>?
    let gender: (codes: UnsafePointer<UInt32>, header: String)?
    let location: (codes: UnsafePointer<UInt32>, header: String)?
    let methodology: (codes: UnsafePointer<UInt32>, header: String)?
    /// The `--by` columns' codes.
    let breakdowns: [UnsafePointer<UInt32>]
    /// The date columns' codes, by ``DateField``, and `renegotiated`'s.
    let dates: [(codes: UnsafePointer<UInt32>, header: String)?]
    let renegotiated: (codes: UnsafePointer<UInt32>, header: String)?

    init(columns: TapeColumns, builder: TableBuilder, breakdowns: [String]) {
        self.builder = builder
        self.breakdowns = breakdowns.map { builder.textCodes($0)! }
        institution = columns["institution_id"].flatMap { builder.textCodes($0) }
        loan = builder.textCodes(columns["loan_id"]!)!
        client = builder.textCodes(columns["client_id"]!)!
        balance = builder.numberValues(columns["principal_outstanding"]!)!
        daysLate = columns["days_late"].flatMap { builder.numberValues($0) }
        disbursedAmount = columns["disbursed_amount"].flatMap { builder.numberValues($0) }
        writtenOffAmount = columns["written_off_amount"].flatMap { builder.numberValues($0) }
        func text(_ key: String) -> (UnsafePointer<UInt32>, String)? {
            columns[key].flatMap { header in builder.textCodes(header).map { ($0, header) } }
        }
        gender = text("client_gender")
        location = text("client_location")
        methodology = text("methodology")
        dates = DateField.allCases.map { text($0.key) }
        renegotiated = text("renegotiated")
    }
}

/// A class per text code (computed from the lower-cased text the first time a code is seen).
struct CodeClasses {
    private var classes: [Int8] = []
    private static let unknown = Int8.min

    /// The class of `row`'s value in `column` (-1 when the cell is empty or there is no column).
    mutating func of(
        _ row: Int, _ column: (codes: UnsafePointer<UInt32>, header: String)?, _ builder: TableBuilder,
        _ classify: (String) -> Int8
    ) -> Int8 {
        guard let column, column.codes[row] != TextColumn.missing else { return -1 }
        let code = Int(column.codes[row])
        if code < classes.count && classes[code] != Self.unknown { return classes[code] }
        if code >= classes.count { classes += [Int8](repeating: Self.unknown, count: code + 1 - classes.count) }
        classes[code] = classify((builder.textValue(column.header, code: UInt32(code)) ?? "").lowercased())
        return classes[code]
    }
}

/// MIX's lending methodologies.
enum Methodology: Int, CaseIterable {
    case individual, solidarity, village
}
