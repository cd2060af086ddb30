/// Numbers as text that reads back to the same Double: the shortest such digits.
public enum NumberText {
    /// Appends the shortest text that round-trips `value` (finite) to `buffer`: integers without
    /// a fraction (`134`), exponents only for very large or small magnitudes (`1e-05`).
    @inline(__always)
    public static func appendShortest(_ value: Double, to buffer: inout [UInt8]) {
        var text = value.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        buffer.append(contentsOf: text.utf8)
    }
}
