import MicroPanelColumns
import MicroPanelIndicators

/// Writes a computed panel: one row per institution-year in panel order — `mfi_id`,
/// `fiscal_year`, the descriptors the table has, the chosen indicators in spec order, then
/// `flags` (`indicator:reason` pairs joined by `;`, or a JSON object).
///
/// Missing values are empty cells (CSV, TSV) or `null` (JSON); numbers are the shortest text
/// that reads back to the same Double, so pandas, R and Stata read the file directly.
public struct IndicatorTableWriter {
    /// Descriptor columns written when the table has them, in this order.
    public static let descriptorKeys = ["mfi_name", "country", "iso3", "region", "currency", "legal_status"]

    let table: Table
    let panel: InstitutionPanel
    let results: IndicatorResults
    let indicators: [Indicator]
    let format: OutputFormat

    /// A writer of `indicators` (in spec order) for every panel row.
    public init(table: Table, panel: InstitutionPanel, results: IndicatorResults, indicators: [Indicator],
                format: OutputFormat) {
        self.table = table
        self.panel = panel
        self.results = results
        self.indicators = indicators.sorted()
        self.format = format
    }

    /// The column names, in order.
    public var columnNames: [String] {
        ["mfi_id", "fiscal_year"] + descriptors.map(\.key) + indicators.map(\.id) + ["flags"]
    }

    private var descriptors: [(key: String, column: TextColumn)] {
        Self.descriptorKeys.compactMap { key in
            key == panel.institutionKey ? nil : table.text(key).map { (key, $0) }
        }
    }

    /// Writes the whole table to `sink`, about 1 MiB at a time.
    public func write(to sink: ByteSink) throws {
        let ids = table.text(panel.institutionKey)!
        let years = table.integer("fiscal_year")!
        let descriptors = self.descriptors
        let names = columnNames
        let delimiter: UInt8 = format == .tsv ? 0x09 : 0x2C
        // Each distinct text value is encoded once.
        func encoded(_ column: TextColumn) -> [[UInt8]] {
            column.dictionary.map { format == .jsonl ? TextEncoding.jsonString($0) : TextEncoding.delimitedField($0, delimiter: delimiter) }
        }
        let idText = encoded(ids)
        let descriptorText = descriptors.map { encoded($0.column) }
        let keyText = names.map { TextEncoding.jsonString($0) + [0x3A] }
        let tiers = IndicatorRegistry.depthTiers.map { format == .jsonl ? TextEncoding.jsonString($0) : Array($0.utf8) }
        let indicatorIDs = indicators.map { Array($0.id.utf8) }

        var buffer: [UInt8] = []
        buffer.reserveCapacity(1 << 21)
        if format != .jsonl {
            buffer += names.map { Array($0.utf8) }.joined(separator: [delimiter])
            buffer.append(0x0A)
        }
        var flags: [UInt8] = []
        for row in 0..<panel.count {
            let tableRow = Int(panel.rows[row])
            var column = 0
            func separator() {
                if format == .jsonl {
                    buffer.append(column == 0 ? 0x7B : 0x2C)
                    buffer += keyText[column]
                } else if column > 0 {
                    buffer.append(delimiter)
                }
                column += 1
            }
            func null() { if format == .jsonl { buffer += [0x6E, 0x75, 0x6C, 0x6C] } }

            separator()
            buffer += idText[Int(ids.code(at: tableRow))]
            separator()
            appendInteger(years[tableRow], to: &buffer)
            for (index, descriptor) in descriptors.enumerated() {
                separator()
                let code = descriptor.column.code(at: tableRow)
                if code == TextColumn.missing { null() } else { buffer += descriptorText[index][Int(code)] }
            }
            flags.removeAll(keepingCapacity: true)
            for (index, indicator) in indicators.enumerated() {
                separator()
                let value = results.value(indicator, row: row)
                let status = results.status(indicator, row: row)
                if value.isNaN {
                    null()
                } else if indicator == .depthTier {
                    buffer += tiers[Int(value)]
                } else {
                    NumberText.appendShortest(value, to: &buffer)
                }
                appendFlag(status, id: indicatorIDs[index], to: &flags)
            }
            separator()
            if format == .jsonl {
                buffer.append(0x7B)
                buffer += flags
                buffer += [0x7D, 0x7D]
            } else {
                buffer += flags
            }
            buffer.append(0x0A)
            if buffer.count >= 1 << 20 {
                try buffer.withUnsafeBytes { try sink.write($0) }
                buffer.removeAll(keepingCapacity: true)
            }
        }
        try buffer.withUnsafeBytes { try sink.write($0) }
    }

    /// Appends `id:reason` (or flags such as `avg_fallback`, joined by `+`) to `flags`.
    private func appendFlag(_ status: CellStatus, id: [UInt8], to flags: inout [UInt8]) {
        let words: [String]
        if let reason = status.missingReason {
            words = [reason.name]
        } else {
            words = status.flags.names
            if words.isEmpty { return }
        }
        let text = Array(words.joined(separator: "+").utf8)
        if format == .jsonl {
            if !flags.isEmpty { flags.append(0x2C) }
            flags.append(0x22)
            flags += id
            flags += [0x22, 0x3A, 0x22]
            flags += text
            flags.append(0x22)
        } else {
            if !flags.isEmpty { flags.append(0x3B) }
            flags += id
            flags.append(0x3A)
            flags += text
        }
    }

    private func appendInteger(_ value: Int64, to buffer: inout [UInt8]) {
        buffer += Array(String(value).utf8)
    }
}
