import Dispatch
import MicroPanelColumns
import MicroPanelIndicators
import Synchronization

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
    let preformatted: PreformattedIndicators?
    /// The panel rows written, in order (nil: every row).
    let selection: [Int]?
    /// Input columns carried into the output after the descriptors (`--keep`): their headers.
    let kept: [String]
    /// What happens to each row before it is written (PPP dollars, clipping), as rows are computed.
    let transform: RowTransform?
    var panel: InstitutionPanel { kernel.panel }

    /// A writer of `indicators` (in spec order) for every row of `kernel`'s panel over `table`,
    /// or the panel rows `selection` (a filter's); rows `preformatted` holds valid text for are
    /// copied, not recomputed. ``write(to:threads:)`` frees that text once every row is copied,
    /// so a second write computes every row.
    public init(
        table: Table, kernel: IndicatorKernel, indicators: [Indicator], format: OutputFormat,
        preformatted: PreformattedIndicators? = nil, selection: [Int]? = nil, kept: [String] = [],
        transform: RowTransform? = nil
    ) {
        self.table = table
        self.kernel = kernel
        self.indicators = indicators.sorted()
        self.format = format
        self.preformatted = preformatted
        self.selection = selection
        self.kept = kept
        self.transform = transform
    }

    /// Rows written.
    var rowCount: Int { selection?.count ?? panel.count }

    /// The column names, in order.
    public var columnNames: [String] {
        ["mfi_id", "fiscal_year"] + descriptors.map(\.key) + indicators.map(\.id) + ["flags"]
    }

    /// The text columns written before the indicators: the descriptors the table has, then the
    /// kept input columns (named by their headers).
    private var descriptors: [(key: String, column: TextColumn)] {
        Self.descriptorKeys.compactMap { key in
            key == panel.institutionKey ? nil : table.text(key).map { (key, $0) }
        } + kept.compactMap { header in table.text(ColumnPlan.keptKey(header)).map { (header, $0) } }
    }

    /// Writes the whole table to `sink`, formatting on `threads` threads.
    public func write(to sink: ByteSink, threads: Int = 1) throws {
        let formatter = RowFormatter(writer: self, descriptors: descriptors)
        if format != .jsonl {
            let header = Array(
                columnNames.map { TextEncoding.delimitedField($0, delimiter: formatter.delimiter) }
                    .joined(separator: [formatter.delimiter]) + [0x0A])
            try header.withUnsafeBytes { try sink.write($0) }
        }
        let chunks = (rowCount + Self.chunkRows - 1) / Self.chunkRows
        let workers = max(1, threads)
        let wave = 4 * workers
        // Two sets of buffers: workers format one wave while a writer thread writes the other.
        let sets = (0..<2).map { _ in (0..<wave).map { _ in OutputBuffer(capacity: Self.chunkRows * 256) } }
        let writer = BackgroundWriter(sink: sink, sets: sets.count)
        var first = 0
        var waveIndex = 0
        while first < chunks {
            // The first wave is one chunk per worker, so that the disk starts writing sooner.
            let count = min(waveIndex == 0 ? workers : wave, chunks - first)
            let set = waveIndex % sets.count
            try writer.waitUntilFree(set)
            let work = FormatWork(formatter: formatter, buffers: sets[set], firstChunk: first, rowCount: rowCount)
            if workers == 1 || count == 1 {
                for index in 0..<count { work.format(index) }
            } else {
                DispatchQueue.concurrentPerform(iterations: count) { work.format($0) }
            }
            writer.write(Array(sets[set][0..<count]), set: set)
            first += count
            waveIndex += 1
        }
        // Every row is copied: freeing the prepared text now overlaps the disk writing the last
        // waves, instead of adding to the process's exit.
        preformatted?.release()
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
        let flags = FlagsCache(indicators: formatter.indicators.count)
        defer { scratch.deallocate() }
        formatter.format(rows: start..<end, scratch: scratch, flags: flags, into: buffers[index])
    }
}

/// The part of a row before the indicators — institution id, fiscal year, descriptors — and the
/// way to the indicators: a prepared fragment, or the kernel and ``IndicatorText``.
/// `@unchecked Sendable`: read-only once built; the tables it points into are kept alive by it.
private struct RowFormatter: @unchecked Sendable {
    let isJSON: Bool
    let delimiter: UInt8
    let panelRows: UnsafePointer<Int32>
    let idCodes: UnsafePointer<UInt32>
    let idText: EncodedStrings
    let years: UnsafePointer<Int64>
    let descriptorCodes: [UnsafePointer<UInt32>]
    let descriptorText: [EncodedStrings]
    /// JSON: `"key":` for the columns before the indicators.
    let keys: EncodedStrings
    let kernel: IndicatorKernel
    let indicators: IndicatorText
    let preformatted: PreformattedIndicators?
    /// The panel row written at each position, when not every row is.
    let selection: [Int]?
    let transform: RowTransform?
    /// An upper bound of one row's bytes.
    let rowBound: Int
    private let owners: [AnyObject]

    init(writer: IndicatorTableWriter, descriptors: [(key: String, column: TextColumn)]) {
        isJSON = writer.format == .jsonl
        let delimiter: UInt8 = writer.format == .tsv ? 0x09 : 0x2C
        self.delimiter = delimiter
        let json = isJSON
        func encoded(_ strings: [String]) -> EncodedStrings {
            EncodedStrings(encoding: strings) { text, out in
                if json {
                    TextEncoding.appendJSONString(text, to: &out)
                } else {
                    TextEncoding.appendDelimitedField(text, delimiter: delimiter, to: &out)
                }
            }
        }
        let rows = UnsafeMutablePointer<Int32>.allocate(capacity: max(writer.panel.count, 1))
        writer.panel.rows.withUnsafeBufferPointer { rows.update(from: $0.baseAddress!, count: $0.count) }
        panelRows = UnsafePointer(rows)
        let ids = writer.table.text(writer.panel.institutionKey)!
        let years = writer.table.integer("fiscal_year")!
        let empty = UnsafePointer(rows)
        idCodes = ids.codes.baseAddress ?? empty.withMemoryRebound(to: UInt32.self, capacity: 1) { $0 }
        idText = encoded(ids.dictionary)
        self.years = years.values.baseAddress ?? empty.withMemoryRebound(to: Int64.self, capacity: 1) { $0 }
        descriptorCodes = descriptors.map {
            $0.column.codes.baseAddress ?? empty.withMemoryRebound(to: UInt32.self, capacity: 1) { $0 }
        }
        descriptorText = descriptors.map { encoded($0.column.dictionary) }
        keys = EncodedStrings(
            (["mfi_id", "fiscal_year"] + descriptors.map(\.key)).map { TextEncoding.jsonString($0) + [0x3A] })
        kernel = writer.kernel
        indicators = IndicatorText(indicators: writer.indicators, format: writer.format)
        preformatted = writer.preformatted
        selection = writer.selection
        transform = writer.transform
        rowBound =
            idText.longest + 24 + descriptorText.reduce(0) { $0 + $1.longest + 1 } + keys.starts[keys.count]
            + indicators.rowBound + 16
        owners = [writer.table.text(writer.panel.institutionKey)!, years, RawMemory(rows)] + descriptors.map(\.column)
    }

    func format(rows positions: Range<Int>, scratch: RowScratch, flags: FlagsCache, into buffer: OutputBuffer) {
        for position in positions {
            let row = selection?[position] ?? position
            let tableRow = Int(panelRows[row])
            if let fragment = preformatted?.fragment(forTableRow: tableRow) {
                buffer.reserve(rowBound - indicators.rowBound + fragment.values.count + fragment.tail.count)
                buffer.write {
                    formatPrefix(tableRow, into: &$0)
                    $0.append(fragment.values)
                    $0.append(fragment.tail)
                }
            } else {
                kernel.computeRow(row, into: scratch)
                transform?.apply(to: scratch, row: row)
                buffer.reserve(rowBound)
                buffer.write {
                    formatPrefix(tableRow, into: &$0)
                    indicators.append(scratch, flags: flags, to: &$0)
                }
            }
        }
    }

    @inline(__always)
    private func formatPrefix(_ tableRow: Int, into buffer: inout ByteCursor) {
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
        separator()
        buffer.append(idText[Int(idCodes[tableRow])])
        separator()
        buffer.appendInteger(years[tableRow])
        for index in descriptorCodes.indices {
            separator()
            let code = descriptorCodes[index][tableRow]
            if code != TextColumn.missing {
                buffer.append(descriptorText[index][Int(code)])
            } else if isJSON {
                buffer.append(0x6E)
                buffer.append(0x75)
                buffer.append(0x6C)
                buffer.append(0x6C)
            }
        }
    }
}

/// Frees raw memory with its owner.
private final class RawMemory<Element> {
    let pointer: UnsafeMutablePointer<Element>
    init(_ pointer: UnsafeMutablePointer<Element>) { self.pointer = pointer }
    deinit { pointer.deallocate() }
}
