import MicroPanelCSV
import MicroPanelColumns
import MicroPanelGzip
import MicroPanelResources
import MicroPanelWorkbook

/// An input panel: a file (`-` for standard input), or bytes in memory such as the bundled sample.
public enum PanelInput: Sendable {
    /// A file path; `-` is standard input.
    case file(String)
    /// Bytes (plain or gzip CSV) with a name for messages.
    case memory(name: String, bytes: [UInt8])

    /// The bundled MIX sample.
    public static var bundledSample: PanelInput {
        .memory(name: BundledData.mixSampleName, bytes: BundledData.mixSampleGzip)
    }

    /// The bundled MicroRate-29 table of 2001: published indicators of 29 institutions.
    public static var microRate29: PanelInput {
        .memory(name: BundledData.microRate29Name, bytes: BundledData.microRate29)
    }

    /// The name used in messages and reports.
    public var name: String {
        switch self {
        case .file(let path): return path
        case .memory(let name, _): return name
        }
    }

    /// The input's bytes to scan: the file or bytes as they are, or an `.xlsx` workbook's sheet
    /// `sheet` (the first when nil) as CSV text (``Workbook``; told apart by content, in a file).
    func open(sheet: String? = nil) throws -> InputFile {
        switch self {
        case .file(let path):
            if path != "-" && Self.startsAsWorkbook(path) {
                return try Self.sheet(
                    of: InputBytes.read(path: path, limit: Self.workbookLimit), name: path, sheet: sheet)
            }
            if let sheet { throw UsageError("--sheet \(sheet): \(path) is not an .xlsx workbook") }
            return try InputFile(path: path)
        case .memory(let name, let bytes):
            if Workbook.isWorkbook(bytes) { return try Self.sheet(of: bytes, name: name, sheet: sheet) }
            if let sheet { throw UsageError("--sheet \(sheet): \(name) is not an .xlsx workbook") }
            return InputFile(bytes: bytes, name: name)
        }
    }

    /// The largest workbook read (it is held in memory, compressed, with its sheet as CSV text).
    static let workbookLimit = 1 << 30

    private static func sheet(of bytes: [UInt8], name: String, sheet: String?) throws -> InputFile {
        InputFile(bytes: try Workbook(bytes: bytes, file: name).csv(sheet: sheet), name: name)
    }

    /// Whether the file at `path` begins as a zip archive (an `.xlsx` workbook) does.
    private static func startsAsWorkbook(_ path: String) -> Bool {
        guard let file = try? InputFile(path: path) else { return false }
        defer { file.close() }
        var start = [UInt8](repeating: 0, count: 4)
        let count = (try? start.withUnsafeMutableBytes { try file.read(into: $0, offsetForErrors: 0) }) ?? 0
        return count == 4 && Workbook.isWorkbook(start)
    }
}

/// Reads panel files (gzip or plain CSV, told apart by content) into one table.
///
/// Streams each file through zlib and the CSV scanner in bounded memory; only the planned
/// columns are materialised. Several files are one panel and must share one header.
public struct PanelLoader: Sendable {
    /// How files are read.
    public var options: LoadOptions
    /// Threads that may inflate BGZF members at once.
    public var threads: Threads

    /// A loader with `options`, inflating on up to `threads` threads.
    public init(options: LoadOptions = LoadOptions(), threads: Threads = Threads()) {
        self.options = options
        self.threads = threads
    }

    /// Loads `paths` (`-` is standard input) into one table. Throws `InputError`, `CSVError` or `PanelError`,
    /// each naming the file.
    public func load(paths: [String]) throws -> LoadedPanel {
        try load(paths.map(PanelInput.file))
    }

    /// Loads `inputs` into one table.
    public func load(_ inputs: [PanelInput]) throws -> LoadedPanel {
        guard !inputs.isEmpty else { throw UsageError("no input: a panel needs at least one file") }
        let clock = ContinuousClock()
        let started = clock.now
        var builder: TableBuilder?
        var firstHeader: (file: String, names: [String])?
        var summaries: [InputSummary] = []
        var rowsBefore = 0
        for input in inputs {
            let file = try input.open(sheet: options.sheet)
            let path = file.name
            if options.computeDigests { file.computeDigest() }
            let reader = try GzipReader(file: file)
            let fileSize = reader.inputFileSize
            let scanner = CSVScanner(options: options.csv)
            let pipeline = DecodeAhead(reader: reader, chunkSize: options.readSize, threads: threads.count)
            // Stopped however the load of this input ends: a failed one leaves no thread behind.
            defer { pipeline.stop() }
            var sniffer = InputSniffer()
            func notText(_ problem: String?) throws {
                guard let problem else { return }
                throw CSVError(kind: .notText(content: problem), line: 1, byteOffset: 0, file: path)
            }
            do {
                var headerChecked = false
                func take(spareTime: Bool) throws {
                    if !headerChecked, let header = scanner.header {
                        headerChecked = true
                        if let first = firstHeader {
                            guard first.names == header.names else {
                                throw headerMismatch(path: path, header: header.names, first: first)
                            }
                        } else {
                            firstHeader = (path, header.names)
                            let overridden = try options.planOverride?(header.names)
                            var plan =
                                try overridden
                                ?? ColumnPlan(
                                    header: header.names, mapping: options.mapping,
                                    requested: options.requestedFields)
                            if !options.keep.isEmpty && overridden == nil {
                                plan = plan.keeping(
                                    columns: try Self.keptColumns(options.keep, of: header.names, path: path))
                            }
                            if options.requiresInputFields && overridden == nil {
                                try Self.requireInputFields(plan, path: path)
                            }
                            builder = TableBuilder(plan: plan, options: options.values)
                        }
                    }
                    if let builder, scanner.batch.rowCount > 0 {
                        try builder.append(scanner.batch)
                        try options.afterBatch?(builder, path, spareTime)
                    }
                }
                while let fileBytesRead = try pipeline.next({ bytes, fileBytesRead in
                    try notText(sniffer.look(at: bytes))
                    try scanner.append(bytes)
                    return fileBytesRead
                }) {
                    try take(spareTime: !pipeline.nextChunkReady)
                    options.progress?(
                        LoadProgress(
                            file: path, fileBytesRead: fileBytesRead, fileSize: fileSize,
                            rows: rowsBefore + scanner.rowCount))
                }
                try notText(sniffer.finish())
                try scanner.finish()
                try take(spareTime: true)
            } catch var error as CSVError {
                error.file = path
                throw error
            }
            summaries.append(
                InputSummary(
                    peakInflatingWorkers: pipeline.peakInflatingWorkers, name: path, format: reader.format,
                    gzipMembers: reader.members, fileBytes: reader.inputBytesRead,
                    textBytes: reader.outputBytes, rows: scanner.rowCount, skippedRows: scanner.skippedRowCount,
                    skippedRowLines: scanner.skippedRowLines, blankLines: scanner.blankLineCount,
                    delimiter: scanner.header?.delimiter ?? UInt8(ascii: ","),
                    hadByteOrderMark: scanner.header?.hadByteOrderMark ?? false, sha256: file.digest?.hexDigest()))
            rowsBefore += scanner.rowCount
        }
        let table = builder!.finish()
        let origins = RowOrigins(lines: builder!.lines, inputs: summaries.map { ($0.name, $0.rows) })
        if rowsBefore == 0 {
            let skipped = summaries.reduce(0) { $0 + $1.skippedRows }
            throw PanelError(.noDataRows(inputs: inputs.map(\.name).joined(separator: ", "), skippedRows: skipped))
        }
        let seconds = (clock.now - started).seconds
        return LoadedPanel(table: table, report: LoadReport(inputs: summaries, seconds: seconds, origins: origins))
    }

    /// The columns `--keep` names: each header as written, else compared normalised; a header
    /// the file does not have is a usage error naming the nearest one.
    static func keptColumns(_ names: [String], of header: [String], path: String) throws(UsageError) -> [Int] {
        func column(_ name: String) -> Int? {
            header.firstIndex(of: name)
                ?? header.firstIndex { FieldName.normalize($0) == FieldName.normalize(name) }
        }
        var columns: [Int] = []
        for name in names {
            // A header with a comma is named whole; otherwise a value may list several.
            let parts = column(name) != nil ? [name] : name.split(separator: ",").map { String($0).trimming(" ") }
            for part in parts where !part.isEmpty {
                guard let found = column(part) else {
                    if let nearest = FieldName.nearest(to: part, among: header) {
                        throw UsageError("--keep: \(path) has no column '\(part)'; did you mean '\(nearest)'?")
                    }
                    throw UsageError(
                        "--keep: \(path) has no column '\(part)' (micropanel inspect \(path) lists its \(header.count) columns)"
                    )
                }
                if !columns.contains(found) { columns.append(found) }
            }
        }
        return columns
    }

    /// Throws when `plan` matched no amount or count field: the file is not a panel.
    private static func requireInputFields(_ plan: ColumnPlan, path: String) throws(PanelError) {
        guard !plan.materialized.contains(where: { $0.field.role == .input }) else { return }
        throw PanelError(
            .notAPanel(columnCount: plan.headerNames.count, matched: plan.materialized.map(\.header), path: path),
            file: path)
    }

    private func headerMismatch(path: String, header: [String], first: (file: String, names: [String])) -> CSVError {
        let difference: String
        if header.count != first.names.count {
            difference = "\(header.count) columns against \(first.names.count)"
        } else {
            let column = header.indices.first { header[$0] != first.names[$0] }!
            difference = "column \(column + 1) is '\(header[column])' where \(first.file) has '\(first.names[column])'"
        }
        return CSVError(
            kind: .headerMismatch(firstFile: first.file, difference: difference),
            line: 1, byteOffset: 0, file: path)
    }
}

extension Duration {
    /// The duration in seconds.
    var seconds: Double {
        let parts = components
        return Double(parts.seconds) + Double(parts.attoseconds) * 1e-18
    }
}
