import MicroPanel

extension IndicatorResults {
    /// The value, or nil when missing.
    public func optional(_ indicator: Indicator, row: Int) -> Double? {
        let value = value(indicator, row: row)
        return value.isNaN ? nil : value
    }

    /// The missing reason's name, or nil.
    public func reason(_ indicator: Indicator, row: Int) -> String? {
        status(indicator, row: row).missingReason?.name
    }
}

/// `value` rounded to `decimals` places.
public func rounded(_ value: Double?, _ decimals: Int) -> Double? {
    guard let value else { return nil }
    var scale = 1.0
    for _ in 0..<decimals { scale *= 10 }
    return (value * scale).rounded() / scale
}
