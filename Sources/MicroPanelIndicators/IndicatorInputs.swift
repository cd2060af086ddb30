import Dispatch
import MicroPanelColumns
import MicroPanelSupport

/// The columns the kernel reads, as raw pointers into the table (absent columns read as
/// missing), per-row reference values, and per row the fields a plausibility rule does not believe.
///
/// Immutable but for ``markSuspects(rows:)``; it keeps the table and reference columns alive while
/// the kernel runs.
package struct IndicatorInputs: @unchecked Sendable {
    // One column per ``InputField`` raw value (an all-NaN column when the file lacks it), stored
    // inline: reading one is an indexed load from the inputs themselves, with no table of pointers
    // elsewhere to reload after each store to the results.
    private let columns: InlineArray<57, UnsafePointer<Double>> // 57: InputField.allCases.count (checked in init)
    /// Bits of the fields the file has.
    private let present: UInt64
    /// GNI per capita of the row's country and fiscal year (NaN when unknown).
    let gniPerCapita: UnsafePointer<Double>
    /// Inflation in percent of the row's country and fiscal year (NaN when unknown).
    let inflationPercent: UnsafePointer<Double>
    /// The market interest rate in percent of the row's country and fiscal year (NaN when unknown).
    let marketRatePercent: UnsafePointer<Double>
    /// Per table row: 0 in US$, 1 when the row's `Currency` is present and not USD,
    /// ``NotUSDFlags/withoutExchangeRate`` when `--to-usd` found no rate to convert it with.
    let notUSD: UnsafePointer<UInt8>
    /// Per table row: bits of the ``InputField``s a plausibility rule does not believe there.
    package let suspects: UnsafeMutablePointer<UInt64>
    /// Cost of funds needs both a deposits and a borrowings column (spec §3).
    let hasFundingColumns: Bool

    private let keepAlive: [AnyObject]

    /// The column of `field`.
    @inline(__always)
    package subscript(field: InputField) -> UnsafePointer<Double> { columns[field.rawValue] }

    /// Whether the file has a column for `field`.
    package func has(_ field: InputField) -> Bool { present & field.bit != 0 }

    /// Inputs read from `column(key)` (nil: the column is absent, read as `missing`), per-row
    /// reference values, and room for a suspect mask per row (filled by ``markSuspects(rows:)``);
    /// `keepAlive` owns the memory behind the pointers.
    package init(
        column: (String) -> UnsafePointer<Double>?, missing: UnsafePointer<Double>,
        gniPerCapita: UnsafePointer<Double>, inflationPercent: UnsafePointer<Double>,
        marketRatePercent: UnsafePointer<Double>, notUSD: UnsafePointer<UInt8>,
        suspects: UnsafeMutablePointer<UInt64>, keepAlive: [AnyObject]
    ) {
        precondition(InputField.allCases.count == 57, "IndicatorInputs.columns holds one column per InputField")
        var present: UInt64 = 0
        columns = InlineArray { index in
            let field = InputField(rawValue: index)!
            guard let found = column(field.key) else { return missing }
            present |= field.bit
            return found
        }
        self.present = present
        self.gniPerCapita = gniPerCapita
        self.inflationPercent = inflationPercent
        self.marketRatePercent = marketRatePercent
        self.notUSD = notUSD
        self.suspects = suspects
        hasFundingColumns = present & InputField.deposits.bit != 0 && present & InputField.borrowings.bit != 0
        self.keepAlive = keepAlive
    }

    /// The inputs of `table` with its per-row reference series (see ``ReferenceSeriesColumns``),
    /// its suspect masks marked (on up to `threads` threads).
    package init(table: Table, series: ReferenceSeriesColumns = ReferenceSeriesColumns(), threads: Int = 1) {
        let rows = max(table.rowCount, 1)
        let missing = Float64Column(
            storage: GrowableBuffer(filledWith: .nan, count: rows), missingCount: rows,
            badNumberCount: 0)
        var owners: [AnyObject] = [missing]
        func reference(_ column: Float64Column?) -> UnsafePointer<Double> {
            guard let column, column.count > 0 else { return missing.values.baseAddress! }
            precondition(column.count == table.rowCount, "reference column of another length")
            owners.append(column)
            return column.values.baseAddress!
        }
        let gni = reference(series.gniPerCapita)
        let inflation = reference(series.inflationPercent)
        let marketRate = reference(series.marketRatePercent)
        let flags = NotUSDFlags(table: table, rows: rows, convertedToUSD: series.convertedToUSD)
        let suspects = GrowableBuffer<UInt64>(uninitializedCount: rows)
        owners += [flags, suspects]
        var columns: [String: UnsafePointer<Double>] = [:]
        for (key, column) in table.columns {
            if case .number(let numbers) = column, let base = numbers.values.baseAddress {
                columns[key] = base
                owners.append(numbers)
            }
        }
        self.init(
            column: { columns[$0] }, missing: missing.values.baseAddress!, gniPerCapita: gni,
            inflationPercent: inflation, marketRatePercent: marketRate, notUSD: UnsafePointer(flags.values),
            suspects: suspects.base,
            keepAlive: owners)
        let rowCount = table.rowCount
        let slices = max(1, min(threads, rowCount / 65_536))
        if slices == 1 {
            markSuspects(rows: 0..<rowCount)
        } else {
            // Rows are independent: each slice writes its own rows' masks.
            let inputs = self
            DispatchQueue.concurrentPerform(iterations: slices) { slice in
                inputs.markSuspects(rows: rowCount * slice / slices..<rowCount * (slice + 1) / slices)
            }
        }
    }

    /// Evaluates the plausibility rules on `rows` (table rows) into their suspect masks.
    package func markSuspects(rows: Range<Int>) {
        PlausibilityRules.markSuspects(self, rows: rows, into: suspects)
    }
}

/// The country-year series joined onto a panel, one value per table row (NaN where unknown); nil
/// when there is no such series.
public struct ReferenceSeriesColumns: Sendable {
    /// GNI per capita (current US$).
    public var gniPerCapita: Float64Column?
    /// Consumer price inflation, percent.
    public var inflationPercent: Float64Column?
    /// The market interest rate, percent.
    public var marketRatePercent: Float64Column?
    /// Whether the amounts were converted to US$ (`--to-usd`): a row still not in US$ had no
    /// exchange rate.
    public var convertedToUSD: Bool

    /// The columns given.
    public init(
        gniPerCapita: Float64Column? = nil, inflationPercent: Float64Column? = nil,
        marketRatePercent: Float64Column? = nil, convertedToUSD: Bool = false
    ) {
        self.gniPerCapita = gniPerCapita
        self.inflationPercent = inflationPercent
        self.marketRatePercent = marketRatePercent
        self.convertedToUSD = convertedToUSD
    }
}

/// Per table row, whether `Currency` is present and not USD (1), or still not USD after the
/// amounts were converted (``withoutExchangeRate``).
final class NotUSDFlags {
    /// A row `--to-usd` found no exchange rate for.
    static let withoutExchangeRate: UInt8 = 2

    let values: UnsafeMutablePointer<UInt8>
    let count: Int

    init(table: Table, rows: Int, convertedToUSD: Bool) {
        count = rows
        values = .allocate(capacity: rows)
        values.initialize(repeating: 0, count: rows)
        guard let currency = table.text("currency"), let codes = currency.codes.baseAddress else { return }
        let flag = convertedToUSD ? Self.withoutExchangeRate : 1
        let notUSD: [UInt8] = currency.dictionary.map { CurrencyRule.isUSD($0) ? 0 : flag }
        notUSD.withUnsafeBufferPointer { flags in
            for row in 0..<table.rowCount {
                let code = codes[row]
                if code != TextColumn.missing { values[row] = flags[Int(code)] }
            }
        }
    }

    deinit { values.deallocate() }
}

/// The one currency rule: GNI-based indicators need US$ amounts, and a row's `Currency` says
/// which it has (`USD` or `US$`, in any case; an empty cell counts as US$, as in MIX's panels).
package enum CurrencyRule {
    /// Whether a `Currency` cell's text means US dollars.
    package static func isUSD(_ text: String) -> Bool {
        let upper = text.uppercased()
        return upper == "USD" || upper == "US$"
    }
}
