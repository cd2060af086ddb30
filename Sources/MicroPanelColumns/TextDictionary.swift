import MicroPanelSupport

/// Interns byte strings to dense codes while a text column is built: one hash lookup per row,
/// no allocation unless the value is new. A slot holds a value's length and first eight bytes
/// beside its code, so that a lookup of a short value (an id, a code) touches one cache line,
/// not the slot and then the stored bytes: what counts when a million loan ids come in random order.
final class TextDictionary {
    /// A slot: 1 + the code (0 for empty), the value's length and its first eight bytes.
    struct Slot: BitwiseCopyable {
        var entry: UInt32
        var length: UInt32
        var prefix: UInt64
    }

    private let bytes = GrowableBuffer<UInt8>(capacity: 1 << 12)
    private let starts = GrowableBuffer<UInt32>(capacity: 64)
    private let lengths = GrowableBuffer<UInt32>(capacity: 64)
    /// Open addressing; the count is a power of two.
    private let slots = GrowableBuffer<Slot>(filledWith: Slot(entry: 0, length: 0, prefix: 0), count: 64)
    /// The distinct values as strings, in code order.
    private(set) var strings: [String] = []

    /// Number of distinct values.
    var count: Int { strings.count }

    /// The code of `value`; nil when `value` is new and not valid UTF-8.
    @inline(__always)
    func code(of value: UnsafeRawBufferPointer) -> UInt32? {
        let hash = Self.hash(value)
        let prefix = Self.prefix(value)
        let mask = slots.count - 1
        let slotBase = slots.base
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let found = slotBase[slot]
            if found.entry == 0 { return insert(value, at: slot, prefix: prefix) }
            if Int(found.length) == value.count && found.prefix == prefix {
                let code = Int(found.entry - 1)
                if value.count <= 8 || memoryEqual(bytes.base + Int(starts.base[code]), value) { return UInt32(code) }
            }
            slot = (slot + 1) & mask
        }
    }

    /// The first eight bytes of `value` (zeros after a shorter one).
    @inline(__always)
    static func prefix(_ value: UnsafeRawBufferPointer) -> UInt64 {
        if value.count >= 8 { return value.loadUnaligned(as: UInt64.self) }
        var word: UInt64 = 0
        var index = 0
        while index < value.count {
            word |= UInt64(value[index]) << (8 * UInt64(index))
            index += 1
        }
        return word
    }

    private func memoryEqual(_ stored: UnsafeMutablePointer<UInt8>, _ value: UnsafeRawBufferPointer) -> Bool {
        var index = 0
        while index < value.count {
            if stored[index] != value[index] { return false }
            index += 1
        }
        return true
    }

    private func insert(_ value: UnsafeRawBufferPointer, at slot: Int, prefix: UInt64) -> UInt32? {
        guard let string = String(validating: value, as: UTF8.self) else { return nil }
        let code = UInt32(strings.count)
        starts.append(UInt32(bytes.count))
        lengths.append(UInt32(value.count))
        for byte in value { bytes.append(byte) }
        strings.append(string)
        slots[slot] = Slot(entry: code + 1, length: UInt32(value.count), prefix: prefix)
        if strings.count * 2 > slots.count { rehash() }
        return code
    }

    private func rehash() {
        let slotCount = slots.count * 2
        slots.reserve(slotCount)
        slots.count = slotCount
        slots.base.update(repeating: Slot(entry: 0, length: 0, prefix: 0), count: slotCount)
        let mask = slotCount - 1
        for code in 0..<strings.count {
            let value = UnsafeRawBufferPointer(
                start: bytes.base + Int(starts.base[code]), count: Int(lengths.base[code]))
            var slot = Int(truncatingIfNeeded: Self.hash(value)) & mask
            while slots[slot].entry != 0 { slot = (slot + 1) & mask }
            slots[slot] = Slot(entry: UInt32(code + 1), length: UInt32(value.count), prefix: Self.prefix(value))
        }
    }

    /// A fast 64-bit hash of short byte strings, eight bytes at a time.
    @inline(__always)
    static func hash(_ value: UnsafeRawBufferPointer) -> UInt64 {
        var hash: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(value.count)
        var index = 0
        while index + 8 <= value.count {
            let word = value.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            hash = (hash ^ word) &* 0xBF58_476D_1CE4_E5B9
            hash ^= hash >> 31
            index += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while index < value.count {
            tail |= UInt64(value[index]) << shift
            shift += 8
            index += 1
        }
        hash = (hash ^ tail) &* 0x94D0_49BB_1331_11EB
        return hash ^ (hash >> 29)
    }
}
