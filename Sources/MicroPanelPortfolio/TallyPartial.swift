import MicroPanelColumns
import MicroPanelGzip
import MicroPanelSupport

/// The text of a tally's codes: the ids of institutions, loans and clients, and each `--by`
/// column's values, by code (the tape's dictionaries, or a merge's).
public struct TallyDictionaries: Sendable {
    public var institutions: [String]
    public var loans: [String]
    public var clients: [String]
    public var breakdownValues: [[String]]

    public init(institutions: [String], loans: [String], clients: [String], breakdownValues: [[String]]) {
        self.institutions = institutions
        self.loans = loans
        self.clients = clients
        self.breakdownValues = breakdownValues
    }
}

/// A tally as a partial result (`micropanel portfolio --partial`), and back: what shards of one
/// tape need to give, merged, the bytes one process gives (docs/partial-format.md): the options,
/// every snapshot's exact sums and counts with the ids of its loans and clients, and each loan's
/// and client's first events, all in little-endian fields, ended by the CRC-32 and length of
/// what comes before.
public enum TallyPartial {
    /// The first bytes of every partial.
    static let magic = Array("MicroPanel portfolio partial\n".utf8)
    /// The format's version; a merge refuses another.
    static let version: UInt32 = 1
    /// The last bytes, after the checksum and length.
    static let end = Array("end\n".utf8)
    /// An empty breakdown value's code.
    static let missing = UInt32.max

    /// The partial of `tally`, whose codes `dictionaries` spell.
    public static func encode(_ tally: TapeTally, dictionaries: TallyDictionaries, firstSkip: String?) -> [UInt8] {
        var out = PartialWriter()
        out.raw(magic)
        out.integer(version)
        out.text(tally.periods.length.rawValue)
        out.integer(UInt8(tally.periods.lastMonth))
        out.list(tally.columns.headers.keys.sorted()) { $0.text($1) }
        out.list(tally.breakdownKeys) { $0.text($1) }
        out.integer(UInt64(tally.rows))
        out.integer(UInt64(tally.skipped))
        out.text(firstSkip ?? "")
        for dictionary in [dictionaries.institutions, dictionaries.loans, dictionaries.clients] {
            out.list(dictionary) { $0.text($1) }
        }
        out.list(dictionaries.institutions.indices) { $0.integer(UInt8(tally.periods(of: UInt32($1)).lastMonth)) }
        for values in dictionaries.breakdownValues { out.list(values) { $0.text($1) } }
        out.list(tally.groupValues) { out, values in
            for code in values { out.integer(code == TextColumn.missing ? missing : code) }
        }
        let snapshots = tally.snapshots.sorted {
            ($0.key.institution, $0.key.period) < ($1.key.institution, $1.key.period)
        }
        out.list(snapshots) { out, entry in
            let (key, snapshot) = entry
            out.integer(key.institution)
            out.integer(Int32(key.period.fiscalYear))
            out.integer(UInt8(key.period.number))
            out.integer(snapshot.date.number)
            let loans = snapshot.loans!
            out.list(0..<loans.count) { $0.integer(UInt32(truncatingIfNeeded: loans.key(at: $1))) }
            out.list(snapshot.groupNumbers) { out, group in
                let measures = snapshot.existingMeasures(group)!
                out.integer(group)
                out.integer(UInt64(measures.loans))
                out.integer(UInt64(measures.loansOver30))
                for amount in measures.amounts { out.integer(amount.millionths) }
                for clients in [measures.clients, measures.femaleClients, measures.ruralClients] {
                    out.integer(UInt32(clients.count))
                    clients.visitCodes { out.integer($0) }
                }
            }
        }
        for ledger in [tally.disbursements, tally.writeOffs, tally.firstDisbursements] {
            out.integer(UInt32(ledger.count))
            ledger.visitEntries { institution, code, event in
                out.integer(institution)
                out.integer(code)
                out.integer(event.day)
                out.double(event.amount)
                out.integer(event.group)
            }
        }
        let body = out.bytes
        out.integer(body.withUnsafeBytes { CRC32.checksum($0.baseAddress!, count: $0.count) })
        out.integer(UInt64(body.count))
        out.raw(end)
        return out.bytes
    }
}
