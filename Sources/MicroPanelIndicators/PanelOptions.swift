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

    /// The defaults: duplicates are errors, interim rows excluded, strict averages.
    public init(duplicates: DuplicatePolicy = .error, includeInterim: Bool = false, averaging: AveragingPolicy = .strict) {
        self.duplicates = duplicates
        self.includeInterim = includeInterim
        self.averaging = averaging
    }
}

/// A panel-level problem: a key column is absent, or an institution-year appears twice.
public struct PanelError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong, in words.
    public let message: String

    /// An error saying `message`.
    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
