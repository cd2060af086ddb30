import ArgumentParser
import MicroPanel

/// `micropanel inspect FILE`: loads a panel and says what was found.
struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Load a panel file and report rows, columns, the matched spec fields and load time.",
        discussion: """
            FILE is CSV, plain or gzip-compressed, or an Excel workbook (.xlsx; --sheet NAME), told apart by \
            content; '-' reads standard input.

            Examples:
              micropanel inspect panel.csv.gz
              micropanel inspect --columns my-headers.csv --decimal-comma export.csv
            """
    )

    @Argument(help: "The panel file (.csv or .csv.gz; '-' for standard input).")
    var file: String

    @OptionGroup var loader: LoaderOptions

    @Flag(help: "List every unmatched header, not only the first 20.")
    var all = false

    func run() throws {
        try reportingFailures {
            let panel = try PanelLoader(options: loader.loadOptions()).load(paths: [file])
            try printOutput(InspectionReport(panel: panel, listAllUnmatched: all).text)
        }
    }
}
