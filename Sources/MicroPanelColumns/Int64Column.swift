import MicroPanelSupport

/// A column of whole numbers (fiscal years); a missing value is ``Int64Column/missing``.
public final class Int64Column: @unchecked Sendable {
    /// The stored value meaning "missing".
    public static let missing = Int64.min

    private let storage: GrowableBuffer<Int64>

    /// Values missing in the input (bad values included).
    public let missingCount: Int
    /// Values that were not plausible whole numbers, read as missing (`--on-bad-number missing`).
    public var badValueCount: Int { badValueRows.count }
    /// The rows of those values.
    public let badValueRows: [Int]
    /// The first of those, as `line N: 'text'`.
    public let badValueExamples: [String]

    package init(
        storage: GrowableBuffer<Int64>, missingCount: Int, badValueRows: [Int] = [], badValueExamples: [String] = []
    ) {
        self.storage = storage
        self.missingCount = missingCount
        self.badValueRows = badValueRows
        self.badValueExamples = badValueExamples
    }

    /// A column holding `values` (nil for missing).
    public convenience init(_ values: [Int64?]) {
        let storage = GrowableBuffer<Int64>(capacity: values.count)
        for value in values { storage.append(value ?? Self.missing) }
        self.init(storage: storage, missingCount: values.count { $0 == nil })
    }

    /// Number of rows.
    public var count: Int { storage.count }

    /// The stored value of `row` (``Int64Column/missing`` when missing).
    @inline(__always)
    public subscript(row: Int) -> Int64 {
        precondition(row >= 0 && row < storage.count, "row out of range")
        return storage.base[row]
    }

    /// The values, read-only, for kernels.
    package var values: UnsafeBufferPointer<Int64> { storage.elements }

    /// Calls `body` with the stored values (``Int64Column/missing`` where missing), valid only there.
    public func withValues<Result>(_ body: (UnsafeBufferPointer<Int64>) throws -> Result) rethrows -> Result {
        try body(storage.elements)
    }

    /// The value of `row`, or nil when missing.
    public func value(at row: Int) -> Int64? {
        let value = self[row]
        return value == Self.missing ? nil : value
    }
}
