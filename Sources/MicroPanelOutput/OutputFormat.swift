/// How an indicator table is written.
public enum OutputFormat: String, Sendable, CaseIterable {
    /// Comma-separated values (RFC 4180).
    case csv
    /// Tab-separated values.
    case tsv
    /// One JSON object per line.
    case jsonl
    /// A Stata dataset, format 118 (binary; chosen by the `.dta` extension).
    case dta
    /// A Parquet file (binary, GZIP pages; chosen by the `.parquet` extension).
    case parquet

    /// Whether rows are text lines (CSV, TSV, JSON lines); the others are binary datasets,
    /// written whole from a ``Dataset``, never compressed afterwards nor sent to standard output.
    public var isText: Bool {
        switch self {
        case .csv, .tsv, .jsonl: return true
        case .dta, .parquet: return false
        }
    }

    /// What a file of this format is called in messages (`a Stata dataset`).
    public var fileDescription: String {
        switch self {
        case .csv: return "a CSV file"
        case .tsv: return "a TSV file"
        case .jsonl: return "a JSON lines file"
        case .dta: return "a Stata dataset"
        case .parquet: return "a Parquet file"
        }
    }

    /// The format and compression a path's extension asks for: `.csv`, `.csv.gz`, `.tsv`,
    /// `.tsv.gz`, `.jsonl`, `.jsonl.gz`, `.dta`, `.parquet` (binary formats with `.gz` too, which
    /// ``TableOutput`` refuses); nil for any other extension.
    public static func forPath(_ path: String) -> (format: OutputFormat, gzip: Bool)? {
        let lower = path.lowercased()
        let gzip = lower.hasSuffix(".gz")
        let stem = gzip ? String(lower.dropLast(3)) : lower
        for format in allCases where stem.hasSuffix("." + format.rawValue) { return (format, gzip) }
        return nil
    }

    /// The extensions accepted, for messages.
    public static let acceptedExtensions = ".csv, .csv.gz, .tsv, .tsv.gz, .jsonl, .jsonl.gz, .dta, .parquet"
}
