import ArgumentParser
import MicroPanel
import MicroPanelOutput

/// `micropanel plot`: one figure as SVG.
struct PlotCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plot",
        abstract: "Draw a figure of the indicators as SVG: ranked bars, trends, a scatter plot or boxes.",
        discussion: """
            INPUT is a raw panel (computed first), a file written by 'micropanel compute', or any CSV with \
            mfi_id, fiscal_year and indicator columns named by their ids (a published table). With no INPUT, \
            the bundled MIX sample, or with --sample microrate29 the MicroRate-29 table of 2001.

            Kinds: ranked (--indicator; one bar per institution in --year, default the latest; a line at the \
            median; --top N), trend (--indicator --by; per group the median per fiscal year and its 25th-75th \
            percentile band), scatter (--x --y; one point per institution-year; reference lines where the \
            registry defines them; --log-x, --log-y; above 20,000 points drawn as density), box (--indicator \
            --by; quartiles, whiskers at 1.5 IQR, outliers). Every bar, point and box has a tooltip with its \
            institution and value.

            Examples:
              micropanel plot --sample microrate29 --chart ranked --indicator par30 -o par30.svg
              micropanel plot panel.csv.gz --institutions MFICompanyMetaData.csv --chart trend --indicator oer --by country -o oer.svg
              micropanel plot indicators.csv --chart scatter --x avg_loan_balance_gni --y oss --log-x -o drift.svg
              micropanel plot --chart box --indicator roa --by depth_tier -o roa.svg
            """
    )

    /// Which figure.
    enum Chart: String, ExpressibleByArgument, CaseIterable {
        case ranked, trend, scatter, box
    }

    @Option(help: "The kind of figure: ranked, trend, scatter or box.")
    var chart: Chart

    @Option(help: ArgumentHelp("The indicator (ranked, trend, box).", valueName: "id"))
    var indicator: String?

    @Option(name: .customLong("x"), help: ArgumentHelp("The horizontal indicator (scatter).", valueName: "id"))
    var xIndicator: String?

    @Option(name: .customLong("y"), help: ArgumentHelp("The vertical indicator (scatter).", valueName: "id"))
    var yIndicator: String?

    @Option(help: ArgumentHelp("The field that groups: a descriptor, fiscal_year or depth_tier.", valueName: "field"))
    var by: String?

    @Option(help: "Only this fiscal year (ranked: the year drawn; default the latest with values).")
    var year: Int?

    @Option(help: "Ranked: draw only the N highest bars (the median stays that of all).")
    var top: Int?

    @Flag(help: "Scatter: a logarithmic horizontal axis.")
    var logX = false

    @Flag(help: "Scatter: a logarithmic vertical axis.")
    var logY = false

    @Option(
        name: .shortAndLong, help: ArgumentHelp("The figure, FILE.svg; '-' for standard output.", valueName: "output"))
    var output: String = "-"

    @OptionGroup var input: FigureInputOptions
    @OptionGroup var verbosity: VerbosityOptions

    func validate() throws {
        _ = try kind()
        if let top, top < 1 { throw ValidationError("--top must be 1 or more") }
    }

    /// The figure the options ask for.
    func kind() throws -> FigureKind {
        func need(_ id: String?, _ option: String) throws -> Indicator {
            guard let id else { throw ValidationError("--chart \(chart.rawValue) needs \(option) ID") }
            return try resolveIndicator(id)
        }
        if chart != .scatter && (xIndicator != nil || yIndicator != nil || logX || logY) {
            throw ValidationError("--x, --y, --log-x and --log-y are for --chart scatter")
        }
        if chart != .ranked && top != nil { throw ValidationError("--top is for --chart ranked") }
        switch chart {
        case .ranked: return .ranked(try need(indicator, "--indicator"), top: top)
        case .trend: return .trend(try need(indicator, "--indicator"))
        case .box: return .box(try need(indicator, "--indicator"))
        case .scatter:
            if indicator != nil { throw ValidationError("--chart scatter takes --x and --y, not --indicator") }
            return .scatter(x: try need(xIndicator, "--x"), y: try need(yIndicator, "--y"), logX: logX, logY: logY)
        }
    }

    func run() throws {
        TemporaryFiles.installSignalHandlers()
        try reportingFailures {
            let progress = ProgressLine(quiet: verbosity.quiet)
            defer { progress.finish() }
            let source = try input.source(progress: progress)
            try Pipeline.plot(
                PlotConfiguration(
                    source: source, kind: kind(), by: by, year: year, output: output))
        }
    }
}
