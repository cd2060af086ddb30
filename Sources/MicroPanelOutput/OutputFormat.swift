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

    /// Whether rows are text lines (CSV, TSV, JSON lines), as every writer but Stata's writes.
    public var isText: Bool { self != .dta }

    /// The format and compression a path's extension asks for: `.csv`, `.csv.gz`, `.tsv`,
    /// `.tsv.gz`, `.jsonl`, `.jsonl.gz`; nil for any other extension.
    public static func forPath(_ path: String) -> (format: OutputFormat, gzip: Bool)? {
        let lower = path.lowercased()
        let gzip = lower.hasSuffix(".gz")
        let stem = gzip ? String(lower.dropLast(3)) : lower
        for format in allCases where stem.hasSuffix("." + format.rawValue) { return (format, gzip) }
        return nil
    }

    /// The extensions accepted, for messages.
    public static let acceptedExtensions = ".csv, .csv.gz, .tsv, .tsv.gz, .jsonl, .jsonl.gz, .dta"
}
