import MicroPanelIndicators

/// One bar per institution, tallest first, with a dashed line at the median of all of them: the
/// MicroRate/IDB guide's figure of each indicator. Bars are coloured by group when there are groups.
public struct RankedChart: Sendable {
    /// One institution's value.
    public struct Bar: Sendable, Equatable {
        public var label: String
        public var group: String?
        public var value: Double

        public init(label: String, group: String? = nil, value: Double) {
            self.label = label
            self.group = group
            self.value = value
        }
    }

    public var bars: [Bar]
    public var format: ValueFormat
    public var text: FigureText
    /// Draw only the `top` highest bars (the median stays that of all bars).
    public var top: Int?
    /// The groups' order (their field's: text sorted, years ascending, depth tiers lowest first).
    public var groupOrder: [String]

    public init(bars: [Bar], format: ValueFormat, text: FigureText, top: Int? = nil, groupOrder: [String] = []) {
        self.bars = bars
        self.format = format
        self.text = text
        self.top = top
        self.groupOrder = groupOrder
    }

    /// The median of every bar's value (also those `top` leaves out).
    public var median: Double? { PeerGroupSummary.describe(bars.map(\.value)).median }

    /// The figure.
    public func svg() -> String {
        var shown = bars.sorted { ($0.value, $1.label) > ($1.value, $0.label) }
        if let top { shown = Array(shown.prefix(top)) }
        let plotWidth = Canvas.width - 84 - 24
        let slot = plotWidth / Double(max(shown.count, 1))
        let labelled = slot >= 9
        var canvas = Canvas(
            labelSpace: labelled ? 130 : 8,
            notes: labelled
                ? [] : ["\(shown.count) bars: too many to name; a browser shows each one's name and value on hover"],
            text: text)
        let scale = Scale(
            covering: shown.map(\.value) + [median].compactMap { $0 }, including: [0],
            pixels: (canvas.bottom, canvas.top + 8))
        canvas.valueAxis(scale, format: format)
        let groups = Groups(shown.map(\.group), order: groupOrder)
        let zero = scale.pixel(0)
        canvas.svg.group(["class": .text("bars")])
        for (index, bar) in shown.enumerated() {
            let x = canvas.left + Double(index) * slot + (slot >= 4 ? slot * 0.1 : 0)
            let y = scale.pixel(bar.value)
            canvas.svg.element(
                "rect",
                [
                    "class": .text("bar"), "x": .number(x), "y": .number(min(y, zero)),
                    "width": .number(slot >= 4 ? slot * 0.8 : slot), "height": .number(abs(zero - y)),
                    "fill": .text(groups.color(bar.group)),
                ], title: "\(bar.label): \(format.text(bar.value))")
        }
        canvas.svg.close()
        if labelled {
            canvas.svg.group(["class": .text("bar-labels"), "font-size": .number(10)])
            for (index, bar) in shown.enumerated() {
                let x = canvas.left + (Double(index) + 0.5) * slot + 3
                let y = canvas.bottom + 8
                canvas.svg.label(
                    Self.shortened(bar.label),
                    [
                        "x": .number(x), "y": .number(y), "text-anchor": .text("end"),
                        "transform": .text("rotate(-60 \(SVGText.number(x)) \(SVGText.number(y)))"),
                    ])
            }
            canvas.svg.close()
        }
        canvas.axisLines()
        if let median {
            canvas.horizontalLine(
                at: scale.pixel(median), className: "median", title: "median: \(format.text(median))",
                label: "median \(format.text(median))")
        }
        canvas.legend(groups.legend)
        canvas.xAxisTitle(text.xAxis)
        return canvas.finish()
    }

    /// A label of at most 22 characters.
    static func shortened(_ label: String) -> String {
        label.count <= 22 ? label : String(label.prefix(21)) + "…"
    }
}

/// The groups of a figure in their field's order (missing last), each with its Okabe–Ito
/// colour (one colour when there are none).
struct Groups {
    let names: [String]

    init(_ groups: [String?], order: [String]) {
        let present = Set(groups.map { $0 ?? Self.none })
        names =
            order.filter(present.contains) + (present.contains(Self.none) ? [Self.none] : [])
            + present.subtracting(order + [Self.none]).sorted()
    }

    /// The name of a missing group value.
    static let none = "(none)"

    func color(_ group: String?) -> String {
        guard names.count > 1 || group != nil else { return Palette.single }
        return Palette.color(names.firstIndex(of: group ?? Self.none) ?? 0)
    }

    var legend: [(name: String, color: String)] {
        names == [Self.none] ? [] : names.enumerated().map { ($1, Palette.color($0)) }
    }
}
