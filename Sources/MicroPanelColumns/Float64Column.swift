import MicroPanelSupport

/// A column of 64-bit floats; a missing value is NaN (inputs never hold NaN: `nan` in a file
/// is not a number).
///
/// Immutable once built, so it is shared between threads freely.
public final class Float64Column: @unchecked Sendable {
    private let storage: GrowableBuffer<Double>

    /// Values missing in the input (empty or a marker).
    public let missingCount: Int
    /// Values that were not numbers and were read as missing (`--on-bad-number missing`).
    public let badNumberCount: Int
    /// The first of those, as `line N: 'text'`.
    public let badNumberExamples: [String]

    package init(
        storage: GrowableBuffer<Double>, missingCount: Int, badNumberCount: Int, badNumberExamples: [String] = []
    ) {
        self.storage = storage
        self.missingCount = missingCount
        self.badNumberCount = badNumberCount
        self.badNumberExamples = badNumberExamples
    }

    /// A column holding `values` (NaN for missing).
    public convenience init(_ values: [Double]) {
        let storage = GrowableBuffer<Double>(capacity: values.count)
        for value in values { storage.append(value) }
        self.init(storage: storage, missingCount: values.count { $0.isNaN }, badNumberCount: 0)
    }

    /// Number of rows.
    public var count: Int { storage.count }

    /// The value of row `row`; NaN when missing.
    @inline(__always)
    public subscript(row: Int) -> Double {
        precondition(row >= 0 && row < storage.count, "row out of range")
        return storage.base[row]
    }

    /// The values, read-only, for kernels.
    package var values: UnsafeBufferPointer<Double> { storage.elements }

    /// Calls `body` with the values (NaN where missing), valid only there.
    public func withValues<Result>(_ body: (UnsafeBufferPointer<Double>) throws -> Result) rethrows -> Result {
        try body(storage.elements)
    }

    /// The value of `row`, or nil when missing.
    public func value(at row: Int) -> Double? {
        let value = self[row]
        return value.isNaN ? nil : value
    }
}
