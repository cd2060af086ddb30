import MicroPanelCSV

/// Which header columns become which fields, decided once from the header row.
///
/// A header matches a field when its normalised name equals a normalised name of the field
/// (spec §1) or a mapping entry names it. Requested fields are materialised; every other column
/// is skipped at scan time.
public struct ColumnPlan: Sendable, Equatable {
    /// A header column matched to a field.
    public struct Match: Sendable, Equatable {
        /// The field.
        public var field: FieldDefinition
        /// 0-based column in the header.
        public var column: Int
        /// The header name as written.
        public var header: String
    }

    /// The header names as written.
    public let headerNames: [String]
    /// Columns to materialise, in header order.
    public private(set) var materialized: [Match]
    /// Columns matched to a field that was not requested (skipped).
    public let notRequested: [Match]
    /// Headers that match no field (skipped).
    public let unmatchedHeaders: [String]
    /// Mapping entries whose header is not in this file.
    public let unusedMappings: [ColumnMapping.Entry]

    /// Plans the columns of `header`. `requested` lists field keys to materialise (nil: all of
    /// ``FieldCatalog/all``). Two columns naming one requested field are an error.
    public init(header: [String], mapping: ColumnMapping? = nil, requested: Set<String>? = nil) throws(CSVError) {
        headerNames = header
        var mapped: [String: String] = [:]
        for entry in mapping?.entries ?? [] { mapped[FieldName.normalize(entry.header)] = entry.fieldKey }
        var usedMappings = Set<String>()
        var materialized: [Match] = []
        var notRequested: [Match] = []
        var unmatched: [String] = []
        var firstColumnOfField: [String: Int] = [:]
        for (column, name) in header.enumerated() {
            let normalized = FieldName.normalize(name)
            let field: FieldDefinition?
            if let key = mapped[normalized] {
                usedMappings.insert(normalized)
                field = FieldCatalog.field(key: key)
            } else {
                field = FieldCatalog.byNormalizedHeader[normalized]
            }
            guard let field else {
                unmatched.append(name)
                continue
            }
            let match = Match(field: field, column: column, header: name)
            guard requested?.contains(field.key) ?? true else {
                notRequested.append(match)
                continue
            }
            if let first = firstColumnOfField[field.key] {
                throw CSVError(
                    kind: .duplicateColumn(name: name, firstColumn: first + 1), line: 1,
                    column: column + 1, columnName: name, byteOffset: 0)
            }
            firstColumnOfField[field.key] = column
            materialized.append(match)
        }
        self.materialized = materialized
        self.notRequested = notRequested
        unmatchedHeaders = unmatched
        unusedMappings = (mapping?.entries ?? []).filter { !usedMappings.contains(FieldName.normalize($0.header)) }
    }

    /// Plans `columns` of `header` by exact header name, each keyed by its header: for tables
    /// that are not panels (MicroPanel's own outputs read back, reference tables).
    public init(header: [String], columns: [String: ColumnKind]) {
        headerNames = header
        var materialized: [Match] = []
        var unmatched: [String] = []
        for (column, name) in header.enumerated() {
            if let kind = columns[name], !materialized.contains(where: { $0.header == name }) {
                let field = FieldDefinition(
                    name, [name], kind, kind == .number ? .input : .descriptor,
                    plausibleRange: FieldCatalog.field(key: name)?.plausibleRange)
                materialized.append(Match(field: field, column: column, header: name))
            } else {
                unmatched.append(name)
            }
        }
        self.materialized = materialized
        notRequested = []
        unmatchedHeaders = unmatched
        unusedMappings = []
    }

    /// The key under which a column kept with `--keep` is loaded (as text): its header, marked so
    /// that it never meets a field's key.
    public static func keptKey(_ header: String) -> String { "keep:" + header }

    /// This plan, also loading the columns `columns` (0-based) as text under ``keptKey(_:)``.
    public func keeping(columns: [Int]) -> ColumnPlan {
        var plan = self
        let kept = columns.map { column in
            let header = headerNames[column]
            return Match(
                field: FieldDefinition(Self.keptKey(header), [header], .text, .descriptor), column: column,
                header: header)
        }
        plan.materialized = (materialized + kept).sorted { $0.column < $1.column }
        return plan
    }

    /// The match for field `key`, if it is materialised.
    public func match(for key: String) -> Match? {
        materialized.first { $0.field.key == key }
    }
}
