import MicroPanelSupport

/// A tape MicroPanel cannot aggregate: a missing column, a value that is not what the contract
/// asks (a date, a balance, days late), the same loan twice on one report date.
public struct PortfolioError: MicroPanelError, Equatable {
    public enum Kind: Sendable, Equatable {
        /// Required fields the header lacks (keys, as the contract names them).
        case missingColumns([String])
        /// `--institution ID` given for a tape whose column `header` names the institution of each row.
        case institutionTwice(header: String)
        /// A `--by` breakdown the tape has no column for.
        case missingBreakdown(String)
        /// A required value is empty.
        case missingValue(field: String)
        /// A date that is not YYYY-MM-DD.
        case badDate(field: String, text: String)
        /// A balance, amount or days late below zero, or not finite.
        case negative(field: String, value: String)
        /// An amount too large to be summed exactly (``ExactSum/limit``), or a sum that overflows.
        case tooLarge(field: String, value: String)
        /// A partial result (`--partial`) that cannot be merged: not one, damaged, of another
        /// version or made with other options.
        case badPartial(file: String, offset: Int?, reason: String)
        /// A loan on the same report date in two partials merged.
        case loanInTwoPartials(loan: String, date: String)
        /// With `--roll-rates`, an institution's row dated before rows it already had.
        case rollRatesOutOfOrder(date: String, later: String)
        /// A `renegotiated` value that is not 1/0, true/false, y/n, yes/no.
        case badFlag(text: String)
        /// The same loan twice on one report date.
        case duplicateLoan(loan: String, date: String, firstLine: Int)
        /// A row of a report date whose period its institution had left (closed): the tape is
        /// not in date order, and a tally that closes periods cannot take it.
        case closedPeriod(date: String)

        /// Whether the tape came back to a closed period.
        public var isClosedPeriod: Bool {
            if case .closedPeriod = self { return true }
            return false
        }
    }

    public let kind: Kind
    public var file: String?
    public var line: Int?

    public init(_ kind: Kind, file: String? = nil, line: Int? = nil) {
        self.kind = kind
        self.file = file
        self.line = line
    }

    public var code: String {
        switch kind {
        case .missingColumns: return "portfolio.missing_columns"
        case .missingBreakdown: return "portfolio.missing_breakdown"
        case .institutionTwice: return "portfolio.institution_twice"
        case .missingValue: return "portfolio.missing_value"
        case .badDate: return "portfolio.bad_date"
        case .negative: return "portfolio.negative"
        case .tooLarge: return "portfolio.too_large"
        case .rollRatesOutOfOrder: return "portfolio.not_in_date_order"
        case .badPartial: return "portfolio.bad_partial"
        case .loanInTwoPartials: return "portfolio.duplicate_loan"
        case .badFlag: return "portfolio.bad_flag"
        case .duplicateLoan: return "portfolio.duplicate_loan"
        case .closedPeriod: return "portfolio.not_in_date_order"
        }
    }

    public var message: String {
        switch kind {
        case .missingColumns(let fields):
            return "not a loan tape: no column for " + fields.joined(separator: ", ")
                + " (name it so, or map the system's header with --columns FILE: header,field rows)"
        case .institutionTwice(let header):
            return "--institution is for a tape of one lender with no institution column; this tape's column"
                + " '\(header)' names each row's institution (leave out --institution)"
        case .missingBreakdown(let name):
            return "--by \(name): the tape has no \(name) column"
        case .missingValue(let field):
            return "\(field) is empty"
        case .badDate(let field, let text):
            return "\(field) '\(text)' is not a date YYYY-MM-DD"
        case .negative(let field, let value):
            return "\(field) is \(value): it cannot be negative"
        case .tooLarge(let field, let value):
            return value == Self.sumValue
                ? "\(field) is a sum beyond 10³² units: too large to be summed exactly"
                : "\(field) is \(value): amounts must stay below 4.6 × 10¹⁸ (state them in thousands)"
        case .badPartial(let file, let offset, let reason):
            return "\(file)" + (offset.map { " (byte \($0))" } ?? "") + ": not a usable partial result: \(reason)"
        case .loanInTwoPartials(let loan, let date):
            return "loan \(loan) is on report date \(date) in two partials (the same shard merged twice?)"
        case .rollRatesOutOfOrder(let date, let later):
            return "--roll-rates needs each institution's rows in date order: a row of \(date) comes after rows of"
                + " \(later) (sort the tape by report date)"
        case .badFlag(let text):
            return "renegotiated '\(text)' is not 1/0, true/false, y/n or yes/no"
        case .duplicateLoan(let loan, let date, let firstLine):
            return "loan \(loan) appears twice on report date \(date) (first on line \(firstLine))"
        case .closedPeriod(let date):
            return "rows of report date \(date) come after rows of a later period of the same institution:"
                + " a tape read from standard input must be in date order (give it as a file)"
        }
    }

    /// Whether `--on-bad-row skip` skips the row (every problem of one row; not a header's).
    public var isSkippable: Bool {
        switch kind {
        case .missingColumns, .missingBreakdown, .institutionTwice, .closedPeriod, .badPartial, .loanInTwoPartials,
            .rollRatesOutOfOrder:
            return false
        case .tooLarge(_, let value): return value != Self.sumValue
        default: return true
        }
    }

    /// The value of a ``Kind/tooLarge(field:value:)`` error of a sum (the row is then not skipped).
    public static let sumValue = "a sum beyond 10³²"

    public var location: ErrorLocation { ErrorLocation(file: file, line: line) }

    public var cause: (any Error)? { nil }
}
