import CMicroPanelSIMD
import MicroPanelSupport

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The header row of a delimited file.
public struct CSVHeader: Sendable, Equatable {
    /// Field names as written (quotes removed).
    public var names: [String]
    /// The delimiter in use (given or detected).
    public var delimiter: UInt8
    /// Whether the input began with a UTF-8 byte-order mark.
    public var hadByteOrderMark: Bool
}

/// Splits delimited text (RFC 4180) into rows of fields, fed in chunks of any size.
///
/// Handles quoted fields (delimiters, doubled quotes and line breaks inside quotes), LF and CRLF,
/// a UTF-8 byte-order mark, and detects the delimiter among `,` `;` and tab from the header line.
/// The first row is the ``header``; each data row must have as many fields (see
/// ``CSVOptions/badRows``). Blank lines are skipped and counted.
///
/// Text is classified 64 bytes at a time into bit masks of quotes, delimiters and line feeds;
/// the quote state is a running prefix XOR, and field ends are walked with trailing-zero counts.
/// No allocation happens per row or field: field boundaries go to a reused buffer.
///
/// Use: write into ``reserveSpace(atLeast:)``, ``commit(_:)`` the bytes written (or call
/// ``append(_:)``), read ``batch``; at the end of input call ``finish()`` and read ``batch``
/// once more.
public final class CSVScanner {
    /// How the text is read.
    public let options: CSVOptions
    /// The header row, once it has been read.
    public private(set) var header: CSVHeader?
    /// The complete data rows of the last `commit` or `finish`; valid until the next call.
    public private(set) var batch = CSVRowBatch.empty
    /// Data rows handed out so far.
    public private(set) var rowCount = 0
    /// Rows skipped for a wrong field count (with ``BadRowPolicy/skip``).
    public private(set) var skippedRowCount = 0
    /// The lines of the first skipped rows (at most ``skippedLinesKept``).
    public private(set) var skippedRowLines: [Int] = []
    /// Blank lines passed over.
    public private(set) var blankLineCount = 0
    /// Bytes of text committed so far.
    public var bytesCommitted: Int64 { bufferOffset + Int64(count) }

    /// How many skipped rows have their line remembered.
    public static let skippedLinesKept = 10

    private static let blockSize = 64
    /// Readable bytes after the buffer's capacity: a block for the classifier, the padding batches promise.
    private static let slack = max(blockSize, CSVRowBatch.readablePadding)
    private static let lineFeed = UInt8(ascii: "\n")
    private static let carriageReturn = UInt8(ascii: "\r")
    private static let quote = UInt8(ascii: "\"")

    private enum Phase { case detecting, header, rows, finished }
    private var phase = Phase.detecting

    // The text: `buffer[0..<count]`, with `slack` readable bytes after `capacity`.
    private var buffer: UnsafeMutableRawPointer
    private var capacity: Int
    private var count = 0
    /// Offset of `buffer[0]` in the whole text.
    private var bufferOffset: Int64 = 0

    // Delimiter detection (scalar, header line only).
    private var delimiter = UInt8(ascii: ",")
    private var textStart = 0
    private var detectPosition = 0
    private var detectInQuotes = false
    /// Start of the first line that is not blank.
    private var detectLineStart = 0
    private var hadByteOrderMark = false

    // Block scanning state.
    private var scanned = 0
    private var insideQuotes: UInt64 = 0
    /// 1 when the byte before the next block may precede an opening quote.
    private var openAllowedCarry: UInt64 = 1
    /// A closing quote ended the last block: the next byte must be checked.
    private var closeAtBlockEnd = false
    private var expectedFields = 0

    // The row being read.
    private var rowStart = 0
    private var fieldStart = 0
    private var rowFields = 0
    private var rowLine = 1
    private var rowExtraLines = 0

    // Complete rows since the last compaction: `fieldsPerRow + 1` values each (start, then ends),
    // followed by the values of the row being read.
    private let records = GrowableBuffer<UInt32>(capacity: 1 << 16)
    private var completedValues = 0
    private var completedRows = 0
    private let rowLines = GrowableBuffer<Int>(capacity: 1 << 12)

    /// A scanner reading with `options`; `initialCapacity` bytes are buffered before growing.
    public init(options: CSVOptions = CSVOptions(), initialCapacity: Int = 1 << 20) {
        precondition(options.maxRowBytes < Int(UInt32.max) / 2, "rows longer than 2 GiB are not supported")
        self.options = options
        capacity = max(initialCapacity, 1024)
        buffer = UnsafeMutableRawPointer.allocate(byteCount: capacity + Self.slack, alignment: 64)
    }

    deinit { buffer.deallocate() }

    // MARK: Feeding

    /// Writable space for at least `minimum` more bytes of text. Rows already handed out are
    /// dropped first; the buffer grows only while one row does not fit.
    public func reserveSpace(atLeast minimum: Int) -> UnsafeMutableRawBufferPointer {
        batch = .empty
        compact()
        if capacity - count < minimum {
            let newCapacity = max(capacity * 2, count + minimum)
            let newBuffer = UnsafeMutableRawPointer.allocate(byteCount: newCapacity + Self.slack, alignment: 64)
            newBuffer.copyMemory(from: buffer, byteCount: count)
            buffer.deallocate()
            buffer = newBuffer
            capacity = newCapacity
        }
        return UnsafeMutableRawBufferPointer(start: buffer + count, count: capacity - count)
    }

    /// Scans `byteCount` bytes just written into the space from ``reserveSpace(atLeast:)``.
    public func commit(_ byteCount: Int) throws(CSVError) {
        precondition(phase != .finished, "commit after finish")
        precondition(byteCount >= 0 && count + byteCount <= capacity)
        count += byteCount
        try scanAvailable(final: false)
    }

    /// Copies `bytes` in and scans them.
    public func append(_ bytes: UnsafeRawBufferPointer) throws(CSVError) {
        let space = reserveSpace(atLeast: bytes.count)
        if let source = bytes.baseAddress, bytes.count > 0 {
            space.baseAddress!.copyMemory(from: source, byteCount: bytes.count)
        }
        try commit(bytes.count)
    }

    /// Ends the input: scans the last bytes and the last row (which needs no line break).
    public func finish() throws(CSVError) {
        guard phase != .finished else { return }
        batch = .empty
        compact()
        try scanAvailable(final: true)
        phase = .finished
    }

    // MARK: Scanning

    private func scanAvailable(final: Bool) throws(CSVError) {
        if phase == .detecting {
            guard try detectDelimiter(final: final) else {
                try checkRowLength()
                return
            }
        }
        try scanBlocks(final: final)
        if final {
            try finishLastRow()
        } else {
            try checkRowLength()
        }
        completeBatch()
    }

    /// Finds the header line and picks the delimiter; false while the line is incomplete.
    private func detectDelimiter(final: Bool) throws(CSVError) -> Bool {
        let bytes = buffer.assumingMemoryBound(to: UInt8.self)
        if detectPosition == 0 {
            guard count >= 3 || final else { return false }
            if count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF {
                hadByteOrderMark = true
                textStart = 3
            }
            detectPosition = textStart
            detectLineStart = textStart
        }
        var lineEnd: Int?
        while detectPosition < count {
            let byte = bytes[detectPosition]
            if byte == Self.quote {
                detectInQuotes.toggle()
            } else if byte == Self.lineFeed && !detectInQuotes {
                let blank =
                    detectPosition == detectLineStart
                    || (detectPosition == detectLineStart + 1 && bytes[detectLineStart] == Self.carriageReturn)
                if !blank {
                    lineEnd = detectPosition
                    break
                }
                detectLineStart = detectPosition + 1
            }
            detectPosition += 1
        }
        guard let end = lineEnd ?? (final ? count : nil) else { return false }
        if let given = options.delimiter {
            delimiter = given
        } else {
            var counts = [Int](repeating: 0, count: CSVOptions.candidateDelimiters.count)
            var inQuotes = false
            for index in detectLineStart..<end {
                let byte = bytes[index]
                if byte == Self.quote {
                    inQuotes.toggle()
                    continue
                }
                if inQuotes { continue }
                if let candidate = CSVOptions.candidateDelimiters.firstIndex(of: byte) { counts[candidate] += 1 }
            }
            let best = counts.indices.max { counts[$0] < counts[$1] || (counts[$0] == counts[$1] && $0 > $1) }!
            delimiter = CSVOptions.candidateDelimiters[best]
        }
        phase = .header
        scanned = textStart
        rowStart = textStart
        fieldStart = textStart
        records.append(UInt32(textStart))
        return true
    }

    /// Classifies whole blocks (and, when `final`, the last partial one) and walks their events.
    private func scanBlocks(final: Bool) throws(CSVError) {
        let bytes = UnsafeRawPointer(buffer)
        let maxField = options.maxFieldBytes
        while true {
            let available = count - scanned
            let validMask: UInt64
            if available >= Self.blockSize {
                validMask = ~0
            } else if final && available > 0 {
                validMask = (UInt64(1) << UInt64(available)) - 1
            } else {
                break
            }
            let blockStart = scanned
            let masks = mp_classify64(bytes.assumingMemoryBound(to: UInt8.self) + blockStart, delimiter)
            let quotes = masks.quotes & validMask
            let delimiters = masks.delimiters & validMask
            let newlines = masks.newlines & validMask

            if closeAtBlockEnd {
                closeAtBlockEnd = false
                let follows =
                    (delimiters | newlines | quotes) & 1 != 0
                    || bytes.load(fromByteOffset: blockStart, as: UInt8.self) == Self.carriageReturn
                if !follows { throw quoteError(at: blockStart - 1) }
            }

            var inside = insideQuotes
            // A misplaced quote is reported once the fields before it are walked, so that its
            // column is right and a field or row over its limit before it is reported first.
            var badQuote: Int?
            if quotes != 0 {
                inside ^= mp_prefix_xor(quotes)
                badQuote = firstMisplacedQuote(
                    quotes: quotes, inside: inside,
                    boundaries: delimiters | newlines, blockStart: blockStart, final: final)
            }
            openAllowedCarry = ((delimiters | newlines | quotes) >> 63) & 1
            insideQuotes = UInt64(bitPattern: Int64(bitPattern: inside) >> 63)

            var quotedNewlines = newlines & inside
            var events = (delimiters | newlines) & ~inside
            if let badQuote { events &= (UInt64(1) << UInt64(badQuote - blockStart)) &- 1 }
            // Per field, only locals are touched; the object is synced around each row's end.
            var fieldStart = self.fieldStart
            var rowFields = self.rowFields
            var out = records.base
            var outCount = records.count
            var outCapacity = records.capacity
            // Most blocks end fields but no row, and no field in them can be over the limit:
            // their field ends are written in bulk, with no check per field.
            if events != 0 && events & newlines == 0 && badQuote == nil && blockStart &+ 63 &- fieldStart <= maxField {
                if outCount &+ 64 > outCapacity {
                    records.reserve(outCount + 64)
                    out = records.base
                    outCapacity = records.capacity
                }
                let fields = Self.writePositions(of: events, offset: blockStart, to: out + outCount)
                outCount &+= fields
                rowFields &+= fields
                fieldStart = blockStart &+ (64 &- events.leadingZeroBitCount)
                events = 0
            }
            while events != 0 {
                let bit = events.trailingZeroBitCount
                let position = blockStart + bit
                if position - fieldStart > maxField {
                    self.rowFields = rowFields
                    records.count = outCount
                    throw fieldTooLong(at: fieldStart)
                }
                if outCount == outCapacity {
                    records.count = outCount
                    records.reserve(outCount + 1)
                    out = records.base
                    outCapacity = records.capacity
                }
                if (newlines >> UInt64(bit)) & 1 == 0 {
                    out[outCount] = UInt32(truncatingIfNeeded: position)
                    outCount += 1
                    rowFields += 1
                } else {
                    var end = position
                    if end > fieldStart && bytes.load(fromByteOffset: end - 1, as: UInt8.self) == Self.carriageReturn {
                        end -= 1
                    }
                    out[outCount] = UInt32(truncatingIfNeeded: end)
                    outCount += 1
                    rowFields += 1
                    if quotedNewlines != 0 {
                        let below = quotedNewlines & ((UInt64(1) << UInt64(bit)) &- 1)
                        rowExtraLines += below.nonzeroBitCount
                        quotedNewlines &= ~below
                    }
                    self.fieldStart = fieldStart
                    self.rowFields = rowFields
                    records.count = outCount
                    try endRow(nextRowStart: position + 1)
                    rowFields = self.rowFields
                    out = records.base
                    outCount = records.count
                    outCapacity = records.capacity
                }
                fieldStart = position + 1
                events &= events &- 1
            }
            self.fieldStart = fieldStart
            self.rowFields = rowFields
            records.count = outCount
            if let badQuote {
                if badQuote - rowStart > options.maxRowBytes {
                    throw CSVError(
                        kind: .rowTooLong(limit: options.maxRowBytes), line: rowLine,
                        byteOffset: bufferOffset + Int64(rowStart))
                }
                if badQuote - fieldStart > maxField { throw fieldTooLong(at: fieldStart) }
                throw quoteError(at: badQuote)
            }
            rowExtraLines += quotedNewlines.nonzeroBitCount
            scanned = blockStart + min(available, Self.blockSize)
        }
    }

    /// Writes `offset` plus the position of each set bit of `bits`, lowest first, at `out` (room
    /// for 64 values) and returns how many: four at a time, whatever the count, so that the
    /// loop ends on a count a predictor can follow (values past the count are scratch).
    @inline(__always)
    private static func writePositions(of bits: UInt64, offset: Int, to out: UnsafeMutablePointer<UInt32>) -> Int {
        let count = bits.nonzeroBitCount
        let base = UInt32(truncatingIfNeeded: offset)
        var rest = bits
        var position = out
        let end = out + count
        repeat {
            position[0] = base &+ UInt32(truncatingIfNeeded: rest.trailingZeroBitCount)
            rest &= rest &- 1
            position[1] = base &+ UInt32(truncatingIfNeeded: rest.trailingZeroBitCount)
            rest &= rest &- 1
            position[2] = base &+ UInt32(truncatingIfNeeded: rest.trailingZeroBitCount)
            rest &= rest &- 1
            position[3] = base &+ UInt32(truncatingIfNeeded: rest.trailingZeroBitCount)
            rest &= rest &- 1
            position += 4
        } while position < end
        return count
    }

    /// The first quote in the block that neither opens a field nor closes one (RFC 4180; doubled
    /// quotes pair up), nil when all are in place.
    private func firstMisplacedQuote(
        quotes: UInt64, inside: UInt64, boundaries: UInt64,
        blockStart: Int, final: Bool
    ) -> Int? {
        let opens = quotes & inside
        let closes = quotes & ~inside
        let boundaryOrQuote = boundaries | quotes
        let badOpens = opens & ~((boundaryOrQuote << 1) | openAllowedCarry)
        var first = badOpens != 0 ? blockStart + badOpens.trailingZeroBitCount : Int.max
        if closes >> 63 != 0 { closeAtBlockEnd = true }
        var unfollowed = closes & ~(boundaryOrQuote >> 1) & ~(UInt64(1) << 63)
        while unfollowed != 0 {
            let position = blockStart + unfollowed.trailingZeroBitCount
            guard position < first else { break }
            let next = position + 1
            let atEnd = final && next >= count
            if !atEnd && buffer.load(fromByteOffset: next, as: UInt8.self) != Self.carriageReturn {
                first = position
                break
            }
            unfollowed &= unfollowed &- 1
        }
        return first == Int.max ? nil : first
    }

    /// Closes the row just ended; `nextRowStart` is where the next one begins.
    private func endRow(nextRowStart: Int) throws(CSVError) {
        if nextRowStart - 1 - rowStart > options.maxRowBytes {
            throw CSVError(
                kind: .rowTooLong(limit: options.maxRowBytes), line: rowLine,
                byteOffset: bufferOffset + Int64(rowStart))
        }
        let valuesStart = completedValues
        let isBlank = rowFields == 1 && records[valuesStart + 1] == records[valuesStart]
        if isBlank {
            blankLineCount += 1
            records.count = valuesStart
        } else if phase == .header {
            try readHeader()
            records.count = valuesStart
        } else if rowFields != expectedFields {
            try rejectRow()
            records.count = valuesStart
        } else {
            completedValues = records.count
            completedRows += 1
            rowLines.append(rowLine)
        }
        rowLine += 1 + rowExtraLines
        rowExtraLines = 0
        rowFields = 0
        rowStart = nextRowStart
        records.append(UInt32(truncatingIfNeeded: nextRowStart))
    }

    private func readHeader() throws(CSVError) {
        var names: [String] = []
        names.reserveCapacity(rowFields)
        let record = records.base + completedValues
        for field in 0..<rowFields {
            let start = field == 0 ? Int(record[0]) : Int(record[field]) + 1
            let raw = UnsafeRawBufferPointer(start: buffer + start, count: Int(record[field + 1]) - start)
            guard let name = CSVField.string(raw) else {
                let kind: CSVError.Kind =
                    CSVField.value(raw, scratch: GrowableBuffer(capacity: 1)) == nil
                    ? .unexpectedQuote : .invalidUTF8
                throw CSVError(
                    kind: kind, line: rowLine, column: field + 1,
                    byteOffset: bufferOffset + Int64(start))
            }
            names.append(name)
        }
        expectedFields = rowFields
        header = CSVHeader(names: names, delimiter: delimiter, hadByteOrderMark: hadByteOrderMark)
        phase = .rows
    }

    private func rejectRow() throws(CSVError) {
        switch options.badRows {
        case .error:
            let column = rowFields > expectedFields ? expectedFields + 1 : rowFields
            throw CSVError(
                kind: .wrongFieldCount(expected: expectedFields, found: rowFields),
                line: rowLine, column: column, byteOffset: bufferOffset + Int64(rowStart))
        case .skip:
            skippedRowCount += 1
            if skippedRowLines.count < Self.skippedLinesKept { skippedRowLines.append(rowLine) }
        }
    }

    /// At the end of input: the row without a final line break, and an open quote.
    private func finishLastRow() throws(CSVError) {
        if insideQuotes != 0 {
            throw CSVError(
                kind: .unterminatedQuote, line: line(at: fieldStart), column: rowFields + 1,
                byteOffset: bufferOffset + Int64(fieldStart))
        }
        if count > rowStart {
            if count - fieldStart > options.maxFieldBytes { throw fieldTooLong(at: fieldStart) }
            var end = count
            if end > fieldStart && buffer.load(fromByteOffset: end - 1, as: UInt8.self) == Self.carriageReturn {
                end -= 1
            }
            records.append(UInt32(truncatingIfNeeded: end))
            rowFields += 1
            try endRow(nextRowStart: count)
        }
        if phase != .rows { throw CSVError(kind: .emptyInput, line: 1, byteOffset: 0) }
    }

    /// Bounds memory: the row being read and its open field must stay within the limits.
    private func checkRowLength() throws(CSVError) {
        let end = phase == .detecting ? detectPosition : scanned
        if phase != .detecting && end - fieldStart > options.maxFieldBytes { throw fieldTooLong(at: fieldStart) }
        if end - rowStart > options.maxRowBytes {
            throw CSVError(
                kind: .rowTooLong(limit: options.maxRowBytes), line: rowLine,
                byteOffset: bufferOffset + Int64(rowStart))
        }
    }

    /// Publishes the complete rows as ``batch``.
    private func completeBatch() {
        guard completedRows > 0 else {
            batch = .empty
            return
        }
        rowCount += completedRows
        batch = CSVRowBatch(
            rowCount: completedRows, fieldsPerRow: expectedFields, bufferOffset: bufferOffset,
            bytes: UnsafeRawPointer(buffer), records: UnsafePointer(records.base),
            lines: UnsafePointer(rowLines.base))
    }

    /// Drops the rows already handed out, moving the row being read to the buffer's front.
    private func compact() {
        let drop = phase == .detecting ? 0 : rowStart
        guard drop > 0 else {
            if completedRows > 0 { dropCompletedRecords(shift: 0) }
            return
        }
        let kept = count - drop
        if kept > 0 { buffer.copyMemory(from: buffer + drop, byteCount: kept) }
        count = kept
        scanned -= drop
        fieldStart -= drop
        rowStart = 0
        textStart = max(0, textStart - drop)
        bufferOffset += Int64(drop)
        dropCompletedRecords(shift: UInt32(drop))
    }

    private func dropCompletedRecords(shift: UInt32) {
        let partial = records.count - completedValues
        for index in 0..<partial {
            records.base[index] = records.base[completedValues + index] &- shift
        }
        records.count = partial
        completedValues = 0
        completedRows = 0
        rowLines.count = 0
    }

    // MARK: Errors

    private func line(at position: Int) -> Int {
        var line = rowLine
        var index = rowStart
        while index < position {
            if buffer.load(fromByteOffset: index, as: UInt8.self) == Self.lineFeed { line += 1 }
            index += 1
        }
        return line
    }

    private func quoteError(at position: Int) -> CSVError {
        CSVError(
            kind: .unexpectedQuote, line: line(at: position), column: rowFields + 1,
            byteOffset: bufferOffset + Int64(position))
    }

    private func fieldTooLong(at start: Int) -> CSVError {
        let quoted = start < count && buffer.load(fromByteOffset: start, as: UInt8.self) == Self.quote
        let kind: CSVError.Kind =
            quoted
            ? .quotedFieldTooLong(limit: options.maxFieldBytes)
            : .fieldTooLong(limit: options.maxFieldBytes)
        return CSVError(
            kind: kind, line: line(at: start), column: rowFields + 1,
            byteOffset: bufferOffset + Int64(start))
    }
}
