import MicroPanel
import MicroPanelCSV
import MicroPanelColumns
import MicroPanelGzip
import MicroPanelIndicators
import MicroPanelOutput
import MicroPanelWorkbook

#if canImport(Glibc)
    import Glibc
#endif

/// The bodies of MicroPanel's fuzz targets: each runs one stage on arbitrary bytes and checks
/// what must hold whatever the input — the same result however the input is split into reads,
/// a parser that agrees with its reference — returning a description of the first broken rule.
///
/// A crash is a finding too. The fuzzers (`Fuzz/`, `scripts/fuzz`) trap on a returned violation;
/// the test suite replays the inputs they found (`Tests/Fixtures/fuzz/TARGET/`) through the same
/// functions.
public enum FuzzTargets {
    /// The targets by name.
    public static let all: [String: @Sendable ([UInt8]) -> String?] = [
        "gzip": gzip, "csv": csv, "number": number, "load": load, "workbook": workbook,
    ]

    /// Decoded bytes kept per input; more is a decompression bomb, cut short alike in both reads.
    static let outputLimit = 32 << 20

    // MARK: workbook

    /// The `.xlsx` reader: the first sheet converted a megabyte at a time and a few bytes at a
    /// time (the count from the first byte) gives the same CSV text, or the same error.
    public static func workbook(_ data: [UInt8]) -> String? {
        let small = 1 + Int(data.first ?? 0) % 64
        func convert(_ chunkSize: Int) -> String {
            do {
                let text = try Workbook(bytes: data, file: "fuzz").csv(chunkSize: chunkSize)
                return "\(text.count) bytes, \(text.reduce(0) { ($0 &* 31) &+ Int($1) })"
            } catch {
                return "error: \(error)"
            }
        }
        let whole = convert(1 << 20)
        let pieces = convert(small)
        return whole == pieces ? nil : "workbook: chunks of 1 MiB and \(small) bytes differ: \(whole) against \(pieces)"
    }

    // MARK: gzip

    /// The gzip reader: the input read through a large buffer and through a small one (its size
    /// from the first byte) gives the same bytes, or the same error after bytes of which one
    /// read's are the start of the other's (a read that fails hands out nothing of its buffer).
    public static func gzip(_ data: [UInt8]) -> String? {
        let small = 1 + Int(data.first ?? 0) % 300
        let whole = inflate(data, bufferSize: 1 << 16)
        let pieces = inflate(data, bufferSize: small)
        if whole.error != pieces.error || (whole.error == nil && whole.bytes != pieces.bytes)
            || !isPrefix(whole.bytes, pieces.bytes)
        {
            return "gzip: reads of 65536 and \(small) bytes differ: \(whole.summary) against \(pieces.summary)"
        }
        return nil
    }

    private struct Inflated: Equatable {
        var bytes: [UInt8] = []
        var error: String?
        var summary: String { "\(bytes.count) bytes" + (error.map { ", then '\($0)'" } ?? "") }
    }

    /// Whether the shorter of `a` and `b` is the start of the other.
    private static func isPrefix<Element: Equatable>(_ a: [Element], _ b: [Element]) -> Bool {
        a.count <= b.count ? b.starts(with: a) : a.starts(with: b)
    }

    private static func inflate(_ data: [UInt8], bufferSize: Int) -> Inflated {
        var result = Inflated()
        do {
            let reader = try GzipReader(file: InputFile(bytes: data, name: "fuzz"))
            var buffer = [UInt8](repeating: 0, count: bufferSize)
            while result.bytes.count < outputLimit {
                let count = try buffer.withUnsafeMutableBytes { try reader.read(into: $0) }
                if count == 0 { break }
                result.bytes += buffer[0..<min(count, outputLimit - result.bytes.count)]
            }
        } catch {
            result.error = "\(error)"
        }
        return result
    }

    // MARK: CSV

    /// The CSV scanner and the column builder: the text scanned whole and in pieces (their size
    /// from the first byte, options from the second) gives the same fields; or both fail, after
    /// rows of which one scan's are the start of the other's; with the same error unless one
    /// names a size limit (a row, even the header, may pass its limit before the text in it is
    /// understood) or comes from the builder (a value it rejects may be reached before or after
    /// a later flaw the scanner finds, as the reads fall).
    public static func csv(_ data: [UInt8]) -> String? {
        let piece = 1 + Int(data.first ?? 0) % 200
        let flags = data.count > 1 ? data[1] : 0
        let options = CSVOptions(
            badRows: flags & 1 == 0 ? .error : .skip,
            maxFieldBytes: flags & 2 == 0 ? 1 << 20 : 64,
            maxRowBytes: flags & 4 == 0 ? 64 << 20 : 512)
        let whole = scan(data, pieceSize: max(data.count, 1), options: options)
        let pieces = scan(data, pieceSize: piece, options: options)
        let sameErrors =
            whole.error == pieces.error || whole.limitError || pieces.limitError
            || whole.builderError || pieces.builderError
        if (whole.error == nil) != (pieces.error == nil) || !sameErrors || whole.header != pieces.header
            || (whole.error == nil && whole != pieces)
            || !isPrefix(whole.fields, pieces.fields) || !isPrefix(whole.lines, pieces.lines)
        {
            return
                "csv: scanning whole and in pieces of \(piece) bytes differ: \(whole.summary) against \(pieces.summary)"
        }
        return nil
    }

    private struct Scanned: Equatable {
        var header: [String]?
        var fields: [[UInt8]] = []
        var lines: [Int] = []
        var tableRows = 0
        var error: String?
        /// The error is a field or row size limit.
        var limitError = false
        /// The column builder, not the scanner, failed.
        var builderError = false
        var summary: String {
            "\(lines.count) rows, \(fields.count) fields, \(tableRows) table rows"
                + (error.map { ", then '\($0)'" } ?? "")
        }
    }

    private static func scan(_ data: [UInt8], pieceSize: Int, options: CSVOptions) -> Scanned {
        var result = Scanned()
        let scanner = CSVScanner(options: options, initialCapacity: 1024)
        var builder: TableBuilder?
        func take() throws {
            if builder == nil, let header = scanner.header {
                result.header = header.names
                do { builder = TableBuilder(plan: try ColumnPlan(header: header.names)) } catch {
                    result.builderError = true
                    throw error
                }
            }
            let batch = scanner.batch
            for row in 0..<batch.rowCount {
                result.lines.append(batch.line(ofRow: row))
                for column in 0..<batch.fieldsPerRow {
                    result.fields.append(Array(batch.field(row: row, column: column)))
                }
            }
            if let builder, batch.rowCount > 0 {
                do { try builder.append(batch) } catch {
                    result.builderError = true
                    throw error
                }
            }
        }
        do {
            var offset = 0
            while offset < data.count {
                let end = min(offset + pieceSize, data.count)
                try data[offset..<end].withUnsafeBytes { try scanner.append($0) }
                try take()
                offset = end
            }
            try scanner.finish()
            try take()
            if let builder {
                let table = builder.finish()
                result.tableRows = table.rowCount
                if table.rowCount != scanner.rowCount {
                    result.error = "table has \(table.rowCount) rows, the scanner \(scanner.rowCount)"
                }
            }
        } catch {
            result.header = scanner.header?.names
            result.error = "\(error)"
            if let error = error as? CSVError {
                switch error.kind {
                case .fieldTooLong, .rowTooLong: result.limitError = true
                case .quotedFieldTooLong: result.limitError = true
                default: break
                }
            }
        }
        return result
    }

    // MARK: Numbers

    /// The number parser: the byte-by-byte and the eight-bytes-at-a-time ways agree (whatever
    /// follows the field), and every value read equals `strtod`'s reading of the same text.
    public static func number(_ data: [UInt8]) -> String? {
        let decimalComma = data.first.map { $0 & 1 == 1 } ?? false
        let field = Array(data.dropFirst().prefix(1000))
        let parser = NumberParser(decimalComma: decimalComma)
        var plain = 0.0
        let plainStatus = field.withUnsafeBytes { parser.parse($0, into: &plain) }
        for fill: UInt8 in [0x30, 0x2E, 0x20] {
            let padded = field + [UInt8](repeating: fill, count: NumberParser.padding)
            var fast = 0.0
            let fastStatus = padded.withUnsafeBytes {
                parser.parse(padded: UnsafeRawBufferPointer(rebasing: $0[0..<field.count]), into: &fast)
            }
            if fastStatus != plainStatus || fast.bitPattern != plain.bitPattern {
                return "number: '\(printable(field))' reads as \(plainStatus) \(plain) byte by byte but "
                    + "\(fastStatus) \(fast) when followed by '\(printable([fill]))'"
            }
        }
        guard !decimalComma else { return nil }
        let text = trimmed(field)
        let reference = strtodReading(text)
        if plainStatus == .value {
            guard let reference, reference.bitPattern == plain.bitPattern else {
                return
                    "number: '\(printable(field))' reads as \(plain), strtod says \(reference.map { "\($0)" } ?? "not a number")"
            }
        } else if let reference, isPlainDecimal(text), text.count <= 800,
            plainStatus != .outOfRange || reference.isFinite
        {
            return "number: '\(printable(field))' is \(plainStatus), strtod reads \(reference)"
        }
        return nil
    }

    /// The field without surrounding spaces, tabs and one pair of enclosing quotes, as the parser sees it.
    private static func trimmed(_ field: [UInt8]) -> [UInt8] {
        func strip(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
            var bytes = bytes
            while let first = bytes.first, first == 0x20 || first == 0x09 { bytes.removeFirst() }
            while let last = bytes.last, last == 0x20 || last == 0x09 { bytes.removeLast() }
            return bytes
        }
        var bytes = strip(field[...])
        if bytes.count >= 2, bytes.first == 0x22, bytes.last == 0x22 {
            bytes = strip(bytes.dropFirst().dropLast())
        }
        return Array(bytes)
    }

    /// `[+-]?(digits[.digits?]|.digits)([eE][+-]?digits)?`: what both parsers must accept alike.
    private static func isPlainDecimal(_ text: [UInt8]) -> Bool {
        var index = 0
        func digits() -> Int {
            let start = index
            while index < text.count, text[index] &- 0x30 < 10 { index += 1 }
            return index - start
        }
        if index < text.count, text[index] == 0x2B || text[index] == 0x2D { index += 1 }
        var count = digits()
        if index < text.count, text[index] == 0x2E {
            index += 1
            count += digits()
        }
        guard count > 0 else { return false }
        if index < text.count, text[index] | 0x20 == 0x65 {
            index += 1
            if index < text.count, text[index] == 0x2B || text[index] == 0x2D { index += 1 }
            guard digits() > 0 else { return false }
        }
        return index == text.count
    }

    /// `strtod` of the whole text; nil when it does not read all of it.
    private static func strtodReading(_ text: [UInt8]) -> Double? {
        guard !text.isEmpty, !text.contains(0) else { return nil }
        let cString = text.map { CChar(bitPattern: $0) } + [0]
        return cString.withUnsafeBufferPointer { buffer -> Double? in
            var end: UnsafeMutablePointer<CChar>?
            let value = strtod(buffer.baseAddress!, &end)
            guard let end, end - UnsafeMutablePointer(mutating: buffer.baseAddress!) == text.count else { return nil }
            return value
        }
    }

    private static func printable(_ bytes: [UInt8]) -> String {
        String(decoding: bytes.prefix(80), as: UTF8.self).debugDescription
    }

    // MARK: Whole load

    /// The whole `compute` pipeline, as the command runs it (rows formatted while loading
    /// included): a panel (gzip or plain) loaded with reads of 1 MiB and of a few bytes (from the
    /// first byte) gives the same output text, or fails both ways (a corrupt gzip member may be
    /// found before or after a flaw in its text).
    public static func load(_ data: [UInt8]) -> String? {
        let small = 16 + Int(data.first ?? 0) % 240
        let whole = loadAndWrite(data, readSize: 1 << 20)
        let pieces = loadAndWrite(data, readSize: small)
        if whole.hasPrefix("error: ") != pieces.hasPrefix("error: ") || (!whole.hasPrefix("error: ") && whole != pieces)
        {
            return "load: reads of 1 MiB and \(small) bytes differ: \(whole.prefix(200)) against \(pieces.prefix(200))"
        }
        return nil
    }

    private static func loadAndWrite(_ data: [UInt8], readSize: Int) -> String {
        do {
            var reading = LoadOptions(readSize: readSize)
            reading.csv.maxFieldBytes = 4096
            let sink = MemorySink(limit: outputLimit)
            _ = try Pipeline.compute(
                ComputeConfiguration(
                    source: PanelSource(
                        inputs: [.memory(name: "fuzz", bytes: data)], reading: reading, threads: Threads(1)),
                    output: TableOutput(sink: sink)))
            return String(decoding: sink.bytes, as: UTF8.self)
        } catch {
            return "error: \(error)"
        }
    }
}

/// Bytes written, kept in memory up to a limit.
private final class MemorySink: ByteSink {
    var bytes: [UInt8] = []
    let limit: Int
    init(limit: Int) { self.limit = limit }
    func write(_ chunk: UnsafeRawBufferPointer) throws {
        bytes += chunk.prefix(max(0, limit - bytes.count))
    }
}
