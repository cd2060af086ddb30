import MicroPanelOutput
import MicroPanelSurveys

/// What a `micropanel poverty` run estimated and how its survey went.
public struct PovertyRun: Sendable {
    /// The rates and changes written.
    public let estimates: PovertyEstimates
    /// Interviews read (kept or not).
    public let interviews: Int
    /// Interviews kept without a score (an answer missing), left out of the rates.
    public let unscored: Int
    /// Interviews left out by `--on-bad-row skip`: why, how many, where the first was.
    public let skipped: [(reason: String, count: Int, first: String)]
    /// What was left out or should be read with care, in sentences (printed unless `--quiet`).
    public let notes: [String]
    /// The run's times and sizes.
    public let load: LoadReport
}

/// The two tables of a poverty run as rows of cells: their columns and values in one place.
enum PovertyTables {
    /// `mfi_id`, `round`, `fiscal_year` (rounds that are years or dates), the `--by` fields,
    /// `poverty_line`, `n`, `n_effective` (weighted surveys), `rate`, `se`, `ci_low`, `ci_high`.
    static func rates(_ estimates: PovertyEstimates) -> (columns: [String], rows: [[TableCell]]) {
        let years = estimates.rounds.years
        let columns =
            ["mfi_id", "round"] + (years == nil ? [] : ["fiscal_year"]) + estimates.segmentFields + [
                "poverty_line", "n",
            ]
            + (estimates.weighted ? ["n_effective"] : []) + ["rate", "se", "ci_low", "ci_high"]
        let rows = estimates.rates.map { rate -> [TableCell] in
            var cells: [TableCell] = [
                .text(estimates.institutions[rate.institution]), .text(estimates.rounds.labels[rate.round]),
            ]
            if let years { cells.append(.integer(years[rate.round])) }
            cells += estimates.segments[rate.segment].map(cell)
            cells += [.text(estimates.povertyLines[rate.line]), .integer(rate.n)]
            if estimates.weighted { cells.append(.number(rate.effectiveN)) }
            return cells + [.number(rate.rate), .number(rate.se), .number(rate.low), .number(rate.high)]
        }
        return (columns, rows)
    }

    /// `mfi_id`, the `--by` fields, `poverty_line`, `round_from`, `round_to`, `n_from`, `n_to`,
    /// `change`, `se`, `ci_low`, `ci_high`, `n_panel`, `change_panel`, `se_panel`.
    static func changes(_ estimates: PovertyEstimates) -> (columns: [String], rows: [[TableCell]]) {
        let columns =
            ["mfi_id"] + estimates.segmentFields + [
                "poverty_line", "round_from", "round_to", "n_from", "n_to", "change", "se", "ci_low", "ci_high",
                "n_panel", "change_panel", "se_panel",
            ]
        let rows = estimates.changes.map { change -> [TableCell] in
            [.text(estimates.institutions[change.institution])] + estimates.segments[change.segment].map(cell) + [
                .text(estimates.povertyLines[change.line]), .text(estimates.rounds.labels[change.from]),
                .text(estimates.rounds.labels[change.to]), .integer(change.nFrom), .integer(change.nTo),
                .number(change.change), .number(change.se), .number(change.low), .number(change.high),
                .integer(change.nPanel), change.changePanel.map(TableCell.number) ?? .missing,
                change.sePanel.map(TableCell.number) ?? .missing,
            ]
        }
        return (columns, rows)
    }

    private static func cell(_ value: String) -> TableCell { value.isEmpty ? .missing : .text(value) }
}
