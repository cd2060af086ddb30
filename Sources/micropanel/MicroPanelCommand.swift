import ArgumentParser

@main
struct MicroPanelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "micropanel",
        abstract: "Microfinance panel data (MIX Market style) to CGAP and MicroRate indicators.",
        version: "0.1.0",
        subcommands: [InspectCommand.self]
    )
}
