import MicroPanelColumns
import MicroPanelSupport

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
    /// The analyst's choices in the adjusted indicators.
    public var adjustments: AdjustmentOptions

    /// The defaults: duplicates are errors, interim rows excluded, strict averages, implausible
    /// inputs block what they feed, the contract's default adjustments.
    public init(
        duplicates: DuplicatePolicy = .error, includeInterim: Bool = false, averaging: AveragingPolicy = .strict,
        implausible: ImplausiblePolicy = .block, adjustments: AdjustmentOptions = AdjustmentOptions()
    ) {
        self.duplicates = duplicates
        self.includeInterim = includeInterim
        self.averaging = averaging
        self.implausible = implausible
        self.adjustments = adjustments
    }

    /// What the formulas need of these options.
    public var formulas: FormulaOptions {
        FormulaOptions(averaging: averaging, implausible: implausible, adjustments: adjustments)
    }
}

/// A panel-level problem: a key column is absent, an institution-year appears twice, a file is
/// not a panel. It names the file and line when they are known: the stage that finds it may only
/// know table rows (``tableRows``), which the loader's stage turns into lines.
public struct PanelError: MicroPanelError, Equatable {
    /// What is wrong.
    public enum Kind: Sendable, Equatable {
        /// No `MFI ID` (nor `MFI Name`) column.
        case noInstitutionColumn
        /// No `Fiscal Year` column.
        case noFiscalYearColumn
        /// An institution-year appears twice (`keyName` is `MFI ID` or `MFI Name`).
        case duplicateInstitutionYear(keyName: String, id: String, year: Int64)
        /// The header matches no amount or count field: `matched` are the headers it does match.
        case notAPanel(columnCount: Int, matched: [String], path: String)
        /// The inputs hold a header but no data row (`skippedRows` bad rows were left out).
        case noDataRows(inputs: String, skippedRows: Int)
        /// An institutions file without an `MFI ID` column.
        case institutionsFileNeedsID
        /// An MFI ID twice in an institutions file.
        case duplicateInstitution(id: String)
        /// Joining institution descriptors onto a panel without MFI IDs.
        case joinNeedsPanelID(institutionsFile: String)
    }

    /// What is wrong.
    public var kind: Kind
    /// The input concerned, when known.
    public var file: String?
    /// The 1-based line in `file`, when one row is at fault.
    public var line: Int?
    /// The table rows concerned (0-based, over all inputs), for locating them.
    public var tableRows: [Int]
    /// Where the other rows concerned are (`line 12`, `b.csv:3`), once located.
    public var otherLocations: [String]

    /// An error of `kind`, at `file` and `line` when given.
    public init(
        _ kind: Kind, file: String? = nil, line: Int? = nil, tableRows: [Int] = [], otherLocations: [String] = []
    ) {
        self.kind = kind
        self.file = file
        self.line = line
        self.tableRows = tableRows
        self.otherLocations = otherLocations
    }

    public var code: String {
        switch kind {
        case .noInstitutionColumn: return "panel.no_institution_column"
        case .noFiscalYearColumn: return "panel.no_fiscal_year_column"
        case .duplicateInstitutionYear: return "panel.duplicate_institution_year"
        case .notAPanel: return "panel.not_a_panel"
        case .noDataRows: return "panel.no_data_rows"
        case .institutionsFileNeedsID: return "panel.institutions_file_needs_id"
        case .duplicateInstitution: return "panel.duplicate_institution"
        case .joinNeedsPanelID: return "panel.join_needs_panel_id"
        }
    }

    public var message: String {
        let text: String
        switch kind {
        case .noInstitutionColumn:
            text = "the panel has no institution column: 'MFI ID' (or 'MFI Name')"
        case .noFiscalYearColumn:
            text = "the panel has no 'Fiscal Year' column"
        case .duplicateInstitutionYear(let keyName, let id, let year):
            text =
                "duplicate institution-year: \(keyName) '\(id)', fiscal year \(year)"
                + " (use --duplicates keep-last to keep the later row and count the others)"
        case .notAPanel(let columnCount, let matched, let path):
            let quoted = matched.map { "'\($0)'" }
            let matchedText =
                quoted.isEmpty
                ? "no other field either"
                : "\(quoted.count) other \(quoted.count == 1 ? "field" : "fields"): "
                    + quoted.prefix(6).joined(separator: ", ") + (quoted.count > 6 ? ", ..." : "")
            text =
                "not a panel of institution-years: none of its \(columnCount) columns matches one of the"
                + " \(FieldCatalog.inputs.count) amount and count fields of the contract (it matches \(matchedText));"
                + " 'micropanel inspect \(path)' shows what was matched, and --columns FILE maps other headers to fields"
        case .noDataRows(let inputs, let skipped):
            text =
                "\(inputs): no data rows"
                + (skipped > 0 ? " left after skipping \(skipped) bad rows" : ", only a header") + ": nothing to load"
        case .institutionsFileNeedsID:
            text = "an institutions file needs an 'MFI ID' column"
        case .duplicateInstitution(let id):
            text = "MFI ID '\(id)' appears twice: which descriptors apply is ambiguous"
        case .joinNeedsPanelID(let institutionsFile):
            text = "joining --institutions \(institutionsFile) needs an 'MFI ID' column in the panel"
        }
        return otherLocations.isEmpty ? text : text + "; also at " + otherLocations.joined(separator: ", ")
    }

    public var location: ErrorLocation { ErrorLocation(file: file, line: line) }

    public var cause: (any Error)? { nil }
}
