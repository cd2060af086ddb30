import MicroPanelSupport

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The distinct row tails (flags text and line end) of preformatted rows, each stored once and
/// found by the statuses that made it.
///
/// An open-addressing table keyed by the status bytes: a lookup hashes a few machine words and
/// compares one key, without allocating (hashing the tail text as an array key cost more than
/// formatting the row it belongs to).
final class RowTails {
    /// Status bytes per key (the number of indicators written).
    private let width: Int
    /// Every tail's text, one after another.
    private let text = GrowableBuffer<UInt8>(capacity: 1 << 12)
    /// Where each tail starts in `text`, by tail index, then the end of the last one.
    private let starts = GrowableBuffer<Int>(filledWith: 0, count: 1)
    /// `width` status bytes per tail, by tail index.
    private let keys: GrowableBuffer<UInt8>
    /// Tail index + 1 per slot; 0 marks an empty slot. The count is a power of two.
    private var slots: [UInt32] = Array(repeating: 0, count: 64)

    /// An empty table for rows of `width` indicators.
    init(width: Int) {
        self.width = width
        keys = GrowableBuffer(capacity: 64 * max(width, 1))
    }

    /// The index of the tail for `statuses`; `text` is that tail, stored when it is new.
    func index(statuses: UnsafePointer<UInt8>, text: UnsafeBufferPointer<UInt8>) -> UInt32 {
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash(statuses)) & mask
        while slots[slot] != 0 {
            let index = Int(slots[slot] - 1)
            if memcmp(keys.base + index * width, statuses, width) == 0 { return UInt32(index) }
            slot = (slot + 1) & mask
        }
        let index = starts.count - 1
        self.text.reserve(self.text.count + text.count)
        (self.text.base + self.text.count).update(from: text.baseAddress!, count: text.count)
        self.text.count += text.count
        starts.append(self.text.count)
        keys.reserve(keys.count + width)
        (keys.base + keys.count).update(from: statuses, count: width)
        keys.count += width
        slots[slot] = UInt32(index + 1)
        if (index + 1) * 2 > slots.count { rehash(slotCount: slots.count * 2) }
        return UInt32(index)
    }

    /// The text of tail `index` (valid until the next insertion).
    @inline(__always)
    func text(_ index: UInt32) -> UnsafeBufferPointer<UInt8> {
        let start = starts[Int(index)]
        return UnsafeBufferPointer(start: text.base + start, count: starts[Int(index) + 1] - start)
    }

    private func rehash(slotCount: Int) {
        slots = Array(repeating: 0, count: slotCount)
        let mask = slotCount - 1
        for index in 0..<starts.count - 1 {
            var slot = Int(truncatingIfNeeded: hash(keys.base + index * width)) & mask
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = UInt32(index + 1)
        }
    }

    /// A multiplicative hash of the key's bytes, eight at a time.
    private func hash(_ statuses: UnsafePointer<UInt8>) -> UInt64 {
        let raw = UnsafeRawPointer(statuses)
        var hash: UInt64 = 0x9E37_79B9_7F4A_7C15
        var offset = 0
        while offset + 8 <= width {
            hash = (hash ^ raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) &* 0xFF51_AFD7_ED55_8CCD
            hash ^= hash >> 32
            offset += 8
        }
        while offset < width {
            hash = (hash ^ UInt64(statuses[offset])) &* 0x100_0000_01B3
            offset += 1
        }
        return hash ^ (hash >> 29)
    }
}
