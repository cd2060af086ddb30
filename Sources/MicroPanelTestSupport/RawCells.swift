import MicroPanel

/// A panel's raw cells keyed by (MFI ID, fiscal year), for oracles that recompute the contracts'
/// formulas independently of the kernel's panel, averaging and missing-value machinery.
public struct RawCells {
    /// The loaded table.
    public let table: Table
    private let rowByKey: [String: Int]

    /// The cells of `table` (which needs `mfi_id` and `fiscal_year`).
    public init(table: Table) {
        self.table = table
        let ids = table.text("mfi_id")!
        let years = table.integer("fiscal_year")!
        var rows: [String: Int] = [:]
        for row in 0..<table.rowCount { rows["\(ids[row]!)|\(years[row])"] = row }
        rowByKey = rows
    }

    /// The number in column `key` of table row `row`, nil when missing.
    public func cell(_ key: String, _ row: Int) -> Double? { table.number(key)?.value(at: row) }

    /// The table row of the same institution's fiscal year t−1.
    public func prior(_ row: Int) -> Int? {
        rowByKey["\(table.text("mfi_id")![row]!)|\(table.integer("fiscal_year")![row] - 1)"]
    }

    /// The explicit average column when it has a value, else (t−1 + t) / 2.
    public func average(_ key: String, explicit: String? = nil, _ row: Int) -> Double? {
        if let explicit, let value = cell(explicit, row) { return value }
        guard let closing = cell(key, row), let prior = prior(row), let previous = cell(key, prior) else { return nil }
        return (closing + previous) / 2
    }

    /// Operating expense, else personnel + administrative expense + depreciation.
    public func operatingExpense(_ row: Int) -> Double? {
        if let value = cell("operating_expense", row) { return value }
        guard let a = cell("personnel_expense", row), let b = cell("administrative_expense", row),
            let c = cell("depreciation", row)
        else { return nil }
        return a + b + c
    }

    /// `numerator / denominator`; nil when either is missing or the denominator is zero.
    public static func ratio(_ numerator: Double?, _ denominator: Double?) -> Double? {
        guard let numerator, let denominator, denominator != 0 else { return nil }
        return numerator / denominator
    }
}
