import ArgumentParser
import MicroPanel
import MicroPanelOutput

/// `micropanel merge`: partial results of a tape's shards to its panel.
struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Merge the partial results of a tape's shards (portfolio --partial) into its panel.",
        discussion: """
            The panel is byte for byte the one micropanel portfolio gives reading every shard in one run, in \
            the order the partials are given (the order decides only between conflicting records of one loan). \
            Clients with loans in several shards are counted once; a loan on the same report date in two \
            partials is an error (a shard merged twice). With --partial the result is again a partial, for \
            merges in stages. Partials must come from the same options (--period, --fiscal-year-end, --by) \
            and tapes with the same columns.

            Examples:
              micropanel merge shard-*.part -o panel.csv
              micropanel merge part-1.part part-2.part --partial -o stage.part
            """
    )

    @Argument(help: "Partial results (micropanel portfolio --partial), plain or gzip.")
    var partials: [String]

    @OptionGroup var table: TableOutputOptions

    @Flag(help: "Write a partial result (to -o, whatever it is called) instead of the panel.")
    var partial = false

    @Option(help: "Threads compressing the output (default: one per core).")
    var threads: Int = 0

    @OptionGroup var verbosity: VerbosityOptions

    func validate() throws {
        guard threads >= 0 else { throw ValidationError("--threads must be 0 (one per core) or more") }
    }

    func run() throws {
        TemporaryFiles.installSignalHandlers()
        try reportingFailures {
            let configuration = try MergeConfiguration(
                partials: partials, output: try table.destination(partial: partial), threads: Threads(threads))
            let run = try Pipeline.merge(configuration)
            for note in run.notes { verbosity.note(note) }
        }
    }
}
