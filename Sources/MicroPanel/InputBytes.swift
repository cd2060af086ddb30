import MicroPanelCSV
import MicroPanelGzip

/// Whole small inputs (mappings, reference tables), plain or gzip, read into memory.
enum InputBytes {
    /// The decoded bytes of `path`; more than `limit` bytes is an error naming the file.
    static func read(path: String, limit: Int = 64 << 20) throws -> [UInt8] {
        try read(GzipReader(path: path), limit: limit)
    }

    /// The decoded bytes of `reader`'s input, up to `limit`.
    static func read(_ reader: GzipReader, limit: Int = 64 << 20) throws -> [UInt8] {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = try chunk.withUnsafeMutableBytes { try reader.read(into: $0) }
            if count == 0 { return bytes }
            bytes += chunk[0..<count]
            guard bytes.count <= limit else {
                throw CSVError(
                    kind: .inputTooLarge(limitBytes: limit),
                    line: 1, byteOffset: Int64(bytes.count), file: reader.name)
            }
        }
    }
}
