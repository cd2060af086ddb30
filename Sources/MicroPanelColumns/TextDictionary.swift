import MicroPanelSupport

/// Interns byte strings to dense codes while a text column is built: one hash lookup per row,
/// no allocation unless the value is new.
final class TextDictionary {
    private let bytes = GrowableBuffer<UInt8>(capacity: 1 << 12)
    private let starts = GrowableBuffer<UInt32>(capacity: 64)
    private let lengths = GrowableBuffer<UInt32>(capacity: 64)
    /// Open addressing: code + 1 per slot, 0 for empty; the count is a power of two.
    private let slots = GrowableBuffer<UInt32>(filledWith: 0, count: 64)
    /// The distinct values as strings, in code order.
    private(set) var strings: [String] = []

    /// Number of distinct values.
    var count: Int { strings.count }

    /// The code of `value`; nil when `value` is new and not valid UTF-8.
    @inline(__always)
    func code(of value: UnsafeRawBufferPointer) -> UInt32? {
        let hash = Self.hash(value)
        let mask = slots.count - 1
        let slotBase = slots.base
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let entry = slotBase[slot]
            if entry == 0 { return insert(value, at: slot) }
            let code = Int(entry - 1)
            if Int(lengths.base[code]) == value.count
                && (value.count == 0 || memoryEqual(bytes.base + Int(starts.base[code]), value))
            {
                return UInt32(code)
            }
            slot = (slot + 1) & mask
        }
    }

    private func memoryEqual(_ stored: UnsafeMutablePointer<UInt8>, _ value: UnsafeRawBufferPointer) -> Bool {
        var index = 0
        while index < value.count {
            if stored[index] != value[index] { return false }
            index += 1
        }
        return true
    }

    private func insert(_ value: UnsafeRawBufferPointer, at slot: Int) -> UInt32? {
        guard let string = String(validating: value, as: UTF8.self) else { return nil }
        let code = UInt32(strings.count)
        starts.append(UInt32(bytes.count))
        lengths.append(UInt32(value.count))
        for byte in value { bytes.append(byte) }
        strings.append(string)
        slots[slot] = code + 1
        if strings.count * 2 > slots.count { rehash() }
        return code
    }

    private func rehash() {
        let slotCount = slots.count * 2
        slots.reserve(slotCount)
        slots.count = slotCount
        slots.base.update(repeating: 0, count: slotCount)
        let mask = slotCount - 1
        for code in 0..<strings.count {
            let value = UnsafeRawBufferPointer(
                start: bytes.base + Int(starts.base[code]), count: Int(lengths.base[code]))
            var slot = Int(truncatingIfNeeded: Self.hash(value)) & mask
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = UInt32(code + 1)
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
