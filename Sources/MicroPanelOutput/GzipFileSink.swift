import MicroPanelGzip

/// Compresses into another sink: a `.csv.gz` output, as one gzip member or as BGZF blocks.
public final class GzipFileSink: ByteSink {
    /// How the compressed output is laid out.
    public enum Layout: Sendable, Equatable {
        /// One gzip member, compressed on the writing thread.
        case singleMember
        /// Independent members of at most 64 KiB (BGZF, as htslib's bgzip writes), compressed on
        /// `threads` threads: any gzip reader reads them, and readers that know BGZF (MicroPanel
        /// among them) inflate them in parallel.
        case blocks(threads: Int)
    }

    private enum Encoder {
        case single(GzipEncoder)
        case blocked(BlockedGzipEncoder)
    }

    private let encoder: Encoder
    private let destination: ByteSink

    /// Compresses at zlib `level` into `destination`, laid out as `layout` says.
    public init(destination: ByteSink, level: Int32 = 6, layout: Layout = .singleMember) throws {
        switch layout {
        case .singleMember: encoder = .single(try GzipEncoder(level: level))
        case .blocks(let threads): encoder = .blocked(BlockedGzipEncoder(level: level, threads: threads))
        }
        self.destination = destination
    }

    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        switch encoder {
        case .single(let encoder): try encoder.compress(bytes) { try destination.write($0) }
        case .blocked(let encoder): try encoder.compress(bytes) { try destination.write($0) }
        }
    }

    /// Writes the gzip trailer (or BGZF's end-of-file member).
    public func finish() throws {
        switch encoder {
        case .single(let encoder): try encoder.finish { try destination.write($0) }
        case .blocked(let encoder): try encoder.finish { try destination.write($0) }
        }
    }
}
