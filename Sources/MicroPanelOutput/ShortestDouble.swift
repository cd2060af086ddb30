/// The shortest decimal that reads back to a given double (Ryu, Ulf Adams, PLDI 2018), written
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
        return length + layout(mantissa, exponent: Int(exponent), large: magnitude > 9_007_199_254_740_992,
                               to: out + length)
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
        let pairs: StaticString = "00010203040506070809101112131415161718192021222324252627282930313233343536373839404142434445464748495051525354555657585960616263646566676869707172737475767778798081828384858687888990919293949596979899"
        return pairs.utf8Start
    }

    /// The number of decimal digits of `value`, by a few comparisons.
    @inline(__always)
    static func decimalLength(_ value: UInt64) -> Int {
        if value < 100_000_000 {
            if value < 10_000 {
                return value < 100 ? (value < 10 ? 1 : 2) : (value < 1000 ? 3 : 4)
            }
            return value < 1_000_000 ? (value < 100_000 ? 5 : 6) : (value < 10_000_000 ? 7 : 8)
        }
        if value < 10_000_000_000_000_000 {
            if value < 1_000_000_000_000 {
                return value < 10_000_000_000 ? (value < 1_000_000_000 ? 9 : 10) : (value < 100_000_000_000 ? 11 : 12)
            }
            return value < 100_000_000_000_000 ? (value < 10_000_000_000_000 ? 13 : 14)
                : (value < 1_000_000_000_000_000 ? 15 : 16)
        }
        return value < 100_000_000_000_000_000 ? 17 : (value < 1_000_000_000_000_000_000 ? 18
            : (value < 10_000_000_000_000_000_000 ? 19 : 20))
    }

    /// Writes the `count` digits of `value` at `out`, most significant first: blocks of eight
    /// digits in 32-bit arithmetic, two digits per table lookup.
    @inline(__always)
    static func writeDigits(_ value: UInt64, count: Int, to out: UnsafeMutablePointer<UInt8>) {
        var value = value
        var end = out + count
        while value >= 100_000_000 {
            let block = UInt32(truncatingIfNeeded: value % 100_000_000)
            value /= 100_000_000
            end -= 8
            writeEight(block, to: end)
        }
        var small = UInt32(truncatingIfNeeded: value)
        while small >= 100 {
            let pair = Int(small % 100) &* 2
            small /= 100
            end -= 2
            end[0] = digitPairs[pair]
            end[1] = digitPairs[pair + 1]
        }
        if small >= 10 {
            let pair = Int(small) &* 2
            end[-2] = digitPairs[pair]
            end[-1] = digitPairs[pair + 1]
        } else {
            end[-1] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: small)
        }
    }

    /// Writes exactly eight digits of `block` (below 10^8), leading zeros included.
    @inline(__always)
    private static func writeEight(_ block: UInt32, to out: UnsafeMutablePointer<UInt8>) {
        let high = block / 10_000
        let low = block % 10_000
        let pairs = digitPairs
        let (a, b, c, d) = (Int(high / 100) &* 2, Int(high % 100) &* 2, Int(low / 100) &* 2, Int(low % 100) &* 2)
        out[0] = pairs[a]; out[1] = pairs[a + 1]
        out[2] = pairs[b]; out[3] = pairs[b + 1]
        out[4] = pairs[c]; out[5] = pairs[c + 1]
        out[6] = pairs[d]; out[7] = pairs[d + 1]
    }

    /// Writes `mantissa × 10^exponent` (no trailing zeros in `mantissa`): scientific below
    /// 0.0001 and, when `large` (above 2^53), above; fixed otherwise.
    @inline(__always)
    private static func layout(_ mantissa: UInt64, exponent: Int, large: Bool, to out: UnsafeMutablePointer<UInt8>) -> Int {
        let count = decimalLength(mantissa)
        let leadingPower = exponent + count - 1
        if leadingPower < -4 || large {
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
        let integerDigits = count + exponent
        if integerDigits > 0 {
            writeDigits(mantissa, count: count, to: out + 1)
            for index in 0..<integerDigits { out[index] = out[index + 1] }
            out[integerDigits] = UInt8(ascii: ".")
            return count + 1
        }
        out[0] = UInt8(ascii: "0")
        out[1] = UInt8(ascii: ".")
        let zeros = -integerDigits
        for index in 0..<zeros { out[2 + index] = UInt8(ascii: "0") }
        writeDigits(mantissa, count: count, to: out + 2 + zeros)
        return 2 + zeros + count
    }

    // MARK: Ryu

    private static let mantissaBits: Int32 = 52
    private static let bias: Int32 = 1023
    private static let pow5InverseBitCount: Int32 = 125
    private static let pow5BitCount: Int32 = 125

    /// The shortest `mantissa × 10^exponent` in the rounding interval of the double, nearest to it.
    @inline(__always)
    static func decimal(ieeeMantissa: UInt64, ieeeExponent: UInt32) -> (UInt64, Int32) {
        let e2: Int32
        let m2: UInt64
        if ieeeExponent == 0 {
            e2 = 1 - bias - mantissaBits - 2
            m2 = ieeeMantissa
        } else {
            e2 = Int32(ieeeExponent) - bias - mantissaBits - 2
            m2 = (1 << 52) | ieeeMantissa
        }
        let acceptBounds = m2 & 1 == 0
        let mv = 4 * m2
        let mmShift: UInt64 = (ieeeMantissa != 0 || ieeeExponent <= 1) ? 1 : 0

        var vr: UInt64, vp: UInt64, vm: UInt64
        let e10: Int32
        var vmIsTrailingZeros = false
        var vrIsTrailingZeros = false
        if e2 >= 0 {
            let q = log10Pow2(e2) - (e2 > 3 ? 1 : 0)
            e10 = q
            let k = pow5InverseBitCount + pow5bits(q) - 1
            let i = -e2 + q + k
            let multiplier = PowerOfFiveTables.inverse[Int(q)]
            vr = mulShift(4 * m2, multiplier, i)
            vp = mulShift(4 * m2 + 2, multiplier, i)
            vm = mulShift(4 * m2 - 1 - mmShift, multiplier, i)
            if q <= 21 {
                if mv % 5 == 0 {
                    vrIsTrailingZeros = multipleOfPowerOf5(mv, q)
                } else if acceptBounds {
                    vmIsTrailingZeros = multipleOfPowerOf5(mv - 1 - mmShift, q)
                } else {
                    vp -= multipleOfPowerOf5(mv + 2, q) ? 1 : 0
                }
            }
        } else {
            let q = log10Pow5(-e2) - (-e2 > 1 ? 1 : 0)
            e10 = q + e2
            let i = -e2 - q
            let k = pow5bits(i) - pow5BitCount
            let j = q - k
            let multiplier = PowerOfFiveTables.power[Int(i)]
            vr = mulShift(4 * m2, multiplier, j)
            vp = mulShift(4 * m2 + 2, multiplier, j)
            vm = mulShift(4 * m2 - 1 - mmShift, multiplier, j)
            if q <= 1 {
                vrIsTrailingZeros = true
                if acceptBounds {
                    vmIsTrailingZeros = mmShift == 1
                } else {
                    vp -= 1
                }
            } else if q < 63 {
                vrIsTrailingZeros = mv & ((UInt64(1) << UInt64(q)) - 1) == 0
            }
        }

        var removed: Int32 = 0
        var lastRemovedDigit: UInt64 = 0
        let output: UInt64
        if vmIsTrailingZeros || vrIsTrailingZeros {
            while vp / 10 > vm / 10 {
                vmIsTrailingZeros = vmIsTrailingZeros && vm % 10 == 0
                vrIsTrailingZeros = vrIsTrailingZeros && lastRemovedDigit == 0
                lastRemovedDigit = vr % 10
                vr /= 10
                vp /= 10
                vm /= 10
                removed += 1
            }
            if vmIsTrailingZeros {
                while vm % 10 == 0 {
                    vrIsTrailingZeros = vrIsTrailingZeros && lastRemovedDigit == 0
                    lastRemovedDigit = vr % 10
                    vr /= 10
                    vp /= 10
                    vm /= 10
                    removed += 1
                }
            }
            if vrIsTrailingZeros && lastRemovedDigit == 5 && vr % 2 == 0 {
                lastRemovedDigit = 4 // round half to even
            }
            let roundUp = (vr == vm && (!acceptBounds || !vmIsTrailingZeros)) || lastRemovedDigit >= 5
            output = vr + (roundUp ? 1 : 0)
        } else {
            var roundUp = false
            if vp / 100 > vm / 100 {
                roundUp = vr % 100 >= 50
                vr /= 100
                vp /= 100
                vm /= 100
                removed += 2
            }
            while vp / 10 > vm / 10 {
                roundUp = vr % 10 >= 5
                vr /= 10
                vp /= 10
                vm /= 10
                removed += 1
            }
            output = vr + ((vr == vm || roundUp) ? 1 : 0)
        }
        return (output, e10 + removed)
    }

    @inline(__always) private static func pow5bits(_ e: Int32) -> Int32 { Int32((Int64(e) * 1_217_359) >> 19) + 1 }
    @inline(__always) private static func log10Pow2(_ e: Int32) -> Int32 { Int32((Int64(e) * 78913) >> 18) }
    @inline(__always) private static func log10Pow5(_ e: Int32) -> Int32 { Int32((Int64(e) * 732_923) >> 20) }

    @inline(__always)
    private static func multipleOfPowerOf5(_ value: UInt64, _ p: Int32) -> Bool {
        var value = value
        var count: Int32 = 0
        while value % 5 == 0 && value > 0 {
            value /= 5
            count += 1
        }
        return count >= p
    }

    /// `(m × multiplier) >> j` for a 128-bit multiplier and `j ≥ 64`.
    @inline(__always)
    private static func mulShift(_ m: UInt64, _ multiplier: (low: UInt64, high: UInt64), _ j: Int32) -> UInt64 {
        let low = m.multipliedFullWidth(by: multiplier.low)
        let high = m.multipliedFullWidth(by: multiplier.high)
        let (sumLow, carry) = high.low.addingReportingOverflow(low.high)
        let sumHigh = high.high &+ (carry ? 1 : 0)
        let shift = UInt64(j - 64)
        if shift == 0 { return sumLow }
        if shift < 64 { return (sumLow >> shift) | (sumHigh << (64 - shift)) }
        return sumHigh >> (shift - 64)
    }
}

/// Ryu's 128-bit approximations of 5^i and 2^k / 5^i, computed exactly once from big integers
/// into memory that lives as long as the process (raw pointers: no reference counting per use).
enum PowerOfFiveTables {
    /// ⌊5^i⌋ normalised to 125 bits, for i in 0..<326.
    nonisolated(unsafe) static let power: UnsafePointer<(low: UInt64, high: UInt64)> = tables.power
    /// ⌊2^(bits(5^i) − 1 + 125) / 5^i⌋ + 1, for i in 0..<342.
    nonisolated(unsafe) static let inverse: UnsafePointer<(low: UInt64, high: UInt64)> = tables.inverse

    private nonisolated(unsafe) static let tables: (power: UnsafePointer<(low: UInt64, high: UInt64)>,
                                                  inverse: UnsafePointer<(low: UInt64, high: UInt64)>) = {
        let power = UnsafeMutablePointer<(low: UInt64, high: UInt64)>.allocate(capacity: 326)
        let inverse = UnsafeMutablePointer<(low: UInt64, high: UInt64)>.allocate(capacity: 342)
        var five = BigUnsigned(1)
        for i in 0..<342 {
            let bits = five.bitLength
            if i < 326 {
                let shift = bits - 125
                let normalised = shift >= 0 ? five.shiftedRight(shift) : five.shiftedLeft(-shift)
                power[i] = normalised.low128
            }
            inverse[i] = BigUnsigned.powerOfTwoDivided(exponent: bits - 1 + 125, by: five).adding(1).low128
            five.multiply(by: 5)
        }
        return (UnsafePointer(power), UnsafePointer(inverse))
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
