import MicroPanelCSV

/// User-given header names for spec fields (`--columns FILE`): a two-column CSV of
/// `header,field` rows, where field is a key (`glp`) or any name of a field
/// (`Gross Loan Portfolio`). An optional first row `header,field` is a header and is skipped.
public struct ColumnMapping: Sendable, Equatable {
    /// One mapping: a header (as written in the data file) and the field key it means.
    public struct Entry: Sendable, Equatable {
        /// The header as written in the mapping file.
        public var header: String
        /// The field key it is mapped to.
        public var fieldKey: String
    }

    /// The mappings, in file order.
    public let entries: [Entry]

    /// Mappings given directly.
    public init(entries: [Entry]) {
        self.entries = entries
    }

    /// Parses the text of a mapping file; `source` names it in errors.
    public init(parsing text: [UInt8], source: String) throws(CSVError) {
        let scanner = CSVScanner(options: CSVOptions(delimiter: UInt8(ascii: ",")))
        var rows: [(line: Int, header: String, field: String)] = []
        func take(_ batch: CSVRowBatch) throws(CSVError) {
            for row in 0..<batch.rowCount {
                guard let header = CSVField.string(batch.field(row: row, column: 0)),
                    let field = CSVField.string(batch.field(row: row, column: 1))
                else {
                    throw CSVError(
                        kind: .invalidUTF8, line: batch.line(ofRow: row),
                        byteOffset: batch.byteOffset(row: row, column: 0), file: source)
                }
                rows.append((batch.line(ofRow: row), header, field))
            }
        }
        do throws(CSVError) {
            let space = scanner.reserveSpace(atLeast: text.count)
            space.copyBytes(from: text)
            try scanner.commit(text.count)
            try take(scanner.batch)
            try scanner.finish()
            try take(scanner.batch)
        } catch var error {
            error.file = source
            throw error
        }
        guard let first = scanner.header?.names, first.count == 2 else {
            throw CSVError(
                kind: .badMappingRow, line: 1,
                byteOffset: 0, file: source)
        }
        let firstRowIsHeader = FieldName.normalize(first[0]) == "header" && FieldName.normalize(first[1]) == "field"
        if !firstRowIsHeader { rows.insert((1, first[0], first[1]), at: 0) }
        var entries: [Entry] = []
        for row in rows {
            guard let field = FieldCatalog.field(named: row.field) else {
                throw CSVError(
                    kind: .unknownField(row.field),
                    line: row.line, column: 2, byteOffset: 0, file: source)
            }
            entries.append(Entry(header: row.header, fieldKey: field.key))
        }
        self.entries = entries
    }
}
