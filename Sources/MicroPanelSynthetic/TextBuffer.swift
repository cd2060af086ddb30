#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A byte buffer for writing CSV text quickly: fixed-point numbers without `String`.
struct TextBuffer {
    private(set) var bytes: [UInt8]

    init(capacity: Int) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    var count: Int { bytes.count }

    mutating func append(_ text: String) { bytes.append(contentsOf: text.utf8) }
    mutating func bytes(_ more: [UInt8]) { bytes.append(contentsOf: more) }
    mutating func comma() { bytes.append(UInt8(ascii: ",")) }
    mutating func newline() { bytes.append(UInt8(ascii: "\n")) }
    mutating func clear() { bytes.removeAll(keepingCapacity: true) }

    func withBytes(_ body: (UnsafeRawBufferPointer) throws -> Void) rethrows {
        try bytes.withUnsafeBytes(body)
    }

    /// Writes `value` rounded to `decimals` places (trailing zeros kept, as MIX's files show them).
    mutating func fixed(_ value: Double, decimals: Int) {
        guard value.isFinite else { return }
        var scale: Int64 = 1
        for _ in 0..<decimals { scale *= 10 }
        let scaled = (value * Double(scale)).rounded()
        guard scaled.magnitude < 9e18 else { return }
        var units = Int64(scaled)
        if units < 0 {
            bytes.append(UInt8(ascii: "-"))
            units = -units
        }
        appendDigits(units / scale)
        if decimals > 0 {
            bytes.append(UInt8(ascii: "."))
            let fraction = units % scale
            var divisor = scale / 10
            while divisor > 0 {
                bytes.append(UInt8(ascii: "0") + UInt8((fraction / divisor) % 10))
                divisor /= 10
            }
        }
    }

    private mutating func appendDigits(_ value: Int64) {
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0) // 24 bytes of room, filled from the end
        var count = 0
        var rest = value
        withUnsafeMutableBytes(of: &digits) { room in
            repeat {
                count += 1
                room[24 - count] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
            } while rest > 0
            bytes.append(contentsOf: room[(24 - count)...])
        }
    }
}
