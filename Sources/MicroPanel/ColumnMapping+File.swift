import MicroPanelColumns
import MicroPanelGzip

extension ColumnMapping {
    /// Reads a mapping file (plain or gzip).
    public init(contentsOf path: String) throws {
        let reader = try GzipReader(path: path)
        var text: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = try chunk.withUnsafeMutableBytes { try reader.read(into: $0) }
            if count == 0 { break }
            text += chunk[0..<count]
            if text.count > 16 << 20 {
                throw CSVError(kind: .other("a column mapping file larger than 16 MiB is not a mapping"),
                               line: 1, byteOffset: 0, file: path)
            }
        }
        try self.init(parsing: text, source: path)
    }
}
