import Foundation

/// Data to pixels on one axis: linear, or logarithmic (base 10, positive values only), with
/// ticks at round values (1, 2, 5 × 10ⁿ; decades on a log axis).
struct Scale {
    let low: Double
    let high: Double
    let pixelLow: Double
    let pixelHigh: Double
    let logarithmic: Bool

    /// A scale covering `values` (and `include`, e.g. zero for bars) mapped onto pixels.
    init(
        covering values: [Double], including include: [Double] = [], pixels: (Double, Double),
        logarithmic: Bool = false
    ) {
        self.logarithmic = logarithmic
        pixelLow = pixels.0
        pixelHigh = pixels.1
        var all = values.filter(\.isFinite) + include
        if logarithmic { all = all.filter { $0 > 0 } }
        var low = all.min() ?? 0
        var high = all.max() ?? 1
        if logarithmic {
            low = pow(10, (log10(low)).rounded(.down))
            high = pow(10, (log10(high)).rounded(.up))
            if low == high { high = low * 10 }
        } else {
            if low == high {
                low -= low == 0 ? 1 : abs(low) * 0.1
                high += high == 0 ? 1 : abs(high) * 0.1
            }
            let step = Self.niceStep((high - low) / 5)
            low = (low / step).rounded(.down) * step
            high = (high / step).rounded(.up) * step
        }
        self.low = low
        self.high = high
    }

    /// The pixel of `value`.
    func pixel(_ value: Double) -> Double {
        let fraction =
            logarithmic ? (log10(value) - log10(low)) / (log10(high) - log10(low)) : (value - low) / (high - low)
        return pixelLow + fraction * (pixelHigh - pixelLow)
    }

    /// The tick values, and the step between them (linear axes).
    var ticks: (values: [Double], step: Double) {
        if logarithmic {
            var values: [Double] = []
            var value = low
            while value <= high * 1.000001 {
                values.append(value)
                value *= 10
            }
            return (values, low)
        }
        let step = Self.niceStep((high - low) / 5)
        let count = Int(((high - low) / step).rounded())
        return ((0...count).map { low + Double($0) * step }, step)
    }

    /// The round step (1, 2 or 5 × 10ⁿ) nearest above `raw`.
    static func niceStep(_ raw: Double) -> Double {
        guard raw > 0 && raw.isFinite else { return 1 }
        let magnitude = pow(10, log10(raw).rounded(.down))
        for factor in [1.0, 2, 5, 10] where factor * magnitude >= raw * 0.999_999 { return factor * magnitude }
        return 10 * magnitude
    }
}
