import Foundation

/// One point per institution-year of two indicators — depth against sustainability, the
/// "mission drift" figure — with the registry's reference lines, log axes on request, and more
/// than ``densityThreshold`` points drawn as density in hexagonal bins.
public struct ScatterChart: Sendable {
    /// One institution-year.
    public struct Point: Sendable, Equatable {
        public var label: String
        public var group: String?
        public var x: Double, y: Double

        public init(label: String, group: String? = nil, x: Double, y: Double) {
            self.label = label
            self.group = group
            self.x = x
            self.y = y
        }
    }

    /// An axis: its indicator's id, value format, reference lines, and scale.
    public struct Axis: Sendable {
        public var id: String
        public var format: ValueFormat
        public var references: [(value: Double, label: String)]
        public var logarithmic: Bool

        public init(
            id: String, format: ValueFormat, references: [(value: Double, label: String)] = [],
            logarithmic: Bool = false
        ) {
            self.id = id
            self.format = format
            self.references = references
            self.logarithmic = logarithmic
        }
    }

    /// Above this many points the figure shows density instead: a browser stays responsive and
    /// the file small.
    public static let densityThreshold = 20_000

    public var points: [Point]
    public var x: Axis, y: Axis
    public var text: FigureText
    /// The groups' order (their field's).
    public var groupOrder: [String]

    public init(points: [Point], x: Axis, y: Axis, text: FigureText, groupOrder: [String] = []) {
        self.points = points
        self.x = x
        self.y = y
        self.text = text
        self.groupOrder = groupOrder
    }

    /// The figure.
    public func svg() -> String {
        let drawable = points.filter { (!x.logarithmic || $0.x > 0) && (!y.logarithmic || $0.y > 0) }
        var notes: [String] = []
        if drawable.count < points.count {
            notes.append("\(points.count - drawable.count) points at or below zero left out of the log scale")
        }
        let dense = drawable.count > Self.densityThreshold
        if dense {
            notes.append(
                "\(drawable.count) institution-years: drawn as density (hexagonal bins; a bin's tooltip gives its count)"
            )
        }
        var canvas = Canvas(notes: notes, text: text)
        let xScale = Scale(
            covering: drawable.map(\.x) + x.references.map(\.value), pixels: (canvas.left + 6, canvas.right - 6),
            logarithmic: x.logarithmic)
        let yScale = Scale(
            covering: drawable.map(\.y) + y.references.map(\.value), pixels: (canvas.bottom - 6, canvas.top + 8),
            logarithmic: y.logarithmic)
        canvas.valueAxis(yScale, format: y.format)
        canvas.horizontalValueAxis(xScale, format: x.format)
        let groups = Groups(drawable.map(\.group), order: groupOrder)
        if dense {
            drawDensity(drawable, &canvas, xScale, yScale)
        } else {
            canvas.svg.group(["class": .text("points")])
            for point in drawable.sorted(by: { ($0.label, $0.x, $0.y) < ($1.label, $1.x, $1.y) }) {
                canvas.svg.element(
                    "circle",
                    [
                        "class": .text("point"), "cx": .number(xScale.pixel(point.x)),
                        "cy": .number(yScale.pixel(point.y)),
                        "r": .number(3), "fill": .text(groups.color(point.group)), "fill-opacity": .number(0.7),
                    ],
                    title: "\(point.label): \(x.id) \(x.format.text(point.x)), \(y.id) \(y.format.text(point.y))")
            }
            canvas.svg.close()
            canvas.legend(groups.legend)
        }
        for reference in x.references where reference.value >= xScale.low && reference.value <= xScale.high {
            let position = xScale.pixel(reference.value)
            canvas.svg.element(
                "line",
                [
                    "class": .text("reference"), "x1": .number(position), "x2": .number(position),
                    "y1": .number(canvas.top),
                    "y2": .number(canvas.bottom), "stroke": .text(Palette.reference), "stroke-dasharray": .text("6 4"),
                ], title: "\(x.id) \(x.format.text(reference.value)): \(reference.label)")
            canvas.svg.label(
                x.format.text(reference.value),
                [
                    "x": .number(position + 3), "y": .number(canvas.top + 10), "font-size": .number(10),
                    "fill": .text(Palette.reference),
                ])
        }
        for reference in y.references where reference.value >= yScale.low && reference.value <= yScale.high {
            canvas.horizontalLine(
                at: yScale.pixel(reference.value), className: "reference",
                title: "\(y.id) \(y.format.text(reference.value)): \(reference.label)", label: reference.label)
        }
        canvas.axisLines()
        canvas.xAxisTitle(text.xAxis)
        return canvas.finish()
    }

    /// Hexagons of 8 pixels' radius (pointy top), shaded by the log of their count.
    private func drawDensity(_ points: [Point], _ canvas: inout Canvas, _ xScale: Scale, _ yScale: Scale) {
        let radius = 8.0
        let width = 3.0.squareRoot() * radius
        struct Cell: Hashable { var q: Int, r: Int }
        var counts: [Cell: Int] = [:]
        for point in points {
            // Pixel to axial coordinates, rounded to the nearest hexagon (cube rounding).
            let px = xScale.pixel(point.x) - canvas.left
            let py = yScale.pixel(point.y) - canvas.top
            let q = (3.0.squareRoot() / 3 * px - py / 3) / radius
            let r = (2.0 / 3 * py) / radius
            var (cx, cz) = (q.rounded(), r.rounded())
            let cy = (-q - r).rounded()
            let (dx, dy, dz) = (abs(cx - q), abs(cy - (-q - r)), abs(cz - r))
            if dx > dy && dx > dz { cx = -cy - cz } else if dy <= dz { cz = -cx - cy }
            counts[Cell(q: Int(cx), r: Int(cz)), default: 0] += 1
        }
        let most = Double(counts.values.max() ?? 1)
        canvas.svg.group(["class": .text("density")])
        for (cell, count) in counts.sorted(by: { ($0.key.r, $0.key.q) < ($1.key.r, $1.key.q) }) {
            let centerX = canvas.left + width * (Double(cell.q) + Double(cell.r) / 2)
            let centerY = canvas.top + radius * 1.5 * Double(cell.r)
            let corners = (0..<6).map { corner -> String in
                let angle = Double.pi / 180 * (60 * Double(corner) - 30)
                return
                    "\(SVGText.number(centerX + radius * cos(angle))),\(SVGText.number(centerY + radius * sin(angle)))"
            }
            let shade = most > 1 ? log(Double(count)) / log(most) : 1
            canvas.svg.element(
                "polygon",
                [
                    "class": .text("hexbin"), "points": .text(corners.joined(separator: " ")),
                    "fill": .text(Self.blue(shade)),
                ],
                title: "\(count) institution-year\(count == 1 ? "" : "s")")
        }
        canvas.svg.close()
    }

    /// From light to dark blue as `shade` goes from 0 to 1.
    static func blue(_ shade: Double) -> String {
        let light = (222.0, 235.0, 247.0)
        let dark = (8.0, 48.0, 107.0)
        func channel(_ a: Double, _ b: Double) -> String {
            let value = Int((a + (b - a) * shade).rounded())
            let hex = String(value, radix: 16, uppercase: true)
            return hex.count == 1 ? "0" + hex : hex
        }
        return "#" + channel(light.0, dark.0) + channel(light.1, dark.1) + channel(light.2, dark.2)
    }
}
