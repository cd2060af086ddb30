import MicroPanelColumns
import MicroPanelIndicators
import MicroPanelOutput

/// A data-quality report on a panel: size, coverage of the spec fields, and problems with the
/// indicators each one blocks.
///
/// Errors are what `compute` cannot use as it is (it stops, or leaves rows out): values that are
/// not numbers, rows with a wrong field count, rows without keys or with an implausible fiscal
/// year, duplicate institution-years. Warnings are what it handles row by row: year gaps, interim
/// rows, and the registry's plausibility rules, whose rows it computes with the indicators they
/// feed missing (`implausible_input`).
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
        /// For the inputs of the adjustments: the adjusted indicators a blank leaves missing (none
        /// when a blank counts as 0).
        public var blankBlocks: [String]?
    }

    /// An institution-year, as named in the input.
    public struct InstitutionYear: Sendable, Codable, Hashable {
        /// The institution's id (or name, in a file without ids).
        public var mfiID: String
        /// The fiscal year, when the row has one.
        public var fiscalYear: Int?
        /// The indicators `compute` leaves missing in this row (`implausible_input`): those the
        /// problem can block that the row's other inputs would give, and any its prior year blocks.
        public var blocks: [String]?
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
        /// The indicators it leaves missing.
        public var blocks: [String]
        /// The reason `compute` gives those missing values (`implausible_input`), when it gives one.
        public var missingReason: String?
        /// Every institution-year concerned, with what `compute` blocks in it, for the plausibility
        /// rules.
        public var rows: [InstitutionYear]?
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
    /// Loads `inputs` reading past every problem (bad rows skipped, bad numbers missing, both
    /// counted) and reports on them.
    public static func run(_ inputs: [PanelInput], options: LoadOptions) throws -> QualityReport {
        var options = options
        options.csv.badRows = .skip
        options.values.badNumbers = .missing
        options.requiresInputFields = true
        let loaded = try PanelLoader(options: options).load(inputs)
        return report(loaded)
    }

    /// `value` as the shortest text that reads back to it.
    static func number(_ value: Double) -> String {
        var bytes: [UInt8] = []
        ShortestDouble.append(value, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Per table row, the indicators `compute` leaves missing with reason `implausible_input`
    /// (rows without any left out): the kernel run over the panel compute would build with its
    /// default options (duplicates resolved to the later row, which compute refuses), before any
    /// descriptor join, on the rows with an implausible input and the years after them.
    static func blockedIndicators(_ table: Table, suspects inputs: IndicatorInputs) -> [Int: [Indicator]] {
        guard (0..<table.rowCount).contains(where: { inputs.suspects[$0] != 0 }),
            let panel = try? InstitutionPanel(table: table, options: PanelOptions(duplicates: .keepLast))
        else { return [:] }
        let kernel = IndicatorKernel(table: table, panel: panel)
        let scratch = RowScratch.allocate()
        defer { scratch.deallocate() }
        var blocked: [Int: [Indicator]] = [:]
        for panelRow in 0..<panel.count {
            let row = Int(panel.rows[panelRow])
            let prior = Int(panel.priorRows[panelRow])
            guard inputs.suspects[row] != 0 || (prior >= 0 && inputs.suspects[prior] != 0) else { continue }
            kernel.computeRow(panelRow, into: scratch)
            let indicators = Indicator.allCases.filter {
                scratch.statuses[$0.rawValue] == MissingReason.implausibleInput.rawValue
            }
            if !indicators.isEmpty { blocked[row] = indicators }
        }
        return blocked
    }

    /// The values `rule` compared on `row` (`787184286 + 0 > 28503001`).
    static func values(of rule: PlausibilityRule, inputs: IndicatorInputs, row: Int) -> String {
        let subject = number(inputs[rule.subject][row])
        switch rule.condition {
        case .negative:
            return subject
        case .above(let limit, let plus):
            let added =
                plus.map { plus in " + " + number(inputs.has(plus) && !inputs[plus][row].isNaN ? inputs[plus][row] : 0)
                } ?? ""
            return subject + added + " > " + number(inputs[limit][row])
        }
    }

    /// The indicators that read `field`.
    static func indicators(reading field: String) -> [String] {
        IndicatorRegistry.all.filter { $0.inputFields.contains(field) }.map(\.id)
    }

    /// The report on a loaded panel.
    static func report(_ loaded: LoadedPanel) -> QualityReport {
        let table = loaded.table
        var problems: [QualityReport.Problem] = []
        func problem(
            _ severity: QualityReport.Severity, _ kind: String, field: String? = nil, count: Int,
            unit: String = "rows", _ message: String, examples: [String] = [], blocks: [String],
            reason: MissingReason? = nil, rows: [Int]? = nil, rowBlocks: [[Indicator]]? = nil
        ) {
            guard count > 0 else { return }
            let listed = rows.map { rows in
                rows.indices.map { index in
                    var listed = institutionYear(rows[index])
                    listed.blocks = rowBlocks?[index].map(\.id)
                    return listed
                }
            }
            problems.append(
                .init(
                    severity: severity, kind: kind, field: field, count: count, unit: unit, message: message,
                    examples: examples, blocks: blocks, missingReason: reason?.name, rows: listed))
        }
        let ids = table.text("mfi_id") ?? table.text("mfi_name")
        let years = table.integer("fiscal_year")
        func label(_ row: Int) -> String {
            "MFI \(ids?[row] ?? "?"), \(years?.value(at: row).map(String.init) ?? "?")"
        }
        func institutionYear(_ row: Int) -> QualityReport.InstitutionYear {
            .init(mfiID: ids?[row] ?? "", fiscalYear: years?.value(at: row).map(Int.init), blocks: nil)
        }
        let everything = IndicatorRegistry.all.map(\.id)

        // Reading problems.
        let skipped = loaded.report.inputs.reduce(0) { $0 + $1.skippedRows }
        let skippedLines = loaded.report.inputs.flatMap { input in
            input.skippedRowLines.map { "\(input.name): line \($0)" }
        }
        problem(
            .error, "bad_row", count: skipped, "rows with another number of fields than the header (left out)",
            examples: Array(skippedLines.prefix(3)), blocks: everything)
        for match in table.plan.materialized {
            guard let column = table.number(match.field.key) else { continue }
            problem(
                .error, "unparseable_value", field: match.field.key, count: column.badNumberCount, unit: "values",
                "values in '\(match.header)' that are not numbers", examples: column.badNumberExamples,
                blocks: indicators(reading: match.field.key))
        }
        if let years, years.badValueCount > 0, let match = table.plan.match(for: "fiscal_year") {
            let range = FiscalYear.plausible
            problem(
                .error, "invalid_year", field: "fiscal_year", count: years.badValueCount, unit: "values",
                "values in '\(match.header)' that are not fiscal years from \(range.lowerBound) to \(range.upperBound)"
                    + " (those rows are left out)",
                examples: years.badValueExamples, blocks: everything)
        }
        if ids == nil || years == nil {
            problem(
                .error, "missing_key_column", count: table.rowCount,
                "no \(ids == nil ? "'MFI ID' (or 'MFI Name')" : "'Fiscal Year'") column: rows cannot form a panel",
                blocks: everything)
        }

        // Keys: missing, duplicated; years: gaps.
        var institutions = 0
        var firstYear: Int?
        var lastYear: Int?
        if let ids, let years {
            var withoutKeys: [Int] = []
            // Rows whose year is not plausible are listed under invalid_year, not again here.
            let invalidYears = Set(years.badValueRows)
            var yearsByInstitution: [UInt32: [Int64]] = [:]
            var rowOfKey: [UInt64: Int] = [:]
            var duplicates: [String] = []
            var duplicateCount = 0
            for row in 0..<table.rowCount {
                let code = ids.code(at: row)
                guard code != TextColumn.missing, let year = years.value(at: row) else {
                    if !invalidYears.contains(row) { withoutKeys.append(row) }
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
            problem(
                .error, "missing_key", count: withoutKeys.count,
                "rows without an institution id or a fiscal year (left out)",
                examples: withoutKeys.prefix(3).map { "data row \($0 + 1)" }, blocks: everything)
            problem(
                .error, "duplicate_institution_year", count: duplicateCount,
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
            problem(
                .warning, "year_gap", count: gapCount, unit: "institutions",
                "institutions with a missing fiscal year between two reported ones: the year after a gap has no prior year",
                examples: gaps, blocks: needPriorYear, reason: .noPriorYear)
        }
        if let period = table.text("period_type") {
            let interim = (0..<table.rowCount).filter { row in
                period[row].map { !InstitutionPanel.isAnnual(periodType: $0) } ?? false
            }
            problem(
                .warning, "interim_rows", field: "period_type", count: interim.count,
                "interim rows (Period Type other than ANN): not annual observations, left out unless --include-interim",
                examples: interim.prefix(3).map(label), blocks: everything)
        }

        // Implausible values: the registry's rules, evaluated as the kernel evaluates them.
        let inputs = IndicatorInputs(table: table)
        let blocked = blockedIndicators(table, suspects: inputs)
        for rule in PlausibilityRules.all where rule.requiredInputs.allSatisfy(inputs.has) {
            var rows: [Int] = []
            rule.evaluate(inputs, rows: 0..<table.rowCount) { row, fires in if fires { rows.append(row) } }
            problem(
                .warning, rule.kind, field: rule.subject.key, count: rows.count, rule.message,
                examples: rows.prefix(3).map { "\(label($0)): \(values(of: rule, inputs: inputs, row: $0))" },
                blocks: rule.blocks.map(\.id), reason: .implausibleInput, rows: rows,
                rowBlocks: rows.map { blocked[$0] ?? [] })
        }
        // Rows with no implausible input of their own that read one of their prior year's.
        let priorYearRows = blocked.keys.filter { inputs.suspects[$0] == 0 }.sorted()
        problem(
            .warning, "implausible_prior_year", count: priorYearRows.count,
            "institution-years whose prior year has an input a rule does not believe, read here by growth rates"
                + " or by period averages without an explicit average column",
            examples: priorYearRows.prefix(3).map(label),
            blocks: Set(priorYearRows.flatMap { blocked[$0] ?? [] }).sorted().map(\.id),
            reason: .implausibleInput, rows: priorYearRows, rowBlocks: priorYearRows.map { blocked[$0]! })
        if let assets = table.number("assets"), let liabilities = table.number("liabilities"),
            let equity = table.number("equity")
        {
            let rows = (0..<table.rowCount).filter {
                abs(assets[$0] - (liabilities[$0] + equity[$0])) > 0.01 * abs(assets[$0])
            }
            problem(
                .warning, "balance_sheet_mismatch", count: rows.count,
                "assets differ from liabilities + equity by more than 1%: roa, roe, debt_to_equity and"
                    + " capital_to_assets are computed, but one of the three amounts is wrong",
                examples: rows.prefix(3).map {
                    "\(label($0)): \(number(assets[$0])) vs \(number(liabilities[$0] + equity[$0]))"
                },
                blocks: [])
        }

        // Coverage of keys, descriptors and spec inputs.
        let fields = FieldCatalog.keys + FieldCatalog.descriptors + FieldCatalog.inputs
        let coverage = fields.map { field -> QualityReport.Coverage in
            let match = table.plan.match(for: field.key)
            let present = table.columns[field.key].map { table.rowCount - $0.missingCount } ?? 0
            let adjustmentInput = IndicatorRegistry.adjustmentInputs.contains { $0.key == field.key }
            return .init(
                field: field.key, header: match?.header, rows: present,
                share: table.rowCount == 0 ? 0 : Double(present) / Double(table.rowCount),
                blankBlocks: adjustmentInput
                    ? IndicatorRegistry.adjusted.map(IndicatorRegistry.definition).filter { $0.needs(field.key) }
                        .map(\.id) : nil)
        }
        // Errors first, otherwise in the order found.
        problems = problems.filter { $0.severity == .error } + problems.filter { $0.severity == .warning }
        return QualityReport(
            inputs: loaded.report.inputs.map(\.name), rows: table.rowCount, institutions: institutions,
            firstYear: firstYear, lastYear: lastYear, coverage: coverage, problems: problems)
    }
}
