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
            var fraction = units % scale
            var digits = [UInt8](repeating: UInt8(ascii: "0"), count: decimals)
            for position in stride(from: decimals - 1, through: 0, by: -1) {
                digits[position] = UInt8(ascii: "0") + UInt8(fraction % 10)
                fraction /= 10
            }
            bytes.append(contentsOf: digits)
        }
    }

    private mutating func appendDigits(_ value: Int64) {
        if value >= 10 { appendDigits(value / 10) }
        bytes.append(UInt8(ascii: "0") + UInt8(value % 10))
    }
}
