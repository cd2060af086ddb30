import MicroPanelColumns
import MicroPanelOutput
import MicroPanelPortfolio

extension Pipeline {
    /// Turns loan snapshot tapes into the institution × period panel (portfolio contract): the
    /// tape streams through the panel's reader and column store, each batch folded into the
    /// periods' snapshots and the loans' events and dropped. The output appears only when complete.
    public static func portfolio(_ configuration: PortfolioConfiguration) throws -> PortfolioRun {
        let target = try OpenedOutput(configuration.output)
        // A tape in date order is read once in the memory of one period per institution; one
        // that comes back to a closed period is read again keeping every period open.
        let rereadable = configuration.tapes.allSatisfy { if case .file("-") = $0 { false } else { true } }
        let (tally, loaded): (TapeTally, LoadedPanel)
        var readTwice = false
        do {
            (tally, loaded) = try readTape(configuration, closingPeriods: true)
        } catch let error as PortfolioError where error.kind.isClosedPeriod && rereadable {
            (tally, loaded) = try readTape(configuration, closingPeriods: false)
            readTwice = true
        }
        let institutions =
            configuration.institution.map { [$0] }
            ?? (tally.columns["institution_id"].flatMap { loaded.table.text($0)?.dictionary } ?? [])
        let panel = try PortfolioPanel(
            tally, institutions: institutions, by: configuration.by,
            breakdownValues: tally.breakdownHeaders.map { loaded.table.text($0)?.dictionary ?? [] })
        try write(
            (panel.columns, panel.rows), to: target, threads: configuration.threads,
            label: DatasetExport.datasetLabel("portfolio", inputs: configuration.tapes))
        try target.commit()
        var notes = loaded.report.skippedRowNotes
        notes.append(
            "\(count(tally.rows, "tape row")) read: \(count(panel.rows.count, configuration.by.isEmpty ? "institution-period row" : "row"))"
                + " (\(count(panel.institutionCount, "institution")))")
        if readTwice {
            notes.append("the tape is not in date order: read a second time keeping every period's loans in memory")
        }
        if tally.skipped > 0, let first = tally.firstSkip {
            notes.append("\(count(tally.skipped, "row")) skipped (--on-bad-row skip), the first: \(first)")
        }
        if panel.eventsOutsideSnapshots > 0 {
            notes.append(
                "\(count(panel.eventsOutsideSnapshots, "disbursement or write-off event")) dated in a period without"
                    + " a snapshot of the institution: in no row")
        }
        return PortfolioRun(panel: panel, notes: notes)
    }

    /// The tape's rows folded into a tally as they stream through the panel's reader, with the
    /// loaded (emptied) table for the text columns' dictionaries.
    private static func readTape(_ configuration: PortfolioConfiguration, closingPeriods: Bool) throws -> (
        TapeTally, LoadedPanel
    ) {
        let reading = TapeReading()
        var options = configuration.reading
        options.requestedFields = nil
        options.requiresInputFields = false
        let name = configuration.tapes.first?.name ?? "tape"
        options.planOverride = { header in
            let columns = try TapeColumns(
                header: header, mapping: configuration.mapping, fixedInstitution: configuration.institution != nil,
                by: configuration.by, source: name)
            reading.tally = TapeTally(
                columns: columns, periods: configuration.periods, by: configuration.by,
                skipsBadRows: configuration.reading.csv.badRows == .skip, closesPeriods: closingPeriods)
            return columns.plan
        }
        options.afterBatch = { builder, input, _ in try reading.tally!.consume(builder, input: input) }
        let loaded = try PanelLoader(options: options, threads: configuration.threads).load(configuration.tapes)
        return (reading.tally!, loaded)
    }
}

/// What `portfolio` made: the panel, and the notes for standard error.
public struct PortfolioRun: Sendable {
    public let panel: PortfolioPanel
    public let notes: [String]
}

/// The tape's tally, made when its header is read (by the loading thread, as every batch).
private final class TapeReading: @unchecked Sendable {
    var tally: TapeTally?
}
