/// The confidence level of the intervals, and its normal quantile as the outreach contract
/// states it.
public enum ConfidenceLevel: Int, Sendable, CaseIterable {
    case ninety = 90
    case ninetyFive = 95
    case ninetyNine = 99

    /// 1.64, 1.96 or 2.58.
    public var z: Double {
        switch self {
        case .ninety: return 1.64
        case .ninetyFive: return 1.96
        case .ninetyNine: return 2.58
        }
    }
}

/// How poverty rates and their changes are estimated (outreach contract §2).
public struct PovertyOptions: Sendable, Equatable {
    /// α per poverty line for rates.
    public var alpha: PrecisionFactors
    /// α per poverty line for changes between rounds.
    public var alphaChange: PrecisionFactors
    /// The intervals' confidence level.
    public var confidence: ConfidenceLevel
    /// Compare every round with this one instead of each round with the one before.
    public var baseline: String?

    /// α = 1 for rates and changes, 95% intervals, consecutive rounds.
    public init(
        alpha: PrecisionFactors = .one, alphaChange: PrecisionFactors = .one,
        confidence: ConfidenceLevel = .ninetyFive, baseline: String? = nil
    ) {
        self.alpha = alpha
        self.alphaChange = alphaChange
        self.confidence = confidence
        self.baseline = baseline
    }
}
