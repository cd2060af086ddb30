/// Per group, the median of an indicator in each fiscal year as a line, with the band from the
/// 25th to the 75th percentile, and n at every point.
public struct TrendChart: Sendable {
    /// One group's statistics in one year.
    public struct Point: Sendable, Equatable {
        public var year: Int
        public var n: Int
        public var median: Double, p25: Double, p75: Double

        public init(year: Int, n: Int, median: Double, p25: Double, p75: Double) {
            self.year = year
            self.n = n
            self.median = median
            self.p25 = p25
            self.p75 = p75
        }
    }

    /// One group's line, or one institution's (`individual`: its values, no band).
    public struct Series: Sendable, Equatable {
        public var name: String
        public var points: [Point]
        public var individual: Bool

        public init(name: String, points: [Point], individual: Bool = false) {
            self.name = name
            self.points = points
            self.individual = individual
        }
    }

    public var series: [Series]
    public var format: ValueFormat
    public var text: FigureText

    public init(series: [Series], format: ValueFormat, text: FigureText) {
        self.series = series
        self.format = format
        self.text = text
    }

    /// The figure.
    public func svg() -> String {
        var canvas = Canvas(text: text)
        let points = series.flatMap(\.points)
        let years = points.map(\.year)
        let firstYear = Double(years.min() ?? 2000)
        let lastYear = Double(years.max() ?? 2001)
        let padding = max(0.5, (lastYear - firstYear) * 0.03)
        let xPixel = { (year: Int) -> Double in
            canvas.left + (Double(year) - firstYear + padding) / (lastYear - firstYear + 2 * padding)
                * (canvas.right - canvas.left)
        }
        let y = Scale(
            covering: points.flatMap { [$0.p25, $0.p75, $0.median] }, pixels: (canvas.bottom, canvas.top + 8))
        canvas.valueAxis(y, format: format)
        // Year ticks: every year up to 15 years, else every 2nd or 5th.
        let span = Int(lastYear - firstYear)
        let every = span <= 15 ? 1 : span <= 30 ? 2 : 5
        canvas.svg.group(["class": .text("x-axis")])
        for year in Int(firstYear)...Int(lastYear) where (year - Int(firstYear)) % every == 0 {
            canvas.svg.label(
                String(year),
                [
                    "x": .number(xPixel(year)), "y": .number(canvas.bottom + 16), "text-anchor": .text("middle"),
                    "font-size": .number(11),
                ])
        }
        canvas.svg.close()
        let groups = Groups(series.map(\.name), order: series.map(\.name))
        for line in series {
            let color = series.count == 1 ? Palette.single : groups.color(line.name)
            let sorted = line.points.sorted { $0.year < $1.year }
            canvas.svg.group(["class": .text("series")])
            if sorted.count > 1 && !line.individual {
                let upper = sorted.map { "\(SVGText.number(xPixel($0.year))),\(SVGText.number(y.pixel($0.p75)))" }
                let lower = sorted.reversed().map {
                    "\(SVGText.number(xPixel($0.year))),\(SVGText.number(y.pixel($0.p25)))"
                }
                canvas.svg.element(
                    "polygon",
                    [
                        "class": .text("band"), "points": .text((upper + lower).joined(separator: " ")),
                        "fill": .text(color), "fill-opacity": .number(0.15), "stroke": .text("none"),
                    ], title: "\(line.name): 25th to 75th percentile")
            }
            if sorted.count > 1 {
                // The medians' line (a group's) or the values' (an institution's, a little heavier).
                canvas.svg.element(
                    "polyline",
                    [
                        "class": .text("line"),
                        "points": .text(
                            sorted.map { "\(SVGText.number(xPixel($0.year))),\(SVGText.number(y.pixel($0.median)))" }
                                .joined(separator: " ")),
                        "fill": .text("none"), "stroke": .text(color),
                        "stroke-width": .number(line.individual ? 2.5 : 2),
                    ])
            }
            for point in sorted {
                canvas.svg.element(
                    "circle",
                    [
                        "class": .text("point"), "cx": .number(xPixel(point.year)),
                        "cy": .number(y.pixel(point.median)),
                        "r": .number(3.5), "fill": .text(color),
                    ],
                    title: line.individual
                        ? "\(line.name) \(point.year): \(format.text(point.median))"
                        : "\(line.name) \(point.year): median \(format.text(point.median)) (n = \(point.n);"
                            + " 25th–75th percentile \(format.text(point.p25)) to \(format.text(point.p75)))")
            }
            canvas.svg.close()
        }
        canvas.axisLines()
        canvas.legend(series.count > 1 ? groups.legend : [])
        canvas.xAxisTitle(text.xAxis)
        return canvas.finish()
    }
}
