import MicroPanelColumns
import MicroPanelOutput
import MicroPanelPortfolio

extension Pipeline {
    /// Turns loan snapshot tapes into the institution × period panel (portfolio contract): the
    /// tape streams through the panel's reader and column store, each batch folded into the
    /// periods' snapshots and the loans' events and dropped. The output appears only when complete.
    public static func portfolio(_ configuration: PortfolioConfiguration) throws -> PortfolioRun {
        let target = try PortfolioTarget(configuration.output)
        let vintagesTarget = try configuration.vintages.map(OpenedOutput.init)
        let rollRatesTarget = try configuration.rollRates.map(OpenedOutput.init)
        // A tape in date order is read once in the memory of one period per institution; one
        // that comes back to a closed period is read again keeping every period open. A partial
        // keeps every period's loans and clients: a merge needs their ids.
        let rereadable = configuration.tapes.allSatisfy { if case .file("-") = $0 { false } else { true } }
        let (tally, loaded): (TapeTally, LoadedPanel)
        var readTwice = false
        do {
            (tally, loaded) = try readTape(configuration, closingPeriods: !target.isPartial)
        } catch let error as PortfolioError where error.kind.isClosedPeriod && rereadable {
            (tally, loaded) = try readTape(configuration, closingPeriods: false)
            readTwice = true
        }
        func dictionary(_ key: String) -> [String] {
            tally.columns[key].flatMap { loaded.table.text($0)?.dictionary } ?? []
        }
        let dictionaries = TallyDictionaries(
            institutions: configuration.institution.map { [$0] } ?? dictionary("institution_id"),
            loans: dictionary("loan_id"), clients: dictionary("client_id"),
            breakdownValues: tally.breakdownKeys.map(dictionary))
        var notes = loaded.report.skippedRowNotes
        if readTwice {
            notes.append("the tape is not in date order: read a second time keeping every period's loans in memory")
        }
        /// Writes a table beside the panel (committed with it).
        func writeBeside(_ table: ([String], [[TableCell]]), to target: OpenedOutput, _ name: String) throws {
            try write(
                table, to: target, threads: configuration.threads,
                label: DatasetExport.datasetLabel("portfolio \(name)", inputs: configuration.tapes))
        }
        if let vintagesTarget {
            let vintages = try VintageTable(tally, institutions: dictionaries.institutions)
            try writeBeside((VintageTable.columns, vintages.rows), to: vintagesTarget, "vintages")
            notes.append(
                "\(count(vintages.rows.count, "vintage row")) (institution × cohort × report date)"
                    + (vintages.rowsWithoutCohort > 0
                        ? "; \(count(vintages.rowsWithoutCohort, "row")) with a balance and no disbursed_on in no cohort"
                        : ""))
        }
        if let rollRatesTarget {
            let rollRates = try RollRateTable(tally, institutions: dictionaries.institutions)
            try writeBeside((RollRateTable.columns, rollRates.rows), to: rollRatesTarget, "roll rates")
            notes.append(
                "\(count(rollRates.rows.count, "roll-rate row")) (institution × consecutive dates × bucket × destination)"
            )
        }
        notes += try target.write(
            tally, dictionaries, firstSkip: tally.firstSkip.map { "\($0)" }, threads: configuration.threads,
            label: DatasetExport.datasetLabel("portfolio", inputs: configuration.tapes))
        try vintagesTarget?.commit()
        try rollRatesTarget?.commit()
        return PortfolioRun(notes: notes)
    }

    /// Merges partial results (`micropanel merge`) into the panel one process reading every
    /// shard in the same order gives, byte for byte, or into one partial.
    public static func merge(_ configuration: MergeConfiguration) throws -> PortfolioRun {
        let target = try PortfolioTarget(configuration.output)
        let merge = TallyMerge()
        for path in configuration.partials {
            try merge.add(InputBytes.read(path: path, limit: Int.max), name: path)
        }
        let notes = try target.write(
            merge.tally!, merge.dictionaries, firstSkip: merge.firstSkip, threads: configuration.threads,
            label: "MicroPanel portfolio merged from \(configuration.partials.count) partial results")
        return PortfolioRun(notes: ["\(count(configuration.partials.count, "partial result")) merged"] + notes)
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
                skipsBadRows: configuration.reading.csv.badRows == .skip, closesPeriods: closingPeriods,
                vintages: configuration.vintages != nil, rollRates: configuration.rollRates != nil,
                lastMonths: configuration.lastMonths, fixedInstitution: configuration.institution ?? "")
            return columns.plan
        }
        options.afterBatch = { builder, input, _ in try reading.tally!.consume(builder, input: input) }
        let loaded = try PanelLoader(options: options, threads: configuration.threads).load(configuration.tapes)
        return (reading.tally!, loaded)
    }
}

/// What `portfolio` or `merge` leaves for standard error.
public struct PortfolioRun: Sendable {
    public let notes: [String]
}

/// A tally's destination, opened before any work: the panel written as a table, or the
/// partial result written whole; either appears only when complete.
private struct PortfolioTarget {
    let table: OpenedOutput?
    let partial: OutputFile?

    var isPartial: Bool { partial != nil }

    init(_ destination: PortfolioDestination) throws {
        switch destination {
        case .panel(let output):
            table = try OpenedOutput(output)
            partial = nil
        case .partial(let path):
            table = nil
            partial = try OutputFile(path: path)
        }
    }

    /// Writes `tally` (its codes spelled by `dictionaries`) and commits it; the notes on what it holds.
    func write(
        _ tally: TapeTally, _ dictionaries: TallyDictionaries, firstSkip: String?, threads: Threads, label: String
    ) throws -> [String] {
        var notes: [String] = []
        if tally.skipped > 0, let firstSkip {
            notes.append("\(count(tally.skipped, "row")) skipped (--on-bad-row skip), the first: \(firstSkip)")
        }
        if let partial {
            let bytes = TallyPartial.encode(tally, dictionaries: dictionaries, firstSkip: firstSkip)
            try bytes.withUnsafeBytes { try partial.write($0) }
            try partial.commit()
            return [
                "\(count(tally.rows, "tape row")) read: a partial result of \(count(tally.snapshotCount, "snapshot"))"
                    + " (\(bytes.count) bytes) for micropanel merge"
            ] + notes
        }
        let panel = try PortfolioPanel(
            tally, institutions: dictionaries.institutions, by: tally.breakdownKeys,
            breakdownValues: dictionaries.breakdownValues)
        try Pipeline.write((panel.columns, panel.rows), to: table!, threads: threads, label: label)
        try table!.commit()
        notes.insert(
            "\(count(tally.rows, "tape row")) read: \(count(panel.rows.count, tally.breakdownKeys.isEmpty ? "institution-period row" : "row"))"
                + " (\(count(panel.institutionCount, "institution")))", at: 0)
        if panel.eventsOutsideSnapshots > 0 {
            notes.append(
                "\(count(panel.eventsOutsideSnapshots, "disbursement or write-off event")) dated in a period without"
                    + " a snapshot of the institution: in no row")
        }
        return notes
    }
}

/// The tape's tally, made when its header is read (by the loading thread, as every batch).
private final class TapeReading: @unchecked Sendable {
    var tally: TapeTally?
}
