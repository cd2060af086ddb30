import ArgumentParser
import MicroPanel

/// `micropanel summarize`: peer-group benchmarks.
struct SummarizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "summarize",
        abstract: "Peer-group benchmarks: per group and indicator n, median, p25, p75, mean and the weighted ratio.",
        discussion: """
            Groups by any descriptor: country, region, legal_status, depth_tier, fiscal_year, currency, iso3... \
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

    @Option(
        name: .shortAndLong,
        help: ArgumentHelp("Output file, format by extension; '-' for standard output.", valueName: "output"))
    var output: String = "-"

    @Option(help: "Output format when writing to standard output: csv, tsv or jsonl.")
    var format: OutputFormat?

    @Option(
        help: ArgumentHelp(
            "Indicator ids to summarize, separated by commas (default: all but depth_tier).", valueName: "ids"))
    var indicators: String?

    @OptionGroup var loader: LoaderOptions
    @OptionGroup var panel: PanelOptionGroup
    @OptionGroup var reference: ReferenceOptionGroup
    @OptionGroup var verbosity: VerbosityOptions

    var groupFields: [String] {
        by.split(separator: ",").map { String($0).trimmingSpaces().lowercased() }.filter { !$0.isEmpty }
    }

    func validate() throws {
        guard !groupFields.isEmpty else { throw ValidationError("--by names no field") }
        for name in groupFields where !PeerGroupSummary.groupFields.contains(name) {
            throw ValidationError(
                UsageError.unknown("field", name, known: PeerGroupSummary.groupFields).message + " (for --by)")
        }
        _ = try parseIndicators(indicators, allowed: PeerGroupSummary.summarizable)
        if output != "-" && OutputFormat.forPath(output) == nil {
            throw ValidationError(
                "cannot tell the format of '\(output)': use \(OutputFormat.acceptedExtensions), or '-'")
        }
    }

    func run() throws {
        TemporaryFiles.installSignalHandlers()
        try reportingFailures {
            try refuseOverwriting(
                inputs: (input.map { [$0] } ?? []) + loader.referenceFiles + reference.referenceFiles,
                outputs: [("the output", output)])
            let chosen = try parseIndicators(indicators, allowed: PeerGroupSummary.summarizable)
            let (format, gzip) = output == "-" ? (format ?? .csv, false) : OutputFormat.forPath(output)!
            let destination = try OutputFile(path: output)
            let source: PanelInput
            if let input {
                source = .file(input)
            } else {
                verbosity.note(
                    "no input given: summarizing the \(BundledData.mixSampleName) (\(BundledData.mixSampleAttribution))"
                )
                source = .bundledSample
            }
            var options = ComputeOptions(
                load: try loader.loadOptions(), panel: panel.panelOptions,
                threads: reference.threads, institutionsFile: reference.institutions,
                gniFile: reference.gni, inflationFile: reference.inflation)
            options.load.planOverride = ComputeOutputTable.plan(for:)
            options.load.requestedFields = FieldCatalog.computeFields
            var panelLoad = options.load
            panelLoad.requiresInputFields = true
            let loaded = try PanelLoader(options: panelLoad).load([source])
            let summary: PeerGroupSummary
            if ComputeOutputTable.isComputeOutput(loaded.table) {
                verbosity.note("\(source.name) is a compute output: summarized as written, without weighted ratios")
                summary = try PeerGroupSummary(computeOutput: loaded.table, by: groupFields, indicators: chosen)
            } else {
                let computed = try IndicatorPipeline(options: options).compute(loaded)
                summary = try PeerGroupSummary(
                    computed: computed, by: groupFields, indicators: chosen,
                    threads: reference.threads > 0 ? reference.threads : ProcessorCount.active)
                verbosity.noteRun(computed.prepared, indicators: chosen)
            }
            let writer = SummaryTableWriter(summary: summary, format: format)
            if gzip {
                let compressed = try GzipFileSink(destination: destination)
                try writer.write(to: compressed)
                try compressed.finish()
            } else {
                try writer.write(to: destination)
            }
            try destination.commit()
        }
    }
}
