import MicroPanelCharts
import MicroPanelIndicators

/// A figure of indicator values: which kind, of which indicators, split how.
public enum FigureKind: Sendable, Equatable {
    /// One bar per institution in one fiscal year (the latest with values unless `year`),
    /// sorted, with the median; only the `top` highest when given.
    case ranked(Indicator, top: Int?)
    /// Per group, the median per fiscal year with the 25th–75th percentile band.
    case trend(Indicator)
    /// One point per institution-year of two indicators.
    case scatter(x: Indicator, y: Indicator, logX: Bool, logY: Bool)
    /// Per group, quartile boxes with whiskers and outliers.
    case box(Indicator)
}

/// Figures drawn from an ``IndicatorFrame``: the one place that turns indicator values into
/// charts, for `plot` and `report` alike.
public struct Figures: Sendable {
    let frame: IndicatorFrame

    /// Figures of `frame`.
    public init(_ frame: IndicatorFrame) { self.frame = frame }

    /// The SVG of `kind`, split by the field `by` (a descriptor, `fiscal_year`, `depth_tier`),
    /// restricted to fiscal year `year` when given.
    public func svg(_ kind: FigureKind, by: String? = nil, year: Int? = nil) throws -> String {
        let grouping = try by.map { try frame.groups($0) }
        let groups = grouping?.values
        let order = grouping?.order ?? []
        /// Names in the field's order, missing ("(none)") last.
        func ordered(_ names: some Collection<String>) -> [String] {
            names.sorted { a, b in
                let (i, j) = (order.firstIndex(of: a) ?? Int.max, order.firstIndex(of: b) ?? Int.max)
                return i != j ? i < j : a < b
            }
        }
        let inYear = { (row: Int) in year == nil || frame.years[row] == year }
        switch kind {
        case .ranked(let indicator, let top):
            let values = try frame.values(indicator)
            let chosen = try year ?? latestYear(of: indicator)
            let rows = (0..<frame.count).filter { frame.years[$0] == chosen && !values[$0].isNaN }
            guard !rows.isEmpty else { throw noValues(indicator, year: chosen) }
            let definition = IndicatorRegistry.definition(indicator)
            return RankedChart(
                bars: rows.map { RankedChart.Bar(label: frame.labels[$0], group: groups?[$0], value: values[$0]) },
                format: ValueFormat(unit: definition.unit),
                text: FigureText(
                    title: "\(definition.name), \(chosen)",
                    subtitle: "\(rows.count) institutions" + (by.map { ", coloured by \($0)" } ?? "")
                        + (top.map { rows.count > $0 ? "; the \($0) highest shown" : "" } ?? ""),
                    xAxis: "Institutions, ranked", yAxis: axisTitle(indicator),
                    source: source([indicator], year: chosen)),
                top: top, groupOrder: order
            ).svg()
        case .trend(let indicator):
            let values = try frame.values(indicator)
            var samples: [String: [Int: [Double]]] = [:]
            for row in 0..<frame.count where !values[row].isNaN {
                guard let group = groups.map({ $0[row] }) ?? "all" else { continue }
                samples[group, default: [:]][frame.years[row], default: []].append(values[row])
            }
            guard !samples.isEmpty else { throw noValues(indicator, year: nil) }
            let series = ordered(samples.keys).map { name in
                TrendChart.Series(
                    name: name,
                    points: samples[name]!.keys.sorted().map { year in
                        let statistics = PeerGroupSummary.describe(samples[name]![year]!)
                        return TrendChart.Point(
                            year: year, n: statistics.count, median: statistics.median!, p25: statistics.p25!,
                            p75: statistics.p75!)
                    })
            }
            let definition = IndicatorRegistry.definition(indicator)
            return TrendChart(
                series: series, format: ValueFormat(unit: definition.unit),
                text: FigureText(
                    title: "\(definition.name)" + (by.map { " by \($0)" } ?? ""),
                    subtitle: "Median per fiscal year; the band spans the 25th to 75th percentile",
                    xAxis: "Fiscal year", yAxis: axisTitle(indicator), source: source([indicator], year: nil))
            ).svg()
        case .scatter(let xIndicator, let yIndicator, let logX, let logY):
            let xs = try frame.values(xIndicator)
            let ys = try frame.values(yIndicator)
            let rows = (0..<frame.count).filter { inYear($0) && !xs[$0].isNaN && !ys[$0].isNaN }
            let x = IndicatorRegistry.definition(xIndicator)
            let y = IndicatorRegistry.definition(yIndicator)
            return ScatterChart(
                points: rows.map {
                    ScatterChart.Point(
                        label: year == nil ? "\(frame.labels[$0]) \(frame.years[$0])" : frame.labels[$0],
                        group: groups?[$0], x: xs[$0], y: ys[$0])
                },
                x: ScatterChart.Axis(
                    id: x.id, format: ValueFormat(unit: x.unit), references: x.referenceLines, logarithmic: logX),
                y: ScatterChart.Axis(
                    id: y.id, format: ValueFormat(unit: y.unit), references: y.referenceLines, logarithmic: logY),
                text: FigureText(
                    title: "\(y.name) against \(x.name)",
                    subtitle: "\(rows.count) institution-years" + (year.map { " of \($0)" } ?? "")
                        + (by.map { ", coloured by \($0)" } ?? ""),
                    xAxis: axisTitle(xIndicator) + (logX ? ", log scale" : ""),
                    yAxis: axisTitle(yIndicator) + (logY ? ", log scale" : ""),
                    source: source([xIndicator, yIndicator], year: year)),
                groupOrder: order
            ).svg()
        case .box(let indicator):
            let values = try frame.values(indicator)
            var members: [String: [(label: String, value: Double)]] = [:]
            for row in 0..<frame.count where inYear(row) && !values[row].isNaN {
                let label = year == nil ? "\(frame.labels[row]) \(frame.years[row])" : frame.labels[row]
                members[groups?[row] ?? (by == nil ? "all" : "(none)"), default: []].append((label, values[row]))
            }
            guard !members.isEmpty else { throw noValues(indicator, year: year) }
            let definition = IndicatorRegistry.definition(indicator)
            return BoxChart(
                groups: ordered(members.keys).map { BoxChart.Group(name: $0, values: members[$0]!) },
                format: ValueFormat(unit: definition.unit),
                text: FigureText(
                    title: "\(definition.name)" + (by.map { " by \($0)" } ?? "") + (year.map { ", \($0)" } ?? ""),
                    subtitle:
                        "Boxes span the 25th to 75th percentile; whiskers reach 1.5 × that range; points beyond it",
                    xAxis: by ?? "", yAxis: axisTitle(indicator), source: source([indicator], year: year))
            ).svg()
        }
    }

    /// The latest fiscal year in which `indicator` has a value.
    func latestYear(of indicator: Indicator) throws -> Int {
        let values = try frame.values(indicator)
        guard let year = (0..<frame.count).filter({ !values[$0].isNaN }).map({ frame.years[$0] }).max() else {
            throw noValues(indicator, year: nil)
        }
        return year
    }

    private func noValues(_ indicator: Indicator, year: Int?) -> UsageError {
        UsageError(
            "\(frame.inputName) has no value of \(indicator.id)" + (year.map { " in fiscal year \($0)" } ?? "")
                + ": nothing to draw (micropanel check tells which inputs are missing)")
    }

    /// The axis title of `indicator`: its name and unit, as `explain` states them.
    func axisTitle(_ indicator: Indicator) -> String {
        let definition = IndicatorRegistry.definition(indicator)
        let unit: String
        switch definition.unit {
        case .fraction: unit = "%"
        case .currency: unit = "amount in the panel's currency"
        case .count: unit = "count"
        case .multiple: unit = "multiple"
        case .perPerson: unit = "per person"
        case .category: unit = "category"
        }
        return "\(definition.name) (\(unit))"
    }

    /// "Source: INPUT, fiscal year Y; GNI per capita: VINTAGE; MicroPanel VERSION".
    func source(_ indicators: [Indicator], year: Int?) -> String {
        var parts = ["Source: \(frame.inputName)" + (year.map { ", fiscal year \($0)" } ?? "")]
        var vintages: [String] = []
        for indicator in indicators {
            for vintage in frame.vintages(of: indicator) where !vintages.contains(vintage) { vintages.append(vintage) }
        }
        parts += vintages
        parts.append("drawn by MicroPanel \(MicroPanelVersion.current)")
        return parts.joined(separator: "; ")
    }
}
