import MicroPanelColumns

extension ColumnMapping {
    /// Reads a mapping file (plain or gzip).
    public init(contentsOf path: String) throws {
        try self.init(parsing: InputBytes.read(path: path, limit: 16 << 20), source: path)
    }
}
