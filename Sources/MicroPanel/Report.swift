import MicroPanelCharts
import MicroPanelIndicators
import MicroPanelOutput
import MicroPanelSupport

/// A `micropanel report` run: the input, how peers are grouped, the year of the peer tables, an
/// institution to profile, and where the HTML goes.
public struct ReportConfiguration: Sendable {
    /// The panel or table of indicators.
    public var source: PanelSource
    /// The peer groups (a descriptor, `fiscal_year`, `depth_tier`); none: all institutions.
    public var by: String?
    /// The fiscal year of the peer tables (default: the latest).
    public var year: Int?
    /// An MFI ID: a one-page profile of that institution against its peer group.
    public var institution: String?
    /// An `.html` path, or `-` for standard output.
    public var output: String
    /// The indicators reported on (nil: every one the input has).
    public var indicators: [Indicator]?

    /// A configuration, its output checked first: a path must end in `.html`.
    public init(
        source: PanelSource, by: String? = nil, year: Int? = nil, institution: String? = nil,
        indicators: [Indicator]? = nil, output: String
    ) throws(UsageError) {
        guard output == "-" || output.lowercased().hasSuffix(".html") || output.lowercased().hasSuffix(".htm") else {
            throw UsageError("a report is one HTML file: name the output FILE.html (or '-'), not '\(output)'")
        }
        self.source = source
        self.by = by
        self.year = year
        self.institution = institution
        self.indicators = indicators
        self.output = output
    }
}

extension Pipeline {
    /// Writes one self-contained HTML report of the input: overview and coverage, a section per
    /// indicator family (a figure and a peer table), `check`'s problems, and with an institution
    /// its profile; the file appears only when complete.
    public static func report(_ configuration: ReportConfiguration) throws {
        let file = try OutputFile(path: configuration.output)
        let frame = try indicatorFrame(configuration.source, checked: true)
        let html = try ReportBuilder(frame: frame, configuration: configuration).html()
        try Array(html.utf8).withUnsafeBytes { try file.write($0) }
        try file.commit()
    }
}

/// Composes the report: which figures and tables, in which order.
struct ReportBuilder {
    let frame: IndicatorFrame
    let configuration: ReportConfiguration
    let figures: Figures

    init(frame: IndicatorFrame, configuration: ReportConfiguration) {
        self.frame = frame
        self.configuration = configuration
        figures = Figures(frame)
    }

    /// The indicator a family's figure shows: the first of these the input has values of, else
    /// the family's first with values.
    static let headlines: [Indicator] = [
        .borrowers, .avgLoanBalanceGNI, .par30, .roa, .oer, .debtToEquity, .adjustedROA, .femaleBorrowerShare,
    ]

    /// Indicators a profile draws, when the institution has values of them.
    static let profiled: [Indicator] = [
        .borrowers, .avgLoanBalanceGNI, .par30, .writeOffRatio, .roa, .oss, .oer, .costPerBorrower, .yieldNominal,
        .debtToEquity, .adjustedROA, .fss,
    ]

    func html() throws -> String {
        let years = Set(frame.years).sorted()
        let reportYear = configuration.year ?? years.last ?? 0
        if let year = configuration.year, !years.contains(year) {
            throw UsageError(
                "--year \(year): \(frame.inputName) has fiscal years "
                    + (years.isEmpty ? "none" : "\(years.first!)–\(years.last!)"))
        }
        let grouping = try configuration.by.map { try frame.groups($0) }
        var page = HTMLPage(title: "MicroPanel report: \(frame.inputName)")
        page.heading("MicroPanel report", level: 1)
        let institutions = Set(frame.ids).count
        page.paragraph(
            "\(frame.inputName): \(grouped(Int64(frame.count))) institution-years of \(grouped(Int64(institutions)))"
                + " institutions, fiscal years " + (years.first.map { "\($0)–\(years.last!)" } ?? "none")
                + (frame.computed == nil
                    ? "; a table of indicators, drawn as written."
                    : "; indicators computed by MicroPanel \(MicroPanelVersion.current) as its README documents."))
        let families = IndicatorRegistry.all.map(\.family).reduce(into: [String]()) {
            if !$0.contains($1) { $0.append($1) }
        }
        let drawn = families.filter { family in
            members(of: family).contains { indicator in (try? frame.values(indicator))?.contains { !$0.isNaN } == true }
        }
        var contents: [(title: String, id: String)] = []
        if configuration.institution != nil { contents.append(("Profile of \(configuration.institution!)", "profile")) }
        contents.append(("Overview and coverage", "overview"))
        contents += drawn.map { ($0, Self.anchor($0)) }
        contents.append(("Data problems", "problems"))
        page.contents(contents)

        if let id = configuration.institution { try profile(id, grouping: grouping, into: &page) }

        page.section(id: "overview")
        page.heading("Overview and coverage", level: 2)
        page.paragraph("How many institution-years have a value of each indicator.")
        page.table(
            header: ["indicator", "name", "family", "values", "share"],
            rows: frame.indicators.filter { configuration.indicators?.contains($0) != false }.map { indicator in
                let values = (try? frame.values(indicator)) ?? []
                let present = values.filter { !$0.isNaN }.count
                let definition = IndicatorRegistry.definition(indicator)
                return [
                    indicator.id, definition.name, definition.family, grouped(Int64(present)),
                    frame.count == 0 ? "" : fixed(Double(present) / Double(frame.count) * 100, 1) + "%",
                ]
            }, numeric: [3, 4])
        page.endSection()

        for family in drawn {
            page.section(id: Self.anchor(family))
            page.heading(family, level: 2)
            let available = members(of: family).filter { indicator in
                (try? frame.values(indicator))?.contains { !$0.isNaN } == true
            }
            let headline = Self.headlines.first(where: available.contains) ?? available[0]
            let kind: FigureKind = years.count > 1 ? .trend(headline) : .ranked(headline, top: nil)
            page.figure(try figures.svg(kind, by: configuration.by, year: years.count > 1 ? nil : reportYear))
            page.paragraph(
                "Peer table, fiscal year \(reportYear)" + (configuration.by.map { ", by \($0)" } ?? "")
                    + ": quartiles as summarize computes them (R's type 7).", className: "note")
            page.table(
                header: ["indicator"] + (configuration.by.map { [$0] } ?? []) + ["n", "median", "p25", "p75"],
                rows: try peerRows(available.filter { $0 != .depthTier }, year: reportYear, grouping: grouping),
                numeric: Set((configuration.by == nil ? 1 : 2)...(configuration.by == nil ? 4 : 5)))
            page.endSection()
        }

        page.section(id: "problems")
        page.heading("Data problems", level: 2)
        if let quality = frame.quality {
            page.paragraph(
                "What micropanel check finds: \(quality.errorCount) errors, \(quality.warningCount) warnings."
                    + (quality.problems.isEmpty ? " None." : ""))
            if !quality.problems.isEmpty {
                page.table(
                    header: ["severity", "problem", "count", "what", "blocks"],
                    rows: quality.problems.map { problem in
                        [
                            problem.severity.rawValue, problem.kind + (problem.field.map { " [\($0)]" } ?? ""),
                            "\(grouped(Int64(problem.count))) \(problem.unit)", problem.message,
                            problem.blocks.count == IndicatorRegistry.all.count
                                ? "all indicators" : problem.blocks.joined(separator: ", "),
                        ]
                    }, numeric: [2])
            }
        } else {
            page.paragraph(
                "\(frame.inputName) is a table of indicators: the data checks read the raw panel it was computed from.")
        }
        page.endSection()
        return page.html()
    }

    /// The indicators of `family` the report covers, in registry order.
    func members(of family: String) -> [Indicator] {
        IndicatorRegistry.all.filter { $0.family == family }.map(\.indicator).filter { indicator in
            frame.has(indicator) && configuration.indicators.map { $0.contains(indicator) } != false
        }
    }

    /// Rows of a peer table: per indicator and group, n and quartiles in fiscal year `year`.
    func peerRows(_ indicators: [Indicator], year: Int, grouping: (values: [String?], order: [String])?) throws
        -> [[String]]
    {
        var rows: [[String]] = []
        for indicator in indicators {
            let values = try frame.values(indicator)
            let format = ValueFormat(unit: IndicatorRegistry.definition(indicator).unit)
            var samples: [String: [Double]] = [:]
            for row in 0..<frame.count where frame.years[row] == year && !values[row].isNaN {
                samples[grouping.map { $0.values[row] ?? "(none)" } ?? "", default: []].append(values[row])
            }
            let order = grouping?.order ?? []
            let names = samples.keys.sorted { a, b in
                let (i, j) = (order.firstIndex(of: a) ?? Int.max, order.firstIndex(of: b) ?? Int.max)
                return i != j ? i < j : a < b
            }
            for name in names {
                let statistics = PeerGroupSummary.describe(samples[name]!)
                rows.append(
                    [indicator.id] + (grouping == nil ? [] : [name]) + [
                        grouped(Int64(statistics.count)), statistics.median.map(format.text) ?? "",
                        statistics.p25.map(format.text) ?? "", statistics.p75.map(format.text) ?? "",
                    ])
            }
        }
        return rows
    }

    /// The profile of institution `id`: its indicators over the years against its peer group's
    /// median and 25th–75th percentile band.
    func profile(_ id: String, grouping: (values: [String?], order: [String])?, into page: inout HTMLPage) throws {
        let rows = (0..<frame.count).filter { frame.ids[$0] == id }
        guard let last = rows.max(by: { frame.years[$0] < frame.years[$1] }) else {
            throw UsageError.unknown("institution", id, known: Array(Set(frame.ids)).sorted())
        }
        let name = frame.labels[last]
        let peerGroup = grouping.map { $0.values[last] }
        let peers = (0..<frame.count).filter { row in
            frame.ids[row] != id && (grouping == nil || grouping!.values[row] == peerGroup ?? nil)
        }
        let peerName =
            configuration.by.map { "peers: \($0) \(peerGroup.flatMap { $0 } ?? "(none)")" } ?? "peers: all institutions"
        page.section(id: "profile")
        page.heading("Profile: \(name)" + (name == id ? "" : " (\(id))"), level: 2)
        let others = Set(peers.map { frame.ids[$0] }).count
        page.paragraph(
            Set(frame.years).count == 1
                ? "\(name) among its peer group (\(peerName.dropFirst(7)), \(others) other institutions): its bar is"
                    + " highlighted, the dashed line is the median of all."
                : "\(name) against its peer group (\(peerName.dropFirst(7)), \(others) other institutions): its values"
                    + " each year, and the peers' median with the band from their 25th to 75th percentile.")
        page.raw("<div class=\"profile\">\n")
        var tableRows: [[String]] = []
        for indicator in Self.profiled
        where frame.has(indicator) && configuration.indicators.map({ $0.contains(indicator) }) != false {
            let values = try frame.values(indicator)
            let own = rows.filter { !values[$0].isNaN }.sorted { frame.years[$0] < frame.years[$1] }
            guard !own.isEmpty else { continue }
            var samples: [Int: [Double]] = [:]
            for row in peers where !values[row].isNaN { samples[frame.years[row], default: []].append(values[row]) }
            let definition = IndicatorRegistry.definition(indicator)
            let format = ValueFormat(unit: definition.unit)
            let peerSeries = TrendChart.Series(
                name: peerName,
                points: samples.keys.sorted().map { year in
                    let statistics = PeerGroupSummary.describe(samples[year]!)
                    return TrendChart.Point(
                        year: year, n: statistics.count, median: statistics.median!, p25: statistics.p25!,
                        p75: statistics.p75!)
                })
            let ownSeries = TrendChart.Series(
                name: name,
                points: own.map {
                    TrendChart.Point(year: frame.years[$0], n: 1, median: values[$0], p25: values[$0], p75: values[$0])
                }, individual: true)
            if Set(frame.years).count == 1 {
                // One fiscal year: the peers' ranked bars, the institution's highlighted.
                let year = frame.years[own[0]]
                let bars = ([own[0]] + peers.filter { !values[$0].isNaN && frame.years[$0] == year }).map { row in
                    RankedChart.Bar(
                        label: frame.labels[row], group: frame.ids[row] == id ? name : "peers", value: values[row])
                }
                page.figure(
                    RankedChart(
                        bars: bars, format: format,
                        text: FigureText(
                            title: "\(definition.name), \(year)", xAxis: "Institutions, ranked",
                            yAxis: figures.axisTitle(indicator), source: figures.source([indicator], year: year)),
                        groupOrder: ["peers", name]
                    ).svg())
            } else {
                page.figure(
                    TrendChart(
                        series: (peerSeries.points.isEmpty ? [] : [peerSeries]) + [ownSeries], format: format,
                        text: FigureText(
                            title: definition.name, xAxis: "Fiscal year", yAxis: figures.axisTitle(indicator),
                            source: figures.source([indicator], year: nil))
                    ).svg())
            }
            tableRows += own.map { [indicator.id, String(frame.years[$0]), format.text(values[$0])] }
        }
        page.raw("</div>\n")
        page.table(header: ["indicator", "fiscal year", "value"], rows: tableRows, numeric: [1, 2])
        page.endSection()
    }

    /// The anchor of a family's section.
    static func anchor(_ family: String) -> String {
        family.lowercased().map { $0.isLetter || $0.isNumber ? String($0) : "-" }.joined()
    }
}
