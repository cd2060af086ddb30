/// A value on its way through a formula, with why it is missing or how it is flagged.
///
/// Operations keep the first missing reason they meet (numerator before denominator), and
/// carry flags of present values along, so each formula reads like the spec.
struct Term {
    /// The value; NaN when missing.
    var value: Double
    /// A ``MissingReason`` raw value in the low bits, ``ValueFlags`` above.
    var status: UInt8

    @inline(__always)
    init(_ value: Double, _ status: UInt8 = 0) {
        self.value = value
        self.status = status
    }

    @inline(__always)
    static func missing(_ reason: MissingReason) -> Term { Term(.nan, reason.rawValue) }

    /// An input cell: missing (`missing_input`) when NaN, else `implausible` (the status a
    /// plausibility rule gives it, 0 when none does).
    @inline(__always)
    static func input(_ value: Double, implausible: UInt8 = 0) -> Term {
        Term(value, value.isNaN ? MissingReason.missingInput.rawValue : implausible)
    }

    /// An input that counts as zero when absent (tax, recoveries, renegotiated loans).
    @inline(__always)
    static func zeroIfAbsent(_ value: Double, implausible: UInt8 = 0) -> Term {
        Term(value.isNaN ? 0 : value, value.isNaN ? 0 : implausible)
    }

    @inline(__always)
    var isMissing: Bool { status & MissingReason.mask != 0 }

    @inline(__always)
    var flags: UInt8 { status & ~MissingReason.mask }

    /// The status a term ends with: a missing reason alone, or the flags of a present value.
    @inline(__always)
    var outputStatus: UInt8 { isMissing ? status & MissingReason.mask : status }

    /// The status of a result of `lhs` and `rhs`: the first missing reason, else both
    /// operands' flags. Selects, not branches: whether a cell is missing is data, and
    /// mispredicted branches on it cost more than the arithmetic they would skip.
    @inline(__always)
    static func combined(_ lhs: UInt8, _ rhs: UInt8) -> UInt8 {
        let right = rhs & MissingReason.mask != 0 ? rhs : lhs | rhs
        return lhs & MissingReason.mask != 0 ? lhs : right
    }

    /// `self / denominator`: a zero denominator is `zero_denominator`. The quotient is
    /// computed either way; a missing result's value is never read (sinks write NaN).
    @inline(__always)
    func divided(by denominator: Term) -> Term {
        if isMissing { return self }
        if denominator.isMissing { return denominator }
        if denominator.value == 0 { return .missing(.zeroDenominator) }
        return Term(value / denominator.value, flags | denominator.flags)
    }

    @inline(__always)
    static func + (lhs: Term, rhs: Term) -> Term {
        Term(lhs.value + rhs.value, combined(lhs.status, rhs.status))
    }

    @inline(__always)
    static func - (lhs: Term, rhs: Term) -> Term {
        Term(lhs.value - rhs.value, combined(lhs.status, rhs.status))
    }

    @inline(__always)
    static func * (lhs: Term, rhs: Term) -> Term {
        Term(lhs.value * rhs.value, combined(lhs.status, rhs.status))
    }

    /// `max(0, self)`: a cost that cannot be a gain.
    @inline(__always)
    func atLeastZero() -> Term {
        Term(max(0, value), status)
    }

    /// `self − 1` (growth rates from ratios).
    @inline(__always)
    func minusOne() -> Term {
        Term(value - 1, status)
    }
}
