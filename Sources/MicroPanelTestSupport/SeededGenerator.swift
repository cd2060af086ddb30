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
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return state
    }

    /// `count` bytes (the state's bits 33...40 each).
    public mutating func bytes(count: Int) -> [UInt8] {
        (0..<count).map { _ in UInt8(truncatingIfNeeded: next() >> 33) }
    }
}
