/// A provisioning rule set: the reserve required per delinquency bucket (adjustments contract §2.1).
public struct ProvisioningRules: Sendable, Equatable {
    /// Its name: `mbb`, `mbb-2003`, or the file it was read from.
    public var name: String
    /// Fractions of each bucket to hold in reserve.
    public var par30To90: Double, par90To180: Double, par180: Double, renegotiated: Double

    /// A rule set `name` with these rates.
    public init(name: String, par30To90: Double, par90To180: Double, par180: Double, renegotiated: Double) {
        self.name = name
        self.par30To90 = par30To90
        self.par90To180 = par90To180
        self.par180 = par180
        self.renegotiated = renegotiated
    }

    /// The MicroBanking Bulletin's (the default): 50% of loans 91–180 days late, 100% beyond,
    /// 50% of renegotiated loans.
    public static let mbb = ProvisioningRules(
        name: "mbb", par30To90: 0, par90To180: 0.5, par180: 1, renegotiated: 0.5)
    /// The same without renegotiated loans (MBB's earlier rule).
    public static let mbb2003 = ProvisioningRules(
        name: "mbb-2003", par30To90: 0, par90To180: 0.5, par180: 1, renegotiated: 0)

    /// The named rule sets.
    public static let named: [ProvisioningRules] = [.mbb, .mbb2003]

    /// The file the rates were read from; nil for a named rule set.
    public var file: String? { Self.named.contains { $0.name == name } ? nil : name }

    /// The bucket keys a rule file names, in order.
    public static let bucketKeys = ["par30_90", "par90_180", "par180_amount", "renegotiated"]

    /// The rates by bucket key, in ``bucketKeys`` order.
    public var rates: [(bucket: String, rate: Double)] {
        zip(Self.bucketKeys, [par30To90, par90To180, par180, renegotiated]).map { ($0, $1) }
    }

    /// The required reserve as a formula (`0.5 × par90_180 + 1 × par180_amount + 0.5 × renegotiated`).
    public var formula: String {
        let terms = rates.filter { $0.rate != 0 }.map { "\(Self.text($0.rate)) × \($0.bucket)" }
        return terms.isEmpty ? "0" : terms.joined(separator: " + ")
    }

    /// The four rates, for the kernel (no text to copy per row).
    struct Rates {
        let par30To90: Double, par90To180: Double, par180: Double, renegotiated: Double
    }

    var numericRates: Rates {
        Rates(par30To90: par30To90, par90To180: par90To180, par180: par180, renegotiated: renegotiated)
    }

    private static func text(_ rate: Double) -> String {
        rate == rate.rounded() ? String(Int(rate)) : String(rate)
    }
}

/// Whether the provisioning adjustment tops up the reported reserve or replaces it.
public enum ProvisionPolicy: String, Sendable, CaseIterable {
    /// `adj_provision = max(0, required − reserve after write-off)` (the default).
    case topUp = "top-up"
    /// `adj_provision = required`: the reported reserve is ignored.
    case expenseAll = "expense-all"
}

/// Which equity and fixed assets the inflation adjustment erodes.
public enum InflationBasis: String, Sendable, CaseIterable {
    /// The period averages (the default).
    case average
    /// The prior year-end values (needs the prior year).
    case opening
}

/// The analyst's choices in adjusting profits (adjustments contract §4); the market rate and the
/// inflation series are reference data, chosen with the other reference files.
public struct AdjustmentOptions: Sendable, Equatable {
    /// The provisioning rule set.
    public var provisioning: ProvisioningRules
    /// Top up the reported reserve, or expense the whole required reserve.
    public var provisionPolicy: ProvisionPolicy
    /// Write off loans more than a year late before provisioning (when `par365_amount` is given).
    public var writeOffRule: Bool
    /// Average or opening equity and fixed assets for the inflation adjustment.
    public var inflationBasis: InflationBasis

    /// The defaults: MBB rules, top-up, write-off rule on, average basis.
    public init(
        provisioning: ProvisioningRules = .mbb, provisionPolicy: ProvisionPolicy = .topUp, writeOffRule: Bool = true,
        inflationBasis: InflationBasis = .average
    ) {
        self.provisioning = provisioning
        self.provisionPolicy = provisionPolicy
        self.writeOffRule = writeOffRule
        self.inflationBasis = inflationBasis
    }
}
