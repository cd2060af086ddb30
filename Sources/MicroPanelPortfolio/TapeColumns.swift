import MicroPanelColumns

/// Which header of a tape holds which field (``TapeFields``), and the plan that loads only those.
public struct TapeColumns: Sendable {
    /// The header, as written, of each field the tape has (also the loaded table's column keys).
    public let headers: [String: String]
    /// The columns to load (a label column only when `--by` names it), everything else skipped at scan time.
    public let plan: ColumnPlan

    /// Finds the fields in `header`: a `mapping` entry first, then the key or a synonym;
    /// `source` names the tape in errors. `fixedInstitution` (`--institution ID`) is for a tape
    /// with no `institution_id` column, which one without it must have.
    public init(
        header: [String], mapping: ColumnMapping?, fixedInstitution: Bool, by: [String], source: String
    ) throws(PortfolioError) {
        let normalized = header.map(FieldName.normalize)
        var mapped: [String: String] = [:]
        for entry in mapping?.entries ?? [] {
            if let index = normalized.firstIndex(of: FieldName.normalize(entry.header)) {
                mapped[entry.fieldKey] = header[index]
            }
        }
        var headers: [String: String] = [:]
        for field in TapeFields.all {
            if let found = mapped[field.key] {
                headers[field.key] = found
                continue
            }
            for name in [field.key] + field.headers {
                if let index = normalized.firstIndex(of: FieldName.normalize(name)),
                    !headers.values.contains(header[index]), !mapped.values.contains(header[index])
                {
                    headers[field.key] = header[index]
                    break
                }
            }
        }
        var missing = TapeFields.required.filter { headers[$0] == nil }
        if headers["institution_id"] == nil && !fixedInstitution { missing.insert("institution_id", at: 0) }
        if let header = headers["institution_id"], fixedInstitution {
            throw PortfolioError(.institutionTwice(header: header), file: source, line: 1)
        }
        if headers["days_late"] == nil && headers["overdue_since"] == nil {
            missing.append("days_late or overdue_since")
        }
        guard missing.isEmpty else { throw PortfolioError(.missingColumns(missing), file: source, line: 1) }
        for name in by where headers[name] == nil {
            throw PortfolioError(.missingBreakdown(name), file: source, line: 1)
        }
        self.headers = headers
        var kinds: [String: ColumnKind] = [:]
        for field in TapeFields.all where !TapeFields.labelsOnly.contains(field.key) || by.contains(field.key) {
            if let found = headers[field.key] { kinds[found] = field.kind }
        }
        plan = ColumnPlan(header: header, columns: kinds)
    }

    /// The header of `key`, when the tape has it.
    public subscript(key: String) -> String? { headers[key] }
}
