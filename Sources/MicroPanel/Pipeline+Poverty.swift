import MicroPanelColumns
import MicroPanelOutput
import MicroPanelSurveys

extension Pipeline {
    /// Scores a client survey and estimates poverty rates per institution × round × segment ×
    /// poverty line, and their changes between rounds (outreach contract §2). The survey streams
    /// through the panel's reader and column store: each batch is scored and dropped, and what
    /// stays is the groups' sums and ~24 bytes per interview (its client, round, segment and
    /// score, for the duplicate check and the panel estimates). The outputs appear only when
    /// complete.
    public static func poverty(_ configuration: PovertyConfiguration) throws -> PovertyRun {
        let ratesTarget = try OpenedOutput(configuration.rates)
        let changesTarget = try configuration.changes.map(OpenedOutput.init)
        let card = try configuration.scorecard.map { try Scorecard(parsing: $0.bytes(), source: $0.name) }
        let table = try LikelihoodTable(parsing: configuration.lookup.bytes(), source: configuration.lookup.name)
        // An alpha file that does not fit the table fails before the survey is read.
        _ = try configuration.options.alpha.values(for: table.povertyLines)
        _ = try configuration.options.alphaChange.values(for: table.povertyLines)

        let reading = SurveyReading()
        var options = configuration.reading
        options.requestedFields = nil
        options.requiresInputFields = false
        let surveyName = configuration.survey.first?.name ?? "survey"
        let skip = configuration.reading.csv.badRows == .skip
        options.planOverride = { header in
            let columns = try SurveyColumns(header: header, card: card, by: configuration.by, source: surveyName)
            reading.tally = SurveyTally(columns: columns, card: card, table: table, skipBadInterviews: skip)
            return columns.plan
        }
        options.afterBatch = { builder, input, _ in try reading.tally!.consume(builder, input: input) }
        let loaded = try PanelLoader(options: options, threads: configuration.threads).load(configuration.survey)
        let tally = reading.tally!
        let columns = tally.columns
        func values(_ key: String) -> [String] { loaded.table.text(key)?.dictionary ?? [] }
        let estimates = try PovertyEstimates(
            tally: tally, institutionIds: values(columns.institution), roundLabels: values(columns.round),
            segmentValues: columns.segments.map(values), options: configuration.options)

        let label =
            "MicroPanel \(MicroPanelVersion.current) poverty: "
            + configuration.survey.map(\.name).joined(separator: ", ")
        try write(PovertyTables.rates(estimates), to: ratesTarget, threads: configuration.threads, label: label)
        if let changesTarget {
            try write(
                PovertyTables.changes(estimates), to: changesTarget, threads: configuration.threads, label: label)
        }
        try ratesTarget.commit()
        try changesTarget?.commit()
        return PovertyRun(
            estimates: estimates, interviews: tally.interviews, unscored: tally.unscored, skipped: tally.skipped,
            notes: notes(tally, estimates, loaded.report, changes: configuration.changes != nil), load: loaded.report)
    }

    /// Writes a table of cells to `target` in its format: text row by row, a Stata or Parquet
    /// dataset whole (labelled `label`).
    static func write(
        _ table: (columns: [String], rows: [[TableCell]]), to target: OpenedOutput, threads: Threads, label: String
    ) throws {
        if !target.output.format.isText {
            let dataset = DatasetExport.cells(columns: table.columns, rows: table.rows, label: label)
            try target.write(threads: threads) {
                try DatasetExport.write(dataset, as: target.output, to: $0, threads: threads.count)
            }
            return
        }
        try target.write(threads: threads) { sink in
            var writer = CellTableWriter(columnNames: table.columns, format: target.output.format, sink: sink)
            for row in table.rows { try writer.append(row) }
            try writer.finish()
        }
    }

    private static func notes(
        _ tally: SurveyTally, _ estimates: PovertyEstimates, _ load: LoadReport, changes: Bool
    ) -> [String] {
        var notes = load.skippedRowNotes
        let kept = tally.interviews - tally.skipped.reduce(0) { $0 + $1.count }
        notes.append(
            "\(count(tally.interviews, "interview")) read, \(kept - tally.unscored) scored: rates of "
                + count(Set(estimates.rates.map(\.institution)).count, "institution") + ", "
                + count(estimates.rounds.labels.count, "round") + ", "
                + count(estimates.povertyLines.count, "poverty line"))
        if tally.unscored > 0 {
            notes.append(
                "\(count(tally.unscored, "interview")) without a score (an answer missing) left out of the rates and changes"
            )
        }
        for skip in tally.skipped {
            notes.append(
                "\(count(skip.count, "interview")) with \(skip.reason) skipped (the first at \(skip.first))")
        }
        if changes {
            notes.append(
                "change is not impact: a change between rounds describes the clients interviewed, not what the"
                    + " institution caused (clients leave and join, and poverty moves for reasons of its own)")
        }
        return notes
    }
}

/// "1 interview", "2 interviews".
func count(_ number: Int, _ noun: String) -> String { "\(number) \(noun)\(number == 1 ? "" : "s")" }

/// The survey's tally, made when its header is read (by the loading thread, as every batch).
private final class SurveyReading: @unchecked Sendable {
    var tally: SurveyTally?
}
