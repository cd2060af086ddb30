import ArgumentParser
import MicroPanel
import MicroPanelOutput

/// `micropanel summarize`: peer-group benchmarks.
struct SummarizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "summarize",
        abstract: "Peer-group benchmarks: per group and indicator n, median, p25, p75, mean and the weighted ratio.",
        discussion: """
            Groups by any descriptor: country, region, legal_status, depth_tier, fiscal_year, currency, iso3, \
            and the MicroBanking Bulletin's scale (portfolio in US$ and region) and age (from a Year Established \
            column). \
            Quantiles interpolate linearly (R's type 7, pandas' default). The weighted ratio is the sum of \
            numerators over the sum of denominators (e.g. portfolio-weighted PAR), for ratios of a raw panel.

            INPUT is a raw panel (computed first) or a file written by 'micropanel compute' (summarized as \
            written; no weighted ratios). With no INPUT, the bundled MIX sample is used.

            Examples:
              micropanel summarize --by region
              micropanel summarize panel.csv.gz --institutions MFICompanyMetaData.csv --by country,fiscal_year -o peers.csv
              micropanel summarize indicators.csv --by depth_tier --indicators oer,par30,roa
            """
    )

    @Argument(
        help: "A raw panel or a compute output (.csv or .csv.gz; '-' for standard input). None: the bundled sample.")
    var input: String?

    @Option(help: ArgumentHelp("Fields to group by, separated by commas.", valueName: "fields"))
    var by: String

    @OptionGroup var table: TableOutputOptions

    @Option(
        help: ArgumentHelp(
            "Indicator ids to summarize, separated by commas (default: all but depth_tier).", valueName: "ids"))
    var indicators: String?

    @Flag(help: "One row per group, with a column per indicator and statistic (<indicator>_<statistic>).")
    var wide = false

    @Option(
        help: ArgumentHelp(
            "Leave out each group's values below its P and above its 1-P quantile before the statistics (the MicroBanking Bulletin's 0.11).",
            valueName: "p"))
    var trim: Double?

    @OptionGroup var amounts: AmountUnitOptions
    @OptionGroup var filters: FilterOptions
    @OptionGroup var loader: LoaderOptions
    @OptionGroup var panel: PanelOptionGroup
    @OptionGroup var reference: ReferenceOptionGroup
    @OptionGroup var verbosity: VerbosityOptions

    func validate() throws {
        _ = try parseIndicators(indicators, allowed: PeerGroupSummary.summarizable)
    }

    func run() throws {
        TemporaryFiles.installSignalHandlers()
        try reportingFailures {
            let progress = ProgressLine(quiet: verbosity.quiet)
            defer { progress.finish() }
            var configuration = try SummarizeConfiguration(
                source: panelSource(
                    input.map { [$0] } ?? [], loader: loader, panel: panel, reference: reference, filters: filters,
                    progress: progress),
                groupBy: by.split(separator: ",").map { String($0).trimmingSpaces() }.filter { !$0.isEmpty },
                indicators: parseIndicators(indicators, allowed: PeerGroupSummary.summarizable),
                output: table.output(), wide: wide, trim: trim)
            configuration.amounts = amounts.unit
            if input == nil {
                verbosity.note(
                    "no input given: summarizing the \(BundledData.mixSampleName) (\(BundledData.mixSampleAttribution))"
                )
            }
            let run = try Pipeline.summarize(configuration)
            progress.finish()
            for note in run.notes { verbosity.note(note) }
            if verbosity.verbose { printError(run.timing.line) }
        }
    }
}
