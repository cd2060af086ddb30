/// The shortest decimal that reads back to a given double (Schubfach, Raffaello Giulietti, 2020), written
/// without `String`: the formatter behind every number MicroPanel outputs.
///
/// The text has the form of Swift's `description` without a trailing `.0`: fixed notation from
/// 0.0001 up to 2^53 inclusive (`0.0001`, `134`, `2.5`), scientific otherwise (`1e-05`,
/// `9.964942709140264e+15`).
public enum ShortestDouble {
    /// Longest text written: sign, 17 digits, point, `e-324`.
    public static let maximumLength = 32

    /// Writes the shortest round-trip text of `value` (finite) at `out`; returns its length.
    @inline(__always)
    public static func write(_ value: Double, to out: UnsafeMutablePointer<UInt8>) -> Int {
        let bits = value.bitPattern
        let negative = bits >> 63 != 0
        let ieeeMantissa = bits & ((1 << 52) - 1)
        let ieeeExponent = UInt32((bits >> 52) & 0x7FF)
        var length = 0
        if negative {
            out[0] = UInt8(ascii: "-")
            length = 1
        }
        if ieeeExponent == 0 && ieeeMantissa == 0 {
            out[length] = UInt8(ascii: "0")
            return length + 1
        }
        // Whole numbers from 1 up to 2^53: their digits directly (integral when the bits below
        // the binary point are zero).
        let magnitude = Swift.abs(value)
        let shift = 1075 - Int(ieeeExponent)
        if shift >= 0 && shift <= 52 && ieeeMantissa & ((1 << UInt64(shift)) &- 1) == 0 {
            let integer = ((1 << 52) | ieeeMantissa) >> UInt64(shift)
            let count = decimalLength(integer)
            writeDigits(integer, count: count, to: out + length)
            return length + count
        }
        var (mantissa, exponent) = decimal(ieeeMantissa: ieeeMantissa, ieeeExponent: ieeeExponent)
        while mantissa >= 10 && mantissa % 10 == 0 {
            mantissa /= 10
            exponent += 1
        }
        return length + layout(mantissa, exponent: Int(exponent), magnitude: magnitude, to: out + length)
    }

    /// Appends the shortest round-trip text of `value` to `bytes`.
    public static func append(_ value: Double, to bytes: inout [UInt8]) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: maximumLength) { buffer in
            let count = write(value, to: buffer.baseAddress!)
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[0..<count]))
        }
    }

    // MARK: Layout

    /// "00" to "99": two digits per division.
    @inline(__always)
    private static var digitPairs: UnsafePointer<UInt8> {
        let pairs: StaticString =
            "00010203040506070809101112131415161718192021222324252627282930313233343536373839404142434445464748495051525354555657585960616263646566676869707172737475767778798081828384858687888990919293949596979899"
        return pairs.utf8Start
    }

    /// 10^0 ... 10^19 (a constant array: no lazy initialisation to check on each use).
    private static let exactPowersOfTen: [UInt64] = [
        1, 10, 100, 1000, 10000, 100000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000, 10_000_000_000,
        100_000_000_000,
        1_000_000_000_000, 10_000_000_000_000, 100_000_000_000_000, 1_000_000_000_000_000, 10_000_000_000_000_000,
        100_000_000_000_000_000, 1_000_000_000_000_000_000, 10_000_000_000_000_000_000,
    ]

    /// The number of decimal digits of `value` (1 for 0), without branches: the bit length
    /// gives the count or one less, and one comparison with a power of ten settles it.
    @inline(__always)
    static func decimalLength(_ value: UInt64) -> Int {
        let bits = 64 &- (value | 1).leadingZeroBitCount
        let guess = (bits &* 1233) &>> 12 // ⌊log10 2^bits⌋: the count is guess or guess + 1
        return guess &+ (value | 1 >= exactPowersOfTen[guess] ? 1 : 0)
    }

    /// Writes the `count` digits of `value` at `out`, most significant first, eight at a time
    /// as whole words. May write up to 8 bytes at `out` whatever `count` is (bytes after the
    /// digits are scratch, overwritten by what follows): callers have that room reserved.
    @inline(__always)
    static func writeDigits(_ value: UInt64, count: Int, to out: UnsafeMutablePointer<UInt8>) {
        let raw = UnsafeMutableRawPointer(out)
        if count <= 8 {
            let digits = eightDigits(UInt32(truncatingIfNeeded: value)) >> (8 * (8 - count))
            raw.storeBytes(of: digits.littleEndian, as: UInt64.self)
            return
        }
        let low = eightDigits(UInt32(truncatingIfNeeded: value % 100_000_000))
        let upper = value / 100_000_000
        if count == 16 || count == 17 {
            // Most ratios: the leading digit, then two words (the first overwrites that digit
            // when there are 16), with no branch on which.
            let top = upper / 100_000_000
            out[0] = UInt8(truncatingIfNeeded: top) | 0x30
            let middle = eightDigits(UInt32(truncatingIfNeeded: upper &- top &* 100_000_000))
            raw.storeBytes(of: middle.littleEndian, toByteOffset: count &- 16, as: UInt64.self)
        } else if count <= 16 {
            let high = eightDigits(UInt32(truncatingIfNeeded: upper)) >> (8 * (16 - count))
            raw.storeBytes(of: high.littleEndian, as: UInt64.self)
        } else {
            let top = eightDigits(UInt32(truncatingIfNeeded: upper / 100_000_000)) >> (8 * (24 - count))
            raw.storeBytes(of: top.littleEndian, as: UInt64.self)
            let middle = eightDigits(UInt32(truncatingIfNeeded: upper % 100_000_000))
            raw.storeBytes(of: middle.littleEndian, toByteOffset: count - 16, as: UInt64.self)
        }
        raw.storeBytes(of: low.littleEndian, toByteOffset: count - 8, as: UInt64.self)
    }

    /// The eight ASCII digits of `block` (below 10^8, leading zeros included), the first digit
    /// in the lowest byte: halves, quarters and eighths split in parallel lanes by multiplying
    /// with reciprocals (exact for these ranges), no table and no division.
    @inline(__always)
    static func eightDigits(_ block: UInt32) -> UInt64 {
        let value = UInt64(block)
        let high = (value &* 109_951_163) >> 40 // value / 10_000
        var lanes = high | ((value &- high &* 10_000) << 32)
        let hundreds = ((lanes &* 10_486) >> 20) & 0x0000_007F_0000_007F // each 32-bit lane / 100
        lanes = hundreds | ((lanes &- hundreds &* 100) << 16)
        let tens = ((lanes &* 103) >> 10) & 0x000F_000F_000F_000F // each 16-bit lane / 10
        lanes = tens | ((lanes &- tens &* 10) << 8)
        return lanes | 0x3030_3030_3030_3030
    }

    /// Writes `mantissa × 10^exponent` (no trailing zeros in `mantissa`), the shortest text of
    /// `magnitude`: scientific below 0.0001 and above 2^53, fixed otherwise.
    @inline(__always)
    private static func layout(
        _ mantissa: UInt64, exponent: Int, magnitude: Double,
        to out: UnsafeMutablePointer<UInt8>
    ) -> Int {
        let count = decimalLength(mantissa)
        let integerDigits = count &+ exponent
        let leadingPower = integerDigits &- 1
        if leadingPower < -4 || magnitude > 9_007_199_254_740_992 {
            // d.ddd: write the digits one place right, then move the first before the point.
            writeDigits(mantissa, count: count, to: out + 1)
            out[0] = out[1]
            var length = 1
            if count > 1 {
                out[1] = UInt8(ascii: ".")
                length = count + 1
            }
            out[length] = UInt8(ascii: "e")
            out[length + 1] = leadingPower < 0 ? UInt8(ascii: "-") : UInt8(ascii: "+")
            length += 2
            let power = Swift.abs(leadingPower)
            if power >= 100 {
                out[length] = UInt8(ascii: "0") &+ UInt8(power / 100)
                length += 1
            }
            out[length] = digitPairs[(power % 100) * 2]
            out[length + 1] = digitPairs[(power % 100) * 2 + 1]
            return length + 2
        }
        if exponent >= 0 {
            writeDigits(mantissa, count: count, to: out)
            for index in 0..<exponent { out[count + index] = UInt8(ascii: "0") }
            return count + exponent
        }
        let raw = UnsafeMutableRawPointer(out)
        if integerDigits > 0 {
            // The digits one place right, then the integer digits moved back before the point.
            writeDigits(mantissa, count: count, to: out + 1)
            for index in 0..<integerDigits { out[index] = out[index &+ 1] }
            out[integerDigits] = UInt8(ascii: ".")
            return count &+ 1
        }
        // "0." and up to three zeros (the value is at least 0.0001) in one store, then the digits.
        raw.storeBytes(of: UInt64(0x3030_3030_3030_2E30).littleEndian, as: UInt64.self)
        let zeros = -integerDigits
        writeDigits(mantissa, count: count, to: out + (2 &+ zeros))
        return 2 &+ zeros &+ count
    }

    // MARK: Schubfach

    /// The shortest `digits × 10^exponent` in the rounding interval of the double, nearest to
    /// it (ties to even digits), possibly with trailing zeros. Raffaello Giulietti's Schubfach
    /// ("The Schubfach way to render doubles", 2020), as in Java's `DoubleToDecimal`: three
    /// 64×128-bit products and two comparisons, no loop.
    @inline(__always)
    static func decimal(ieeeMantissa: UInt64, ieeeExponent: UInt32) -> (UInt64, Int32) {
        if ieeeExponent != 0 {
            return toDecimal(q: Int(ieeeExponent) &- 1075, c: (1 << 52) | ieeeMantissa)
        }
        // The two smallest subnormals are below the method's precision (Java scales them and
        // prints two digits); their shortest forms are 5e-324 and 1e-323.
        switch ieeeMantissa {
        case 1: return (5, -324)
        case 2: return (1, -323)
        default: return toDecimal(q: -1074, c: ieeeMantissa)
        }
    }

    /// The decimal for `c × 2^q`.
    @inline(__always)
    private static func toDecimal(q: Int, c: UInt64) -> (UInt64, Int32) {
        // Wrapping arithmetic throughout: every quantity is far from overflowing (c < 2^53).
        let out = c & 1 // an odd significand excludes the interval's bounds
        let cb = c &<< 2
        let cbr = cb &+ 2
        let cbl: UInt64
        let k: Int
        if c != (1 << 52) || q == -1074 {
            cbl = cb &- 2
            k = floorLog10Pow2(q)
        } else { // a power of two: the lower neighbour is closer
            cbl = cb &- 1
            k = floorLog10ThreeQuartersPow2(q)
        }
        let h = UInt64(truncatingIfNeeded: q &+ floorLog2Pow10(0 &- k) &+ 2)
        let g = PowersOfTen.table[0 &- k &- PowersOfTen.smallestExponent]
        let vb = roundToOdd(g, cb &<< h)
        let vbl = roundToOdd(g, cbl &<< h)
        let vbr = roundToOdd(g, cbr &<< h)
        let s = vb &>> 2
        // Every candidate is compared and the answer selected without branches: which one
        // fits depends on the digits, which branch prediction cannot guess.
        // One digit shorter (returned without its trailing zero): at most one of the two
        // neighbouring multiples of ten fits.
        let s10 = s / 10
        let sp10 = 10 &* s10
        let upIn = vbl &+ out <= sp10 &<< 2
        let wpIn = ((sp10 &+ 10) &<< 2) &+ out <= vbr
        let shorter = upIn ? s10 : s10 &+ 1
        // Full length: s or s + 1, whichever fits; the nearer when both do, ties to even.
        let t = s &+ 1
        let uIn = vbl &+ out <= s &<< 2
        let wIn = (t &<< 2) &+ out <= vbr
        let middle = (s &+ t) &<< 1
        let nearer = vb &+ (s & 1) <= middle ? s : t // below the middle, or on it with s even
        let full = uIn != wIn ? (uIn ? s : t) : nearer
        let isShorter = s >= 10 && upIn != wpIn
        return (isShorter ? shorter : full, Int32(truncatingIfNeeded: isShorter ? k &+ 1 : k))
    }

    /// ⌊(g × cp) / 2^127⌋, its last bit set when the fraction is not zero (rounding to odd);
    /// `g` is 126 bits in 63-bit halves.
    @inline(__always)
    private static func roundToOdd(_ g: (high: UInt64, low: UInt64), _ cp: UInt64) -> UInt64 {
        let x1 = cp.multipliedFullWidth(by: g.low).high
        let y = cp.multipliedFullWidth(by: g.high)
        let z = (y.low >> 1) &+ x1
        let integer = y.high &+ (z >> 63)
        let mask: UInt64 = (1 << 63) - 1
        return integer | (((z & mask) &+ mask) >> 63)
    }

    @inline(__always) private static func floorLog10Pow2(_ e: Int) -> Int { (e &* 661_971_961_083) >> 41 }
    @inline(__always) private static func floorLog10ThreeQuartersPow2(_ e: Int) -> Int {
        (e &* 661_971_961_083 &- 274_743_187_321) >> 41
    }
    @inline(__always) static func floorLog2Pow10(_ e: Int) -> Int { (e &* 913_124_641_741) >> 38 }
}

/// Schubfach's 126-bit approximations of powers of ten, ⌊10^e × 2^(125 − ⌊log2 10^e⌋)⌋ + 1 in
/// 63-bit halves, computed exactly once from big integers into memory that lives as long as the
/// process (a raw pointer: no reference counting per use).
enum PowersOfTen {
    /// The exponent of the table's first entry.
    static let smallestExponent = -292
    /// The exponent of the table's last entry.
    static let largestExponent = 324

    /// Entry `e − smallestExponent` approximates 10^e.
    nonisolated(unsafe) static let table: UnsafePointer<(high: UInt64, low: UInt64)> = {
        let count = largestExponent - smallestExponent + 1
        let table = UnsafeMutablePointer<(high: UInt64, low: UInt64)>.allocate(capacity: count)
        var power = BigUnsigned(1) // 10^|e|
        var powers: [BigUnsigned] = []
        for _ in 0...max(-smallestExponent, largestExponent) {
            powers.append(power)
            power.multiply(by: 10)
        }
        for e in smallestExponent...largestExponent {
            let shift = 125 - ShortestDouble.floorLog2Pow10(e)
            let scaled: BigUnsigned
            if e >= 0 {
                scaled = shift >= 0 ? powers[e].shiftedLeft(shift) : powers[e].shiftedRight(-shift)
            } else {
                scaled = BigUnsigned.powerOfTwoDivided(exponent: shift, by: powers[-e])
            }
            let (low, high) = scaled.adding(1).low128
            table[e - smallestExponent] = (high << 1 | low >> 63, low & ((1 << 63) - 1))
        }
        return UnsafePointer(table)
    }()
}

/// Just enough unsigned big-integer arithmetic to build the tables: little-endian 32-bit limbs.
struct BigUnsigned {
    var limbs: [UInt32]

    init(_ value: UInt32) { limbs = [value] }
    private init(limbs: [UInt32]) { self.limbs = limbs }

    var bitLength: Int {
        guard let last = limbs.lastIndex(where: { $0 != 0 }) else { return 0 }
        return last * 32 + (32 - limbs[last].leadingZeroBitCount)
    }

    var low128: (UInt64, UInt64) {
        func limb(_ index: Int) -> UInt64 { index < limbs.count ? UInt64(limbs[index]) : 0 }
        return (limb(0) | limb(1) << 32, limb(2) | limb(3) << 32)
    }

    mutating func multiply(by factor: UInt32) {
        var carry: UInt64 = 0
        for index in limbs.indices {
            let product = UInt64(limbs[index]) * UInt64(factor) + carry
            limbs[index] = UInt32(truncatingIfNeeded: product)
            carry = product >> 32
        }
        if carry > 0 { limbs.append(UInt32(carry)) }
    }

    func adding(_ value: UInt32) -> BigUnsigned {
        var result = self
        var carry = UInt64(value)
        var index = 0
        while carry > 0 {
            if index == result.limbs.count { result.limbs.append(0) }
            let sum = UInt64(result.limbs[index]) + carry
            result.limbs[index] = UInt32(truncatingIfNeeded: sum)
            carry = sum >> 32
            index += 1
        }
        return result
    }

    func shiftedLeft(_ bits: Int) -> BigUnsigned {
        var result = BigUnsigned(limbs: [UInt32](repeating: 0, count: bits / 32) + limbs + [0])
        let rest = bits % 32
        if rest > 0 {
            var carry: UInt32 = 0
            for index in result.limbs.indices {
                let value = result.limbs[index]
                result.limbs[index] = (value << UInt32(rest)) | carry
                carry = value >> UInt32(32 - rest)
            }
        }
        return result
    }

    func shiftedRight(_ bits: Int) -> BigUnsigned {
        let whole = bits / 32
        guard whole < limbs.count else { return BigUnsigned(0) }
        var result = Array(limbs[whole...])
        let rest = bits % 32
        if rest > 0 {
            for index in result.indices {
                let next = index + 1 < result.count ? result[index + 1] : 0
                result[index] = (result[index] >> UInt32(rest)) | (next << UInt32(32 - rest))
            }
        }
        return BigUnsigned(limbs: result)
    }

    static func >= (lhs: BigUnsigned, rhs: BigUnsigned) -> Bool {
        let count = max(lhs.limbs.count, rhs.limbs.count)
        for index in stride(from: count - 1, through: 0, by: -1) {
            let a = index < lhs.limbs.count ? lhs.limbs[index] : 0
            let b = index < rhs.limbs.count ? rhs.limbs[index] : 0
            if a != b { return a > b }
        }
        return true
    }

    mutating func subtract(_ other: BigUnsigned) {
        var borrow: Int64 = 0
        for index in limbs.indices {
            let b = index < other.limbs.count ? Int64(other.limbs[index]) : 0
            var difference = Int64(limbs[index]) - b - borrow
            borrow = difference < 0 ? 1 : 0
            if difference < 0 { difference += 1 << 32 }
            limbs[index] = UInt32(difference)
        }
    }

    /// ⌊2^exponent / divisor⌋ by binary long division. The quotient has few bits (the tables'
    /// 125), so the division starts where the first quotient bit can appear.
    static func powerOfTwoDivided(exponent: Int, by divisor: BigUnsigned) -> BigUnsigned {
        let divisorBits = divisor.bitLength
        // Quotient bits above `exponent - divisorBits + 1` are zero: the remainder stays below
        // the divisor until 2^(divisorBits − 1) has been brought down.
        var position = exponent - divisorBits + 1
        var remainder = BigUnsigned(1).shiftedLeft(divisorBits - 1)
        var quotient = BigUnsigned(limbs: [UInt32](repeating: 0, count: position / 32 + 2))
        while true {
            if remainder >= divisor {
                remainder.subtract(divisor)
                quotient.limbs[position / 32] |= 1 << UInt32(position % 32)
            }
            if position == 0 { break }
            position -= 1
            remainder = remainder.shiftedLeft(1)
        }
        return quotient
    }
}
