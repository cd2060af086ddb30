import MicroPanelIndicators
import MicroPanelSupport

/// The indicator part of an output row — each chosen indicator's value (or nothing, or `null`),
/// then `flags` — from one row of the kernel: `,0.0279,...,roe:nonpositive_equity\n` (CSV) or
/// `,"roa":0.0279,...,"flags":{"roe":"nonpositive_equity"}}\n` (JSONL).
///
/// Everything is encoded once: flag words per indicator and status byte, JSON keys, tiers.
/// `@unchecked Sendable`: read-only once built.
package final class IndicatorText: @unchecked Sendable {
    private let isJSON: Bool
    private let delimiter: UInt8
    /// Indicators written.
    package let count: Int
    private let tierColumn: Int?
    /// Per chosen indicator, its slot in the kernel's row scratch.
    private let slots: UnsafeMutablePointer<Int>
    /// JSON: `,"key":` for each indicator, then `,"flags":`.
    private let keys: EncodedStrings
    private let tiers: EncodedStrings
    /// Per indicator and status byte: `id:reason` (CSV) or `"id":"reason"` (JSON); empty: none.
    private let flagText: EncodedStrings
    /// An upper bound of the bytes of one row's indicator part.
    package let rowBound: Int

    /// The text of `indicators` (in spec order) in `format`.
    package init(indicators: [Indicator], format: OutputFormat) {
        let indicators = indicators.sorted()
        let json = format == .jsonl
        isJSON = json
        delimiter = format == .tsv ? 0x09 : 0x2C
        count = indicators.count
        tierColumn = indicators.firstIndex(of: .depthTier)
        slots = .allocate(capacity: max(indicators.count, 1))
        for (index, indicator) in indicators.enumerated() { slots[index] = indicator.rawValue }
        keys = EncodedStrings((indicators.map(\.id) + ["flags"]).map { [0x2C] + TextEncoding.jsonString($0) + [0x3A] })
        tiers = EncodedStrings(IndicatorRegistry.depthTiers.map { json ? TextEncoding.jsonString($0) : Array($0.utf8) })
        // Each status's words once, then per indicator its name before each.
        let words: [[UInt8]] = (0..<256).map { raw in
            let status = CellStatus(rawValue: UInt8(raw))
            if status.names.isEmpty { return [] }
            return json ? TextEncoding.jsonString(status.flagWords) : Array(status.flagWords.utf8)
        }
        var flags: [[UInt8]] = []
        flags.reserveCapacity(indicators.count * 256)
        for indicator in indicators {
            let name = (json ? TextEncoding.jsonString(indicator.id) : Array(indicator.id.utf8)) + [0x3A]
            for status in words { flags.append(status.isEmpty ? [] : name + status) }
        }
        flagText = EncodedStrings(flags)
        rowBound =
            indicators.count * (ShortestDouble.maximumLength + 2 + flagText.longest) + keys.starts[keys.count] + 8
    }

    deinit { slots.deallocate() }

    /// Appends the indicator part of the row in `scratch` (room reserved by the caller).
    @inline(__always)
    package func append(_ scratch: RowScratch, flags: FlagsCache, to buffer: inout ByteCursor) {
        appendValues(scratch, to: &buffer)
        buffer.append(tail(scratch, flags: flags))
    }

    /// Appends the indicators' values, each after its separator (and JSON key).
    @inline(__always)
    package func appendValues(_ scratch: RowScratch, to buffer: inout ByteCursor) {
        for index in 0..<count {
            if isJSON { buffer.append(keys[index]) } else { buffer.append(delimiter) }
            let value = scratch.values[slots[index]]
            if value.isNaN {
                if isJSON {
                    buffer.append(0x6E)
                    buffer.append(0x75)
                    buffer.append(0x6C)
                    buffer.append(0x6C)
                }
            } else if index == tierColumn {
                buffer.append(tiers[Int(value)])
            } else {
                buffer.appendShortest(value)
            }
        }
    }

    /// The rest of the row after the values — separator, `flags`, line end — for the statuses
    /// in `scratch`. Rows mostly repeat the previous row's statuses: then `flags` already holds it.
    @inline(__always)
    package func tail(_ scratch: RowScratch, flags: FlagsCache) -> UnsafeBufferPointer<UInt8> {
        var same = flags.valid
        for index in 0..<count {
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
                if isJSON {
                    text.append(keys[count])
                    text.append(0x7B)
                } else {
                    text.append(delimiter)
                }
                var wroteFlag = false
                for index in 0..<count {
                    let status = Int(flags.statuses[index])
                    guard status != 0 else { continue }
                    let words = flagText[index * 256 + status]
                    guard words.count > 0 else { continue }
                    if wroteFlag { text.append(isJSON ? 0x2C : CellStatus.flagSeparator.utf8.first!) }
                    text.append(words)
                    wroteFlag = true
                }
                if isJSON {
                    text.append(0x7D)
                    text.append(0x7D)
                }
                text.append(0x0A)
            }
            flags.valid = true
            flags.generation += 1
        }
        return UnsafeBufferPointer(start: flags.text.base, count: flags.text.count)
    }
}

/// The last row's statuses and the flags text they make, per formatting thread.
package final class FlagsCache {
    let statuses: UnsafeMutablePointer<UInt8>
    let text = OutputBuffer(capacity: 4096)
    var valid = false
    /// Changes whenever `text` does.
    package internal(set) var generation = 0

    /// A cache for rows of `indicators` indicators.
    package init(indicators: Int) {
        statuses = .allocate(capacity: max(indicators, 1))
        statuses.initialize(repeating: 0, count: max(indicators, 1))
    }

    deinit { statuses.deallocate() }

    /// The row tail `text` holds now.
    package var tail: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: text.base, count: text.count) }
}

/// The indicator parts of rows formatted ahead of the panel (while loading), by table row, and
/// which of them hold for the final panel.
///
/// A row's values go to a ``ByteArena`` and are never moved once written; its tail (flags and
/// line end) is stored once per distinct tail and shared by the rows that have it.
/// `@unchecked Sendable`: filled by the loading thread, then only read.
public final class PreformattedIndicators: @unchecked Sendable {
    private let text = ByteArena(blockSize: 8 << 20)
    /// Per table row: where its values start, their length, and its tail. A length holds
    /// ``unconfirmed`` until ``keep(_:)`` confirms the row; a skipped row's is `UInt32.max`.
    private let starts = GrowableBuffer<UnsafeMutablePointer<UInt8>>(capacity: 1 << 16)
    private let lengths = GrowableBuffer<UInt32>(capacity: 1 << 16)
    private static let unconfirmed: UInt32 = 1 << 31
    private let tailIndexes = GrowableBuffer<UInt32>(capacity: 1 << 16)
    private let tails: RowTails
    private var lastTail: (generation: Int, index: UInt32) = (-1, 0)
    /// How many rows' fragments hold (were confirmed).
    public private(set) var validCount = 0

    /// Empty fragments for rows of `indicators` indicators, filled with ``add(bound:flags:_:)``.
    package init(indicators: Int) {
        tails = RowTails(width: indicators)
    }

    /// Rows formatted so far.
    package var rowCount: Int { starts.count }

    /// Appends the next row: its values through `body` (at most `bound` bytes), and the tail
    /// `flags` holds (identified by its generation, so equal tails in a row cost no lookup).
    @inline(__always)
    package func add(bound: Int, flags: FlagsCache, _ body: (inout ByteCursor) -> Void) {
        let start = text.next(room: bound)
        var cursor = ByteCursor(position: start)
        body(&cursor)
        text.advance(to: cursor.position)
        let length = cursor.position - start
        starts.append(start)
        lengths.append(UInt32(length) | Self.unconfirmed)
        if flags.generation != lastTail.generation {
            lastTail = (flags.generation, tails.index(statuses: flags.statuses, text: flags.tail))
        }
        tailIndexes.append(lastTail.index)
    }

    /// Leaves the next `count` rows unformatted (the writer computes them).
    package func skip(_ count: Int) {
        for _ in 0..<count {
            starts.append(text.current)
            lengths.append(UInt32.max)
            tailIndexes.append(0)
        }
    }

    /// Confirms the fragments of the rows `valid` marks (by table row): their assumptions were
    /// those of the final panel. Fragments of other rows stay unused.
    package func keep(_ valid: [Bool]) {
        var kept = 0
        for row in 0..<min(valid.count, lengths.count) where valid[row] && lengths[row] != UInt32.max {
            lengths[row] &= ~Self.unconfirmed
            kept += 1
        }
        validCount += kept
    }

    /// Frees the text of every row, once it has been copied out: no fragment is found after this.
    package func release() {
        text.removeAll()
        starts.removeAll()
        lengths.removeAll()
        tailIndexes.removeAll()
    }

    /// The values and the tail of table row `row`, when they hold.
    @inline(__always)
    package func fragment(forTableRow row: Int) -> (
        values: UnsafeBufferPointer<UInt8>, tail: UnsafeBufferPointer<UInt8>
    )? {
        guard row < lengths.count else { return nil }
        let length = lengths.base[row]
        guard length & Self.unconfirmed == 0 else { return nil }
        return (UnsafeBufferPointer(start: starts.base[row], count: Int(length)), tails.text(tailIndexes.base[row]))
    }
}
