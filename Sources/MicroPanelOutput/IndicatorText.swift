import MicroPanelIndicators

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
        var flags: [[UInt8]] = []
        for indicator in indicators {
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
        rowBound = indicators.count * (ShortestDouble.maximumLength + 2 + flagText.longest) + keys.starts[keys.count] + 8
    }

    deinit { slots.deallocate() }

    /// Appends the indicator part of the row in `scratch` (room reserved by the caller).
    @inline(__always)
    package func append(_ scratch: RowScratch, flags: FlagsCache, to buffer: inout ByteCursor) {
        for index in 0..<count {
            if isJSON { buffer.append(keys[index]) } else { buffer.append(delimiter) }
            let value = scratch.values[slots[index]]
            if value.isNaN {
                if isJSON { buffer.append(0x6E); buffer.append(0x75); buffer.append(0x6C); buffer.append(0x6C) }
            } else if index == tierColumn {
                buffer.append(tiers[Int(value)])
            } else {
                buffer.appendShortest(value)
            }
        }
        if isJSON {
            buffer.append(keys[count])
            buffer.append(0x7B)
        } else {
            buffer.append(delimiter)
        }
        // Rows mostly repeat the last row's statuses: then its flags text is copied whole.
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
                var wroteFlag = false
                for index in 0..<count {
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

/// The last row's statuses and the flags text they make, per formatting thread.
package final class FlagsCache {
    let statuses: UnsafeMutablePointer<UInt8>
    let text = OutputBuffer(capacity: 4096)
    var valid = false

    /// A cache for rows of `indicators` indicators.
    package init(indicators: Int) {
        statuses = .allocate(capacity: max(indicators, 1))
        statuses.initialize(repeating: 0, count: max(indicators, 1))
    }

    deinit { statuses.deallocate() }
}

/// The indicator parts of rows formatted ahead of the panel (while loading), by table row, and
/// which of them hold for the final panel.
///
/// `@unchecked Sendable`: filled by the loading thread, then only read.
public final class PreformattedIndicators: @unchecked Sendable {
    /// All fragments, back to back.
    package let text = OutputBuffer(capacity: 1 << 20)
    /// Fragment of table row `t`: `text[starts[t]..<starts[t + 1]]`.
    package private(set) var starts: [Int] = [0]
    /// Per table row: the fragment holds (its assumptions were those of the final panel).
    package var valid: [Bool] = []

    /// Empty fragments, filled with ``add(_:)``.
    package init() {}

    /// Rows formatted so far.
    package var rowCount: Int { starts.count - 1 }

    /// Appends the next row's fragment through `body`, given room for `bound` bytes.
    @inline(__always)
    package func add(bound: Int, _ body: (inout ByteCursor) -> Void) {
        text.reserve(bound)
        text.write(body)
        starts.append(text.count)
    }

    /// How many rows' fragments hold.
    public var validCount: Int { valid.count { $0 } }

    /// The fragment of table row `row`, when it holds.
    @inline(__always)
    package func fragment(forTableRow row: Int) -> UnsafeBufferPointer<UInt8>? {
        guard row < valid.count, valid[row] else { return nil }
        return UnsafeBufferPointer(start: text.base + starts[row], count: starts[row + 1] - starts[row])
    }
}
