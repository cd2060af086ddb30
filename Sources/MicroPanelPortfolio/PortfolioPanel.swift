import MicroPanelColumns
import MicroPanelOutput
import MicroPanelSupport

/// A tally's figures as the institution × period panel `micropanel compute` reads: MIX's
/// headers (portfolio contract §2), one row per institution and period with a snapshot (and per
/// `--by` group with loans on it), sorted by institution id, period, then the groups' values. A
/// measure the tape cannot give (no gender column, no write-off dates) is an empty cell, not a zero.
public struct PortfolioPanel: Sendable {
    /// The column names, MIX's headers.
    public let columns: [String]
    /// Rows: per column a number, an integer, a text, or missing.
    public let rows: [[TableCell]]
    /// Flow events (disbursements, write-offs) dated in a period without a snapshot of their
    /// institution (or group): not in any row.
    public let eventsOutsideSnapshots: Int
    /// Institutions with a row.
    public let institutionCount: Int

    /// The row of an institution, period and breakdown group.
    private struct RowKey: Hashable {
        let snapshot: SnapshotKey
        let group: UInt32
    }

    /// The panel of `tally`; `institutions` are the ids by code (the tape's dictionary, or the
    /// one `--institution` id), `breakdownValues` the values of each `--by` column by code.
    public init(_ tally: TapeTally, institutions: [String], by: [String] = [], breakdownValues: [[String]] = [])
        throws(PortfolioError)
    {
        let columns = tally.columns
        let quarterly = tally.periods.length != .year
        let hasGender = columns["client_gender"] != nil
        let hasLocation = columns["client_location"] != nil
        let hasMethodology = columns["methodology"] != nil
        let hasDisbursements = columns["disbursed_on"] != nil
        let hasWriteOffs = columns["written_off_on"] != nil
        func header(_ key: String) -> String { FieldCatalog.field(key: key)!.headers[0] }
        var names = ["MFI ID", "Fiscal Year"] + (quarterly ? ["Period"] : []) + ["As of Date"] + by
        names += ["glp", "loans", "borrowers"].map(header)
        if hasGender { names += [header("female_borrowers"), header("glp_female")] }
        if hasLocation { names += [header("rural_borrowers"), header("glp_rural")] }
        if hasMethodology { names += ["glp_individual", "glp_solidarity", "glp_village"].map(header) }
        names += ["par30_amount", "par30_90", "par90_amount", "par90_180", "par180_amount", "par365_amount"].map(header)
        names += ["renegotiated", "loans_at_risk30", "write_offs", "new_borrowers"].map(header)
        names += ["Value of loans disbursed", "Number of loans disbursed"]
        self.columns = names

        // Flows per institution, period and group with a row.
        var disbursedValue: [RowKey: ExactSum] = [:]
        var disbursedCount: [RowKey: Int] = [:]
        var writtenOff: [RowKey: ExactSum] = [:]
        var newBorrowers: [RowKey: Int] = [:]
        var outside = 0
        func rowKey(_ institution: UInt32, _ event: Event, counted: Bool = true) -> RowKey? {
            let snapshot = SnapshotKey(
                institution: institution,
                period: tally.periods(of: institution).period(of: CalendarDay(number: event.day)))
            guard tally.snapshots[snapshot]?.existingMeasures(event.group) != nil else {
                if counted { outside += 1 }
                return nil
            }
            return RowKey(snapshot: snapshot, group: event.group)
        }
        for index in 0..<tally.disbursements.count {
            let (institution, event) = tally.disbursements.entry(index)
            guard let key = rowKey(institution, event) else { continue }
            disbursedCount[key, default: 0] += 1
            if !event.amount.isNaN, !disbursedValue[key, default: ExactSum()].add(event.amount) {
                throw PortfolioError(.tooLarge(field: "Value of loans disbursed", value: PortfolioError.sumValue))
            }
        }
        for index in 0..<tally.writeOffs.count {
            let (institution, event) = tally.writeOffs.entry(index)
            guard let key = rowKey(institution, event) else { continue }
            if !event.amount.isNaN, !writtenOff[key, default: ExactSum()].add(event.amount) {
                throw PortfolioError(.tooLarge(field: "Write offs", value: PortfolioError.sumValue))
            }
        }
        for index in 0..<tally.firstDisbursements.count {
            let (institution, event) = tally.firstDisbursements.entry(index)
            if let key = rowKey(institution, event, counted: false) { newBorrowers[key, default: 0] += 1 }
        }
        eventsOutsideSnapshots = outside

        // A group's values as text, in `by` order ("" for an empty cell).
        func labels(_ group: UInt32) -> [String] {
            guard !by.isEmpty else { return [] }
            return tally.groupValues[Int(group)].enumerated().map { field, code in
                code == TextColumn.missing ? "" : breakdownValues[field][Int(code)]
            }
        }
        func precedes(_ left: [String], _ right: [String]) -> Bool {
            for (a, b) in zip(left, right) where a != b { return Array(a.utf8).lexicographicallyPrecedes(b.utf8) }
            return false
        }
        let ordered = tally.snapshots.keys.sorted { a, b in
            let (left, right) = (institutions[Int(a.institution)], institutions[Int(b.institution)])
            return left != right ? precedes([left], [right]) : a.period < b.period
        }
        institutionCount = Set(ordered.map(\.institution)).count
        var rows: [[TableCell]] = []
        for key in ordered {
            let snapshot = tally.snapshots[key]!
            let groups = snapshot.groupNumbers.map { ($0, labels($0)) }.sorted { precedes($0.1, $1.1) }
            for (group, values) in groups {
                let measures = snapshot.existingMeasures(group)!
                let flows = RowKey(snapshot: key, group: group)
                var row: [TableCell] = [.text(institutions[Int(key.institution)]), .integer(key.period.fiscalYear)]
                if quarterly { row.append(.integer(key.period.number)) }
                row.append(.text(snapshot.date.text))
                row += values.map(TableCell.text)
                row += [.number(measures[.portfolio]), .integer(measures.loans), .integer(measures.clients.count)]
                if hasGender { row += [.integer(measures.femaleClients.count), .number(measures[.female])] }
                if hasLocation { row += [.integer(measures.ruralClients.count), .number(measures[.rural])] }
                if hasMethodology {
                    row += [measures[.individual], measures[.solidarity], measures[.village]].map(TableCell.number)
                }
                row += [
                    measures[.over30], measures[.from31To90], measures[.over90], measures[.from91To180],
                    measures[.over180], measures[.over365], measures[.renegotiated],
                ].map(TableCell.number)
                row.append(.integer(measures.loansOver30))
                row.append(hasWriteOffs ? .number(writtenOff[flows]?.value ?? 0) : .missing)
                row.append(hasDisbursements ? .integer(newBorrowers[flows] ?? 0) : .missing)
                row.append(hasDisbursements ? .number(disbursedValue[flows]?.value ?? 0) : .missing)
                row.append(hasDisbursements ? .integer(disbursedCount[flows] ?? 0) : .missing)
                rows.append(row)
            }
        }
        self.rows = rows
    }
}
