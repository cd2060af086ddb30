import ArgumentParser
import MicroPanel
import MicroPanelOutput

extension ConfidenceLevel: ExpressibleByArgument {}

/// `micropanel poverty`: poverty rates of client surveys and their change between rounds.
struct PovertyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "poverty",
        abstract:
            "Score client surveys with a poverty scorecard; poverty rates per institution and round, and their change.",
        discussion: """
            SURVEY has one row per client interview: mfi_id (or MFI ID), client_id, round (a label, a year or a \
            date), the answer to each scorecard indicator in a column named after it (or a score column), an \
            optional weight, and any columns to split by (--by gender,location). --scorecard is a CSV of \
            indicator,answer,points rows; --lookup one of score,poverty_line,likelihood rows (a fraction). \
            Scorecards and look-up tables (the Poverty Probability Index, Simple Poverty Scorecards) are \
            published per country by their owners; MicroPanel bundles only a SYNTHETIC card, table and survey, \
            which run when no input is given.

            A rate is the mean of the clients' poverty likelihoods (weighted with a weight column), never the \
            share of clients above a cut-off; SE = alpha * sqrt(p(1 - p) / n). A change compares every client of \
            two rounds (independent samples); n_panel, change_panel and se_panel are the clients interviewed in \
            both. Change is not impact.

            Examples:
              micropanel poverty
              micropanel poverty --by gender --changes changes.csv -o rates.csv
              micropanel poverty survey.csv.gz --scorecard card.csv --lookup lookup.csv --by location \\
                --alpha alphas.csv --confidence 90 -o rates.csv --changes changes.csv
            """
    )

    @Argument(help: "Survey files (.csv or .csv.gz; '-' for standard input). None: the bundled synthetic demo.")
    var inputs: [String] = []

    @Option(help: ArgumentHelp("The scorecard: indicator,answer,points rows.", valueName: "file"))
    var scorecard: String?

    @Option(help: ArgumentHelp("The look-up table: score,poverty_line,likelihood rows.", valueName: "file"))
    var lookup: String?

    @Option(help: ArgumentHelp("Survey columns to split by, separated by commas.", valueName: "fields"))
    var by: String?

    @Option(
        help: ArgumentHelp(
            "The scorecard's precision factor for rates: a number for every line, or a poverty_line,alpha file.",
            valueName: "a|file"))
    var alpha = "1"

    @Option(
        help: ArgumentHelp(
            "The precision factor for changes between rounds (default: that of --alpha).", valueName: "a|file"))
    var alphaChange: String?

    @Option(help: "Confidence level of the intervals: 90, 95 or 99 (z = 1.64, 1.96, 2.58).")
    var confidence: ConfidenceLevel = .ninetyFive

    @Option(help: ArgumentHelp("Compare each round with this one instead of the one before.", valueName: "round"))
    var baseline: String?

    @Option(
        name: .shortAndLong,
        help: ArgumentHelp("The rates, format by extension; '-' for standard output.", valueName: "output"))
    var output: String = "-"

    @Option(help: "Output format when writing to standard output: csv, tsv or jsonl.")
    var format: OutputFormat?

    @Option(help: ArgumentHelp("Also write the changes between rounds, format by extension.", valueName: "file"))
    var changes: String?

    @Option(
        help:
            "Interviews with a wrong field count, an answer not on the card, a score not in the table, a bad weight or a client twice in a round: error, or skip (counted)."
    )
    var onBadRow: BadRowPolicy = .error

    @Option(help: "Threads inflating BGZF surveys (default: one per core).")
    var threads: Int = 0

    @OptionGroup var verbosity: VerbosityOptions

    func validate() throws {
        if inputs.isEmpty && (scorecard != nil || lookup != nil) {
            throw ValidationError("--scorecard and --lookup score a survey: name the survey file(s) too")
        }
        if !inputs.isEmpty && lookup == nil {
            throw ValidationError("a survey needs --lookup (and --scorecard, unless it has a score column)")
        }
        guard threads >= 0 else { throw ValidationError("--threads must be 0 (one per core) or more") }
        if changes != nil && changes == output && output != "-" {
            throw ValidationError("--changes and --output name the same file")
        }
    }

    func run() throws {
        TemporaryFiles.installSignalHandlers()
        try reportingFailures {
            let demo = inputs.isEmpty
            let alphaFactors = try PrecisionFactors(argument: alpha, option: "--alpha")
            var reading = LoadOptions()
            reading.csv = CSVOptions(badRows: onBadRow)
            let configuration = PovertyConfiguration(
                survey: demo ? [PovertyConfiguration.demoSurvey] : inputs.map(PanelInput.file),
                scorecard: demo ? PovertyConfiguration.demoScorecard : scorecard.map(PanelInput.file),
                lookup: demo ? PovertyConfiguration.demoLookup : .file(lookup!),
                by: by.map { $0.split(separator: ",").map { String($0).trimmingSpaces() }.filter { !$0.isEmpty } }
                    ?? [],
                options: PovertyOptions(
                    alpha: alphaFactors,
                    alphaChange: try alphaChange.map { try PrecisionFactors(argument: $0, option: "--alpha-change") }
                        ?? alphaFactors,
                    confidence: confidence, baseline: baseline),
                reading: reading, threads: Threads(threads),
                rates: try TableOutput(path: output, format: format),
                changes: try changes.map { try TableOutput(path: $0) })
            if demo {
                verbosity.note(
                    "no survey given: scoring the bundled SYNTHETIC demo (made-up scorecard, look-up table and clients)"
                )
            }
            let run = try Pipeline.poverty(configuration)
            for note in run.notes { verbosity.note(note) }
        }
    }
}
