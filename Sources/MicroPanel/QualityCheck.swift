import MicroPanelColumns
import MicroPanelIndicators

/// A data-quality report on a panel: size, coverage of the spec fields, and problems with the
/// indicators each one blocks.
public struct QualityReport: Sendable, Codable, Equatable {
    /// How serious a problem is: errors make `check` exit 1.
    public enum Severity: String, Sendable, Codable {
        case error, warning
    }

    /// How much of the panel has a value for one field.
    public struct Coverage: Sendable, Codable, Equatable {
        /// The field key.
        public var field: String
        /// The header it was read from; nil when the file has no such column.
        public var header: String?
        /// Rows with a value.
        public var rows: Int
        /// `rows` / all rows.
        public var share: Double
    }

    /// One kind of problem found.
    public struct Problem: Sendable, Codable, Equatable {
        /// Error or warning.
        public var severity: Severity
        /// What kind (`negative_value`, `year_gap`, ...).
        public var kind: String
        /// The field concerned, if one.
        public var field: String?
        /// How many rows (or institutions, for gaps) are affected.
        public var count: Int
        /// What `count` counts: `rows`, `values` or `institutions`.
        public var unit: String
        /// The problem in words.
        public var message: String
        /// A few instances (`MFI 100372, 2011`, `line 12: '12x'`).
        public var examples: [String]
        /// The indicators it blocks or makes unreliable.
        public var blocks: [String]
    }

    /// The inputs checked.
    public var inputs: [String]
    /// Data rows read.
    public var rows: Int
    /// Distinct institutions.
    public var institutions: Int
    /// The first and last fiscal year.
    public var firstYear: Int?, lastYear: Int?
    /// Coverage of the keys, descriptors and spec input fields.
    public var coverage: [Coverage]
    /// Problems, errors first.
    public var problems: [Problem]

    /// Problems that are errors.
    public var errorCount: Int { problems.count { $0.severity == .error } }
    /// Problems that are warnings.
    public var warningCount: Int { problems.count { $0.severity == .warning } }
}

/// Runs the data-quality checks of `micropanel check`.
public enum QualityCheck {
    /// Fields that must not be negative: the portfolio and the counts.
    static let nonNegativeFields = ["glp", "avg_glp", "borrowers", "avg_borrowers", "loans", "avg_loans", "depositors",
                                    "personnel", "loan_officers", "loans_at_risk30"]

    /// Loads `inputs` reading past every problem (bad rows skipped, bad numbers missing, both
    /// counted) and reports on them.
    public static func run(_ inputs: [PanelInput], options: LoadOptions) throws -> QualityReport {
        var options = options
        options.csv.badRows = .skip
        options.values.badNumbers = .missing
        let loaded = try PanelLoader(options: options).load(inputs)
        return report(loaded)
    }

    /// `value` as the shortest text that reads back to it.
    static func number(_ value: Double) -> String {
        var bytes: [UInt8] = []
        ShortestDouble.append(value, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The indicators that read `field`.
    static func indicators(reading field: String) -> [String] {
        IndicatorRegistry.all.filter { $0.inputFields.contains(field) }.map(\.id)
    }

    /// The report on a loaded panel.
    static func report(_ loaded: LoadedPanel) -> QualityReport {
        let table = loaded.table
        var problems: [QualityReport.Problem] = []
        func problem(_ severity: QualityReport.Severity, _ kind: String, field: String? = nil, count: Int,
                     unit: String = "rows", _ message: String, examples: [String] = [], blocks: [String]) {
            guard count > 0 else { return }
            problems.append(.init(severity: severity, kind: kind, field: field, count: count, unit: unit, message: message,
                                  examples: examples, blocks: blocks))
        }
        let ids = table.text("mfi_id") ?? table.text("mfi_name")
        let years = table.integer("fiscal_year")
        func label(_ row: Int) -> String {
            "MFI \(ids?[row] ?? "?"), \(years?.value(at: row).map(String.init) ?? "?")"
        }
        let everything = IndicatorRegistry.all.map(\.id)

        // Reading problems.
        let skipped = loaded.report.inputs.reduce(0) { $0 + $1.skippedRows }
        let skippedLines = loaded.report.inputs.flatMap { input in input.skippedRowLines.map { "\(input.name): line \($0)" } }
        problem(.error, "bad_row", count: skipped, "rows with another number of fields than the header (left out)",
                examples: Array(skippedLines.prefix(3)), blocks: everything)
        for match in table.plan.materialized {
            guard let column = table.number(match.field.key) else { continue }
            problem(.error, "unparseable_value", field: match.field.key, count: column.badNumberCount, unit: "values",
                    "values in '\(match.header)' that are not numbers", examples: column.badNumberExamples,
                    blocks: indicators(reading: match.field.key))
        }
        if ids == nil || years == nil {
            problem(.error, "missing_key_column", count: table.rowCount,
                    "no \(ids == nil ? "'MFI ID' (or 'MFI Name')" : "'Fiscal Year'") column: rows cannot form a panel",
                    blocks: everything)
        }

        // Keys: missing, duplicated; years: gaps.
        var institutions = 0, firstYear: Int?, lastYear: Int?
        if let ids, let years {
            var withoutKeys: [Int] = []
            var yearsByInstitution: [UInt32: [Int64]] = [:]
            var rowOfKey: [UInt64: Int] = [:]
            var duplicates: [String] = []
            var duplicateCount = 0
            for row in 0..<table.rowCount {
                let code = ids.code(at: row)
                guard code != TextColumn.missing, let year = years.value(at: row) else {
                    withoutKeys.append(row)
                    continue
                }
                let key = UInt64(code) << 32 | UInt64(UInt32(truncatingIfNeeded: year))
                if rowOfKey[key] != nil {
                    duplicateCount += 1
                    if duplicates.count < 3 { duplicates.append(label(row)) }
                } else {
                    rowOfKey[key] = row
                    yearsByInstitution[code, default: []].append(year)
                }
                firstYear = min(firstYear ?? Int(year), Int(year))
                lastYear = max(lastYear ?? Int(year), Int(year))
            }
            institutions = yearsByInstitution.count
            problem(.error, "missing_key", count: withoutKeys.count, "rows without an institution id or a fiscal year (left out)",
                    examples: withoutKeys.prefix(3).map { "data row \($0 + 1)" }, blocks: everything)
            problem(.error, "duplicate_institution_year", count: duplicateCount,
                    "institution-years that appear more than once", examples: duplicates, blocks: everything)
            var gaps: [String] = []
            var gapCount = 0
            for code in yearsByInstitution.keys.sorted() {
                let series = yearsByInstitution[code]!.sorted()
                if let gap = zip(series, series.dropFirst()).first(where: { $1 - $0 > 1 }) {
                    gapCount += 1
                    if gaps.count < 3 { gaps.append("MFI \(ids.dictionary[Int(code)]): \(gap.0) → \(gap.1)") }
                }
            }
            let needPriorYear = IndicatorRegistry.all.filter { $0.priorYear != .never }.map(\.id)
            problem(.warning, "year_gap", count: gapCount, unit: "institutions",
                    "institutions with a missing fiscal year between two reported ones: the year after a gap has no prior year",
                    examples: gaps, blocks: needPriorYear)
        }
        if let period = table.text("period_type") {
            let interim = (0..<table.rowCount).filter { row in
                period[row].map { $0.uppercased() != "ANN" && $0.lowercased() != "annual" } ?? false
            }
            problem(.warning, "interim_rows", field: "period_type", count: interim.count,
                    "interim rows (Period Type other than ANN): not annual observations, left out unless --include-interim",
                    examples: interim.prefix(3).map(label), blocks: everything)
        }

        // Impossible values.
        for field in nonNegativeFields {
            guard let column = table.number(field) else { continue }
            let rows = (0..<table.rowCount).filter { column[$0] < 0 }
            problem(.error, "negative_value", field: field, count: rows.count, "negative \(field): a portfolio or a count cannot be",
                    examples: rows.prefix(3).map { "\(label($0)): \(number(column[$0]))" }, blocks: indicators(reading: field))
        }
        if let glp = table.number("glp") {
            for field in ["par30_amount", "par90_amount"] {
                guard let atRisk = table.number(field) else { continue }
                let rows = (0..<table.rowCount).filter { atRisk[$0] > glp[$0] }
                problem(.warning, "par_above_portfolio", field: field, count: rows.count,
                        "\(field) above the gross loan portfolio",
                        examples: rows.prefix(3).map { "\(label($0)): \(number(atRisk[$0])) > \(number(glp[$0]))" },
                        blocks: indicators(reading: field))
            }
        }
        if let assets = table.number("assets"), let liabilities = table.number("liabilities"), let equity = table.number("equity") {
            let rows = (0..<table.rowCount).filter {
                abs(assets[$0] - (liabilities[$0] + equity[$0])) > 0.01 * abs(assets[$0])
            }
            problem(.warning, "balance_sheet_mismatch", count: rows.count,
                    "assets differ from liabilities + equity by more than 1%",
                    examples: rows.prefix(3).map { "\(label($0)): \(number(assets[$0])) vs \(number(liabilities[$0] + equity[$0]))" },
                    blocks: ["roa", "roe", "debt_to_equity", "capital_to_assets"])
        }

        // Coverage of keys, descriptors and spec inputs.
        let fields = FieldCatalog.keys + FieldCatalog.descriptors + FieldCatalog.inputs
        let coverage = fields.map { field -> QualityReport.Coverage in
            let match = table.plan.match(for: field.key)
            let present = table.columns[field.key].map { table.rowCount - $0.missingCount } ?? 0
            return .init(field: field.key, header: match?.header, rows: present,
                         share: table.rowCount == 0 ? 0 : Double(present) / Double(table.rowCount))
        }
        // Errors first, otherwise in the order found.
        problems = problems.filter { $0.severity == .error } + problems.filter { $0.severity == .warning }
        return QualityReport(inputs: loaded.report.inputs.map(\.name), rows: table.rowCount, institutions: institutions,
                             firstYear: firstYear, lastYear: lastYear, coverage: coverage, problems: problems)
    }
}
