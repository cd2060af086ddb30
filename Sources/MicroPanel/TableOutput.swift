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
    /// CSV, TSV, JSON lines, Stata or Parquet.
    public let format: OutputFormat
    /// None, gzip or BGZF.
    public let compression: Compression
    /// The most rows in one row group of a Parquet file.
    public let rowGroupRows: Int

    /// The output at `path`: its extension chooses the format and compression (`.csv`, `.csv.gz`,
    /// `.tsv`, `.tsv.gz`, `.jsonl`, `.jsonl.gz`, `.dta`, `.parquet`); `-` is standard output in `format` (CSV when
    /// nil). `format` must agree with the extension; `gzipBlocks` asks for BGZF and needs `.gz`;
    /// `rowGroupRows` (at most 1,000,000, the default) needs `.parquet`.
    public init(
        path: String, format: OutputFormat? = nil, gzipBlocks: Bool = false, rowGroupRows: Int? = nil
    ) throws(UsageError) {
        var compression = Compression.none
        if path == "-" {
            if let format, !format.isText {
                throw UsageError("\(format.fileDescription) is a file: name it -o FILE.\(format.rawValue)")
            }
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
            if !chosen.format.isText && chosen.gzip {
                throw UsageError(
                    "\(chosen.format.fileDescription) is not compressed afterwards: name it FILE.\(chosen.format.rawValue),"
                        + " not '\(path)'")
            }
        }
        if gzipBlocks {
            guard compression == .gzip else {
                throw UsageError("--gzip-blocks needs a compressed output: .csv.gz, .tsv.gz or .jsonl.gz")
            }
            compression = .bgzf
        }
        if let rowGroupRows {
            guard self.format == .parquet else {
                throw UsageError("--row-group-rows is for a Parquet output: name it -o FILE.parquet")
            }
            guard (1...ParquetWriter.maximumRowGroupRows).contains(rowGroupRows) else {
                throw UsageError(
                    "--row-group-rows \(rowGroupRows): from 1 to \(ParquetWriter.maximumRowGroupRows)")
            }
        }
        self.rowGroupRows = rowGroupRows ?? ParquetWriter.maximumRowGroupRows
        destination = .path(path)
        self.compression = compression
    }

    /// A table written to `sink`.
    public init(sink: any ByteSink, format: OutputFormat = .csv, compression: Compression = .none) {
        destination = .sink(sink)
        self.format = format
        self.compression = compression
        rowGroupRows = ParquetWriter.maximumRowGroupRows
    }

    /// The path, for an output that has one.
    public var path: String? {
        if case .path(let path) = destination { path } else { nil }
    }
}
