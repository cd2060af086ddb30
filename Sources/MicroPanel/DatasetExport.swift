import MicroPanelColumns
import MicroPanelIndicators
import MicroPanelOutput
import MicroPanelSupport

/// The binary outputs of `compute` and `summarize` (`-o FILE.dta`, `-o FILE.parquet`): the
/// columns of the CSV output, typed, with the registry's names as labels and `depth_tier` as a
/// labelled category.
enum DatasetExport {
    /// A dataset's label: the tool and version, what made it (`summary`), the amounts' unit
    /// when converted, the inputs (`MicroPanel 1.2.0 summary (amounts in 2015 US$): panel.csv`).
    static func datasetLabel(_ kind: String?, amounts: AmountUnit = AmountUnit(), inputs: [PanelInput]) -> String {
        "MicroPanel \(MicroPanelVersion.current)" + (kind.map { " \($0)" } ?? "")
            + (amounts.label.map { " (amounts in \($0))" } ?? "") + ": " + inputs.map(\.name).joined(separator: ", ")
    }

    /// Writes `dataset` to `sink` in `output`'s binary format (`.dta`, `.parquet`).
    static func write(_ dataset: Dataset, as output: TableOutput, to sink: any ByteSink, threads: Int) throws {
        switch output.format {
        case .dta:
            try StataWriter(dataset).write(to: sink)
        case .parquet:
            try ParquetWriter(
                dataset, createdBy: "MicroPanel version \(MicroPanelVersion.current)", rowGroupRows: output.rowGroupRows
            ).write(to: sink, threads: threads)
        case .csv, .tsv, .jsonl:
            preconditionFailure("\(output.format) is written row by row, not as a dataset")
        }
    }

    /// The label of a column the registry or the catalog names (cut to 80 bytes by Stata's
    /// writer); an amount's unit is `amountUnit` when converted (``AmountUnit``'s label).
    static func label(_ column: String, amountUnit: String? = nil) -> String {
        if let indicator = Indicator(id: column) {
            let definition = IndicatorRegistry.definition(indicator)
            let unit = definition.unit == .currency ? amountUnit ?? definition.unit.rawValue : definition.unit.rawValue
            return "\(definition.name) (\(unit))"
        }
        if column == "flags" { return "Why values are missing or approximate (indicator:reason; ...)" }
        return FieldCatalog.field(key: column)?.headers.first ?? column
    }

    /// A computed panel's rows `rows`: mfi_id, fiscal_year, the descriptors, `indicators`, flags;
    /// the indicators' columns built on `threads` threads.
    static func computed(
        _ prepared: PreparedPanel, results: IndicatorResults, rows: [Int], indicators: [Indicator], unit: String? = nil,
        label: String, threads: Int
    ) throws -> Dataset {
        let table = prepared.table
        let panel = prepared.panel
        let tableRows = rows.map { Int(panel.rows[$0]) }
        func text(_ key: String) -> Dataset.Column? {
            guard let column = table.text(key) else { return nil }
            return Dataset.Column(
                name: key, label: Self.label(key),
                values: .text(codes: tableRows.map { column.code(at: $0) }, values: column.dictionary))
        }
        var variables: [Dataset.Column] = [text(panel.institutionKey)!]
        variables[0].name = "mfi_id"
        let years = table.integer("fiscal_year")!
        variables.append(
            Dataset.Column(
                name: "fiscal_year", label: Self.label("fiscal_year"),
                values: .long(tableRows.map { years.value(at: $0) })))
        for key in IndicatorTableWriter.descriptorKeys where key != panel.institutionKey {
            if let variable = text(key) { variables.append(variable) }
        }
        // Kept input columns: numbers as doubles when every value is one, else text; named by
        // their headers (made valid Stata names by the writer, the header kept as the label).
        for header in prepared.keptHeaders {
            guard var variable = text(ColumnPlan.keptKey(header)),
                case .text(let codes, let values) = variable.values
            else { continue }
            variable.name = header
            variable.label = ""
            let numbers = values.map { Double($0.trimming(" ")) }
            if numbers.allSatisfy({ $0 != nil }) {
                variable.values = .double(codes.map { $0 == UInt32.max ? .nan : numbers[Int($0)]! })
            }
            variables.append(variable)
        }
        // The indicators' columns and the flags, each built on its own, on `threads` threads.
        let everyRow = rows.count == panel.count
        variables += try parallelMap(indicators.count + 1, threads: threads) { index -> Dataset.Column in
            guard index < indicators.count else { return flags(results, rows: rows, indicators: indicators) }
            let indicator = indicators[index]
            let values = results.values(of: indicator)
            if indicator == .depthTier {
                return Dataset.Column(
                    name: indicator.id, label: Self.label(indicator.id),
                    values: .labelled(
                        rows.map { values[$0].isNaN ? nil : Int(values[$0]) }, labels: IndicatorRegistry.depthTiers))
            }
            return Dataset.Column(
                name: indicator.id, label: Self.label(indicator.id, amountUnit: unit),
                values: .double(everyRow ? Array(values) : rows.map { values[$0] }))
        }
        return Dataset(label: label, columns: variables)
    }

    /// The `flags` column: rows with the same statuses share one string, built once.
    private static func flags(_ results: IndicatorResults, rows: [Int], indicators: [Indicator]) -> Dataset.Column {
        let statuses = indicators.map { results.statuses(of: $0) }
        var texts: [String] = []
        var firstRowOfCode: [Int] = []
        var codesByHash: [UInt64: [UInt32]] = [:]
        var codes: [UInt32] = []
        codes.reserveCapacity(rows.count)
        for row in rows {
            var hash: UInt64 = 0xCBF2_9CE4_8422_2325
            for column in statuses { hash = (hash ^ UInt64(column[row])) &* 0x0000_0100_0000_01B3 }
            let same = codesByHash[hash]?.first { code in
                let other = firstRowOfCode[Int(code)]
                return statuses.allSatisfy { $0[other] == $0[row] }
            }
            if let same {
                codes.append(same)
                continue
            }
            let code = UInt32(texts.count)
            texts.append(
                zip(indicators, statuses).compactMap { CellStatus(rawValue: $1[row]).flagEntry($0) }
                    .joined(separator: CellStatus.flagSeparator))
            firstRowOfCode.append(row)
            codesByHash[hash, default: []].append(code)
            codes.append(code)
        }
        return Dataset.Column(
            name: "flags", label: Self.label("flags"), values: .text(codes: codes, values: texts))
    }

    /// A peer-group summary, long or wide, as `summarize` writes it: groups and indicator ids as
    /// text (a group of whole numbers, `fiscal_year`, as longs), counts as longs, statistics as doubles.
    /// `amountUnit`: the converted amounts' unit, in the wide columns' labels.
    static func summary(_ summary: PeerGroupSummary, wide: Bool, label: String, amountUnit: String? = nil) -> Dataset {
        let writer = SummaryTableWriter(summary: summary, format: .csv, wide: wide)
        let rows = writer.cells
        let variables = writer.columnNames.enumerated().map { index, name -> Dataset.Column in
            let cells = rows.map { $0[index] }
            var columnLabel = Self.label(name)
            if wide, let cut = name.lastIndex(of: "_"), let indicator = Indicator(id: String(name[..<cut])) {
                let definition = IndicatorRegistry.definition(indicator)
                let unit = definition.unit == .currency ? amountUnit.map { " (\($0))" } ?? "" : ""
                columnLabel = "\(definition.name)\(unit): \(name[name.index(after: cut)...])"
            }
            if summary.fields.contains(name) || name == "indicator" {
                let texts: [String?] = cells.map { cell in
                    if case .text(let text) = cell { return text }
                    return nil
                }
                if summary.fields.contains(name), texts.allSatisfy({ $0 == nil || Int64($0!) != nil }) {
                    return Dataset.Column(
                        name: name, label: columnLabel, values: .long(texts.map { $0.flatMap { Int64($0) } }))
                }
                let values = Array(Set(texts.compactMap { $0 })).sorted()
                let code = Dictionary(uniqueKeysWithValues: values.enumerated().map { ($1, UInt32($0)) })
                return Dataset.Column(
                    name: name, label: columnLabel,
                    values: .text(codes: texts.map { $0.map { code[$0]! } ?? UInt32.max }, values: values))
            }
            if wide ? name.hasSuffix("_n") : name == "n" {
                return Dataset.Column(
                    name: name, label: columnLabel,
                    values: .long(
                        cells.map { cell -> Int64? in
                            if case .integer(let n) = cell { return Int64(n) }
                            return nil
                        }))
            }
            return Dataset.Column(
                name: name, label: columnLabel,
                values: .double(
                    cells.map { cell -> Double in
                        if case .number(let value) = cell { return value }
                        return .nan
                    }))
        }
        return Dataset(label: label, columns: variables)
    }

    /// A table of cells (the poverty rates, a tape's panel) as a dataset: a column of whole
    /// numbers as longs, of numbers as doubles, of text as text (each distinct value once).
    static func cells(columns: [String], rows: [[TableCell]], label: String) -> Dataset {
        Dataset(
            label: label,
            columns: columns.indices.map { index in
                let cells = rows.map { $0[index] }
                let name = columns[index]
                if cells.allSatisfy({ if case .text = $0 { false } else { true } }) {
                    if cells.allSatisfy({ if case .number = $0 { false } else { true } }) {
                        return Dataset.Column(
                            name: name, label: name,
                            values: .long(cells.map { if case .integer(let value) = $0 { Int64(value) } else { nil } }))
                    }
                    return Dataset.Column(
                        name: name, label: name,
                        values: .double(
                            cells.map { cell in
                                switch cell {
                                case .integer(let value): return Double(value)
                                case .number(let value): return value
                                default: return .nan
                                }
                            }))
                }
                var codes: [UInt32] = []
                var values: [String] = []
                var codeOf: [String: UInt32] = [:]
                for cell in cells {
                    let text: String
                    switch cell {
                    case .text(let value): text = value
                    case .integer(let value): text = String(value)
                    case .number(let value): text = value.isFinite ? "\(value)" : ""
                    case .missing: text = ""
                    }
                    if text.isEmpty {
                        codes.append(UInt32.max)
                    } else if let code = codeOf[text] {
                        codes.append(code)
                    } else {
                        codeOf[text] = UInt32(values.count)
                        codes.append(UInt32(values.count))
                        values.append(text)
                    }
                }
                return Dataset.Column(name: name, label: name, values: .text(codes: codes, values: values))
            })
    }
}
