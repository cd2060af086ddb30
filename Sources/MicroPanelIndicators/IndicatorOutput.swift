/// Where the formulas put one panel row's results (sinks write through raw pointers into
/// cells only their row owns, hence `@unchecked Sendable`). Ratios are handed over as numerator and
/// denominator, so one formula serves both the values and the weighted peer-group ratios.
protocol IndicatorSink: Sendable {
    /// Records `term` for `indicator`.
    func set(_ indicator: Indicator, _ term: Term)
    /// Records the ratio `numerator / denominator` for `indicator`.
    func set(_ indicator: Indicator, numerator: Term, denominator: Term)
}

/// Passes a row's results on, but with the amounts (indicators in currency) missing for
/// `no_exchange_rate`: the sink of a row `--to-usd` could not convert.
struct UnconvertedAmountsSink<Base: IndicatorSink>: IndicatorSink {
    let base: Base

    @inline(__always)
    func set(_ indicator: Indicator, _ term: Term) {
        base.set(indicator, IndicatorRegistry.isAmount[indicator.rawValue] ? .missing(.noExchangeRate) : term)
    }

    @inline(__always)
    func set(_ indicator: Indicator, numerator: Term, denominator: Term) {
        if IndicatorRegistry.isAmount[indicator.rawValue] {
            base.set(indicator, .missing(.noExchangeRate))
        } else {
            base.set(indicator, numerator: numerator, denominator: denominator)
        }
    }
}

/// Writes values and statuses into column-major matrices.
struct ValueSink: IndicatorSink, @unchecked Sendable {
    let values: UnsafeMutablePointer<Double>
    let statuses: UnsafeMutablePointer<UInt8>
    let rowCount: Int
    /// The panel row being written.
    let row: Int

    @inline(__always)
    func set(_ indicator: Indicator, _ term: Term) {
        let index = indicator.rawValue * rowCount + row
        values[index] = term.isMissing ? .nan : term.value
        statuses[index] = term.outputStatus
    }

    @inline(__always)
    func set(_ indicator: Indicator, numerator: Term, denominator: Term) {
        set(indicator, numerator.divided(by: denominator))
    }
}

/// Writes, for ratio indicators, the numerator and denominator of every row whose ratio has a
/// value (NaN elsewhere): sums of these are the portfolio-weighted ratios.
struct ComponentSink: IndicatorSink, @unchecked Sendable {
    let numerators: UnsafeMutablePointer<Double>
    let denominators: UnsafeMutablePointer<Double>
    let rowCount: Int
    let row: Int

    @inline(__always)
    func set(_ indicator: Indicator, _ term: Term) {
        let index = indicator.rawValue * rowCount + row
        numerators[index] = .nan
        denominators[index] = .nan
    }

    @inline(__always)
    func set(_ indicator: Indicator, numerator: Term, denominator: Term) {
        let index = indicator.rawValue * rowCount + row
        let present = !numerator.divided(by: denominator).isMissing
        numerators[index] = present ? numerator.value : .nan
        denominators[index] = present ? denominator.value : .nan
    }
}

/// One row's indicators, indexed by ``Indicator`` raw value: the kernel writes a row here and a
/// consumer (the output writer) reads it at once, with no matrices in between.
package struct RowScratch: IndicatorSink, @unchecked Sendable {
    package let values: UnsafeMutablePointer<Double>
    package let statuses: UnsafeMutablePointer<UInt8>

    /// Scratch memory for one row; free it with ``deallocate()``.
    package static func allocate() -> RowScratch {
        RowScratch(
            values: .allocate(capacity: Indicator.allCases.count),
            statuses: .allocate(capacity: Indicator.allCases.count))
    }

    package func deallocate() {
        values.deallocate()
        statuses.deallocate()
    }

    @inline(__always)
    func set(_ indicator: Indicator, _ term: Term) {
        values[indicator.rawValue] = term.isMissing ? .nan : term.value
        statuses[indicator.rawValue] = term.outputStatus
    }

    @inline(__always)
    func set(_ indicator: Indicator, numerator: Term, denominator: Term) {
        set(indicator, numerator.divided(by: denominator))
    }
}
