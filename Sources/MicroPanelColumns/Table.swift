/// One materialised column.
public enum Column: Sendable {
    /// Float64 values, NaN for missing.
    case number(Float64Column)
    /// Whole numbers.
    case integer(Int64Column)
    /// Dictionary-encoded text.
    case text(TextColumn)

    /// Number of rows.
    public var count: Int {
        switch self {
        case .number(let column): return column.count
        case .integer(let column): return column.count
        case .text(let column): return column.count
        }
    }

    /// Rows whose value is missing.
    public var missingCount: Int {
        switch self {
        case .number(let column): return column.missingCount
        case .integer(let column): return column.missingCount
        case .text(let column): return column.missingCount
        }
    }
}

/// The columns loaded from a panel, by field key.
public struct Table: Sendable {
    /// Number of data rows.
    public let rowCount: Int
    /// The columns, by field key.
    public let columns: [String: Column]
    /// How the header was matched to fields.
    public let plan: ColumnPlan

    /// A table of `columns`, all of `rowCount` rows.
    public init(rowCount: Int, columns: [String: Column], plan: ColumnPlan) {
        precondition(columns.values.allSatisfy { $0.count == rowCount }, "columns of unequal length")
        self.rowCount = rowCount
        self.columns = columns
        self.plan = plan
    }

    /// The numeric column `key`, if loaded.
    public func number(_ key: String) -> Float64Column? {
        if case .number(let column)? = columns[key] { return column }
        return nil
    }

    /// The whole-number column `key`, if loaded.
    public func integer(_ key: String) -> Int64Column? {
        if case .integer(let column)? = columns[key] { return column }
        return nil
    }

    /// The text column `key`, if loaded.
    public func text(_ key: String) -> TextColumn? {
        if case .text(let column)? = columns[key] { return column }
        return nil
    }
}
