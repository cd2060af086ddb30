import MicroPanel
import MicroPanelCSV
import MicroPanelGzip
@_exported import MicroPanelSynthetic

/// Test helpers that drive the stages the way the loader does, with chosen buffer sizes.
public enum ByteStreams {
    /// Everything `reader` yields, read `chunkSize` bytes at a time.
    public static func readAll(_ reader: GzipReader, chunkSize: Int) throws -> [UInt8] {
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: chunkSize)
        while true {
            let count = try chunk.withUnsafeMutableBytes { try reader.read(into: $0) }
            if count == 0 { return output }
            output += chunk[0..<count]
        }
    }

    /// The header and rows (fields unquoted) of `text`, fed to a scanner `chunkSize` bytes at a time.
    public static func scan(_ text: [UInt8], chunkSize: Int, options: CSVOptions = CSVOptions())
        throws(CSVError) -> (header: [String], rows: [[String]], scanner: CSVScanner)
    {
        let scanner = CSVScanner(options: options, initialCapacity: 1024)
        var rows: [[String]] = []
        func take() {
            let batch = scanner.batch
            for row in 0..<batch.rowCount {
                rows.append(
                    (0..<batch.fieldsPerRow).map {
                        CSVField.string(batch.field(row: row, column: $0)) ?? "<invalid>"
                    })
            }
        }
        var offset = 0
        while offset < text.count {
            let end = min(offset + chunkSize, text.count)
            let space = scanner.reserveSpace(atLeast: end - offset)
            space.copyBytes(from: text[offset..<end])
            try scanner.commit(end - offset)
            take()
            offset = end
        }
        try scanner.finish()
        take()
        return (scanner.header?.names ?? [], rows, scanner)
    }

    /// `text` as bytes.
    public static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }
}
