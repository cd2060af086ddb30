import ArgumentParser
import MicroPanel
import MicroPanelOutput
import MicroPanelPortfolio

extension ReportingPeriods.Length: ExpressibleByArgument {}

/// `micropanel portfolio`: loan snapshot tapes to an institution × period panel.
struct PortfolioCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "portfolio",
        abstract:
            "Turn loan snapshot tapes into an institution × period panel with MIX's headers (PAR, borrowers, flows).",
        discussion: """
            TAPE has one row per loan and report date: institution_id (or --institution ID), report_date \
            (YYYY-MM-DD), loan_id, client_id, principal_outstanding, days_late or overdue_since; optional \
            renegotiated, disbursed_on, disbursed_amount, written_off_on, written_off_amount, methodology, \
            client_gender, client_location. --columns FILE maps an information system's headers (header,field rows). \
            Rows may come in any order. Stock measures use each institution's last snapshot in a period; \
            disbursements and write-offs are counted once per loan. PAR is CGAP's: the whole balance of a late \
            loan. micropanel compute reads the output as it is.

            With --partial, the output is a partial result (whatever its name) that micropanel merge combines \
            with the partials of the tape's other shards into the panel one run over every shard gives.

            Examples:
              micropanel portfolio tape.csv.gz -o panel.csv
              micropanel portfolio export.csv --columns fineract.csv --institution MFI-7 --period quarter -o q.csv
              micropanel portfolio shard-3.csv.gz --partial -o shard-3.part
              micropanel portfolio tape.csv.gz -o panel.csv --vintages vintages.csv --roll-rates rolls.csv
            """
    )

    @Argument(help: "Tape files (.csv, .csv.gz, .xlsx; '-' for standard input): one tape.")
    var inputs: [String]

    @Option(
        name: .customLong("columns"),
        help: ArgumentHelp(
            "A two-column CSV (header,field) naming the tape's headers for its fields.", valueName: "file"))
    var columnMapping: String?

    @Option(help: ArgumentHelp("The lender's id, when the tape has no institution_id column.", valueName: "id"))
    var institution: String?

    @Option(help: "Periods: year, quarter or month (of the fiscal year).")
    var period: ReportingPeriods.Length = .year

    @Option(help: ArgumentHelp("The fiscal year's last day, MM-DD (a month's end).", valueName: "mm-dd"))
    var fiscalYearEnd = "12-31"

    @Option(
        help: ArgumentHelp(
            "A file of institutions (MFI ID, Fiscal Year End as MM-DD) whose fiscal years end otherwise.",
            valueName: "file"))
    var institutions: String?

    @Option(
        help: ArgumentHelp(
            "Breakdowns, separated by commas: branch, product, loan_officer, methodology, client_gender, client_location.",
            valueName: "fields"))
    var by: String?

    @OptionGroup var table: TableOutputOptions

    @Flag(help: "Write a partial result for micropanel merge (to -o, whatever it is called) instead of the panel.")
    var partial = false

    @Option(
        help: ArgumentHelp(
            "Also write vintage curves: per cohort (disbursement month) and report date, PAR30 and write-offs to date.",
            valueName: "file"))
    var vintages: String?

    @Option(
        help: ArgumentHelp(
            "Also write roll rates: where each delinquency bucket's balance went between consecutive report dates (rows in date order).",
            valueName: "file"))
    var rollRates: String?

    @Option(
        help: "Rows with a wrong field count or a bad value (date, balance, duplicate loan): error, or skip (counted).")
    var onBadRow: BadRowPolicy = .error

    @Option(help: "Threads inflating BGZF tapes (default: one per core).")
    var threads: Int = 0

    @OptionGroup var verbosity: VerbosityOptions

    func validate() throws {
        guard threads >= 0 else { throw ValidationError("--threads must be 0 (one per core) or more") }
    }

    func run() throws {
        TemporaryFiles.installSignalHandlers()
        try reportingFailures {
            var reading = LoadOptions()
            reading.csv = CSVOptions(badRows: onBadRow)
            let configuration = try PortfolioConfiguration(
                tapes: inputs.map(PanelInput.file), reading: reading, mapping: columnMapping,
                institution: institution, period: period, fiscalYearEnd: fiscalYearEnd,
                by: by.map { $0.split(separator: ",").map { String($0).trimmingSpaces() }.filter { !$0.isEmpty } }
                    ?? [],
                output: try table.destination(partial: partial),
                vintages: try vintages.map { try TableOutput(path: $0) },
                rollRates: try rollRates.map { try TableOutput(path: $0) }, institutionsFile: institutions,
                threads: Threads(threads))
            let run = try Pipeline.portfolio(configuration)
            for note in run.notes { verbosity.note(note) }
        }
    }
}
