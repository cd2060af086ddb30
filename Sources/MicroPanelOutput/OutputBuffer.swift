/// A byte buffer for formatting output fast: raw appends after one capacity check per row.
/// `@unchecked Sendable`: handed whole from the formatting threads to the writer thread, used by
/// one thread at a time.
package final class OutputBuffer: @unchecked Sendable {
    package private(set) var base: UnsafeMutablePointer<UInt8>
    package private(set) var capacity: Int
    package var count = 0

    package init(capacity: Int) {
        self.capacity = max(capacity, 64)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    /// Makes room for `more` bytes.
    @inline(__always)
    package func reserve(_ more: Int) {
        guard count + more > capacity else { return }
        let newCapacity = max(capacity * 2, count + more)
        let newBase = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        newBase.update(from: base, count: count)
        base.deallocate()
        base = newBase
        capacity = newCapacity
    }

    /// Runs `body` with a cursor at the end of the buffer (room reserved by the caller) and
    /// takes the bytes it wrote.
    @inline(__always)
    package func write(_ body: (inout ByteCursor) -> Void) {
        var cursor = ByteCursor(position: base + count)
        body(&cursor)
        count = cursor.position - base
    }

    package var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base, count: count) }
}

/// Writes bytes at a raw position: the hot loops' way to append without touching the buffer
/// object per byte.
package struct ByteCursor {
    package var position: UnsafeMutablePointer<UInt8>

    @inline(__always)
    package mutating func append(_ byte: UInt8) {
        position.pointee = byte
        position += 1
    }

    @inline(__always)
    package mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress else { return }
        position.update(from: source, count: bytes.count)
        position += bytes.count
    }

    @inline(__always)
    package mutating func appendShortest(_ value: Double) {
        position += ShortestDouble.write(value, to: position)
    }

    @inline(__always)
    package mutating func appendInteger(_ value: Int64) {
        if value < 0 { append(UInt8(ascii: "-")) }
        let magnitude = value.magnitude
        let count = ShortestDouble.decimalLength(magnitude)
        ShortestDouble.writeDigits(magnitude, count: count, to: position)
        position += count
    }
}

/// Strings encoded once into one block of memory, addressed by index through raw pointers:
/// no array traffic per row. Immutable after creation.
final class EncodedStrings: @unchecked Sendable {
    /// All strings, back to back.
    let bytes: UnsafeMutablePointer<UInt8>
    /// String `i` is `bytes[starts[i]..<starts[i + 1]]`.
    let starts: UnsafeMutablePointer<Int>
    /// The longest string's length.
    let longest: Int
    let count: Int

    /// `strings`, back to back.
    convenience init(_ strings: [[UInt8]]) {
        var ends: [Int] = []
        ends.reserveCapacity(strings.count)
        var total = 0
        for string in strings {
            total += string.count
            ends.append(total)
        }
        self.init(concatenated: Array(strings.joined()), ends: ends)
    }

    /// `strings`, each turned into bytes by `encode` (which appends to its second argument):
    /// one growing array for all of them, none per string.
    convenience init(encoding strings: [String], _ encode: (UnsafeBufferPointer<UInt8>, inout [UInt8]) -> Void) {
        var text: [UInt8] = []
        text.reserveCapacity(strings.reduce(0) { $0 + $1.utf8.count } + 2 * strings.count)
        var ends: [Int] = []
        ends.reserveCapacity(strings.count)
        for var string in strings {
            string.withUTF8 { encode($0, &text) }
            ends.append(text.count)
        }
        self.init(concatenated: text, ends: ends)
    }

    /// Strings given back to back in `text`, string `i` ending at `ends[i]`.
    private init(concatenated text: [UInt8], ends: [Int]) {
        count = ends.count
        let bytes = UnsafeMutablePointer<UInt8>.allocate(capacity: max(text.count, 1))
        text.withUnsafeBufferPointer { if let source = $0.baseAddress { bytes.update(from: source, count: $0.count) } }
        self.bytes = bytes
        let starts = UnsafeMutablePointer<Int>.allocate(capacity: ends.count + 1)
        starts[0] = 0
        var longest = 0
        for (index, end) in ends.enumerated() {
            starts[index + 1] = end
            longest = max(longest, end - starts[index])
        }
        self.starts = starts
        self.longest = longest
    }

    deinit {
        bytes.deallocate()
        starts.deallocate()
    }

    /// String `index`.
    @inline(__always)
    subscript(index: Int) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: bytes + starts[index], count: starts[index + 1] - starts[index])
    }
}
