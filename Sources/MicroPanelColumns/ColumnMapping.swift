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

    /// Parses the text of a mapping file; `source` names it in errors. Fields are the panel's
    /// (``FieldCatalog``), or those of `fields` (a loan tape's).
    public init(parsing text: [UInt8], source: String, fields: [FieldDefinition]? = nil) throws(CSVError) {
        var rows = try TwoColumnRows.read(text, source: source, shape: .badMappingRow)
        if FieldName.normalize(rows[0].first) == "header" && FieldName.normalize(rows[0].second) == "field" {
            rows.removeFirst()
        }
        var entries: [Entry] = []
        for row in rows {
            let named =
                fields.map { candidates in
                    candidates.first { candidate in
                        ([candidate.key] + candidate.headers).contains {
                            FieldName.normalize($0) == FieldName.normalize(row.second)
                        }
                    }
                } ?? FieldCatalog.field(named: row.second)
            guard let field = named else {
                throw CSVError(
                    kind: .unknownField(row.second),
                    line: row.line, column: 2, byteOffset: 0, file: source)
            }
            entries.append(Entry(header: row.first, fieldKey: field.key))
        }
        self.entries = entries
    }
}
