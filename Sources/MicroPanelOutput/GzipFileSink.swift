import MicroPanelGzip

/// Compresses into another sink: a `.csv.gz` output, one gzip member.
public final class GzipFileSink: ByteSink {
    private let encoder: GzipEncoder
    private let destination: ByteSink

    /// Compresses at zlib `level` into `destination`.
    public init(destination: ByteSink, level: Int32 = 6) throws {
        encoder = try GzipEncoder(level: level)
        self.destination = destination
    }

    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        try encoder.compress(bytes) { try destination.write($0) }
    }

    /// Writes the gzip trailer.
    public func finish() throws {
        try encoder.finish { try destination.write($0) }
    }
}
