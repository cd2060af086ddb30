import MicroPanelOutput
import MicroPanelTestSupport
import Testing

/// The oracle: Swift's own shortest round-trip text, without the `.0` of whole numbers.
private func described(_ value: Double) -> String {
    var text = value.description
    if text.hasSuffix(".0") { text.removeLast(2) }
    return text
}

private func shortest(_ value: Double) -> String {
    var bytes: [UInt8] = []
    ShortestDouble.append(value, to: &bytes)
    return String(decoding: bytes, as: UTF8.self)
}

@Suite("shortest round-trip numbers")
struct ShortestDoubleTests {
    @Test(
        "edge values",
        arguments: [
            0.0, -0.0, 1, -1, 0.1, 0.2, 0.3, 1.0 / 3, 2.0 / 3, 100, 1e15, 1e16, 9_007_199_254_740_992,
            9_007_199_254_740_993,
            0.0001, 0.00001, 0.00012345, 1e21, 1e22, 1e23, 5e-324, 1e-320, 2.2250738585072014e-308,
            2.2250738585072009e-308, 1.7976931348623157e308, 4.9406564584124654e-324, 123_456_789, 1234567890123456.7,
            12_345_678_901_234_567, 0.15414723461465826, 171.10343042227066, -0.055161124522088024, 5.62, 0.0799,
            Double.leastNormalMagnitude, Double.greatestFiniteMagnitude, Double.ulpOfOne, 1 + Double.ulpOfOne,
        ])
    func edges(value: Double) {
        #expect(shortest(value) == described(value))
        #expect(Double(shortest(value))?.bitPattern == value.bitPattern || value == 0)
    }

    @Test("agrees with Swift's description on a million random bit patterns and ratios")
    func random() {
        var random = SeededGenerator(seed: 0x1234_5678)
        func next() -> UInt64 { random.next() }
        var failures = 0
        for round in 0..<1_000_000 {
            let value: Double
            switch round % 3 {
            case 0: value = Double(bitPattern: next() & ~(UInt64(0x7FF) << 52) | (UInt64(next() % 2046 + 1) << 52))
            case 1: value = Double(Int64(bitPattern: next()) >> 20) / Double(next() >> 40 | 1)
            default: value = Double(bitPattern: next() >> 12) // subnormals and tiny values
            }
            guard value.isFinite else { continue }
            if shortest(value) != described(value) {
                failures += 1
                if failures <= 5 { Issue.record("\(value.bitPattern): \(shortest(value)) vs \(described(value))") }
            }
        }
        #expect(failures == 0)
    }

    @Test("the smallest subnormals and the powers of two, where intervals are uneven")
    func subnormalsAndPowersOfTwo() {
        var values = (UInt64(1)...20_000).map { Double(bitPattern: $0) }
        values += (-1074...1023).map { Double(sign: .plus, exponent: $0, significand: 1) }
        var failures = 0
        for value in values where shortest(value) != described(value) {
            failures += 1
            if failures <= 5 { Issue.record("\(value.bitPattern): \(shortest(value)) vs \(described(value))") }
        }
        #expect(failures == 0)
    }

    @Test("integers of every length, back to back in one buffer")
    func integers() {
        var random = SeededGenerator(seed: 0x9E37_79B9)
        var values: [Int64] = [
            0, 1, -1, 9, 10, 99_999_999, 100_000_000, 9_999_999_999_999_999, 10_000_000_000_000_000,
            Int64.max, Int64.min + 1, 2024, -2024,
        ]
        for _ in 0..<20_000 {
            let state = random.next()
            // Every digit count: shift a random 63-bit value right by 0...62.
            values.append(Int64(bitPattern: state >> 1) >> Int64(state % 63) * (state & 1 == 0 ? 1 : -1))
        }
        let buffer = OutputBuffer(capacity: 64)
        buffer.reserve(values.count * 24)
        buffer.write { cursor in
            for value in values {
                cursor.appendInteger(value)
                cursor.append(UInt8(ascii: ","))
            }
        }
        let expected = values.map { "\($0)," }.joined()
        #expect(String(decoding: buffer.bytes, as: UTF8.self) == expected)
    }
}
