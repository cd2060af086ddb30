import MicroPanelIndicators
import MicroPanelSupport

/// How an indicator's values are written in titles and on axes, as `explain` states its unit:
/// fractions as percents with one decimal (`13.4%`), amounts with thousands separators
/// (`1,213`), counts as integers, multiples with two decimals (`1.32`).
public enum ValueFormat: Sendable, Equatable {
    case percent
    case amount
    case count
    case multiple

    /// The format of `unit`.
    public init(unit: IndicatorUnit) {
        switch unit {
        case .fraction: self = .percent
        case .currency: self = .amount
        case .count, .perPerson, .category: self = .count
        case .multiple: self = .multiple
        }
    }

    /// `value` as a reader sees it in a tooltip.
    public func text(_ value: Double) -> String {
        switch self {
        case .percent: return fixed(value * 100, 1) + "%"
        case .amount, .count: return grouped(Int64(value.rounded()))
        case .multiple: return fixed(value, 2)
        }
    }

    /// `value` as an axis tick: as ``text(_:)``, with as many decimals as the step between ticks needs.
    func tick(_ value: Double, step: Double) -> String {
        func decimals(_ step: Double) -> Int {
            var decimals = 0
            var scaled = step
            while decimals < 6 && abs(scaled - scaled.rounded()) > 1e-9 * max(1, abs(scaled)) {
                scaled *= 10
                decimals += 1
            }
            return decimals
        }
        switch self {
        case .percent: return fixed(value * 100, decimals(step * 100)) + "%"
        case .amount, .count:
            return step >= 1 ? grouped(Int64(value.rounded())) : fixed(value, decimals(step))
        case .multiple: return fixed(value, max(1, decimals(step)))
        }
    }
}
