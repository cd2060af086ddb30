/// A deterministic pseudo-random sequence for tests (a 64-bit linear congruential generator,
/// Knuth's MMIX constants): the same seed gives the same cases on every machine and run.
///
/// Its low bits are weak: take the high ones (`next() >> 11`, `>> 33`) where quality matters.
public struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    /// A sequence starting from `seed`.
    public init(seed: UInt64) { state = seed }

    /// The next 64-bit state.
    public mutating func next() -> UInt64 {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return state
    }

    /// `count` bytes (the state's bits 33...40 each).
    public mutating func bytes(count: Int) -> [UInt8] {
        (0..<count).map { _ in UInt8(truncatingIfNeeded: next() >> 33) }
    }
}
