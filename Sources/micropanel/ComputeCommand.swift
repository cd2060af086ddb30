import ArgumentParser
import MicroPanel
import MicroPanelOutput

extension OutputFormat: ExpressibleByArgument {}

/// `micropanel compute`: every indicator for every institution-year.
struct ComputeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compute",
        abstract: "Compute the CGAP and MicroRate indicators, reported and adjusted, for every institution-year.",
        discussion: """
            INPUT is CSV, plain or gzip-compressed, or an Excel workbook (.xlsx: its first sheet, or --sheet NAME), \
            told apart by content; several inputs are one panel \
            and must share one header; '-' reads standard input. With no INPUT, the bundled MIX sample is used.

            OUTPUT's extension chooses the format: .csv, .csv.gz, .tsv, .tsv.gz, .jsonl, .jsonl.gz, .dta (a Stata dataset), \
            .parquet (GZIP pages); '-' or none writes CSV to standard output (--format chooses another). The file appears only \
            when complete: a failed or interrupted run leaves the previous one untouched.

            Examples:
              micropanel compute
              micropanel compute panel.csv.gz --institutions MFICompanyMetaData.csv -o indicators.csv
              micropanel compute a.csv b.csv --indicators roa,roe,par30 --average closing -o out.jsonl
              micropanel compute panel.csv.gz --institutions MFICompanyMetaData.csv --market-rate deposit \\
                --indicators roa,adjusted_roa,fss,sdi -o adjusted.csv
              zcat panel.csv.gz | micropanel compute - --manifest run.json -o out.csv.gz
            """
    )

    @Argument(help: "Panel files (.csv or .csv.gz; '-' for standard input). None: the bundled MIX sample.")
    var inputs: [String] = []

    @OptionGroup var table: TableOutputOptions

    @Option(help: ArgumentHelp("Indicator ids to write, separated by commas (default: all).", valueName: "ids"))
    var indicators: String?

    @Option(
        help: ArgumentHelp(
            "Write a JSON sidecar: version, options, input sizes and SHA-256, the series' vintages.",
            valueName: "file"))
    var manifest: String?

    @Flag(
        help:
            "Write a .gz output as BGZF blocks of at most 64 KiB (as bgzip does), compressed in parallel: any gzip reader reads it, and MicroPanel reads it back in parallel."
    )
    var gzipBlocks = false

    @Option(
        help: ArgumentHelp(
            "The most rows in one row group of a .parquet output (default and largest: 1000000).", valueName: "n"))
    var rowGroupRows: Int?

    @Option(
        help: ArgumentHelp(
            "Input columns to carry into the output after the descriptors, named as in the input header (separated by commas; repeatable).",
            valueName: "headers"))
    var keep: [String] = []

    @Option(
        help: ArgumentHelp(
            "Clip each indicator at its P and 1-P quantiles over the rows written (flagged winsorized), e.g. 0.01.",
            valueName: "p"))
    var winsorize: Double?

    @OptionGroup var amounts: AmountUnitOptions
    @OptionGroup var filters: FilterOptions
    @OptionGroup var loader: LoaderOptions
    @OptionGroup var panel: PanelOptionGroup
    @OptionGroup var reference: ReferenceOptionGroup
    @OptionGroup var verbosity: VerbosityOptions

    func validate() throws {
        _ = try parseIndicators(indicators)
        if let winsorize, !(0..<0.5).contains(winsorize) {
            throw ValidationError(
                "--winsorize \(winsorize): a share from 0 up to 0.5 (0.01 clips the lowest and highest 1%)")
        }
    }

    func run() throws {
        TemporaryFiles.installSignalHandlers()
        try reportingFailures {
            let progress = ProgressLine(quiet: verbosity.quiet)
            defer { progress.finish() }
            var source = try panelSource(
                inputs, loader: loader, panel: panel, reference: reference, filters: filters, progress: progress)
            source.reading.keep = keep
            var configuration = try ComputeConfiguration(
                source: source,
                indicators: parseIndicators(indicators),
                output: table.output(gzipBlocks: gzipBlocks, rowGroupRows: rowGroupRows),
                manifest: manifest,
                invocation: Array(CommandLine.arguments.dropFirst()))
            configuration.winsorize = winsorize
            configuration.amounts = amounts.unit
            if inputs.isEmpty {
                verbosity.note(
                    "no input given: computing the \(BundledData.mixSampleName) (\(BundledData.mixSampleAttribution))")
            }
            let run = try Pipeline.compute(configuration)
            progress.finish()
            for note in run.notes { verbosity.note(note) }
            if verbosity.verbose { printError(run.timing.line) }
        }
    }
}
