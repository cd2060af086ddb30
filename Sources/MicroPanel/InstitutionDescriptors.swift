import MicroPanelColumns
import MicroPanelIndicators
import MicroPanelSupport

/// What joining an institution-descriptor file did.
public struct DescriptorJoinReport: Sendable, Equatable {
    /// The descriptor file.
    public var source: String
    /// Panel institutions found in the file.
    public var matchedInstitutions: Int
    /// Panel institutions the file does not list (their descriptors stay as they were).
    public var unmatchedInstitutions: [String]
    /// Descriptor columns the panel lacked and got from the file.
    public var addedFields: [String]
    /// Missing descriptor cells of the panel filled from the file.
    public var filledCells: Int
}

/// Descriptors per institution (country, region, legal status, ...), joined onto a panel on
/// MFI ID: MIX's panel has no country column; its MFI metadata file maps MFI ID → country.
public struct InstitutionDescriptors: Sendable {
    /// The descriptor fields taken from such a file.
    public static let fields = [
        "mfi_name", "country", "iso3", "region", "currency", "legal_status", "established", "fiscal_year_end",
    ]

    /// The file's name.
    public let source: String
    private let table: Table
    /// Each MFI ID's row.
    private let rowOfID: [String: Int]

    /// Loads a descriptor file (any delimiter, plain or gzip, or a workbook's first sheet; its headers matched as `options`
    /// says, `--columns` included); it needs an `MFI ID` column and each MFI ID once.
    public init(contentsOf path: String, options: LoadOptions = LoadOptions(), threads: Threads = Threads()) throws {
        var options = options
        options.requestedFields = Set(["mfi_id"] + Self.fields)
        options.values = ValueOptions()
        options.requiresInputFields = false
        options.afterBatch = nil
        options.keep = []
        options.sheet = nil // --sheet names the panel's sheet
        let loaded = try PanelLoader(options: options, threads: threads).load(paths: [path])
        table = loaded.table
        source = path
        guard let ids = table.text("mfi_id") else {
            throw PanelError(.institutionsFileNeedsID, file: path)
        }
        var seen: [UInt32: Int] = [:]
        for row in 0..<table.rowCount {
            let code = ids.code(at: row)
            guard code != TextColumn.missing else { continue }
            if let first = seen[code] {
                throw loaded.report.locate(
                    PanelError(.duplicateInstitution(id: ids.dictionary[Int(code)]), tableRows: [row, first]))
            }
            seen[code] = row
        }
        rowOfID = Dictionary(uniqueKeysWithValues: seen.map { (ids.dictionary[Int($0.key)], $0.value) })
    }

    /// The ISO3 code, country and currency this file gives MFI `id` (for rows computed while
    /// loading: the cells the join will fill).
    package func fields(forMFI id: String) -> (iso3: String?, country: String?, currency: String?) {
        guard let row = rowOfID[id] else { return (nil, nil, nil) }
        return (table.text("iso3")?[row], table.text("country")?[row], table.text("currency")?[row])
    }

    /// Each listed institution's fiscal year end (`MM-DD`, as written), when the file has the column.
    public var fiscalYearEnds: [String: String] {
        guard let ends = table.text("fiscal_year_end") else { return [:] }
        return rowOfID.compactMapValues { ends[$0] }
    }

    /// `panel` with the descriptors joined on MFI ID: columns the panel lacks are added, and
    /// its missing cells filled; values the panel has are kept.
    public func join(onto panel: Table) throws -> (Table, DescriptorJoinReport) {
        guard let panelIDs = panel.text("mfi_id") else {
            throw PanelError(.joinNeedsPanelID(institutionsFile: source))
        }
        let descriptorIDs = table.text("mfi_id")!
        var descriptorRowByID: [String: Int] = [:]
        for row in 0..<table.rowCount {
            if let id = descriptorIDs[row] { descriptorRowByID[id] = row }
        }
        // Per panel id code: the descriptor row, or -1.
        let rowForCode = panelIDs.dictionary.map { descriptorRowByID[$0] ?? -1 }
        let unmatched = panelIDs.dictionary.indices.filter { rowForCode[$0] < 0 }.map { panelIDs.dictionary[$0] }

        var columns = panel.columns
        var added: [String] = []
        var filled = 0
        for key in Self.fields {
            guard let descriptor = table.text(key) else { continue }
            let existing = panel.text(key)
            var dictionary = existing?.dictionary ?? []
            var codeOf: [String: UInt32] = [:]
            for (code, value) in dictionary.enumerated() { codeOf[value] = UInt32(code) }
            let mapped: [UInt32] = descriptor.dictionary.map { value in
                if let code = codeOf[value] { return code }
                let code = UInt32(dictionary.count)
                dictionary.append(value)
                codeOf[value] = code
                return code
            }
            let codes = GrowableBuffer<UInt32>(capacity: max(panel.rowCount, 1))
            var missing = 0
            for row in 0..<panel.rowCount {
                var code = existing?.code(at: row) ?? TextColumn.missing
                if code == TextColumn.missing {
                    let idCode = panelIDs.code(at: row)
                    let descriptorRow = idCode == TextColumn.missing ? -1 : rowForCode[Int(idCode)]
                    if descriptorRow >= 0 {
                        let descriptorCode = descriptor.code(at: descriptorRow)
                        if descriptorCode != TextColumn.missing {
                            code = mapped[Int(descriptorCode)]
                            filled += existing == nil ? 0 : 1
                        }
                    }
                }
                if code == TextColumn.missing { missing += 1 }
                codes.append(code)
            }
            if existing == nil { added.append(key) }
            columns[key] = .text(TextColumn(storage: codes, dictionary: dictionary, missingCount: missing))
        }
        let report = DescriptorJoinReport(
            source: source, matchedInstitutions: panelIDs.dictionary.count - unmatched.count,
            unmatchedInstitutions: unmatched, addedFields: added, filledCells: filled)
        return (Table(rowCount: panel.rowCount, columns: columns, plan: panel.plan), report)
    }
}
