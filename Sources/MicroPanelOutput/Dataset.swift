/// A table held column by column with its labels, as the binary writers take it (Stata's
/// `.dta`, Parquet): every column typed once, each distinct string stored once.
public struct Dataset: Sendable {
    /// One column: its name, its label, its values (one per row).
    public struct Column: Sendable {
        public enum Values: Sendable {
            /// NaN is missing.
            case double([Double])
            /// nil is missing.
            case long([Int64?])
            /// Per row a code into `values` (`UInt32.max`: missing): each distinct string once.
            case text(codes: [UInt32], values: [String])
            /// Category indices into `labels` (nil missing).
            case labelled([Int?], labels: [String])
        }

        public var name: String
        public var label: String
        public var values: Values

        public init(name: String, label: String, values: Values) {
            self.name = name
            self.label = label
            self.values = values
        }

        /// The number of rows.
        public var count: Int {
            switch values {
            case .double(let v): return v.count
            case .long(let v): return v.count
            case .text(let codes, _): return codes.count
            case .labelled(let v, _): return v.count
            }
        }
    }

    /// What the table is (the tool, its version, its inputs).
    public var label: String
    /// The columns, all of one length.
    public var columns: [Column]

    public init(label: String, columns: [Column]) {
        precondition(columns.dropFirst().allSatisfy { $0.count == columns[0].count }, "columns of unequal length")
        self.label = label
        self.columns = columns
    }

    /// The number of rows.
    public var rowCount: Int { columns.first?.count ?? 0 }
}
