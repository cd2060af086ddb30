import ArgumentParser
import Foundation
import MicroPanel
import MicroPanelSupport

/// `micropanel check INPUT`: a data-quality report; exit 1 when it finds errors.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Report data quality: coverage of the spec fields, duplicates, gaps, impossible values.",
        discussion: """
            Reads past every problem (rows with a wrong field count and values that are not numbers are \
            counted, not fatal) and lists each problem with the indicators it blocks. Errors are what \
            compute cannot use as it is: unparseable values, bad rows, rows without keys or with a fiscal \
            year outside 1950 to next year, duplicate institution-years. Warnings are what it handles row \
            by row: year gaps, interim rows, the plausibility rules (PAR above the portfolio, a part of \
            the delinquent portfolio above its total, negative balances and counts: see micropanel \
            explain --rules; compute leaves the indicators they feed missing, implausible_input), and \
            assets ≠ liabilities + equity beyond 1%. Exit status 0 when there are no errors, 1 when there are.

            Examples:
              micropanel check panel.csv.gz
              micropanel check --json panel.csv > quality.json
              micropanel check
            """
    )

    @Argument(help: "The panel to check (.csv or .csv.gz; '-' for standard input). None: the bundled MIX sample.")
    var input: String?

    @Flag(help: "Print the report as JSON.")
    var json = false

    @OptionGroup var loader: LoaderOptions

    func run() throws {
        let report = try reportingFailures {
            let source = input.map(PanelInput.file) ?? .bundledSample
            if input == nil {
                printError(
                    "no input given: checking the \(BundledData.mixSampleName) (\(BundledData.mixSampleAttribution))")
            }
            let report = try QualityCheck.run([source], options: loader.loadOptions())
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                encoder.keyEncodingStrategy = .convertToSnakeCase
                try printOutput(String(decoding: try encoder.encode(report), as: UTF8.self) + "\n")
            } else {
                try printOutput(Self.text(report))
            }
            return report
        }
        if report.errorCount > 0 { throw ExitCode(ExitStatus.dataErrors) }
    }

    static func text(_ report: QualityReport) -> String {
        var lines: [String] = []
        let years =
            report.firstYear.map { first in "fiscal years \(first)–\(report.lastYear ?? first)" } ?? "no fiscal years"
        lines.append(
            "\(report.inputs.joined(separator: ", ")): \(grouped(Int64(report.rows))) rows, "
                + "\(grouped(Int64(report.institutions))) institutions, \(years)")
        lines.append("")
        lines.append("Coverage of spec fields")
        lines.append("  \("field".padded(to: 24)) \("rows".leftPadded(to: 9)) \("share".leftPadded(to: 7))  header")
        for coverage in report.coverage {
            let share = fixed(coverage.share * 100, 1) + "%"
            lines.append(
                "  \(coverage.field.padded(to: 24)) \(grouped(Int64(coverage.rows)).leftPadded(to: 9)) "
                    + "\(share.leftPadded(to: 7))  \(coverage.header ?? "(not in the file)")")
        }
        lines.append("")
        lines.append("Inputs of the adjusted indicators (docs/adjustments.md §1): what a blank leaves missing")
        for coverage in report.coverage {
            guard let blocks = coverage.blankBlocks else { continue }
            let blank = grouped(Int64(report.rows - coverage.rows)) + " blank"
            lines.append(
                "  \(coverage.field.padded(to: 24)) \(blank.leftPadded(to: 13))  "
                    + (blocks.isEmpty
                        ? "nothing (a blank counts as 0, or the default rules do not read it)"
                        : blocks.joined(separator: ", ")))
        }
        lines.append("")
        lines.append("Problems: \(report.errorCount) errors, \(report.warningCount) warnings")
        if report.problems.isEmpty { lines.append("  none") }
        for problem in report.problems {
            let subject = problem.field.map { " [\($0)]" } ?? ""
            lines.append(
                "  \(problem.severity.rawValue.padded(to: 8)) \(problem.kind)\(subject): "
                    + "\(grouped(Int64(problem.count))) \(problem.unit) — \(problem.message)")
            if !problem.examples.isEmpty { lines.append("           e.g. " + problem.examples.joined(separator: "; ")) }
            let blocks =
                problem.blocks.count == IndicatorRegistry.all.count
                ? "all indicators" : problem.blocks.joined(separator: ", ")
            let reason = problem.missingReason.map { " (\($0))" } ?? ""
            lines.append("           blocks: \(blocks.isEmpty ? "no indicator" : blocks + reason)")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
