import Foundation

/// The words of a figure: its title, what each axis shows (the registry's name and unit), and
/// the source line (input file, year, the reference tables' vintages).
public struct FigureText: Sendable, Equatable {
    public var title: String
    public var subtitle: String?
    public var xAxis: String
    public var yAxis: String
    public var source: String

    public init(title: String, subtitle: String? = nil, xAxis: String, yAxis: String, source: String) {
        self.title = title
        self.subtitle = subtitle
        self.xAxis = xAxis
        self.yAxis = yAxis
        self.source = source
    }
}

/// A figure's page, 800 pixels wide: the title (wrapped on two lines when long) and subtitle
/// above a plot area 360 pixels high, the axis names beside and below it, then notes and the
/// source line (wrapped at its `; `), and a legend of the groups at the top right.
struct Canvas {
    static let width = 800.0
    let height: Double
    /// The plot area.
    let left: Double, top: Double, right: Double, bottom: Double
    /// Where the horizontal axis's title goes.
    let axisTitleY: Double
    var svg = SVGText()

    /// A page whose plot area leaves `labelSpace` below it for tick or category labels, with
    /// `notes` above the source line.
    init(labelSpace: Double = 34, notes: [String] = [], text: FigureText) {
        left = 84
        right = Self.width - 24
        let titleLines = Self.wrap(text.title, width: 76, separator: " ")
        let sourceLines = Self.wrap(text.source, width: 128, separator: "; ")
        let footer = notes + sourceLines
        top = 40 + 22 * Double(titleLines.count - 1) + (text.subtitle == nil ? 18 : 36)
        bottom = top + 360
        axisTitleY = bottom + labelSpace + 14
        height = axisTitleY + 18 + 13 * Double(footer.count)
        svg.raw(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"800\" height=\"\(SVGText.number(height))\""
                + " viewBox=\"0 0 800 \(SVGText.number(height))\" font-family=\"Helvetica, Arial, sans-serif\""
                + " font-size=\"12\" fill=\"#222222\">\n")
        svg.raw("<title>\(SVGText.escaped(text.title))</title>\n")
        svg.element("rect", ["width": .number(Self.width), "height": .number(height), "fill": .text("#FFFFFF")])
        for (index, line) in titleLines.enumerated() {
            svg.label(
                line,
                [
                    "class": .text("title"), "x": .number(left), "y": .number(26 + 22 * Double(index)),
                    "font-size": .number(17), "font-weight": .text("bold"),
                ])
        }
        if let subtitle = text.subtitle {
            svg.label(
                subtitle,
                [
                    "class": .text("subtitle"), "x": .number(left),
                    "y": .number(46 + 22 * Double(titleLines.count - 1)),
                    "font-size": .number(13),
                ])
        }
        svg.label(
            text.yAxis,
            [
                "class": .text("axis-title"),
                "transform": .text("translate(18 \(SVGText.number((top + bottom) / 2))) rotate(-90)"),
                "text-anchor": .text("middle"),
            ])
        for (index, line) in footer.enumerated() {
            let isNote = index < notes.count
            svg.label(
                line,
                [
                    "class": .text(isNote ? "note" : "source"), "x": .number(left),
                    "y": .number(height - 10 - 13 * Double(footer.count - 1 - index)), "font-size": .number(10),
                    "fill": .text("#555555"),
                ])
        }
    }

    /// `text` in lines of at most `width` characters, broken after `separator`.
    static func wrap(_ text: String, width: Int, separator: String) -> [String] {
        var lines: [String] = []
        var line = ""
        for part in text.components(separatedBy: separator) {
            let joined = line.isEmpty ? part : line + separator + part
            if joined.count > width && !line.isEmpty {
                lines.append(line + (separator == " " ? "" : separator.trimmingCharacters(in: .whitespaces)))
                line = part
            } else {
                line = joined
            }
        }
        lines.append(line)
        return lines
    }

    /// The horizontal axis's title, under the plot area (or under its category labels).
    mutating func xAxisTitle(_ title: String) {
        svg.label(
            title,
            [
                "class": .text("axis-title"), "x": .number((left + right) / 2), "y": .number(axisTitleY),
                "text-anchor": .text("middle"),
            ])
    }

    /// The vertical value axis: grid lines and tick labels of `scale`.
    mutating func valueAxis(_ scale: Scale, format: ValueFormat) {
        let ticks = scale.ticks
        svg.group(["class": .text("y-axis")])
        for value in ticks.values {
            let y = scale.pixel(value)
            svg.element(
                "line",
                [
                    "x1": .number(left), "x2": .number(right), "y1": .number(y), "y2": .number(y),
                    "stroke": .text(Palette.grid),
                ])
            svg.label(
                format.tick(value, step: ticks.step),
                ["x": .number(left - 6), "y": .number(y + 4), "text-anchor": .text("end"), "font-size": .number(11)])
        }
        svg.close()
    }

    /// The horizontal value axis (scatter plots): tick labels of `scale`.
    mutating func horizontalValueAxis(_ scale: Scale, format: ValueFormat) {
        let ticks = scale.ticks
        svg.group(["class": .text("x-axis")])
        for value in ticks.values {
            let x = scale.pixel(value)
            svg.element(
                "line",
                [
                    "x1": .number(x), "x2": .number(x), "y1": .number(top), "y2": .number(bottom),
                    "stroke": .text(Palette.grid),
                ])
            svg.label(
                format.tick(value, step: ticks.step),
                ["x": .number(x), "y": .number(bottom + 16), "text-anchor": .text("middle"), "font-size": .number(11)])
        }
        svg.close()
    }

    /// The plot area's frame: the axes' lines.
    mutating func axisLines() {
        svg.element(
            "line",
            [
                "x1": .number(left), "x2": .number(left), "y1": .number(top), "y2": .number(bottom),
                "stroke": .text("#222222"),
            ])
        svg.element(
            "line",
            [
                "x1": .number(left), "x2": .number(right), "y1": .number(bottom), "y2": .number(bottom),
                "stroke": .text("#222222"),
            ])
    }

    /// A legend of `groups` (name and colour) at the top right of the plot area, on a white
    /// ground that lets the marks beneath show through.
    mutating func legend(_ groups: [(name: String, color: String)]) {
        guard !groups.isEmpty else { return }
        let width = 30 + 6.2 * Double(groups.map(\.name.count).max() ?? 0)
        let x = right - width
        svg.group(["class": .text("legend")])
        svg.element(
            "rect",
            [
                "x": .number(x - 4), "y": .number(top), "width": .number(width),
                "height": .number(15 * Double(groups.count) + 6),
                "fill": .text("#FFFFFF"), "fill-opacity": .number(0.85),
            ])
        var y = top + 4
        for group in groups {
            svg.element(
                "rect",
                [
                    "x": .number(x), "y": .number(y), "width": .number(10), "height": .number(10),
                    "fill": .text(group.color),
                ])
            svg.label(group.name, ["x": .number(x + 16), "y": .number(y + 9), "font-size": .number(11)])
            y += 15
        }
        svg.close()
    }

    /// A horizontal reference line at `value` (the median, a depth-tier bound, break-even).
    mutating func horizontalLine(at y: Double, className: String, title: String, label: String? = nil) {
        svg.element(
            "line",
            [
                "class": .text(className), "x1": .number(left), "x2": .number(right), "y1": .number(y),
                "y2": .number(y),
                "stroke": .text(Palette.reference), "stroke-width": .number(1.5), "stroke-dasharray": .text("6 4"),
            ], title: title)
        if let label {
            svg.label(
                label,
                [
                    "x": .number(right - 4), "y": .number(y - 4), "text-anchor": .text("end"), "font-size": .number(10),
                    "fill": .text(Palette.reference),
                ])
        }
    }

    /// The finished document.
    mutating func finish() -> String {
        svg.raw("</svg>\n")
        return svg.text
    }
}
