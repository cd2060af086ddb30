import Foundation
import MicroPanelIndicators
import MicroPanelOutput

/// The version of MicroPanel, as `micropanel --version` and the manifests give it.
public enum MicroPanelVersion {
    /// `0.1.0`.
    public static let current = "0.1.0"
}

/// The JSON sidecar of `--manifest`: what ran, on what, with which reference data and options.
struct RunManifest: Encodable {
    struct Input: Encodable {
        var name: String
        var bytes: Int64
        var sha256: String?
        var format: String
        var rows: Int
        var skippedRows: Int
    }

    var tool = "micropanel"
    var version = MicroPanelVersion.current
    var command: String
    var arguments: [String]
    var created: String
    var inputs: [Input]
    var output: String
    var indicators: [String]
    var averaging: String
    var implausible: String
    var panelRows: Int
    var institutions: Int
    var gniVintage: String
    var gniRowsMatched: Int
    var inflationVintage: String
    var inflationRowsMatched: Int
    var marketRate: String
    var marketRateVintage: String
    var marketRateRowsMatched: Int
    var provisioning: String
    var provisioningRates: [String: Double]
    var provisionPolicy: String
    var writeOffRule: String
    var inflationBasis: String
    /// The unit of the amount indicators: `usd`, or `ppp` (international dollars).
    var currency: String
    /// The share clipped at each end (`--winsorize`), if any.
    var winsorize: Double?
    /// The output rows kept (`--years`, `--filter`, `--min-years`, `--balanced`), in words.
    var filter: String?
    /// Input columns carried into the output (`--keep`).
    var kept: [String]

    init(
        command: String, arguments: [String], computed: PreparedPanel, marketRate: MarketRateSource, output: String,
        indicators: [Indicator], currency: String = "usd", winsorize: Double? = nil, filter: RowFilter = RowFilter()
    ) {
        self.command = command
        self.arguments = arguments
        created = ISO8601DateFormatter().string(from: Date())
        let report = computed.report
        inputs = report.load.inputs.map {
            Input(
                name: $0.name, bytes: $0.fileBytes, sha256: $0.sha256, format: $0.format == .gzip ? "gzip" : "plain",
                rows: $0.rows, skippedRows: $0.skippedRows)
        }
        self.output = output
        self.indicators = indicators.map(\.id)
        averaging = computed.formulas.averaging.rawValue
        implausible = computed.formulas.implausible.rawValue
        panelRows = report.panelRows
        institutions = report.institutions
        gniVintage = report.gni.vintage
        gniRowsMatched = report.gni.rowsWithValue
        inflationVintage = report.inflation.vintage
        inflationRowsMatched = report.inflation.rowsWithValue
        self.marketRate = marketRate.name
        marketRateVintage = report.marketRate.vintage
        marketRateRowsMatched = report.marketRate.rowsWithValue
        let adjustments = computed.formulas.adjustments
        provisioning = adjustments.provisioning.name
        provisioningRates = Dictionary(
            uniqueKeysWithValues: adjustments.provisioning.rates.map { ($0.bucket, $0.rate) })
        provisionPolicy = adjustments.provisionPolicy.rawValue
        writeOffRule = adjustments.writeOffRule ? "on" : "off"
        inflationBasis = adjustments.inflationBasis.rawValue
        self.currency = currency
        self.winsorize = winsorize
        self.filter = filter.keepsAll ? nil : filter.description
        kept = computed.keptHeaders
    }

    /// Writes the manifest atomically.
    func write(to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        let data = try encoder.encode(self) + Data("\n".utf8)
        let file = try OutputFile(path: path)
        try data.withUnsafeBytes { try file.write($0) }
        try file.commit()
    }
}
