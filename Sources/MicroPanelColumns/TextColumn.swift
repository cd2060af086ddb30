import MicroPanelSupport

/// A dictionary-encoded text column: one code per row into a table of distinct strings.
public final class TextColumn: @unchecked Sendable {
    /// The code of a missing (empty) value.
    public static let missing = UInt32.max

    private let storage: GrowableBuffer<UInt32>
    /// The distinct values; a row's code indexes this array.
    public let dictionary: [String]
    /// Rows whose value is missing.
    public let missingCount: Int

    package init(storage: GrowableBuffer<UInt32>, dictionary: [String], missingCount: Int) {
        self.storage = storage
        self.dictionary = dictionary
        self.missingCount = missingCount
    }

    /// A column holding `values` (nil or empty for missing).
    public convenience init(_ values: [String?]) {
        let storage = GrowableBuffer<UInt32>(capacity: values.count)
        var codes: [String: UInt32] = [:]
        var dictionary: [String] = []
        var missing = 0
        for value in values {
            guard let value, !value.isEmpty else {
                storage.append(Self.missing)
                missing += 1
                continue
            }
            if let code = codes[value] {
                storage.append(code)
            } else {
                let code = UInt32(dictionary.count)
                codes[value] = code
                dictionary.append(value)
                storage.append(code)
            }
        }
        self.init(storage: storage, dictionary: dictionary, missingCount: missing)
    }

    /// Number of rows.
    public var count: Int { storage.count }

    /// The code of `row` (``TextColumn/missing`` when missing).
    @inline(__always)
    public func code(at row: Int) -> UInt32 {
        precondition(row >= 0 && row < storage.count, "row out of range")
        return storage.base[row]
    }

    /// The codes, read-only, for kernels.
    package var codes: UnsafeBufferPointer<UInt32> { storage.elements }

    /// The value of `row`, or nil when missing.
    public subscript(row: Int) -> String? {
        let code = code(at: row)
        return code == Self.missing ? nil : dictionary[Int(code)]
    }
}
