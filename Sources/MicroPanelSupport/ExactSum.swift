/// A sum of non-negative amounts that does not depend on the order they are added in, so that a
/// tape read in any row order, or in shards merged later, gives the same bytes. Each amount is
/// taken to the nearest millionth of its unit (money has no finer part) and the millionths are
/// summed exactly in a 128-bit integer; the sum is rounded to a double once, when read, so that
/// cents add up as an accountant's do (100.10 + 200.20 is 300.3).
public struct ExactSum: Sendable, Equatable, BitwiseCopyable {
    /// Amounts must be below this (2⁶², about 4.6 × 10¹⁸).
    public static let limit: Double = 0x1p62

    @usableFromInline var storage: UInt128 = 0

    /// The sum in millionths.
    public var millionths: UInt128 { storage }

    public init() {}

    /// A sum of `millionths` (as ``millionths`` gave it).
    public init(millionths: UInt128) { storage = millionths }

    /// Adds `amount`, which must be in [0, ``limit``); false (and the sum unchanged) when the
    /// sum would overflow (beyond 10³² units).
    @inlinable @inline(__always)
    public mutating func add(_ amount: Double) -> Bool {
        let scaled = (amount * 1_000_000).rounded()
        return add(millionths: scaled < 0x1p63 ? UInt128(UInt64(scaled)) : UInt128(scaled))
    }

    /// Adds another sum; false (and the sum unchanged) when it would overflow.
    @inlinable @inline(__always)
    public mutating func add(_ other: ExactSum) -> Bool { add(millionths: other.storage) }

    @usableFromInline @inline(__always)
    mutating func add(millionths term: UInt128) -> Bool {
        let (sum, overflow) = storage.addingReportingOverflow(term)
        guard !overflow, sum < Self.ceiling else { return false }
        storage = sum
        return true
    }

    /// Sums stay below 10³⁸ millionths (10³² units).
    @usableFromInline static let ceiling: UInt128 = 100_000_000_000_000_000_000_000_000_000_000_000_000

    /// The sum, rounded to a double.
    public var value: Double { Double(storage) / 1_000_000 }
}
