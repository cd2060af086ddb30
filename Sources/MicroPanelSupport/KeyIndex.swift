/// Dense numbers for 64-bit keys (say two dictionary codes, an institution's and a loan's): an
/// open-addressing table with linear probing and no allocation per key. The n-th distinct key
/// inserted gets index n, so a caller keeps its values in its own buffers at the same index.
/// Each slot holds its key beside the index, so a lookup touches one cache line: about 40
/// bytes per key; used where every row of a large input looks a key up.
public final class KeyIndex: @unchecked Sendable {
    /// The keys, by index.
    @usableFromInline let keys = GrowableBuffer<UInt64>(capacity: 16)
    /// A slot: a key and 1 + its index (0 for an empty slot).
    @usableFromInline
    struct Slot: BitwiseCopyable {
        @usableFromInline var key: UInt64
        @usableFromInline var entry: UInt32

        @usableFromInline
        init(key: UInt64, entry: UInt32) {
            self.key = key
            self.entry = entry
        }
    }

    /// The slots; their count is a power of two.
    @usableFromInline let slots = GrowableBuffer<Slot>(filledWith: Slot(key: 0, entry: 0), count: 32)

    public init() {}

    /// Distinct keys inserted.
    @inlinable
    public var count: Int { keys.count }

    /// The key numbered `index`.
    @inlinable
    public func key(at index: Int) -> UInt64 { keys.base[index] }

    /// The index of `key`, if it was inserted.
    @inlinable @inline(__always)
    public func index(of key: UInt64) -> Int? {
        let mask = slots.count - 1
        var slot = Self.slot(key, mask)
        while true {
            let found = slots.base[slot]
            if found.entry == 0 { return nil }
            if found.key == key { return Int(found.entry - 1) }
            slot = (slot + 1) & mask
        }
    }

    /// The index of `key`, numbering it when it is new (`inserted` then true).
    @inlinable @inline(__always)
    public func insert(_ key: UInt64) -> (index: Int, inserted: Bool) {
        let mask = slots.count - 1
        var slot = Self.slot(key, mask)
        while true {
            let found = slots.base[slot]
            if found.entry == 0 { break }
            if found.key == key { return (Int(found.entry - 1), false) }
            slot = (slot + 1) & mask
        }
        let index = keys.count
        keys.append(key)
        slots.base[slot] = Slot(key: key, entry: UInt32(index + 1))
        if keys.count * 2 > slots.count { rehash() }
        return (index, true)
    }

    /// Two 32-bit codes as one key.
    @inlinable @inline(__always)
    public static func key(_ high: UInt32, _ low: UInt32) -> UInt64 { UInt64(high) << 32 | UInt64(low) }

    @inlinable @inline(__always)
    static func slot(_ key: UInt64, _ mask: Int) -> Int {
        var hash = key &* 0x9E37_79B9_7F4A_7C15
        hash ^= hash >> 32
        return Int(truncatingIfNeeded: hash) & mask
    }

    @usableFromInline
    func rehash() {
        let count = slots.count * 2
        slots.reserve(count)
        slots.count = count
        slots.base.update(repeating: Slot(key: 0, entry: 0), count: count)
        let mask = count - 1
        for index in 0..<keys.count {
            let key = keys.base[index]
            var slot = Self.slot(key, mask)
            while slots.base[slot].entry != 0 { slot = (slot + 1) & mask }
            slots.base[slot] = Slot(key: key, entry: UInt32(index + 1))
        }
    }
}
