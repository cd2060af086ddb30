import MicroPanelOutput

/// A `micropanel plot` run: the input, the figure, and where its SVG goes.
public struct PlotConfiguration: Sendable {
    /// The panel or table of indicators.
    public var source: PanelSource
    /// Which figure of which indicators.
    public var kind: FigureKind
    /// The grouping field (colours, lines or boxes), if any.
    public var by: String?
    /// Only this fiscal year (ranked: the year drawn, by default the latest with values).
    public var year: Int?
    /// An `.svg` path, or `-` for standard output.
    public var output: String

    /// A configuration, its output checked first: a path must end in `.svg`.
    public init(
        source: PanelSource, kind: FigureKind, by: String? = nil, year: Int? = nil,
        output: String
    ) throws(UsageError) {
        guard output == "-" || output.lowercased().hasSuffix(".svg") else {
            throw UsageError("a figure is SVG: name the output FILE.svg (or '-' for standard output), not '\(output)'")
        }
        self.source = source
        self.kind = kind
        self.by = by
        self.year = year
        self.output = output
    }
}

extension Pipeline {
    /// Draws one figure of the input's indicators as SVG; the file appears only when complete.
    public static func plot(_ configuration: PlotConfiguration) throws {
        let file = try OutputFile(path: configuration.output)
        let frame = try indicatorFrame(configuration.source)
        let svg = try Figures(frame).svg(configuration.kind, by: configuration.by, year: configuration.year)
        try Array(svg.utf8).withUnsafeBytes { try file.write($0) }
        try file.commit()
    }
}
