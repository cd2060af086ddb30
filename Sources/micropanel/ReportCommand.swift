import ArgumentParser
import MicroPanel
import MicroPanelOutput

/// `micropanel report`: one self-contained HTML report.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract:
            "Write one self-contained HTML report: overview, a figure and peer table per family, the data problems.",
        discussion: """
            INPUT is a raw panel (computed first), a compute output or a table of indicators; none: the bundled \
            MIX sample (or --sample microrate29). The file holds everything (CSS and SVG inline, no script, \
            nothing loaded from the network) and prints with a page per section. --by groups the peers of the \
            tables and figures; --year chooses the peer tables' fiscal year (default the latest); \
            --institution ID adds a profile of one institution against its peer group.

            Examples:
              micropanel report -o mix.html
              micropanel report panel.csv.gz --institutions MFICompanyMetaData.csv --by region -o report.html
              micropanel report --sample microrate29 --institution FIE -o fie.html
            """
    )

    @Option(
        help: ArgumentHelp("The field that groups peers: a descriptor, fiscal_year or depth_tier.", valueName: "field"))
    var by: String?

    @Option(help: "The fiscal year of the peer tables (default: the latest).")
    var year: Int?

    @Option(
        help: ArgumentHelp("Add a profile of this institution (its MFI ID) against its peer group.", valueName: "id"))
    var institution: String?

    @Option(help: ArgumentHelp("Indicator ids to report on, separated by commas (default: all).", valueName: "ids"))
    var indicators: String?

    @Option(
        name: .shortAndLong, help: ArgumentHelp("The report, FILE.html; '-' for standard output.", valueName: "output"))
    var output: String = "-"

    @OptionGroup var input: FigureInputOptions
    @OptionGroup var verbosity: VerbosityOptions

    func validate() throws {
        _ = try parseIndicators(indicators)
    }

    func run() throws {
        TemporaryFiles.installSignalHandlers()
        try reportingFailures {
            let progress = ProgressLine(quiet: verbosity.quiet)
            defer { progress.finish() }
            let source = try input.source(progress: progress)
            try Pipeline.report(
                ReportConfiguration(
                    source: source, by: by, year: year, institution: institution,
                    indicators: indicators.map { _ in try parseIndicators(indicators) }, output: output))
        }
    }
}
