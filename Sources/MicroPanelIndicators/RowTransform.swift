/// The amount indicators in another unit: each times its row's factor — international dollars
/// (`--currency ppp`: the official exchange rate over the PPP factor, LCU per US$ / LCU per
/// international $) and/or constant dollars (`--constant-dollars YEAR`: the US price level of
/// YEAR over that of the row's year); missing with the row's reason where it has no factor.
public struct CurrencyConversion: Sendable {
    /// Per panel row: the factor, NaN when there is none.
    public let factors: [Double]
    /// Per panel row without a factor: why (`no_ppp`, `no_inflation`).
    public let reasons: [MissingReason?]

    public init(factors: [Double], reasons: [MissingReason?]) {
        self.factors = factors
        self.reasons = reasons
    }

    @inline(__always)
    func apply(values: UnsafeMutablePointer<Double>, statuses: UnsafeMutablePointer<UInt8>, row: Int, stride: Int) {
        let factor = factors[row]
        for indicator in IndicatorRegistry.amounts {
            let index = indicator.rawValue * stride
            guard !values[index].isNaN else { continue }
            if factor.isNaN {
                values[index] = .nan
                statuses[index] = (reasons[row] ?? .noPPP).rawValue
            } else {
                values[index] *= factor
            }
        }
    }
}

/// What happens to each computed row before it is written: amounts converted to international
/// dollars, then values clipped (the quantiles are those of the converted values).
public struct RowTransform: Sendable {
    public var currency: CurrencyConversion?
    public var winsorization: Winsorization?

    public init(currency: CurrencyConversion? = nil, winsorization: Winsorization? = nil) {
        self.currency = currency
        self.winsorization = winsorization
    }

    /// Whether it changes nothing.
    public var isEmpty: Bool { currency == nil && winsorization == nil }

    /// Transforms panel row `row`, computed into `scratch`.
    package func apply(to scratch: RowScratch, row: Int) {
        currency?.apply(values: scratch.values, statuses: scratch.statuses, row: row, stride: 1)
        winsorization?.apply(values: scratch.values, statuses: scratch.statuses)
    }

    /// Transforms panel row `row` of `results`.
    package func apply(to results: IndicatorResults, row: Int) {
        let storage = results.mutableStorage
        currency?.apply(
            values: storage.values + row, statuses: storage.statuses + row, row: row, stride: results.rowCount)
        winsorization?.apply(values: storage.values + row, statuses: storage.statuses + row, stride: results.rowCount)
    }
}
