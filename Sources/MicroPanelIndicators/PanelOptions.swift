/// What to do with two rows for one institution and fiscal year.
public enum DuplicatePolicy: String, Sendable, CaseIterable {
    /// Stop with an error naming the institution and year.
    case error
    /// Keep the later row (in input order) and count the dropped one.
    case keepLast = "keep-last"
}

/// What a period average becomes when the institution has no row for fiscal year t−1 (spec §2).
public enum AveragingPolicy: String, Sendable, CaseIterable {
    /// The indicator is missing, with reason `no_prior_year`.
    case strict
    /// The closing value is used, and the value flagged `avg_fallback`.
    case closing
}

/// How rows become the institution × year panel, and how averages fall back.
public struct PanelOptions: Sendable, Equatable {
    /// Duplicate institution-years.
    public var duplicates: DuplicatePolicy
    /// Keep MIX interim rows (`Period Type` other than `ANN`) as observations.
    public var includeInterim: Bool
    /// Period averages without a prior year.
    public var averaging: AveragingPolicy
    /// Values computed from inputs a plausibility rule flags.
    public var implausible: ImplausiblePolicy

    /// The defaults: duplicates are errors, interim rows excluded, strict averages, implausible
    /// inputs block what they feed.
    public init(
        duplicates: DuplicatePolicy = .error, includeInterim: Bool = false, averaging: AveragingPolicy = .strict,
        implausible: ImplausiblePolicy = .block
    ) {
        self.duplicates = duplicates
        self.includeInterim = includeInterim
        self.averaging = averaging
        self.implausible = implausible
    }

    /// What the formulas need of these options.
    public var formulas: FormulaOptions { FormulaOptions(averaging: averaging, implausible: implausible) }
}

/// A panel-level problem: a key column is absent, an institution-year appears twice, a file is
/// not a panel. It names the file and line when they are known: the stage that finds it may only
/// know table rows (``tableRows``), which the loader's stage turns into lines.
public struct PanelError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong, in words.
    public let message: String
    /// The input concerned, when known.
    public var file: String?
    /// The 1-based line in `file`, when one row is at fault.
    public var line: Int?
    /// The table rows concerned (0-based, over all inputs), for locating them.
    public var tableRows: [Int]

    /// An error saying `message`, at `file` and `line` when given.
    public init(_ message: String, file: String? = nil, line: Int? = nil, tableRows: [Int] = []) {
        self.message = message
        self.file = file
        self.line = line
        self.tableRows = tableRows
    }

    /// `FILE:LINE: message`, `FILE: message` or the message alone.
    public var description: String {
        guard let file else { return message }
        return line.map { "\(file):\($0): \(message)" } ?? "\(file): \(message)"
    }
}
