/// How panel files are read into columns.
public struct LoadOptions: Sendable {
    /// Delimiter, bad-row policy and size limits.
    public var csv: CSVOptions
    /// Decimal mark and bad-number policy.
    public var values: ValueOptions
    /// Extra header names for fields (`--columns FILE`).
    public var mapping: ColumnMapping?
    /// Field keys to materialise; nil loads every field of ``FieldCatalog/all`` the file has.
    public var requestedFields: Set<String>?
    /// Bytes decoded per read.
    public var readSize: Int

    /// The defaults: detected delimiter, errors on bad rows and numbers, every known field.
    public init(csv: CSVOptions = CSVOptions(), values: ValueOptions = ValueOptions(),
                mapping: ColumnMapping? = nil, requestedFields: Set<String>? = nil, readSize: Int = 1 << 20) {
        self.csv = csv
        self.values = values
        self.mapping = mapping
        self.requestedFields = requestedFields
        self.readSize = readSize
    }
}
