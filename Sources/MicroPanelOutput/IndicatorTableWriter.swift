import Dispatch
import Synchronization
import MicroPanelColumns
import MicroPanelIndicators

/// Writes a computed panel: one row per institution-year in panel order — `mfi_id`,
/// `fiscal_year`, the descriptors the table has, the chosen indicators in spec order, then
/// `flags` (`indicator:reason` pairs joined by `;`, or a JSON object).
///
/// Missing values are empty cells (CSV, TSV) or `null` (JSON); numbers are the shortest text
/// that reads back to the same Double, so pandas, R and Stata read the file directly.
/// Each row is computed by the kernel and formatted at once, with no result matrices in between;
/// chunks of rows are formatted in parallel and written in order, so the bytes do not depend on
/// the thread count.
public struct IndicatorTableWriter {
    /// Descriptor columns written when the table has them, in this order.
    public static let descriptorKeys = ["mfi_name", "country", "iso3", "region", "currency", "legal_status"]
    /// Rows formatted per chunk.
    static let chunkRows = 4096

    let table: Table
    let kernel: IndicatorKernel
    let indicators: [Indicator]
    let format: OutputFormat
    var panel: InstitutionPanel { kernel.panel }

    /// A writer of `indicators` (in spec order) for every row of `kernel`'s panel over `table`.
    public init(table: Table, kernel: IndicatorKernel, indicators: [Indicator], format: OutputFormat) {
        self.table = table
        self.kernel = kernel
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

    /// Writes the whole table to `sink`, formatting on `threads` threads.
    public func write(to sink: ByteSink, threads: Int = 1) throws {
        let formatter = RowFormatter(writer: self, descriptors: descriptors)
        if format != .jsonl {
            let header = Array(columnNames.map { Array($0.utf8) }.joined(separator: [formatter.delimiter]) + [0x0A])
            try header.withUnsafeBytes { try sink.write($0) }
        }
        let chunks = (panel.count + Self.chunkRows - 1) / Self.chunkRows
        let workers = max(1, threads)
        let wave = 4 * workers
        // Two sets of buffers: workers format one wave while a writer thread writes the other.
        let sets = (0..<2).map { _ in (0..<wave).map { _ in OutputBuffer(capacity: Self.chunkRows * 256) } }
        let writer = BackgroundWriter(sink: sink, sets: sets.count)
        var first = 0
        var waveIndex = 0
        while first < chunks {
            let count = min(wave, chunks - first)
            let set = waveIndex % sets.count
            try writer.waitUntilFree(set)
            let work = FormatWork(formatter: formatter, buffers: sets[set], firstChunk: first, rowCount: panel.count)
            if workers == 1 || count == 1 {
                for index in 0..<count { work.format(index) }
            } else {
                DispatchQueue.concurrentPerform(iterations: count) { work.format($0) }
            }
            writer.write(Array(sets[set][0..<count]), set: set)
            first += count
            waveIndex += 1
        }
        try writer.finish()
    }
}

/// Writes buffers to a sink on a thread of its own, in the order handed over; each set of
/// buffers is free again once written. The first error stops the writing and is rethrown.
private final class BackgroundWriter: @unchecked Sendable {
    private let sink: ByteSink
    private let queue = DispatchQueue(label: "micropanel.output-writer")
    private let free: [DispatchSemaphore]
    private let group = DispatchGroup()
    private let lock = Mutex<Void>(())
    private var failure: Error?

    init(sink: ByteSink, sets: Int) {
        self.sink = sink
        free = (0..<sets).map { _ in DispatchSemaphore(value: 1) }
    }

    /// Waits until set `set` has been written; rethrows a write error.
    func waitUntilFree(_ set: Int) throws {
        free[set].wait()
        if let failure = lock.withLock({ _ in self.failure }) {
            free[set].signal()
            throw failure
        }
    }

    func write(_ buffers: [OutputBuffer], set: Int) {
        group.enter()
        queue.async { [self] in
            defer {
                free[set].signal()
                group.leave()
            }
            guard lock.withLock({ _ in failure == nil }) else { return }
            do {
                for buffer in buffers { try sink.write(buffer.bytes) }
            } catch {
                lock.withLock { _ in failure = error }
            }
        }
    }

    /// Waits for every write; rethrows the first error.
    func finish() throws {
        group.wait()
        if let failure = lock.withLock({ _ in failure }) { throw failure }
    }
}

/// One wave of chunks. `@unchecked Sendable`: each worker formats into its own buffer.
private struct FormatWork: @unchecked Sendable {
    let formatter: RowFormatter
    let buffers: [OutputBuffer]
    let firstChunk: Int
    let rowCount: Int

    func format(_ index: Int) {
        let start = (firstChunk + index) * IndicatorTableWriter.chunkRows
        let end = min(start + IndicatorTableWriter.chunkRows, rowCount)
        buffers[index].count = 0
        let scratch = RowScratch.allocate()
        let flags = FlagsCache(indicators: formatter.indicatorCount)
        defer { scratch.deallocate() }
        formatter.format(rows: start..<end, scratch: scratch, flags: flags, into: buffers[index])
    }
}

/// Everything a row needs, encoded once (text values per format, flag words per status) and
/// reached through raw pointers. `@unchecked Sendable`: read-only once built; the tables and
/// results it points into are kept alive by it.
private struct RowFormatter: @unchecked Sendable {
    let isJSON: Bool
    let delimiter: UInt8
    let panelRows: UnsafePointer<Int32>
    let idCodes: UnsafePointer<UInt32>
    let idText: EncodedStrings
    let years: UnsafePointer<Int64>
    let descriptorCodes: [UnsafePointer<UInt32>]
    let descriptorText: [EncodedStrings]
    let kernel: IndicatorKernel
    let indicatorCount: Int
    let tierColumn: Int?
    /// Per chosen indicator, its slot in the kernel's row scratch.
    let slots: UnsafeMutablePointer<Int>
    /// JSON: `"key":` for every column, in order.
    let keys: EncodedStrings
    let tiers: EncodedStrings
    /// Per indicator and status byte: `id:reason` (CSV) or `"id":"reason"` (JSON); empty: none.
    let flagText: EncodedStrings
    /// An upper bound of one row's bytes.
    let rowBound: Int
    private let owners: [AnyObject]

    init(writer: IndicatorTableWriter, descriptors: [(key: String, column: TextColumn)]) {
        isJSON = writer.format == .jsonl
        let delimiter: UInt8 = writer.format == .tsv ? 0x09 : 0x2C
        self.delimiter = delimiter
        let json = isJSON
        func encode(_ text: String) -> [UInt8] {
            json ? TextEncoding.jsonString(text) : TextEncoding.delimitedField(text, delimiter: delimiter)
        }
        let rows = UnsafeMutablePointer<Int32>.allocate(capacity: max(writer.panel.count, 1))
        writer.panel.rows.withUnsafeBufferPointer { rows.update(from: $0.baseAddress!, count: $0.count) }
        panelRows = UnsafePointer(rows)
        let ids = writer.table.text(writer.panel.institutionKey)!
        let years = writer.table.integer("fiscal_year")!
        idCodes = ids.codes.baseAddress ?? UnsafePointer(rows).withMemoryRebound(to: UInt32.self, capacity: 1) { $0 }
        idText = EncodedStrings(ids.dictionary.map(encode))
        self.years = years.values.baseAddress ?? UnsafePointer(rows).withMemoryRebound(to: Int64.self, capacity: 1) { $0 }
        descriptorCodes = descriptors.map { $0.column.codes.baseAddress ?? UnsafePointer(rows).withMemoryRebound(to: UInt32.self, capacity: 1) { $0 } }
        descriptorText = descriptors.map { EncodedStrings($0.column.dictionary.map(encode)) }
        kernel = writer.kernel
        indicatorCount = writer.indicators.count
        tierColumn = writer.indicators.firstIndex(of: .depthTier)
        slots = .allocate(capacity: max(indicatorCount, 1))
        for (index, indicator) in writer.indicators.enumerated() { slots[index] = indicator.rawValue }
        keys = EncodedStrings(writer.columnNames.map { TextEncoding.jsonString($0) + [0x3A] })
        tiers = EncodedStrings(IndicatorRegistry.depthTiers.map { json ? TextEncoding.jsonString($0) : Array($0.utf8) })
        var flags: [[UInt8]] = []
        for indicator in writer.indicators {
            for raw in 0..<256 {
                let status = CellStatus(rawValue: UInt8(raw))
                let words = status.missingReason.map { [$0.name] } ?? status.flags.names
                if raw == 0 || words.isEmpty {
                    flags.append([])
                } else if json {
                    flags.append(TextEncoding.jsonString(indicator.id) + [0x3A] + TextEncoding.jsonString(words.joined(separator: "+")))
                } else {
                    flags.append(Array("\(indicator.id):\(words.joined(separator: "+"))".utf8))
                }
            }
        }
        flagText = EncodedStrings(flags)
        rowBound = idText.longest + 24 + descriptorText.reduce(0) { $0 + $1.longest + 1 }
            + writer.indicators.count * (ShortestDouble.maximumLength + 1 + flagText.longest + 1)
            + keys.starts[keys.count] + 16
        owners = [writer.table.text(writer.panel.institutionKey)!, years, RawMemory(rows), RawMemory(slots)]
            + descriptors.map(\.column)
    }

    func format(rows: Range<Int>, scratch: RowScratch, flags: FlagsCache, into buffer: OutputBuffer) {
        for row in rows {
            kernel.computeRow(row, into: scratch)
            buffer.reserve(rowBound)
            buffer.write { formatRow(row, scratch: scratch, flags: flags, into: &$0) }
        }
    }

    @inline(__always)
    private func formatRow(_ row: Int, scratch: RowScratch, flags: FlagsCache, into buffer: inout ByteCursor) {
        let tableRow = Int(panelRows[row])
        var column = 0
        @inline(__always) func separator() {
            if isJSON {
                buffer.append(column == 0 ? 0x7B : 0x2C)
                buffer.append(keys[column])
            } else if column > 0 {
                buffer.append(delimiter)
            }
            column += 1
        }
        @inline(__always) func null() {
            if isJSON {
                buffer.append(0x6E); buffer.append(0x75); buffer.append(0x6C); buffer.append(0x6C)
            }
        }
        separator()
        buffer.append(idText[Int(idCodes[tableRow])])
        separator()
        buffer.appendInteger(years[tableRow])
        for index in descriptorCodes.indices {
            separator()
            let code = descriptorCodes[index][tableRow]
            if code == TextColumn.missing { null() } else { buffer.append(descriptorText[index][Int(code)]) }
        }
        for index in 0..<indicatorCount {
            separator()
            let value = scratch.values[slots[index]]
            if value.isNaN {
                null()
            } else if index == tierColumn {
                buffer.append(tiers[Int(value)])
            } else {
                buffer.appendShortest(value)
            }
        }
        separator()
        if isJSON { buffer.append(0x7B) }
        // Rows mostly repeat the last row's statuses: then its flags text is copied whole.
        var same = flags.valid
        for index in 0..<indicatorCount {
            let status = scratch.statuses[slots[index]]
            if status != flags.statuses[index] {
                flags.statuses[index] = status
                same = false
            }
        }
        if !same {
            flags.text.count = 0
            flags.text.reserve(rowBound)
            flags.text.write { text in
                var wroteFlag = false
                for index in 0..<indicatorCount {
                    let status = Int(flags.statuses[index])
                    guard status != 0 else { continue }
                    let words = flagText[index * 256 + status]
                    guard words.count > 0 else { continue }
                    if wroteFlag { text.append(isJSON ? 0x2C : 0x3B) }
                    text.append(words)
                    wroteFlag = true
                }
            }
            flags.valid = true
        }
        buffer.append(UnsafeBufferPointer(start: flags.text.base, count: flags.text.count))
        if isJSON {
            buffer.append(0x7D)
            buffer.append(0x7D)
        }
        buffer.append(0x0A)
    }
}

/// The last row's statuses and the flags text they make, per formatting worker.
private final class FlagsCache {
    let statuses: UnsafeMutablePointer<UInt8>
    let text = OutputBuffer(capacity: 4096)
    var valid = false

    init(indicators: Int) {
        statuses = .allocate(capacity: max(indicators, 1))
        statuses.initialize(repeating: 0, count: max(indicators, 1))
    }

    deinit { statuses.deallocate() }
}

/// Frees raw memory with its owner.
private final class RawMemory<Element> {
    let pointer: UnsafeMutablePointer<Element>
    init(_ pointer: UnsafeMutablePointer<Element>) { self.pointer = pointer }
    deinit { pointer.deallocate() }
}
