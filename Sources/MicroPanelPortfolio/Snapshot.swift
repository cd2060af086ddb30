import MicroPanelSupport

/// One institution's loans on its last report date of a period: per breakdown group (`--by`;
/// one group without), the contract's stock measures. Once its institution's rows have moved
/// to a later period it is closed: its loans and clients are dropped, their numbers kept.
final class Snapshot {
    /// The report date.
    let date: CalendarDay
    /// Each loan on it (its code), and at the same index the line it is on (to name a
    /// duplicate); nil once closed.
    private(set) var loans: KeyIndex? = KeyIndex()
    private(set) var loanLines: GrowableBuffer<Int>? = GrowableBuffer<Int>(capacity: 16)
    /// The measures of each breakdown group, by group number; nil for a group with no loan on it.
    private(set) var groups: [StockMeasures?] = []

    init(date: CalendarDay) { self.date = date }

    /// The measures of `group`, started when it has none yet.
    func measures(_ group: UInt32) -> StockMeasures {
        let index = Int(group)
        if index < groups.count, let found = groups[index] { return found }
        if index >= groups.count { groups += [StockMeasures?](repeating: nil, count: index + 1 - groups.count) }
        let measures = StockMeasures()
        groups[index] = measures
        return measures
    }

    /// The measures of `group` when it has a loan on this date.
    func existingMeasures(_ group: UInt32) -> StockMeasures? {
        Int(group) < groups.count ? groups[Int(group)] : nil
    }

    /// Whether its loans and clients were dropped.
    var isClosed: Bool { loans == nil }

    /// Drops the loans and clients, keeping every measure.
    func close() {
        loans = nil
        loanLines = nil
        for measures in groups { measures?.close() }
    }

    /// The groups with a loan on this date, by number.
    var groupNumbers: [UInt32] { groups.indices.filter { groups[$0] != nil }.map(UInt32.init) }
}

/// Loans of one snapshot (and group) summed as the contract's stock measures: the portfolio,
/// loans and distinct borrowers (also of women and rural clients), the delinquency buckets by
/// days late, renegotiated loans not already over 30 days late. Amounts are exact sums
/// (``ExactSum``): the same whatever order the loans come in.
final class StockMeasures {
    /// The summed amounts.
    enum Amount: Int, CaseIterable {
        case portfolio, female, rural, individual, solidarity, village
        /// Balances of loans more than 30, 31–90, more than 90, 91–180, more than 180, more than 365 days late.
        case over30, from31To90, over90, from91To180, over180, over365
        /// Balance of renegotiated loans at most 30 days late.
        case renegotiated

        /// The amount of a lending methodology's loans.
        static func of(_ methodology: Methodology) -> Amount {
            switch methodology {
            case .individual: return .individual
            case .solidarity: return .solidarity
            case .village: return .village
            }
        }
    }

    /// Distinct borrowers (client codes) with a balance, and those who are women or rural.
    var clients = DistinctCodes()
    var femaleClients = DistinctCodes()
    var ruralClients = DistinctCodes()
    /// The sums, by ``Amount``.
    var amounts = [ExactSum](repeating: ExactSum(), count: Amount.allCases.count)
    var loans = 0
    /// Loans more than 30 days late (a count: loans at risk).
    var loansOver30 = 0

    /// The sum of `amount`, rounded to a double.
    subscript(amount: Amount) -> Double { amounts[amount.rawValue].value }

    /// A loan with a balance (below ``ExactSum/limit``); false when a sum would overflow.
    func add(
        balance: Double, client: UInt32, daysLate: Int, renegotiated isRenegotiated: Bool, female: Bool, rural: Bool,
        methodology: Methodology?
    ) -> Bool {
        var fits = add(balance, to: .portfolio)
        loans += 1
        clients.insert(client)
        if female {
            femaleClients.insert(client)
            fits = fits && add(balance, to: .female)
        }
        if rural {
            ruralClients.insert(client)
            fits = fits && add(balance, to: .rural)
        }
        if let methodology { fits = fits && add(balance, to: .of(methodology)) }
        if daysLate > 30 {
            loansOver30 += 1
            fits = fits && add(balance, to: .over30)
            fits = fits && add(balance, to: daysLate <= 90 ? .from31To90 : .over90)
            if daysLate > 90 && daysLate <= 180 { fits = fits && add(balance, to: .from91To180) }
            if daysLate > 180 { fits = fits && add(balance, to: .over180) }
            if daysLate > 365 { fits = fits && add(balance, to: .over365) }
        } else if isRenegotiated {
            fits = fits && add(balance, to: .renegotiated)
        }
        return fits
    }

    private func add(_ balance: Double, to amount: Amount) -> Bool { amounts[amount.rawValue].add(balance) }

    /// Adds another snapshot's measures of the same group (a partial's, in this tally's codes):
    /// sums and counts added, clients counted once; false when a sum would overflow.
    func join(_ other: StockMeasures) -> Bool {
        loans += other.loans
        loansOver30 += other.loansOver30
        other.clients.visitCodes { clients.insert($0) }
        other.femaleClients.visitCodes { femaleClients.insert($0) }
        other.ruralClients.visitCodes { ruralClients.insert($0) }
        var fits = true
        for index in amounts.indices { fits = amounts[index].add(other.amounts[index]) && fits }
        return fits
    }

    /// Drops the clients' codes, keeping their numbers.
    func close() {
        clients.close()
        femaleClients.close()
        ruralClients.close()
    }
}

/// Distinct text codes: the codes while a snapshot is open, only their number once it is closed.
struct DistinctCodes {
    private(set) var codes: KeyIndex? = KeyIndex()
    private(set) var count = 0

    mutating func insert(_ code: UInt32) {
        if codes!.insert(UInt64(code)).inserted { count += 1 }
    }

    mutating func close() { codes = nil }

    /// Each code, in the order first inserted (none once closed).
    func visitCodes(_ body: (UInt32) -> Void) {
        guard let codes else { return }
        for index in 0..<codes.count { body(UInt32(truncatingIfNeeded: codes.key(at: index))) }
    }
}

/// Each loan's (or client's) first event of a kind, by institution and text code: a
/// disbursement or write-off counted once however many rows repeat it. Looked up by code in a
/// dense table (codes are numbered as ids first appear, and a tape lists loans in much the same
/// order on every date, so the lookups walk memory in order); the rare entries of one code in
/// several institutions are chained.
final class EventLedger {
    /// An institution's event, and 1 + the next entry of the same code (0: none).
    struct Entry: BitwiseCopyable {
        let institution: UInt32
        var next: UInt32
        var event: Event
    }

    /// Per code: 1 + its first entry (0: none).
    private let firstEntry = GrowableBuffer<UInt32>(capacity: 1 << 12)
    private let entries = GrowableBuffer<Entry>(capacity: 1 << 12)

    var count: Int { entries.count }

    /// Keeps `event` for `code` of `institution` unless one is kept; true when it was new.
    @discardableResult
    func keepFirst(_ institution: UInt32, _ code: UInt32, _ event: Event) -> Bool {
        find(institution, code, orAppend: event).appended
    }

    /// Keeps `event` for `code` of `institution` when it is the earliest so far.
    func keepEarliest(_ institution: UInt32, _ code: UInt32, _ event: Event) {
        let (index, appended) = find(institution, code, orAppend: event)
        if !appended && entries.base[index].event.day > event.day { entries.base[index].event = event }
    }

    /// The event kept for `code` of `institution`, if any.
    func find(_ institution: UInt32, _ code: UInt32) -> Event? {
        guard Int(code) < firstEntry.count else { return nil }
        var link = firstEntry.base[Int(code)]
        while link != 0 {
            let entry = entries.base[Int(link - 1)]
            if entry.institution == institution { return entry.event }
            link = entry.next
        }
        return nil
    }

    /// Each entry's institution, code and event, by code.
    func visitEntries(_ body: (_ institution: UInt32, _ code: UInt32, _ event: Event) -> Void) {
        for code in 0..<firstEntry.count {
            var link = firstEntry.base[code]
            while link != 0 {
                let entry = entries.base[Int(link - 1)]
                body(entry.institution, UInt32(code), entry.event)
                link = entry.next
            }
        }
    }

    /// The institution code and event numbered `index`.
    func entry(_ index: Int) -> (institution: UInt32, event: Event) {
        (entries.base[index].institution, entries.base[index].event)
    }

    @inline(__always)
    private func find(_ institution: UInt32, _ code: UInt32, orAppend event: Event) -> (index: Int, appended: Bool) {
        let slot = Int(code)
        if slot >= firstEntry.count {
            let count = max(slot + 1, firstEntry.count * 2)
            firstEntry.reserve(count)
            (firstEntry.base + firstEntry.count).initialize(repeating: 0, count: count - firstEntry.count)
            firstEntry.count = count
        }
        var link = firstEntry.base[slot]
        var last = -1
        while link != 0 {
            let index = Int(link - 1)
            if entries.base[index].institution == institution { return (index, false) }
            last = index
            link = entries.base[index].next
        }
        let index = entries.count
        entries.append(Entry(institution: institution, next: 0, event: event))
        if last < 0 { firstEntry.base[slot] = UInt32(index + 1) } else { entries.base[last].next = UInt32(index + 1) }
        return (index, true)
    }
}
