import MicroPanelIndicators

/// Per group, a box from the 25th to the 75th percentile with the median inside, whiskers to
/// the most extreme values within 1.5 × the interquartile range, the values beyond as points,
/// and n under each box.
public struct BoxChart: Sendable {
    /// One group's values, each with its label for the outliers' tooltips.
    public struct Group: Sendable, Equatable {
        public var name: String
        public var values: [(label: String, value: Double)]

        public init(name: String, values: [(label: String, value: Double)]) {
            self.name = name
            self.values = values
        }

        public static func == (a: Group, b: Group) -> Bool {
            a.name == b.name && a.values.map(\.label) == b.values.map(\.label)
                && a.values.map(\.value) == b.values.map(\.value)
        }
    }

    public var groups: [Group]
    public var format: ValueFormat
    public var text: FigureText

    public init(groups: [Group], format: ValueFormat, text: FigureText) {
        self.groups = groups
        self.format = format
        self.text = text
    }

    /// A group's box: quartiles (type 7, as `summarize`), whisker ends and outliers.
    public struct Box: Sendable {
        public var n: Int
        public var p25: Double, median: Double, p75: Double
        public var lowWhisker: Double, highWhisker: Double
        public var outliers: [(label: String, value: Double)]
    }

    /// The box of `group`; nil without values.
    public static func box(_ group: Group) -> Box? {
        let statistics = PeerGroupSummary.describe(group.values.map(\.value))
        guard let p25 = statistics.p25, let median = statistics.median, let p75 = statistics.p75 else { return nil }
        let reach = 1.5 * (p75 - p25)
        let inside = group.values.map(\.value).filter { $0 >= p25 - reach && $0 <= p75 + reach }
        return Box(
            n: statistics.count, p25: p25, median: median, p75: p75, lowWhisker: inside.min() ?? p25,
            highWhisker: inside.max() ?? p75,
            outliers: group.values.filter { $0.value < p25 - reach || $0.value > p75 + reach }
                .sorted { ($0.value, $0.label) < ($1.value, $1.label) })
    }

    /// The figure.
    public func svg() -> String {
        let boxes = groups.compactMap { group in Self.box(group).map { (group.name, $0) } }
        let slot = (Canvas.width - 84 - 24) / Double(max(boxes.count, 1))
        let rotated = boxes.contains { $0.0.count * 6 > Int(slot) }
        var canvas = Canvas(labelSpace: rotated ? 130 : 34, text: text)
        let scale = Scale(
            covering: boxes.flatMap { [$0.1.lowWhisker, $0.1.highWhisker] + $0.1.outliers.map(\.value) },
            pixels: (canvas.bottom, canvas.top + 8))
        canvas.valueAxis(scale, format: format)
        for (index, (name, box)) in boxes.enumerated() {
            let center = canvas.left + (Double(index) + 0.5) * slot
            let half = min(slot * 0.3, 40)
            let color = Palette.color(index)
            canvas.svg.group(["class": .text("group")])
            canvas.svg.element(
                "line",
                [
                    "class": .text("whisker"), "x1": .number(center), "x2": .number(center),
                    "y1": .number(scale.pixel(box.lowWhisker)), "y2": .number(scale.pixel(box.highWhisker)),
                    "stroke": .text("#222222"),
                ], title: "\(name): whiskers \(format.text(box.lowWhisker)) to \(format.text(box.highWhisker))")
            canvas.svg.element(
                "rect",
                [
                    "class": .text("box"), "x": .number(center - half), "y": .number(scale.pixel(box.p75)),
                    "width": .number(2 * half), "height": .number(scale.pixel(box.p25) - scale.pixel(box.p75)),
                    "fill": .text(color), "fill-opacity": .number(0.35), "stroke": .text(color),
                ],
                title: "\(name): median \(format.text(box.median)), 25th–75th percentile \(format.text(box.p25))"
                    + " to \(format.text(box.p75)) (n = \(box.n))")
            canvas.svg.element(
                "line",
                [
                    "class": .text("median"), "x1": .number(center - half), "x2": .number(center + half),
                    "y1": .number(scale.pixel(box.median)), "y2": .number(scale.pixel(box.median)),
                    "stroke": .text("#222222"), "stroke-width": .number(2),
                ], title: "\(name) median: \(format.text(box.median))")
            for outlier in box.outliers {
                canvas.svg.element(
                    "circle",
                    [
                        "class": .text("outlier"), "cx": .number(center), "cy": .number(scale.pixel(outlier.value)),
                        "r": .number(2.5), "fill": .text("none"), "stroke": .text(color),
                    ], title: "\(outlier.label): \(format.text(outlier.value))")
            }
            let labelY = canvas.bottom + 16
            if rotated {
                canvas.svg.label(
                    RankedChart.shortened(name) + " (n = \(box.n))",
                    [
                        "x": .number(center + 3), "y": .number(labelY), "text-anchor": .text("end"),
                        "font-size": .number(10),
                        "transform": .text("rotate(-60 \(SVGText.number(center + 3)) \(SVGText.number(labelY)))"),
                    ])
            } else {
                canvas.svg.label(
                    name,
                    [
                        "x": .number(center), "y": .number(labelY), "text-anchor": .text("middle"),
                        "font-size": .number(11),
                    ])
                canvas.svg.label(
                    "n = \(box.n)",
                    [
                        "x": .number(center), "y": .number(labelY + 14), "text-anchor": .text("middle"),
                        "font-size": .number(10), "fill": .text("#555555"),
                    ])
            }
            canvas.svg.close()
        }
        canvas.axisLines()
        canvas.xAxisTitle(text.xAxis)
        return canvas.finish()
    }
}
