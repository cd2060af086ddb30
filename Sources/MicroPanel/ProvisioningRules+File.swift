import MicroPanelCSV
import MicroPanelColumns
import MicroPanelIndicators

extension ProvisioningRules {
    /// The rule set `--provisioning` names: `mbb`, `mbb-2003` (any case), else a rule file (a
    /// value that is neither is a ``UsageError`` suggesting the nearest name).
    public init(named name: String) throws {
        try UsageError.checkNameOrFile(option: "--provisioning", name, names: Self.named.map(\.name))
        if let known = Self.named.first(where: { $0.name == name.lowercased() }) {
            self = known
        } else {
            try self.init(contentsOf: name)
        }
    }

    /// Reads a rule file (plain or gzip) of `bucket,rate` rows, e.g. a rater's stricter schedule
    /// `par30_90,0.4` … ; an optional first row `bucket,rate` is a header; a bucket not given has rate 0.
    public init(contentsOf path: String) throws {
        try self.init(parsing: InputBytes.read(path: path, limit: 1 << 20), source: path)
    }

    /// Parses the text of a rule file; `source` names it in errors and is the rule set's name.
    public init(parsing text: [UInt8], source: String) throws(CSVError) {
        var rows = try TwoColumnRows.read(text, source: source, shape: .badProvisioningRow)
        if FieldName.normalize(rows[0].first) == "bucket" && FieldName.normalize(rows[0].second) == "rate" {
            rows.removeFirst()
        }
        var rates: [String: Double] = [:]
        let parser = NumberParser()
        for row in rows {
            let bucket = row.first.lowercased()
            guard Self.bucketKeys.contains(bucket) else {
                throw CSVError(
                    kind: .unknownBucket(row.first, known: Self.bucketKeys), line: row.line, column: 1, byteOffset: 0,
                    file: source)
            }
            guard rates[bucket] == nil else {
                throw CSVError(kind: .duplicateBucket(bucket), line: row.line, column: 1, byteOffset: 0, file: source)
            }
            var rate = Double.nan
            let status = Array(row.second.utf8).withUnsafeBytes { parser.parse($0, into: &rate) }
            guard status == .value, (0...1).contains(rate) else {
                throw CSVError(kind: .badRate(row.second), line: row.line, column: 2, byteOffset: 0, file: source)
            }
            rates[bucket] = rate
        }
        self.init(
            name: source, par30To90: rates["par30_90"] ?? 0, par90To180: rates["par90_180"] ?? 0,
            par180: rates["par180_amount"] ?? 0, renegotiated: rates["renegotiated"] ?? 0)
    }
}
