import MicroPanelColumns
import MicroPanelTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

private func parse(_ text: String, decimalComma: Bool = false) -> (NumberParseStatus, Double) {
    var value = 0.0
    let status = Array(text.utf8).withUnsafeBytes {
        NumberParser(decimalComma: decimalComma).parse($0, into: &value)
    }
    return (status, value)
}

@Suite("number parser")
struct NumberParserTests {
    @Test(
        "plain, signed, decimal and exponent forms",
        arguments: [
            ("0", 0.0), ("42", 42), ("-42", -42), ("+7", 7), ("3.25", 3.25), ("-0.0058", -0.0058),
            (".5", 0.5), ("5.", 5), ("1e3", 1000), ("1E-3", 0.001), ("2.5e+2", 250), ("77543.0", 77543),
            ("20797554.64", 20797554.64), ("  12.5 ", 12.5), ("\"1.5\"", 1.5), ("\" 8 \"", 8),
            ("0000123", 123), ("123456789012345678901234567890", 123456789012345678901234567890.0),
            ("1e-400", 0), ("4.9e-324", 4.9e-324), ("1.7976931348623157e308", 1.7976931348623157e308),
        ])
    func values(text: String, expected: Double) {
        let (status, value) = parse(text)
        #expect(status == .value)
        #expect(value == expected, "\(text)")
    }

    @Test(
        "missing: empty and the spec's markers",
        arguments: ["", "   ", "\"\"", "NA", "N/A", "n/a", "null", "-", "..", "#N/A"])
    func missing(text: String) {
        let (status, value) = parse(text)
        #expect(status == .missing)
        #expect(value.isNaN)
    }

    @Test(
        "not numbers",
        arguments: [
            "abc", "nan", "NaN", "inf", "-inf", "1,234.5", "(120)", "1e", "1e+", "+", ".",
            "1.2.3", "0x10", "12abc", "1 2", "--1", "na", "NULL", "\"12",
        ])
    func invalid(text: String) {
        #expect(parse(text).0 == .invalid, "\(text)")
    }

    @Test("out of range", arguments: ["1e999", "-1e400", "1" + String(repeating: "0", count: 400)])
    func outOfRange(text: String) {
        #expect(parse(text).0 == .outOfRange)
    }

    @Test(
        "decimal comma: ',' marks decimals, '.' groups thousands",
        arguments: [
            ("1.234,56", 1234.56), ("-0,5", -0.5), ("12", 12), ("1.234.567", 1_234_567), ("3,0e2", 300),
        ])
    func decimalComma(text: String, expected: Double) {
        let (status, value) = parse(text, decimalComma: true)
        #expect(status == .value)
        #expect(value == expected)
        #expect(parse("1.5,2.5", decimalComma: true).0 == .invalid)
    }

    @Test("agrees with strtod bit for bit on random numbers of every shape")
    func agreesWithStrtod() {
        var random = SeededGenerator(seed: 12345)
        func next() -> UInt64 { random.next() >> 11 }
        for _ in 0..<200_000 {
            let digits = Int(next() % 22) + 1
            var text = next() % 3 == 0 ? "-" : ""
            for position in 0..<digits {
                if position == Int(next() % UInt64(digits + 1)) && !text.contains(".") { text += "." }
                text += String(next() % 10)
            }
            if next() % 4 == 0 { text += "e\(Int(next() % 60) - 30)" }
            let expected = strtod(text, nil)
            let (status, value) = parse(text)
            #expect(status == .value, "\(text)")
            if value.bitPattern != expected.bitPattern && !(value == 0 && expected == 0) {
                Issue.record("\(text): parsed \(value), strtod \(expected)")
                return
            }
        }
    }

    @Test("the padded fast path reads exactly what the byte-by-byte path reads, whatever follows the field")
    func paddedAgreesWithBytewise() {
        var random = SeededGenerator(seed: 99)
        func next() -> UInt64 { random.next() >> 11 }
        let alphabet = Array("0123456789012345678901234567890123456789..,,-+e \"x".utf8)
        var fixed = [
            "12270903.0", "280677052.0", "0.0567", "1234567890123456", "12345678901234567",
            "1234567890123456.5", "99999999.99999999", "9999999999999999.9", "0.0000001", "5.", "-0",
            "+.5", "-", "1.234,56", "00000000000000000001", "123456789.123456789", "4503599627370497.0",
            "-0.0", "-0.000", "7.00", "9007199254740993.0", "9007199254740992.0",
        ]
        for _ in 0..<300_000 {
            let length = Int(next() % 24)
            fixed.append(
                String(
                    decoding: (0..<length).map { _ in alphabet[Int(next() % UInt64(alphabet.count))] }, as: UTF8.self))
        }
        for text in fixed {
            for decimalComma in [false, true] {
                let parser = NumberParser(decimalComma: decimalComma)
                let field = Array(text.utf8)
                // The field followed by digits: a parser reading past its end would see them.
                let padded = field + Array(repeating: UInt8(ascii: "7"), count: NumberParser.padding)
                var bytewise = 0.0
                var fast = 0.0
                let expected = field.withUnsafeBytes { parser.parse($0, into: &bytewise) }
                let status = padded.withUnsafeBytes {
                    parser.parse(padded: UnsafeRawBufferPointer(rebasing: $0[0..<field.count]), into: &fast)
                }
                if status != expected || fast.bitPattern != bytewise.bitPattern {
                    Issue.record(
                        "'\(text)' (decimal comma: \(decimalComma)): padded \(status) \(fast), bytewise \(expected) \(bytewise)"
                    )
                    return
                }
            }
        }
    }
}
