import ArgumentParser
import Foundation
import MicroPanel

extension OutputFormat: ExpressibleByArgument {}

/// `micropanel compute`: every indicator for every institution-year.
struct ComputeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compute",
        abstract: "Compute the CGAP and MicroRate indicators for every institution-year.",
        discussion: """
            INPUT is CSV, plain or gzip-compressed (told apart by content); several inputs are one panel \
            and must share one header; '-' reads standard input. With no INPUT, the bundled MIX sample is used.

            OUTPUT's extension chooses the format: .csv, .csv.gz, .tsv, .tsv.gz, .jsonl, .jsonl.gz; \
            '-' or none writes CSV to standard output (--format chooses another). The file appears only \
            when complete: a failed or interrupted run leaves the previous one untouched.

            Examples:
              micropanel compute
              micropanel compute panel.csv.gz --institutions MFICompanyMetaData.csv -o indicators.csv
              micropanel compute a.csv b.csv --indicators roa,roe,par30 --average closing -o out.jsonl
              zcat panel.csv.gz | micropanel compute - --manifest run.json -o out.csv.gz
            """
    )

    @Argument(help: "Panel files (.csv or .csv.gz; '-' for standard input). None: the bundled MIX sample.")
    var inputs: [String] = []

    @Option(
        name: .shortAndLong,
        help: ArgumentHelp("Output file, format by extension; '-' for standard output.", valueName: "output"))
    var output: String = "-"

    @Option(help: "Output format when writing to standard output: csv, tsv or jsonl.")
    var format: OutputFormat?

    @Option(help: ArgumentHelp("Indicator ids to write, separated by commas (default: all).", valueName: "ids"))
    var indicators: String?

    @Option(
        help: ArgumentHelp(
            "Write a JSON sidecar: version, options, input sizes and SHA-256, GNI vintage.", valueName: "file"))
    var manifest: String?

    @Flag(
        help:
            "Write a .gz output as BGZF blocks of at most 64 KiB (as bgzip does), compressed in parallel: any gzip reader reads it, and MicroPanel reads it back in parallel."
    )
    var gzipBlocks = false

    @OptionGroup var loader: LoaderOptions
    @OptionGroup var panel: PanelOptionGroup
    @OptionGroup var reference: ReferenceOptionGroup
    @OptionGroup var verbosity: VerbosityOptions

    func validate() throws {
        _ = try parseIndicators(indicators)
        if output != "-" {
            guard let chosen = OutputFormat.forPath(output) else {
                throw ValidationError(
                    "cannot tell the format of '\(output)': use \(OutputFormat.acceptedExtensions), or '-'")
            }
            if let format, format != chosen.format {
                throw ValidationError("--format \(format.rawValue) contradicts the extension of '\(output)'")
            }
        }
        if gzipBlocks && (output == "-" || OutputFormat.forPath(output)?.gzip != true) {
            throw ValidationError("--gzip-blocks needs a compressed output: .csv.gz, .tsv.gz or .jsonl.gz")
        }
    }

    func run() throws {
        TemporaryFiles.installSignalHandlers()
        let clock = ContinuousClock()
        let started = clock.now
        try reportingFailures {
            try refuseOverwriting(
                inputs: self.inputs + loader.referenceFiles + reference.referenceFiles,
                outputs: [("the output", output)] + (manifest.map { [("--manifest", $0)] } ?? []))
            let chosen = try parseIndicators(indicators)
            let (format, gzip) = output == "-" ? (format ?? .csv, false) : OutputFormat.forPath(output)!
            // Open the output first: an unwritable destination fails before any work.
            let destination = try OutputFile(path: output)
            let inputs: [PanelInput]
            if self.inputs.isEmpty {
                verbosity.note(
                    "no input given: computing the \(BundledData.mixSampleName) (\(BundledData.mixSampleAttribution))")
                inputs = [.bundledSample]
            } else {
                inputs = self.inputs.map(PanelInput.file)
            }
            let progress = ProgressLine(quiet: verbosity.quiet)
            var options = ComputeOptions(
                load: try loader.loadOptions(), panel: panel.panelOptions,
                threads: reference.threads, institutionsFile: reference.institutions,
                gniFile: reference.gni, inflationFile: reference.inflation)
            options.load.requestedFields = FieldCatalog.computeFields
            options.load.computeDigests = manifest != nil
            options.load.progress = progress.callback
            // Reference data first: the loading thread computes and formats rows as they arrive.
            let references = try ReferenceData(options: options)
            let preformatter = IndicatorPreformatter(
                indicators: chosen, format: format, formulas: options.panel.formulas,
                references: references)
            options.load.afterBatch = { preformatter.consume($0, spareTime: $1) }
            let computed: PreparedPanel
            do {
                computed = try IndicatorPipeline(options: options).prepare(inputs, references: references)
                progress.finish()
            } catch {
                progress.finish()
                throw error
            }
            let threads = reference.threads > 0 ? reference.threads : ProcessorCount.active
            preformatter.validate(against: computed.kernel, threads: threads)
            let computedAt = clock.now
            let writer = IndicatorTableWriter(
                table: computed.table, kernel: computed.kernel, indicators: chosen,
                format: format, preformatted: preformatter.fragments)
            if gzip {
                let compressed = try GzipFileSink(
                    destination: destination,
                    layout: gzipBlocks ? .blocks(threads: threads) : .singleMember)
                try writer.write(to: compressed, threads: threads)
                try compressed.finish()
            } else {
                try writer.write(to: destination, threads: threads)
            }
            try destination.commit()
            if let manifest {
                try RunManifest(
                    command: "compute", arguments: Array(CommandLine.arguments.dropFirst()), computed: computed,
                    output: output, indicators: chosen
                ).write(to: manifest)
            }
            verbosity.noteRun(computed, indicators: chosen)
            if verbosity.verbose {
                printTimings(computed, loadStarted: started, computed: computedAt, written: clock.now)
            }
        }
    }

    /// `--verbose`: where the time went and how fast, in what a user can act on.
    private func printTimings(
        _ computed: PreparedPanel, loadStarted: ContinuousClock.Instant,
        computed computedAt: ContinuousClock.Instant, written: ContinuousClock.Instant
    ) {
        let report = computed.report
        let load = report.load.seconds
        let write = (written - computedAt) / .seconds(1)
        let total = (written - loadStarted) / .seconds(1)
        var info = stat()
        let outputBytes = output != "-" && stat(output, &info) == 0 ? Double(info.st_size) : nil
        let rate = { (amount: Double, seconds: Double) in grouped(Int64((amount / max(seconds, 1e-9)).rounded())) }
        var line =
            "timing: load \(fixed(load, 3)) s (\(rate(Double(report.load.textBytes) / 1e6, load)) MB/s of text, "
            + "\(rate(Double(report.load.rows), load)) rows/s); join and order \(fixed(report.prepareSeconds, 3)) s; "
            + "compute and write \(fixed(write, 3)) s"
        if let outputBytes { line += " (\(rate(outputBytes / 1e6, write)) MB/s written)" }
        line += "; total \(fixed(total, 3)) s, \(rate(Double(report.panelRows), total)) institution-years/s"
        printError(line)
    }
}
