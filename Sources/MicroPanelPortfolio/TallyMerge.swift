import MicroPanelColumns
import MicroPanelGzip
import MicroPanelSupport

/// Partials folded into one tally, in the order given (the order of the shards in a one-process
/// run): snapshots of an institution and period kept, joined or dropped as rows would be,
/// clients counted once across partials, each loan's first events kept.
public final class TallyMerge {
    /// The merged tally, made from the first partial's options.
    public private(set) var tally: TapeTally?
    /// The merged codes' text.
    public private(set) var dictionaries = TallyDictionaries(
        institutions: [], loans: [], clients: [], breakdownValues: [])
    /// Rows skipped in the shards, with the first skip's description.
    public private(set) var firstSkip: String?
    /// Per kind (institutions, loans, clients), this merge's code of each text.
    private var codes: [[String: UInt32]] = [[:], [:], [:]]
    /// Per breakdown, this merge's code of each value.
    private var breakdownCodes: [[String: UInt32]] = []
    private var firstName = ""

    public init() {}

    /// Folds in the partial `bytes`, named `name` in errors.
    public func add(_ bytes: [UInt8], name: String) throws(PortfolioError) {
        var input = PartialReader(bytes, name: name)
        try Self.checkFrame(bytes, &input)
        let length = try input.text()
        let lastMonth = try input.integer(UInt8.self)
        var fieldKeys: [String] = []
        for _ in 0..<(try input.count(minimumSize: 4)) { fieldKeys.append(try input.text()) }
        var by: [String] = []
        for _ in 0..<(try input.count(minimumSize: 4)) { by.append(try input.text()) }
        let tally = try tallyFor(length: length, lastMonth: Int(lastMonth), fieldKeys: fieldKeys, by: by, input)
        let rows = try input.tally()
        let skipped = try input.tally()
        let skip = try input.text()
        tally.absorbCounts(rows: rows, skipped: skipped)
        if firstSkip == nil && !skip.isEmpty { firstSkip = skip }

        // The partial's codes in this merge's.
        var remaps: [[UInt32]] = []
        for kind in 0..<3 { remaps.append(try readDictionary(kind, &input)) }
        let (institutionCodes, loanCodes, clientCodes) = (remaps[0], remaps[1], remaps[2])
        guard try input.count(minimumSize: 1) == institutionCodes.count else {
            throw input.failure("a fiscal year end for another number of institutions")
        }
        for code in institutionCodes {
            let month = Int(try input.integer(UInt8.self))
            guard (1...12).contains(month), tally.assignLastMonth(month, to: code) else {
                throw input.failure(
                    "institution \(dictionaries.institutions[Int(code)])'s fiscal year ends with month \(month) here,"
                        + " otherwise in \(firstName)")
            }
        }
        func code(_ remap: [UInt32], _ code: UInt32) throws(PortfolioError) -> UInt32 {
            guard Int(code) < remap.count else { throw input.failure("a code beyond its dictionary") }
            return remap[Int(code)]
        }
        for kind in 3..<3 + by.count { remaps.append(try readDictionary(kind, &input)) }
        var groups: [UInt32] = []
        for _ in 0..<(try input.count(minimumSize: 4 * by.count)) {
            var values: [UInt32] = []
            for field in by.indices {
                let value = try input.integer(UInt32.self)
                values.append(value == TallyPartial.missing ? TextColumn.missing : try code(remaps[3 + field], value))
            }
            groups.append(tally.groupNumber(values))
        }
        guard !by.isEmpty || groups.isEmpty else { throw input.failure("breakdown groups without --by") }
        func group(_ number: UInt32) throws(PortfolioError) -> UInt32 {
            try code(by.isEmpty ? [0] : groups, number)
        }

        var keys = Set<SnapshotKey>()
        for _ in 0..<(try input.count(minimumSize: 17)) {
            let institution = try code(institutionCodes, try input.integer(UInt32.self))
            let fiscalYear = Int(try input.integer(Int32.self))
            let number = Int(try input.integer(UInt8.self))
            let date = CalendarDay(number: try input.integer(Int32.self))
            guard CalendarDay.readable.contains(date),
                tally.periods(of: institution).period(of: date)
                    == ReportingPeriods.Period(fiscalYear: fiscalYear, number: number)
            else { throw input.failure("a snapshot dated \(date.text) outside its period") }
            var loans: [UInt32] = []
            for _ in 0..<(try input.count(minimumSize: 4)) { loans.append(try code(loanCodes, try input.integer())) }
            var measuresOfGroups: [(UInt32, StockMeasures)] = []
            var loansWithBalance = 0
            for _ in 0..<(try input.count(minimumSize: 20)) {
                let measures = StockMeasures()
                let number = try group(try input.integer(UInt32.self))
                guard !measuresOfGroups.contains(where: { $0.0 == number }) else {
                    throw input.failure("a breakdown group twice in one snapshot")
                }
                measures.loans = try input.tally()
                measures.loansOver30 = try input.tally()
                loansWithBalance += measures.loans
                // Each loan with a balance is one of the snapshot's loans, so counts stay bounded.
                guard measures.loansOver30 <= measures.loans, loansWithBalance <= loans.count else {
                    throw input.failure("more loans counted than the snapshot lists")
                }
                for index in measures.amounts.indices {
                    measures.amounts[index] = ExactSum(millionths: try input.integer())
                }
                for set in 0..<3 {
                    for _ in 0..<(try input.count(minimumSize: 4)) {
                        let client = try code(clientCodes, try input.integer(UInt32.self))
                        switch set {
                        case 0: measures.clients.insert(client)
                        case 1: measures.femaleClients.insert(client)
                        default: measures.ruralClients.insert(client)
                        }
                    }
                }
                measuresOfGroups.append((number, measures))
            }
            let key = SnapshotKey(institution: institution, period: .init(fiscalYear: fiscalYear, number: number))
            guard keys.insert(key).inserted else { throw input.failure("an institution's period twice") }
            do {
                try tally.absorb(key, date: date, loans: loans, groups: measuresOfGroups) { loan in
                    "\(self.dictionaries.loans[Int(loan)]) of \(self.dictionaries.institutions[Int(institution)])"
                }
            } catch var error {
                error.file = name
                throw error
            }
        }
        for (index, ledger) in [tally.disbursements, tally.writeOffs, tally.firstDisbursements].enumerated() {
            for _ in 0..<(try input.count(minimumSize: 24)) {
                let institution = try code(institutionCodes, try input.integer(UInt32.self))
                let id = try code(index == 2 ? clientCodes : loanCodes, try input.integer(UInt32.self))
                let event = Event(
                    day: try input.integer(), amount: try input.double(), group: try group(try input.integer()))
                guard CalendarDay.readable.contains(CalendarDay(number: event.day)),
                    event.amount.isNaN || (event.amount >= 0 && event.amount < ExactSum.limit)
                else { throw input.failure("an event of day \(event.day) or amount \(event.amount) no tape has") }
                if index == 2 {
                    ledger.keepEarliest(institution, id, event)
                } else {
                    ledger.keepFirst(institution, id, event)
                }
            }
        }
        guard input.offset == bytes.count - 16 else { throw input.failure("bytes left before its checksum") }
    }

    /// Checks the magic bytes, the version and the trailer (checksum, length, end), and leaves
    /// `input` after the version.
    private static func checkFrame(_ bytes: [UInt8], _ input: inout PartialReader) throws(PortfolioError) {
        guard bytes.starts(with: TallyPartial.magic) else {
            throw input.failure("it does not start as one (write it with micropanel portfolio --partial)", at: 0)
        }
        guard bytes.count >= TallyPartial.magic.count + 20, bytes.suffix(4).elementsEqual(TallyPartial.end) else {
            throw input.failure("it ends early (cut short?)", at: bytes.count)
        }
        var trailer = PartialReader(Array(bytes.suffix(16)), name: input.name)
        let crc = try trailer.integer(UInt32.self)
        let length = try trailer.integer(UInt64.self)
        let body = bytes.count - 16
        guard length == body else {
            throw input.failure("its length field says \(length) bytes, not \(body)", at: body)
        }
        let actual = bytes.withUnsafeBytes { CRC32.checksum($0.baseAddress!, count: body) }
        guard actual == crc else { throw input.failure("its checksum does not match (damaged in transit?)", at: body) }
        _ = try input.raw(TallyPartial.magic.count)
        let version = try input.integer(UInt32.self)
        guard version == TallyPartial.version else {
            throw input.failure("format version \(version); this micropanel reads version \(TallyPartial.version)")
        }
    }

    /// The merged tally: made from the first partial's options, which every other must share.
    private func tallyFor(
        length: String, lastMonth: Int, fieldKeys: [String], by: [String], _ input: PartialReader
    ) throws(PortfolioError) -> TapeTally {
        if let tally {
            let differences = [
                ("--period", length, tally.periods.length.rawValue),
                ("fiscal year's last month", "\(lastMonth)", "\(tally.periods.lastMonth)"),
                ("--by", by.joined(separator: ","), tally.breakdownKeys.joined(separator: ",")),
                (
                    "tape columns", fieldKeys.joined(separator: ","),
                    tally.columns.headers.keys.sorted().joined(separator: ",")
                ),
            ].filter { $0.1 != $0.2 }.map {
                "\($0.0) \($0.1.isEmpty ? "none" : $0.1) where \(firstName) has \($0.2.isEmpty ? "none" : $0.2)"
            }
            guard differences.isEmpty else {
                throw input.failure("made differently: " + differences.joined(separator: "; "), at: 0)
            }
            return tally
        }
        guard let periodLength = ReportingPeriods.Length(rawValue: length), (1...12).contains(lastMonth) else {
            throw input.failure("an unknown period '\(length)' or fiscal year end month \(lastMonth)")
        }
        let periods = ReportingPeriods(length: periodLength, lastMonth: lastMonth)
        let columns: TapeColumns
        do {
            columns = try TapeColumns(
                header: fieldKeys, mapping: nil, fixedInstitution: !fieldKeys.contains("institution_id"), by: by,
                source: input.name)
        } catch {
            throw input.failure("its columns (\(fieldKeys.joined(separator: ","))) are not a tape's", at: 0)
        }
        let made = TapeTally(columns: columns, periods: periods, by: by, skipsBadRows: false)
        tally = made
        firstName = input.name
        breakdownCodes = by.map { _ in [:] }
        dictionaries.breakdownValues = by.map { _ in [] }
        return made
    }

    /// Reads dictionary `kind` (institutions, loans, clients, then each breakdown's values) and
    /// gives, by the partial's code, this merge's.
    private func readDictionary(_ kind: Int, _ input: inout PartialReader) throws(PortfolioError) -> [UInt32] {
        var remap: [UInt32] = []
        for _ in 0..<(try input.count(minimumSize: 4)) {
            let text = try input.text()
            remap.append(intern(text, kind))
        }
        return remap
    }

    private func intern(_ text: String, _ kind: Int) -> UInt32 {
        if kind < 3 {
            if let found = codes[kind][text] { return found }
            let code: UInt32
            switch kind {
            case 0:
                code = UInt32(dictionaries.institutions.count)
                dictionaries.institutions.append(text)
            case 1:
                code = UInt32(dictionaries.loans.count)
                dictionaries.loans.append(text)
            default:
                code = UInt32(dictionaries.clients.count)
                dictionaries.clients.append(text)
            }
            codes[kind][text] = code
            return code
        }
        let field = kind - 3
        if let found = breakdownCodes[field][text] { return found }
        let code = UInt32(dictionaries.breakdownValues[field].count)
        dictionaries.breakdownValues[field].append(text)
        breakdownCodes[field][text] = code
        return code
    }
}
