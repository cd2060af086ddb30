import MicroPanelColumns

extension ColumnMapping {
    /// Reads a mapping file (plain or gzip), of the panel's fields or those of `fields`.
    public init(contentsOf path: String, fields: [FieldDefinition]? = nil) throws {
        try self.init(parsing: InputBytes.read(path: path, limit: 16 << 20), source: path, fields: fields)
    }
}
