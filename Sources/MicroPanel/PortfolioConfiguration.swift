import MicroPanelColumns
import MicroPanelPortfolio

/// A validated request to turn loan snapshot tapes into an institution × period panel
/// (`micropanel portfolio`): the tapes and how to read them, the lender when the tape has no
/// institution column, the periods, where the panel goes.
public struct PortfolioConfiguration: Sendable {
    /// The tapes: one tape, however many files.
    public let tapes: [PanelInput]
    /// Delimiter, bad rows, limits; `--columns` is read into `mapping`.
    public var reading: LoadOptions
    /// An information system's headers for the tape's fields (`--columns FILE`).
    public let mapping: ColumnMapping?
    /// The lender's id when the tape has no `institution_id` column (`--institution ID`).
    public let institution: String?
    /// Years, quarters or months, and the fiscal year's end.
    public let periods: ReportingPeriods
    /// Institutions whose fiscal year ends with another month than `periods` (`--institutions
    /// FILE`'s `Fiscal Year End` column), by id.
    public let lastMonths: [String: Int]
    /// Breakdowns (`--by branch,product`): a row per institution, period and their values.
    public let by: [String]
    /// Where the panel, or the partial result, goes.
    public let output: PortfolioDestination
    /// Where the vintage curves go (`--vintages FILE`), if asked.
    public let vintages: TableOutput?
    /// Where the roll rates go (`--roll-rates FILE`), if asked.
    public let rollRates: TableOutput?
    public var threads: Threads

    /// A configuration, checked before anything is read.
    public init(
        tapes: [PanelInput], reading: LoadOptions = LoadOptions(), mapping: String? = nil, institution: String? = nil,
        period: ReportingPeriods.Length = .year, fiscalYearEnd: String = "12-31", by: [String] = [],
        output: PortfolioDestination, vintages: TableOutput? = nil, rollRates: TableOutput? = nil,
        institutionsFile: String? = nil, threads: Threads = Threads()
    ) throws {
        if case .partial = output {
            for (option, asked) in [("--vintages", vintages), ("--roll-rates", rollRates)] where asked != nil {
                throw UsageError(
                    "\(option) is not part of a partial result: run it on the whole tape, without --partial")
            }
        }
        guard !tapes.isEmpty else { throw UsageError("no input: give at least one tape") }
        guard let periods = ReportingPeriods(length: period, fiscalYearEnd: fiscalYearEnd) else {
            throw UsageError(
                "--fiscal-year-end \(fiscalYearEnd): a month's last day as MM-DD (12-31, 06-30, 03-31; 02-28 for February)"
            )
        }
        if let institution, institution.isEmpty { throw UsageError("--institution needs an id") }
        let by = by.map { $0.lowercased() }
        for name in by where !TapeFields.breakdowns.contains(name) {
            throw UsageError.unknown("breakdown", name, known: TapeFields.breakdowns)
        }
        guard Set(by).count == by.count else { throw UsageError("--by names a breakdown twice") }
        let inputs = tapes.compactMap { if case .file(let path) = $0 { path } else { nil } }
        try OutputSafety.refuseOverwriting(
            inputs: inputs + [mapping, institutionsFile].compactMap { $0 },
            outputs: (output.path.map { [("the output", $0)] } ?? [])
                + (vintages?.path.map { [("--vintages", $0)] } ?? [])
                + (rollRates?.path.map { [("--roll-rates", $0)] } ?? []))
        var lastMonths: [String: Int] = [:]
        if let institutionsFile {
            let descriptors = try InstitutionDescriptors(contentsOf: institutionsFile, threads: threads)
            let ends = descriptors.fiscalYearEnds
            guard !ends.isEmpty else {
                throw UsageError(
                    "--institutions \(institutionsFile): no Fiscal Year End column (MM-DD per MFI ID) to give"
                        + " institutions their own fiscal year")
            }
            for (id, end) in ends {
                guard let own = ReportingPeriods(length: period, fiscalYearEnd: end) else {
                    throw UsageError(
                        "--institutions \(institutionsFile): \(id)'s Fiscal Year End '\(end)' is not a month's last day"
                            + " as MM-DD (12-31, 06-30, 03-31; 02-28 for February)")
                }
                lastMonths[id] = own.lastMonth
            }
        }
        self.lastMonths = lastMonths
        self.tapes = tapes
        self.vintages = vintages
        self.rollRates = rollRates
        self.reading = reading
        self.mapping = try mapping.map { try ColumnMapping(contentsOf: $0, fields: TapeFields.all) }
        self.institution = institution
        self.periods = periods
        self.by = by
        self.output = output
        self.threads = threads
    }
}

/// Where a tally goes: an institution × period panel, or a partial result (`--partial`) that
/// `micropanel merge` combines with others.
public enum PortfolioDestination: Sendable {
    case panel(TableOutput)
    /// A partial result at this path (`-`: standard output), whatever its name.
    case partial(String)

    /// The file written, if any (`-` for standard output).
    public var path: String? {
        switch self {
        case .panel(let output): return output.path
        case .partial(let path): return path
        }
    }
}

/// A validated request to merge partial results (`micropanel merge`).
public struct MergeConfiguration: Sendable {
    /// The partials, in the order of the shards (which decides only between conflicting events of a loan).
    public let partials: [String]
    public let output: PortfolioDestination
    public var threads: Threads

    public init(partials: [String], output: PortfolioDestination, threads: Threads = Threads()) throws {
        guard !partials.isEmpty else { throw UsageError("no input: give the partial results to merge") }
        try OutputSafety.refuseOverwriting(inputs: partials, outputs: output.path.map { [("the output", $0)] } ?? [])
        self.partials = partials
        self.output = output
        self.threads = threads
    }
}
