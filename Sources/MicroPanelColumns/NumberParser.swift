#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The outcome of parsing one numeric field.
public enum NumberParseStatus: UInt8, Sendable {
    /// A finite number.
    case value
    /// Empty or a missing marker (`NA`, `N/A`, `n/a`, `null`, `-`, `..`, `#N/A`).
    case missing
    /// Not a number.
    case invalid
    /// A number beyond the range of a 64-bit float (such as `1e999`).
    case outOfRange
}

/// Parses decimal numbers from field bytes: sign, digits, a decimal point, an exponent.
///
/// The fast path reads up to 19 significant digits into an integer and, when the integer is at
/// most 2^53 and the power of ten at most 22, gives the correctly rounded result with one exact
/// multiply or divide (Clinger's fast path). Everything else goes to `strtod` after this parser
/// has checked the syntax itself, so `strtod`'s extras (`inf`, `nan`, hex) are never accepted.
/// Surrounding spaces and enclosing quotes are allowed. With `decimalComma`, `1.234,56` is read
/// as 1234.56: `,` is the decimal mark and `.` groups thousands.
public struct NumberParser: Sendable {
    /// Whether `,` is the decimal mark (and `.` a thousands separator).
    public let decimalComma: Bool

    /// A parser for `.` (default) or `,` as the decimal mark.
    public init(decimalComma: Bool = false) {
        self.decimalComma = decimalComma
    }

    private static let exactPowersOfTen: [Double] = (0...22).map { exponent in
        var value = 1.0
        for _ in 0..<exponent { value *= 10 }
        return value
    }

    /// The longest number handed to `strtod`; longer digit strings are rejected as invalid.
    static let longestSlowPathNumber = 800

    /// Parses `raw` into `value` (NaN unless the status is ``NumberParseStatus/value``).
    @inline(__always)
    public func parse(_ raw: UnsafeRawBufferPointer, into value: inout Double) -> NumberParseStatus {
        value = .nan
        guard let base = raw.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return .missing }
        var start = 0
        var end = raw.count
        // Fast case first: no padding, no quotes.
        if end > 0
            && (base[0] == 0x20 || base[0] == 0x09 || base[0] == 0x22
                || base[end - 1] == 0x20 || base[end - 1] == 0x09)
        {
            trim(base, &start, &end)
            if end - start >= 2 && base[start] == 0x22 && base[end - 1] == 0x22 {
                start += 1
                end -= 1
                trim(base, &start, &end)
            }
        }
        if start == end { return .missing }

        let decimalMark: UInt8 = decimalComma ? 0x2C : 0x2E
        var index = start
        var negative = false
        if base[index] == 0x2D || base[index] == 0x2B {
            negative = base[index] == 0x2D
            index += 1
        }
        var mantissa: UInt64 = 0
        var significantDigits = 0
        var exponent = 0
        var sawDigit = false
        var truncated = false
        // Integer part.
        while index < end {
            let digit = base[index] &- 0x30
            if digit < 10 {
                sawDigit = true
                if significantDigits < 19 {
                    mantissa = mantissa &* 10 &+ UInt64(digit)
                    if mantissa != 0 { significantDigits += 1 }
                } else {
                    exponent += 1
                    truncated = truncated || digit != 0
                }
                index += 1
            } else if decimalComma && base[index] == 0x2E && sawDigit && index + 1 < end
                && base[index + 1] &- 0x30 < 10
            {
                index += 1 // thousands separator
            } else {
                break
            }
        }
        // Fraction.
        if index < end && base[index] == decimalMark {
            index += 1
            while index < end {
                let digit = base[index] &- 0x30
                guard digit < 10 else { break }
                sawDigit = true
                if significantDigits < 19 {
                    mantissa = mantissa &* 10 &+ UInt64(digit)
                    if mantissa != 0 { significantDigits += 1 }
                    exponent -= 1
                } else {
                    truncated = truncated || digit != 0
                }
                index += 1
            }
        }
        guard sawDigit else { return markerOrInvalid(base + start, end - start) }
        // Exponent.
        if index < end && (base[index] | 0x20) == 0x65 {
            index += 1
            var exponentNegative = false
            if index < end && (base[index] == 0x2D || base[index] == 0x2B) {
                exponentNegative = base[index] == 0x2D
                index += 1
            }
            var written = 0
            var sawExponentDigit = false
            while index < end {
                let digit = base[index] &- 0x30
                guard digit < 10 else { break }
                sawExponentDigit = true
                if written < 100_000 { written = written * 10 + Int(digit) }
                index += 1
            }
            guard sawExponentDigit else { return .invalid }
            exponent += exponentNegative ? -written : written
        }
        guard index == end else { return .invalid }

        if mantissa == 0 && !truncated {
            value = negative ? -0.0 : 0.0
            return .value
        }
        if !truncated && mantissa <= (UInt64(1) << 53) && exponent >= -22 && exponent <= 22 {
            let magnitude =
                exponent >= 0
                ? Double(mantissa) * Self.exactPowersOfTen[exponent]
                : Double(mantissa) / Self.exactPowersOfTen[-exponent]
            value = negative ? -magnitude : magnitude
            return .value
        }
        return slowPath(base + start, end - start, into: &value)
    }

    /// Bytes that must be readable after a field handed to ``parse(padded:into:)``.
    public static let padding = 8

    /// Like ``parse(_:into:)``, for a field followed by at least ``padding`` readable bytes (as
    /// every field of a ``CSVRowBatch`` is): plain decimals of up to 16 integer and 8 fraction
    /// digits — almost every amount and ratio in a panel — are read eight bytes at a time; all
    /// else goes the byte-by-byte way. The result is the same either way.
    @inline(__always)
    public func parse(padded raw: UnsafeRawBufferPointer, into value: inout Double) -> NumberParseStatus {
        if let base = raw.baseAddress, raw.count > 0, let fast = plainDecimal(base, raw.count) {
            value = fast
            return .value
        }
        return parse(raw, into: &value)
    }

    /// `[-+]?digits(mark digits)?` filling the field exactly, with a correctly rounded result
    /// by Clinger's fast path; nil for anything else.
    @inline(__always)
    private func plainDecimal(_ base: UnsafeRawPointer, _ count: Int) -> Double? {
        var index = 0
        let first = base.load(as: UInt8.self)
        let negative = first == 0x2D
        if negative || first == 0x2B { index = 1 }
        guard index < count else { return nil }
        var (mantissa, digits) = Self.digitRun(base + index, limit: count - index)
        guard digits > 0 else { return nil }
        index += digits
        var fractionDigits = 0
        if index < count {
            guard base.load(fromByteOffset: index, as: UInt8.self) == (decimalComma ? 0x2C : 0x2E) else { return nil }
            index += 1
            guard index < count else { return nil }
            let fraction = Self.digitRun(base + index, limit: min(count - index, 8))
            guard fraction.count > 0, index + fraction.count == count, digits + fraction.count <= 19 else { return nil }
            // A zero fraction (`12270903.0`, most amounts) leaves a whole number: no division.
            if fraction.value != 0 {
                fractionDigits = fraction.count
                mantissa = mantissa &* Self.powerOfTen(fractionDigits) &+ fraction.value
            }
        }
        guard mantissa <= (UInt64(1) << 53) else { return nil }
        let magnitude =
            fractionDigits == 0 ? Double(mantissa) : Double(mantissa) / Double(Self.powerOfTen(fractionDigits))
        return negative ? -magnitude : magnitude
    }

    /// 10^`exponent` for 0...8 (a constant table, unlike a static array, needs no lazy setup).
    @inline(__always)
    private static func powerOfTen(_ exponent: Int) -> UInt64 {
        switch exponent {
        case 0: 1
        case 1: 10
        case 2: 100
        case 3: 1000
        case 4: 10000
        case 5: 100_000
        case 6: 1_000_000
        case 7: 10_000_000
        default: 100_000_000
        }
    }

    /// The leading decimal digits at `start` (at most `limit`, at most 16) and their value,
    /// read eight bytes at a time; count 0 when a 17th digit follows (too long for this path).
    @inline(__always)
    private static func digitRun(_ start: UnsafeRawPointer, limit: Int) -> (value: UInt64, count: Int) {
        let first = leadingDigits(start.loadUnaligned(as: UInt64.self), limit: limit)
        guard first.count == 8 && limit > 8 else { return first }
        let second = leadingDigits(start.loadUnaligned(fromByteOffset: 8, as: UInt64.self), limit: limit - 8)
        guard second.count < 8 || limit == 16 else { return (0, 0) }
        return (first.value &* powerOfTen(second.count) &+ second.value, 8 + second.count)
    }

    /// The digits at the start of `word` (bytes in memory order, at most `limit`) and their value.
    @inline(__always)
    private static func leadingDigits(_ word: UInt64, limit: Int) -> (value: UInt64, count: Int) {
        let word = UInt64(littleEndian: word)
        // A byte is a digit when its high nibble is 3 and adding 6 keeps it so. Carries only run
        // from a non-digit byte into later ones, past the first non-digit: they never matter.
        let notDigit =
            ((word & 0xF0F0_F0F0_F0F0_F0F0) ^ 0x3030_3030_3030_3030)
            | (((word &+ 0x0606_0606_0606_0606) & 0xF0F0_F0F0_F0F0_F0F0) ^ 0x3030_3030_3030_3030)
        let count = min(notDigit.trailingZeroBitCount / 8, limit)
        guard count > 0 else { return (0, 0) }
        // Move the digits to the top bytes (zeros before them read as leading zeros), then
        // combine pairs, quadruples and octets.
        var digits = (word & 0x0F0F_0F0F_0F0F_0F0F) << (8 * (8 - count))
        digits = (digits &* 10 &+ (digits >> 8)) & 0x00FF_00FF_00FF_00FF
        digits = (digits &* 100 &+ (digits >> 16)) & 0x0000_FFFF_0000_FFFF
        digits = (digits &* 10000 &+ (digits >> 32)) & 0x0000_0000_FFFF_FFFF
        return (digits, count)
    }

    @inline(__always)
    private func trim(_ base: UnsafePointer<UInt8>, _ start: inout Int, _ end: inout Int) {
        while start < end && (base[start] == 0x20 || base[start] == 0x09) { start += 1 }
        while end > start && (base[end - 1] == 0x20 || base[end - 1] == 0x09) { end -= 1 }
    }

    /// Syntax already checked: copies the number in C form (no grouping, `.` as decimal mark)
    /// and lets `strtod` round it.
    private func slowPath(_ text: UnsafePointer<UInt8>, _ length: Int, into value: inout Double) -> NumberParseStatus {
        guard length <= Self.longestSlowPathNumber else { return .invalid }
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: length + 1) { copy in
            var written = 0
            for index in 0..<length {
                let byte = text[index]
                if decimalComma {
                    if byte == 0x2E { continue }
                    copy[written] = CChar(bitPattern: byte == 0x2C ? 0x2E : byte)
                } else {
                    copy[written] = CChar(bitPattern: byte)
                }
                written += 1
            }
            copy[written] = 0
            let result = strtod(copy.baseAddress!, nil)
            guard result.isFinite else { return .outOfRange }
            value = result
            return .value
        }
    }

    private static let missingMarkers: [[UInt8]] = ["NA", "N/A", "n/a", "null", "-", "..", "#N/A"].map {
        Array($0.utf8)
    }

    private func markerOrInvalid(_ text: UnsafePointer<UInt8>, _ length: Int) -> NumberParseStatus {
        for marker in Self.missingMarkers where marker.count == length {
            if marker.withUnsafeBufferPointer({ memcmp($0.baseAddress!, text, length) == 0 }) { return .missing }
        }
        return .invalid
    }
}
