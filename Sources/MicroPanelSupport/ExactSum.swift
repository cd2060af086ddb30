/// A sum of non-negative amounts that does not depend on the order they are added in, so that a
/// tape read in any row order, or in shards merged later, gives the same bytes. Each amount is
/// held exactly in fixed point, 64 bits of fraction in a 128-bit integer (every double from
/// 2⁻¹² up to ``limit``; the bits of smaller ones below 2⁻⁶⁴ are dropped), and the sum is rounded
/// to a double once, when read.
public struct ExactSum: Sendable, Equatable, BitwiseCopyable {
    /// Amounts must be below this (2⁶², about 4.6 × 10¹⁸), and a sum below 2⁶⁴.
    public static let limit: Double = 0x1p62

    @usableFromInline var storage: UInt128 = 0

    /// The sum in units of 2⁻⁶⁴.
    public var units: UInt128 { storage }

    public init() {}

    /// A sum of `units` units of 2⁻⁶⁴ (as ``units`` gave it).
    public init(units: UInt128) { storage = units }

    /// Adds `amount`, which must be in [0, ``limit``); false (and the sum unchanged) when the
    /// sum would reach 2⁶⁴.
    @inlinable @inline(__always)
    public mutating func add(_ amount: Double) -> Bool {
        let whole = amount.rounded(.towardZero)
        let fraction = UInt64((amount - whole) * 0x1p64)
        return add(units: UInt128(UInt64(whole)) << 64 | UInt128(fraction))
    }

    /// Adds another sum; false (and the sum unchanged) when it would reach 2⁶⁴.
    @inlinable @inline(__always)
    public mutating func add(_ other: ExactSum) -> Bool { add(units: other.units) }

    @usableFromInline @inline(__always)
    mutating func add(units term: UInt128) -> Bool {
        let (sum, overflow) = storage.addingReportingOverflow(term)
        if overflow { return false }
        storage = sum
        return true
    }

    /// The sum, rounded to the nearest double.
    public var value: Double { Double(units) * 0x1p-64 }
}
