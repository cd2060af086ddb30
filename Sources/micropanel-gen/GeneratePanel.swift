import ArgumentParser
import Foundation
import MicroPanelGzip
import MicroPanelSynthetic

/// `micropanel-gen`: writes a generated MIX-style panel of any size (see `scripts/gen-panel`).
@main
struct GeneratePanel: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "micropanel-gen",
        abstract: "Write a deterministic MIX-style panel: the real MIX sample scaled to any size.",
        discussion: """
            Each generated institution copies a real institution's series from the template (years, \
            gaps, missing cells as MIX published them), scales its amounts and counts, shifts its years \
            and keeps its ratios. Same template, seed and size: same bytes.

            --kind survey writes a SYNTHETIC client poverty survey of --rows interviews instead (mfi_id, \
            client_id, round, gender, location and ten answers), --kind scorecard and --kind lookup the \
            synthetic scorecard and look-up table that score it: the files of `micropanel poverty`'s demo.

            Examples:
              micropanel-gen --rows 500000 -o big.csv.gz
              micropanel-gen --rows 500000 --blocks -o big-blocked.csv.gz
              micropanel-gen --rows 1000 --template my-mix-export.csv -o small.csv
              micropanel-gen --kind survey --rows 10000000 -o survey.csv.gz
              micropanel-gen --kind tape --rows 10000000 --blocks -o tape.csv.gz
            """
    )

    /// What to write.
    enum Kind: String, ExpressibleByArgument, CaseIterable {
        case panel, survey, scorecard, lookup, tape
    }

    @Option(
        help:
            "What to write: panel, survey (synthetic client interviews), scorecard or lookup (synthetic), tape (a synthetic loan snapshot tape)."
    )
    var kind: Kind = .panel

    @Option(help: "Institution-years (a panel), interviews (a survey) or loan snapshot rows (a tape) to write.")
    var rows: Int = 100_000

    @Option(help: "Random seed.")
    var seed: UInt64 = 1

    @Option(name: .shortAndLong, help: "Output file: .csv (plain) or .gz (gzip); '-' for standard output.")
    var output: String = "-"

    @Flag(help: "Write gzip as BGZF blocks (members of at most 64 KiB, as bgzip does) instead of one member.")
    var blocks = false

    @Option(help: "gzip compression level (1-9).")
    var level: Int32 = 6

    @Option(help: "A MIX-style CSV to scale instead of the bundled MIX sample.")
    var template: String?

    @Option(
        help: ArgumentHelp(
            "Tape only: loans each lender keeps outstanding (default: rows / 240, so about two years of months).",
            valueName: "n"))
    var loansPerLender: Int?

    func validate() throws {
        guard rows >= 0 else { throw ValidationError("--rows must be 0 or more") }
        guard (1...9).contains(level) else { throw ValidationError("--level must be 1 to 9") }
        if let loansPerLender {
            guard kind == .tape else { throw ValidationError("--loans-per-lender is for --kind tape") }
            guard loansPerLender >= 1 else { throw ValidationError("--loans-per-lender must be 1 or more") }
        }
    }

    func run() throws {
        let produce: ((UnsafeRawBufferPointer) -> Void) throws -> Void
        switch kind {
        case .panel:
            let panel =
                try template.map { try ScaledPanel(template: Array(Data(contentsOf: URL(fileURLWithPath: $0)))) }
                ?? ScaledPanel.bundledSample()
            produce = { panel.write(rows: rows, seed: seed, to: $0) }
        case .survey:
            let survey = SyntheticSurvey(interviews: rows, seed: seed)
            produce = { survey.write(to: $0) }
        case .tape:
            var tape = SyntheticTape(rows: rows, seed: seed)
            if let loansPerLender { tape.loansPerLender = loansPerLender }
            produce = { tape.write(to: $0) }
        case .scorecard:
            produce = { sink in Array(SyntheticSurvey.scorecardCSV.utf8).withUnsafeBytes { sink($0) } }
        case .lookup:
            produce = { sink in Array(SyntheticSurvey.lookupCSV.utf8).withUnsafeBytes { sink($0) } }
        }
        let handle =
            output == "-"
            ? FileHandle.standardOutput
            : try {
                _ = FileManager.default.createFile(atPath: output, contents: nil)
                return try FileHandle(forWritingTo: URL(fileURLWithPath: output))
            }()
        let write: (UnsafeRawBufferPointer) -> Void = { handle.write(Data($0)) }
        let compress = output.hasSuffix(".gz")
        if compress && blocks {
            let encoder = BlockedGzipEncoder(level: level, threads: ProcessInfo.processInfo.activeProcessorCount)
            try produce { encoder.compress($0, into: write) }
            encoder.finish(into: write)
        } else if compress {
            let encoder = try GzipEncoder(level: level)
            try produce { encoder.compress($0, into: write) }
            encoder.finish(into: write)
        } else {
            try produce(write)
        }
        try handle.close()
    }
}
