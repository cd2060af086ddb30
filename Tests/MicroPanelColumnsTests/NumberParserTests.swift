#if canImport(Glibc)
import Glibc
#endif
import MicroPanelColumns
import Testing

private func parse(_ text: String, decimalComma: Bool = false) -> (NumberParseStatus, Double) {
    var value = 0.0
    let status = Array(text.utf8).withUnsafeBytes {
        NumberParser(decimalComma: decimalComma).parse($0, into: &value)
    }
    return (status, value)
}

@Suite("number parser")
struct NumberParserTests {
    @Test("plain, signed, decimal and exponent forms", arguments: [
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

    @Test("missing: empty and the spec's markers", arguments: ["", "   ", "\"\"", "NA", "N/A", "n/a", "null", "-", "..", "#N/A"])
    func missing(text: String) {
        let (status, value) = parse(text)
        #expect(status == .missing)
        #expect(value.isNaN)
    }

    @Test("not numbers", arguments: ["abc", "nan", "NaN", "inf", "-inf", "1,234.5", "(120)", "1e", "1e+", "+", ".",
                                     "1.2.3", "0x10", "12abc", "1 2", "--1", "na", "NULL", "\"12"])
    func invalid(text: String) {
        #expect(parse(text).0 == .invalid, "\(text)")
    }

    @Test("out of range", arguments: ["1e999", "-1e400", "1" + String(repeating: "0", count: 400)])
    func outOfRange(text: String) {
        #expect(parse(text).0 == .outOfRange)
    }

    @Test("decimal comma: ',' marks decimals, '.' groups thousands", arguments: [
        ("1.234,56", 1234.56), ("-0,5", -0.5), ("12", 12), ("1.234.567", 1234567), ("3,0e2", 300),
    ])
    func decimalComma(text: String, expected: Double) {
        let (status, value) = parse(text, decimalComma: true)
        #expect(status == .value)
        #expect(value == expected)
        #expect(parse("1.5,2.5", decimalComma: true).0 == .invalid)
    }

    @Test("agrees with strtod bit for bit on random numbers of every shape")
    func agreesWithStrtod() {
        var state: UInt64 = 12345
        func next() -> UInt64 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return state >> 11
        }
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
}
