import MicroPanelCSV
import MicroPanelGzip
import MicroPanelResources
import MicroPanelSurveys

/// A `micropanel poverty` run: the client survey, the scorecard and look-up table that score it,
/// the `--by` segments, how rates and changes are estimated, and where they are written.
public struct PovertyConfiguration: Sendable {
    /// The survey's files (one survey: they share one header), or the bundled synthetic demo.
    public var survey: [PanelInput]
    /// The scorecard; nil when the survey carries a `score` column.
    public var scorecard: PanelInput?
    /// The look-up table.
    public var lookup: PanelInput
    /// Survey columns that split each institution's clients (gender, location, branch, product).
    public var by: [String]
    /// α, α for changes, the confidence level, the baseline round.
    public var options: PovertyOptions
    /// How the survey is read (delimiter, limits, `--on-bad-row`: also bad interviews).
    public var reading: LoadOptions
    /// Threads inflating BGZF members.
    public var threads: Threads
    /// Where the rates go.
    public var rates: TableOutput
    /// Where the changes between rounds go, if anywhere.
    public var changes: TableOutput?

    /// A run over `survey` scored with `scorecard` (nil: its score column) and `lookup`.
    public init(
        survey: [PanelInput], scorecard: PanelInput?, lookup: PanelInput, by: [String] = [],
        options: PovertyOptions = PovertyOptions(), reading: LoadOptions = LoadOptions(),
        threads: Threads = Threads(), rates: TableOutput, changes: TableOutput? = nil
    ) {
        self.survey = survey
        self.scorecard = scorecard
        self.lookup = lookup
        self.by = by
        self.options = options
        self.reading = reading
        self.threads = threads
        self.rates = rates
        self.changes = changes
    }

    /// The bundled SYNTHETIC demo: survey, scorecard and look-up table made up by MicroPanel.
    public static let demoSurvey = PanelInput.memory(
        name: "bundled synthetic survey", bytes: BundledData.demoSurvey)
    public static let demoScorecard = PanelInput.memory(
        name: "bundled synthetic scorecard", bytes: BundledData.demoScorecard)
    public static let demoLookup = PanelInput.memory(
        name: "bundled synthetic look-up table", bytes: BundledData.demoLookup)
}

extension PrecisionFactors {
    /// `--alpha` and `--alpha-change`: a positive number for every poverty line, else a
    /// `poverty_line,alpha` file; anything else is a usage error.
    public init(argument: String, option: String) throws {
        if let value = Self.alpha(argument) {
            self.init(uniform: value)
        } else if InputFile.regularFileSize(path: argument) != nil {
            try self.init(parsing: InputBytes.read(path: argument, limit: 1 << 20), source: argument)
        } else {
            throw UsageError(
                "\(option) '\(argument)' is neither a positive number (the scorecard's precision factor) nor a file of poverty_line,alpha rows"
            )
        }
    }
}

extension PanelInput {
    /// The whole input, decoded (reference tables: scorecards, look-up tables).
    func bytes(limit: Int = 64 << 20) throws -> [UInt8] {
        try InputBytes.read(GzipReader(file: open()), limit: limit)
    }
}
