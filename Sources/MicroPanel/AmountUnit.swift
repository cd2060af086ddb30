import MicroPanelIndicators

/// The unit of the amount indicators (``IndicatorRegistry/amounts``): US$ as computed, or
/// international dollars (`--currency ppp`) and/or dollars of a base year
/// (`--constant-dollars YEAR`). One home for the conversion's words in notes, labels and manifests.
public struct AmountUnit: Sendable, Equatable {
    /// International dollars: × the official exchange rate / the PPP factor of the row's country and year.
    public var purchasingPowerParity = false
    /// Dollars of this year: deflated with the US consumer price index.
    public var constantDollars: Int?

    public init(purchasingPowerParity: Bool = false, constantDollars: Int? = nil) {
        self.purchasingPowerParity = purchasingPowerParity
        self.constantDollars = constantDollars
    }

    /// Whether amounts stay as computed.
    public var isAsComputed: Bool { !purchasingPowerParity && constantDollars == nil }

    /// The unit in a label: `international $, PPP`, `2015 US$`, …; nil as computed.
    var label: String? {
        switch (purchasingPowerParity, constantDollars) {
        case (false, nil): return nil
        case (true, nil): return "international $, PPP"
        case (false, let year?): return "\(year) US$"
        case (true, let year?): return "\(year) international $, PPP"
        }
    }

    /// The unit as a manifest records it: `usd`, `ppp`, `usd, constant 2015 dollars`.
    var manifestName: String {
        (purchasingPowerParity ? "ppp" : "usd") + (constantDollars.map { ", constant \($0) dollars" } ?? "")
    }

    /// The run's note: the unit, its sources, and how many of `rows` rows were converted.
    func note(converted: Int, of rows: Int) -> String {
        var units: [String] = []
        if purchasingPowerParity {
            units.append(
                "international dollars (PPP: World Bank WDI official exchange rate, PA.NUS.FCRF 2025-07-01,"
                    + " / PPP conversion factor, GDP, PA.NUS.PPP 2025-03-24)")
        }
        if let constantDollars {
            units.append(
                "constant \(constantDollars) dollars (deflated with the US consumer price index of the inflation table)"
            )
        }
        return "Amounts in " + units.joined(separator: ", in ") + "; \(converted) of \(rows) rows"
            + " converted (the others: no_ppp, no_inflation, no_exchange_rate or currency_not_usd)"
    }
}
