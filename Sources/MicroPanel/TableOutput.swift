import MicroPanelOutput

/// Where a table goes, and in which format and compression.
public struct TableOutput: @unchecked Sendable {
    /// A path (`-` is standard output), or a sink in memory (tests, fuzzers, benchmarks).
    public enum Destination {
        case path(String)
        case sink(any ByteSink)
    }

    /// How the bytes are compressed.
    public enum Compression: Sendable, Equatable {
        case none
        /// One gzip member.
        case gzip
        /// BGZF: independent gzip members of at most 64 KiB, compressed on every thread.
        case bgzf
    }

    /// Where the table goes.
    public let destination: Destination
    /// CSV, TSV or JSON lines.
    public let format: OutputFormat
    /// None, gzip or BGZF.
    public let compression: Compression

    /// The output at `path`: its extension chooses the format and compression (`.csv`, `.csv.gz`,
    /// `.tsv`, `.tsv.gz`, `.jsonl`, `.jsonl.gz`, `.dta`); `-` is standard output in `format` (CSV when
    /// nil). `format` must agree with the extension; `gzipBlocks` asks for BGZF and needs `.gz`.
    public init(path: String, format: OutputFormat? = nil, gzipBlocks: Bool = false) throws(UsageError) {
        var compression = Compression.none
        if path == "-" {
            if format == .dta { throw UsageError("a Stata dataset is a file: name it -o FILE.dta") }
            self.format = format ?? .csv
        } else {
            guard let chosen = OutputFormat.forPath(path) else {
                throw UsageError(
                    "cannot tell the format of '\(path)': use \(OutputFormat.acceptedExtensions), or '-'")
            }
            if let format, format != chosen.format {
                throw UsageError("--format \(format.rawValue) contradicts the extension of '\(path)'")
            }
            self.format = chosen.format
            if chosen.gzip { compression = .gzip }
            if chosen.format == .dta && chosen.gzip {
                throw UsageError("a Stata dataset is not compressed: name it FILE.dta, not '\(path)'")
            }
        }
        if gzipBlocks {
            guard compression == .gzip else {
                throw UsageError("--gzip-blocks needs a compressed output: .csv.gz, .tsv.gz or .jsonl.gz")
            }
            compression = .bgzf
        }
        destination = .path(path)
        self.compression = compression
    }

    /// A table written to `sink`.
    public init(sink: any ByteSink, format: OutputFormat = .csv, compression: Compression = .none) {
        destination = .sink(sink)
        self.format = format
        self.compression = compression
    }

    /// The path, for an output that has one.
    public var path: String? {
        if case .path(let path) = destination { path } else { nil }
    }
}
