/// Each indicator clipped at its P and 1 − P quantiles over the rows written (`compute
/// --winsorize P`): a value below the lower bound becomes it, one above the upper bound becomes
/// that, and its status gains ``ValueFlags/winsorized``. Categories are never clipped.
public struct Winsorization: Sendable {
    /// The share clipped at each end.
    public let share: Double
    /// Per indicator (by raw value): the bounds, or nil when it has no value in those rows.
    public let bounds: [ClosedRange<Double>?]

    /// The bounds of `indicators` over the panel rows `rows` of `results` (type-7 quantiles, as
    /// `summarize`).
    public init(share: Double, results: IndicatorResults, rows: [Int], indicators: [Indicator]) {
        self.share = share
        var bounds = [ClosedRange<Double>?](repeating: nil, count: Indicator.allCases.count)
        for indicator in indicators where IndicatorRegistry.definition(indicator).unit != .category {
            let values = results.values(of: indicator)
            let present = rows.map { values[$0] }.filter { !$0.isNaN }.sorted()
            guard !present.isEmpty else { continue }
            bounds[indicator.rawValue] =
                PeerGroupSummary.quantile(present, share)...PeerGroupSummary.quantile(present, 1 - share)
        }
        self.bounds = bounds
    }

    /// Clips one row's values in place.
    @inline(__always)
    package func apply(values: UnsafeMutablePointer<Double>, statuses: UnsafeMutablePointer<UInt8>, stride: Int = 1) {
        for (index, range) in bounds.enumerated() {
            guard let range else { continue }
            let value = values[index * stride]
            guard !value.isNaN, !range.contains(value) else { continue }
            values[index * stride] = min(max(value, range.lowerBound), range.upperBound)
            statuses[index * stride] |= ValueFlags.winsorized.rawValue
        }
    }

}
