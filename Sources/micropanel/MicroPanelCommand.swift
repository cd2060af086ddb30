import ArgumentParser
import MicroPanel

@main
struct MicroPanelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "micropanel",
        abstract:
            "Microfinance panel data (MIX Market style) to CGAP and MicroRate indicators, reported and adjusted.",
        discussion: "Data note: with no input, compute, summarize and check use the \(BundledData.mixSampleName), 254"
            + " institution-years of 30 institutions: \(BundledData.mixSampleAttribution). The bundled GNI per"
            + " capita, consumer price inflation, lending and deposit rate, exchange rate and PPP factor tables are the"
            + " World Bank's (World Development Indicators, CC BY 4.0; the inflation, rates and exchange rates from the"
            + " IMF's International Financial Statistics). plot and report --sample microrate29 draw the MicroRate-29"
            + " table of 2001 (MicroRate/IDB Technical Guide, Annex 2, published figures); poverty with no input"
            + " scores a SYNTHETIC demo survey.",
        version: MicroPanelVersion.current,
        subcommands: [
            ComputeCommand.self, SummarizeCommand.self, CheckCommand.self, ExplainCommand.self, InspectCommand.self,
            PovertyCommand.self, PlotCommand.self, ReportCommand.self, PortfolioCommand.self, MergeCommand.self,
        ]
    )

    /// Runs the command line; argument-parser's usage failures exit 2, not 64.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            if exitCode(for: error) == .validationFailure {
                // One line saying what is wrong (and what was meant), then argument-parser's usage.
                var message = fullMessage(for: error)
                if message.hasPrefix("Error: ") { message.removeFirst("Error: ".count) }
                printError(message)
                exit(withError: ExitCode(ExitStatus.usage))
            }
            exit(withError: error)
        }
    }
}
