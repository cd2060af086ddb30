import MicroPanelColumns

/// A tally's figures as the institution × period panel `micropanel compute` reads: MIX's
/// headers (portfolio contract §2), one row per institution and period with a snapshot, sorted
/// by institution id then period. A measure the tape cannot give (no gender column, no
/// write-off dates) is an empty cell, not a zero.
public struct PortfolioPanel: Sendable {
    /// The column names, MIX's headers.
    public let columns: [String]
    /// Rows: per column a number, an integer, a text, or nil (missing).
    public let rows: [[Cell]]
    /// Flow events (disbursements, write-offs) dated in a period without a snapshot of their
    /// institution: not in any row.
    public let eventsOutsideSnapshots: Int
    /// Institutions with a row.
    public let institutionCount: Int

    public enum Cell: Sendable, Equatable {
        case text(String)
        case integer(Int)
        case number(Double)
        case missing
    }

    /// The panel of `tally`; `institutions` are the ids by code (the tape's dictionary, or the
    /// one `--institution` id).
    public init(_ tally: TapeTally, institutions: [String]) {
        let columns = tally.columns
        let quarterly = tally.periods.length != .year
        let hasGender = columns["client_gender"] != nil
        let hasLocation = columns["client_location"] != nil
        let hasMethodology = columns["methodology"] != nil
        let hasDisbursements = columns["disbursed_on"] != nil
        let hasWriteOffs = columns["written_off_on"] != nil
        func header(_ key: String) -> String { FieldCatalog.field(key: key)!.headers[0] }
        var names = ["MFI ID", "Fiscal Year"] + (quarterly ? ["Period"] : []) + ["As of Date"]
        names += ["glp", "loans", "borrowers"].map(header)
        if hasGender { names += [header("female_borrowers"), header("glp_female")] }
        if hasLocation { names += [header("rural_borrowers"), header("glp_rural")] }
        if hasMethodology { names += ["glp_individual", "glp_solidarity", "glp_village"].map(header) }
        names += ["par30_amount", "par30_90", "par90_amount", "par90_180", "par180_amount", "par365_amount"].map(header)
        names += ["renegotiated", "loans_at_risk30", "write_offs", "new_borrowers"].map(header)
        names += ["Value of loans disbursed", "Number of loans disbursed"]
        self.columns = names

        // Flows per institution and period.
        var disbursedValue: [SnapshotKey: Double] = [:]
        var disbursedCount: [SnapshotKey: Int] = [:]
        var writtenOff: [SnapshotKey: Double] = [:]
        var newBorrowers: [SnapshotKey: Int] = [:]
        var outside = 0
        func key(_ institution: UInt32, _ day: Int32) -> SnapshotKey? {
            let key = SnapshotKey(
                institution: institution, period: tally.periods.period(of: CalendarDay(number: day)))
            if tally.snapshots[key] == nil {
                outside += 1
                return nil
            }
            return key
        }
        for (loan, event) in tally.disbursements {
            guard let key = key(loan.institution, event.day) else { continue }
            disbursedCount[key, default: 0] += 1
            if !event.amount.isNaN { disbursedValue[key, default: 0] += event.amount }
        }
        for (loan, event) in tally.writeOffs {
            guard let key = key(loan.institution, event.day) else { continue }
            if !event.amount.isNaN { writtenOff[key, default: 0] += event.amount }
        }
        for (client, day) in tally.firstDisbursements {
            let key = SnapshotKey(
                institution: client.institution, period: tally.periods.period(of: CalendarDay(number: day)))
            if tally.snapshots[key] != nil { newBorrowers[key, default: 0] += 1 }
        }
        eventsOutsideSnapshots = outside

        let ordered = tally.snapshots.keys.sorted { a, b in
            let (left, right) = (institutions[Int(a.institution)], institutions[Int(b.institution)])
            return left != right ? Array(left.utf8).lexicographicallyPrecedes(right.utf8) : a.period < b.period
        }
        institutionCount = Set(ordered.map(\.institution)).count
        rows = ordered.map { key in
            let snapshot = tally.snapshots[key]!
            var row: [Cell] = [.text(institutions[Int(key.institution)]), .integer(key.period.fiscalYear)]
            if quarterly { row.append(.integer(key.period.number)) }
            row += [
                .text(snapshot.date.text), .number(snapshot.portfolio), .integer(snapshot.loans),
                .integer(snapshot.clients.count),
            ]
            if hasGender { row += [.integer(snapshot.femaleClients.count), .number(snapshot.femalePortfolio)] }
            if hasLocation { row += [.integer(snapshot.ruralClients.count), .number(snapshot.ruralPortfolio)] }
            if hasMethodology { row += snapshot.methodologyPortfolio.map(Cell.number) }
            row += [
                snapshot.over30, snapshot.from31To90, snapshot.over90, snapshot.from91To180, snapshot.over180,
                snapshot.over365, snapshot.renegotiated,
            ].map(Cell.number)
            row.append(.integer(snapshot.loansOver30))
            row.append(hasWriteOffs ? .number(writtenOff[key] ?? 0) : .missing)
            row.append(hasDisbursements ? .integer(newBorrowers[key] ?? 0) : .missing)
            row.append(hasDisbursements ? .number(disbursedValue[key] ?? 0) : .missing)
            row.append(hasDisbursements ? .integer(disbursedCount[key] ?? 0) : .missing)
            return row
        }
    }
}
