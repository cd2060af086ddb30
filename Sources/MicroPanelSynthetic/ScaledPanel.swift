import MicroPanelCSV
import MicroPanelGzip
import MicroPanelResources

/// A generator that scales a real MIX panel to any size: each synthetic institution copies one
/// real institution's series — its years, gaps and missing cells as MIX published them — with
/// its amounts and counts scaled by a factor drawn for the institution (log-normal) and varied a
/// little from year to year, its years shifted, and ratios (scale-free) kept.
///
/// Deterministic: the same template, seed and size give the same bytes.
public struct ScaledPanel: Sendable {
    /// The header, as in the template.
    public let header: [String]
    private let columns: [ColumnRole]
    /// The template's institutions, each a series of rows of cells.
    private let institutions: [[[TemplateCell]]]

    private enum ColumnRole: Sendable { case id, name, year, date, text, ratio, amount }

    private struct TemplateCell: Sendable {
        /// The cell as written (CSV-encoded).
        var bytes: [UInt8]
        /// For amounts: the value and its decimals.
        var value: Double
        var decimals: Int
        /// Whole in the template (a count, or an amount in whole units): stays whole when scaled.
        var whole: Bool
    }

    /// A generator scaling the bundled MIX sample (254 institution-years, 170 columns).
    public static func bundledSample() throws -> ScaledPanel {
        let reader = try GzipReader(file: InputFile(bytes: BundledData.mixSampleGzip, name: BundledData.mixSampleName))
        var text: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = try chunk.withUnsafeMutableBytes { try reader.read(into: $0) }
            if count == 0 { break }
            text += chunk[0..<count]
        }
        return try ScaledPanel(template: text)
    }

    /// A generator scaling `template`, a MIX-style CSV with `MFI ID`, `MFI Name` and `Fiscal Year`.
    public init(template: [UInt8]) throws {
        let scanner = CSVScanner()
        let space = scanner.reserveSpace(atLeast: template.count)
        space.copyBytes(from: template)
        try scanner.commit(template.count)
        var rows: [[String]] = []
        func take() {
            let batch = scanner.batch
            for row in 0..<batch.rowCount {
                rows.append((0..<batch.fieldsPerRow).map { CSVField.string(batch.field(row: row, column: $0)) ?? "" })
            }
        }
        take()
        try scanner.finish()
        take()
        header = scanner.header?.names ?? []
        let roles = header.map(Self.role)
        guard let idColumn = roles.firstIndex(where: { if case .id = $0 { true } else { false } }),
            roles.contains(where: { if case .year = $0 { true } else { false } })
        else {
            throw CSVError(
                kind: .missingColumns(["MFI ID", "Fiscal Year"], what: "a template"), line: 1, byteOffset: 0)
        }
        columns = roles
        var series: [[[TemplateCell]]] = []
        var lastID: String?
        for row in rows {
            let cells = zip(row, roles).map { text, role -> TemplateCell in
                var cell = TemplateCell(bytes: Self.encoded(text), value: .nan, decimals: 0, whole: false)
                if case .amount = role, let value = Double(text) {
                    cell.value = value
                    cell.decimals = text.firstIndex(of: ".").map { text.distance(from: $0, to: text.endIndex) - 1 } ?? 0
                    cell.whole = value == value.rounded()
                } else if case .year = role {
                    cell.value = Double(text) ?? .nan
                } else if case .date = role {
                    cell.value = Double(text) ?? .nan
                }
                return cell
            }
            if row[idColumn] != lastID { series.append([]) }
            series[series.count - 1].append(cells)
            lastID = row[idColumn]
        }
        institutions = series
    }

    /// How a column is generated, from its (MIX) name.
    private static func role(_ name: String) -> ColumnRole {
        let words = " " + name.lowercased().split { !$0.isLetter && !$0.isNumber }.joined(separator: " ") + " "
        switch words {
        case " mfi id ": return .id
        case " mfi name ": return .name
        case " fiscal year ": return .year
        case " as of date ": return .date
        case " country ", " region ", " currency ", " period type ", " iso3 ", " legal status ": return .text
        default: break
        }
        let scaleFree = [
            " ratio ", " rate ", " per ", " percent", " yield ", " return on ", " self sufficiency ", " margin ",
            " coverage ", " portfolio at risk ", " average outstanding balance ", " to total assets ",
            " to loans ", " salary ", " allocation ",
        ]
        if name.contains("/") || name.contains("%") || scaleFree.contains(where: words.contains) { return .ratio }
        return .amount
    }

    private static func encoded(_ text: String) -> [UInt8] {
        let bytes = Array(text.utf8)
        guard bytes.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) else { return bytes }
        var quoted: [UInt8] = [0x22]
        for byte in bytes {
            quoted.append(byte)
            if byte == 0x22 { quoted.append(0x22) }
        }
        return quoted + [0x22]
    }

    /// Writes `rows` institution-years (header first, LF line ends) to `sink` in chunks of
    /// about 1 MiB.
    public func write(rows: Int, seed: UInt64, to sink: (UnsafeRawBufferPointer) throws -> Void) rethrows {
        var out = TextBuffer(capacity: 1 << 20)
        out.append(header.map { String(decoding: Self.encoded($0), as: UTF8.self) }.joined(separator: ","))
        out.newline()
        var random = SplitMix64(seed: seed)
        var written = 0
        var institution = 0
        while written < rows {
            institution += 1
            let template = institutions[random.below(institutions.count)]
            let scale = random.logNormal(mu: 0, sigma: 1.2)
            let yearShift = random.below(13) - 6
            for row in template where written < rows {
                let factor = scale * (0.975 + 0.05 * random.unit())
                for (column, cell) in row.enumerated() {
                    if column > 0 { out.comma() }
                    switch columns[column] {
                    case .id:
                        out.append("G\(institution)")
                    case .name:
                        out.bytes(
                            cell.bytes.isEmpty
                                ? [] : Self.encoded("\(String(decoding: cell.bytes, as: UTF8.self)) \(institution)"))
                    case .year:
                        if !cell.value.isNaN { out.fixed(cell.value + Double(yearShift), decimals: 0) }
                    case .date:
                        if !cell.value.isNaN { out.fixed(cell.value + Double(365 * yearShift), decimals: 0) }
                    case .text, .ratio:
                        out.bytes(cell.bytes)
                    case .amount:
                        if cell.value.isNaN {
                            out.bytes(cell.bytes)
                        } else {
                            let scaled = cell.value * factor
                            out.fixed(cell.whole ? scaled.rounded() : scaled, decimals: cell.decimals)
                        }
                    }
                }
                out.newline()
                written += 1
                if out.count >= (1 << 20) - 16 * 1024 {
                    try out.withBytes(sink)
                    out.clear()
                }
            }
        }
        try out.withBytes(sink)
    }
}
