import Foundation
import MicroPanel
import MicroPanelCharts
import MicroPanelTestSupport
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// `plot` and `report`: well-formed SVG, one mark per value with the data's labels and values in
/// its tooltip, the median and reference lines, self-contained HTML, the same bytes every run.
@Suite struct FigureTests {
    /// The elements of an SVG or XHTML document: name, attributes, and the text of its `<title>`.
    struct Element {
        var name: String
        var attributes: [String: String]
        var title: String?
    }

    /// Parses `text` with Foundation's XML parser (failing the test when it is not well-formed).
    final class Elements: NSObject, XMLParserDelegate {
        var all: [Element] = []
        private var stack: [Int] = []
        private var inTitle = false

        func parser(
            _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
            attributes: [String: String] = [:]
        ) {
            if name == "title" {
                inTitle = true
                if let parent = stack.last { all[parent].title = "" }
                return
            }
            stack.append(all.count)
            all.append(Element(name: name, attributes: attributes, title: nil))
        }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            if name == "title" {
                inTitle = false
            } else {
                stack.removeLast()
            }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            if inTitle, let parent = stack.last { all[parent].title! += string }
        }

        static func parse(_ text: String) throws -> [Element] {
            let delegate = Elements()
            let parser = XMLParser(data: Data(text.utf8))
            parser.delegate = delegate
            let ok = parser.parse()
            #expect(ok, "not well-formed XML: \(parser.parserError.map { "\($0)" } ?? "")")
            return delegate.all
        }
    }

    static func marks(_ elements: [Element], _ className: String) -> [Element] {
        elements.filter { $0.attributes["class"] == className }
    }

    /// The bundled MicroRate-29 table, read independently: institution → column → value.
    static func microRate29() -> [String: [String: Double]] {
        let lines = String(decoding: BundledData.microRate29, as: UTF8.self).split(separator: "\n").map(String.init)
        let header = lines[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        var table: [String: [String: Double]] = [:]
        for line in lines.dropFirst() {
            // The note column (last) may hold quoted commas; the numbers come before it.
            let cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            var row: [String: Double] = [:]
            for (index, name) in header.enumerated().dropLast() { row[name] = Double(cells[index]) }
            table[cells[0]] = row
        }
        return table
    }

    static func plot(_ arguments: [String]) throws -> String {
        let result = try CommandLineTool.run(["plot"] + arguments)
        #expect(result.status == 0, "\(result.error)")
        return result.output
    }

    @Test func aRankedFigureHasABarPerInstitutionWithItsValueAndTheMedian() throws {
        let svg = try Self.plot(["--sample", "microrate29", "--chart", "ranked", "--indicator", "par30"])
        let elements = try Elements.parse(svg)
        let bars = Self.marks(elements, "bar")
        let data = Self.microRate29()
        #expect(bars.count == 29)
        // Each bar's tooltip: "NAME: VALUE%" with the table's value as a percent with one decimal.
        var seen: Set<String> = []
        for bar in bars {
            let title = try #require(bar.title)
            let parts = title.components(separatedBy: ": ")
            let value = try #require(data[parts[0]]?["par30"], "\(title)")
            #expect(parts[1] == String(format: "%.1f%%", value * 100), "\(title)")
            seen.insert(parts[0])
        }
        #expect(seen.count == 29)
        // Sorted from the highest down.
        let heights = bars.map { Double($0.attributes["height"]!)! }
        #expect(heights == heights.sorted(by: >))
        // The median of the 29 values: the 15th.
        let median = data.values.map { $0["par30"]! }.sorted()[14]
        let line = try #require(Self.marks(elements, "median").first)
        #expect(line.title == String(format: "median: %.1f%%", median * 100))
        #expect(svg.contains("Portfolio at risk &gt; 30 days (%)"))
        #expect(svg.contains("Source: MicroRate-29"))
        // --top keeps the highest bars and the median of all.
        let top = try Elements.parse(
            try Self.plot(["--sample", "microrate29", "--chart", "ranked", "--indicator", "par30", "--top", "5"]))
        #expect(Self.marks(top, "bar").count == 5)
        #expect(Self.marks(top, "median").first?.title == line.title)
    }

    @Test func amountsAndCountsAreWrittenAsPeopleReadThem() throws {
        let svg = try Self.plot(["--sample", "microrate29", "--chart", "ranked", "--indicator", "borrowers"])
        let titles = Self.marks(try Elements.parse(svg), "bar").compactMap(\.title)
        #expect(titles.contains("BancoSol: 61,368"))
        #expect(ValueFormat.amount.text(1_234_567.4) == "1,234,567")
        #expect(ValueFormat.multiple.text(5.6) == "5.60")
        #expect(ValueFormat.percent.text(-0.267) == "-26.7%")
    }

    @Test func aScatterHasAPointPerInstitutionYearAndTheRegistrysReferenceLines() throws {
        let svg = try Self.plot(["--chart", "scatter", "--x", "avg_loan_balance_gni", "--y", "oss", "--log-x"])
        let elements = try Elements.parse(svg)
        let computed = try Pipeline.computePanel(PanelSource())
        let x = computed.results.values(of: .avgLoanBalanceGNI)
        let y = computed.results.values(of: .oss)
        let expected = (0..<x.count).filter { !x[$0].isNaN && !y[$0].isNaN && x[$0] > 0 }.count
        #expect(Self.marks(elements, "point").count == expected)
        let references = Self.marks(elements, "reference").compactMap(\.title)
        #expect(
            references == [
                "avg_loan_balance_gni 0.20: low_end | broad", "avg_loan_balance_gni 1.50: broad | high_end",
                "avg_loan_balance_gni 2.50: high_end | small_business", "oss 100.0%: break-even",
            ])
    }

    @Test func aScatterOfMoreThanTwentyThousandPointsIsDrawnAsDensity() throws {
        var generator = SeededGenerator(seed: 3)
        let points = (0..<20_001).map { index in
            ScatterChart.Point(
                label: "I\(index)", x: Double.random(in: 0...1, using: &generator),
                y: Double.random(in: 0...1, using: &generator))
        }
        let chart = ScatterChart(
            points: points, x: ScatterChart.Axis(id: "x", format: .percent),
            y: ScatterChart.Axis(id: "y", format: .percent),
            text: FigureText(title: "t", xAxis: "x", yAxis: "y", source: "s"))
        let elements = try Elements.parse(chart.svg())
        let bins = Self.marks(elements, "hexbin")
        #expect(Self.marks(elements, "point").isEmpty)
        #expect(!bins.isEmpty)
        // Every point is in one bin: the bins' counts add up.
        let counted = bins.compactMap { $0.title?.split(separator: " ").first.flatMap { Int($0) } }.reduce(0, +)
        #expect(counted == 20_001)
        #expect(chart.svg().contains("20001 institution-years: drawn as density"))
    }

    @Test func boxesFollowTheQuartilesAndTheOnePointFiveRule() throws {
        // 1…9 and 40: quartiles (type 7) 3.25, 5.5, 7.75; IQR 4.5; fences −3.5 and 14.5.
        let values = (1...9).map { ("I\($0)", Double($0)) } + [("far", 40.0)]
        let box = try #require(BoxChart.box(BoxChart.Group(name: "g", values: values)))
        #expect(box.p25 == 3.25 && box.median == 5.5 && box.p75 == 7.75)
        #expect(box.lowWhisker == 1 && box.highWhisker == 9)
        #expect(box.outliers.map(\.label) == ["far"])
        let chart = BoxChart(
            groups: [BoxChart.Group(name: "g", values: values)], format: .count,
            text: FigureText(title: "t", xAxis: "x", yAxis: "y", source: "s"))
        let elements = try Elements.parse(chart.svg())
        #expect(Self.marks(elements, "outlier").map(\.title) == ["far: 40"])
        #expect(Self.marks(elements, "box").first?.title == "g: median 6, 25th–75th percentile 3 to 8 (n = 10)")
    }

    @Test func aTrendHasAPointPerGroupAndYearWithItsN() throws {
        let svg = try Self.plot(["--chart", "trend", "--indicator", "oer", "--by", "region"])
        let points = Self.marks(try Elements.parse(svg), "point")
        let computed = try Pipeline.computePanel(PanelSource())
        let oer = computed.results.values(of: .oer)
        let regions = computed.table.text("region")!
        var groups: [String: Int] = [:]
        for row in 0..<computed.panel.count where !oer[row].isNaN {
            let tableRow = Int(computed.panel.rows[row])
            guard let region = regions[tableRow] else { continue }
            groups["\(region) \(computed.institutionYear(ofRow: row).fiscalYear)", default: 0] += 1
        }
        #expect(points.count == groups.count)
        for point in points {
            let title = try #require(point.title)
            let key = String(title.prefix { $0 != ":" })
            #expect(title.contains("(n = \(groups[key] ?? -1);"), "\(title)")
        }
    }

    @Test func figuresAreTheSameBytesOnEveryRunAndThreadCount() throws {
        let arguments = ["--chart", "box", "--indicator", "roa", "--by", "depth_tier"]
        #expect(try Self.plot(arguments + ["--threads", "1"]) == Self.plot(arguments + ["--threads", "2"]))
        let one = try CommandLineTool.run(["report", "--by", "region", "--threads", "1"])
        let two = try CommandLineTool.run(["report", "--by", "region", "--threads", "2"])
        #expect(one.status == 0 && one.output == two.output)
    }

    @Test func theReportIsOneSelfContainedFile() throws {
        let institution = try Pipeline.computePanel(PanelSource()).institutionYear(ofRow: 0).institution
        let result = try CommandLineTool.run(["report", "--by", "region", "--institution", institution])
        let html = result.output
        #expect(result.status == 0, "\(result.error)")
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        // Nothing loaded from anywhere: no src, no script, links only to the page's own sections.
        #expect(!html.contains("src="))
        #expect(!html.lowercased().contains("<script"))
        let links = html.components(separatedBy: "href=\"").dropFirst().map { $0.prefix(1) }
        #expect(!links.isEmpty && links.allSatisfy { $0 == "#" })
        // Every inline figure is well-formed SVG.
        let figures = html.components(separatedBy: "<svg ").dropFirst().map {
            "<svg " + $0.components(separatedBy: "</svg>")[0] + "</svg>"
        }
        #expect(figures.count >= 8)
        for figure in figures { _ = try Elements.parse(figure) }
        #expect(html.contains("<h2>Portfolio quality</h2>"))
        #expect(html.contains("What micropanel check finds"))
        #expect(html.contains("id=\"profile\""))
    }

    @Test func mistakesAreUsageErrors() throws {
        let wrongExtension = try CommandLineTool.run([
            "plot", "--chart", "ranked", "--indicator", "roa", "-o", "roa.png",
        ])
        #expect(wrongExtension.status == 2)
        #expect(wrongExtension.error.contains("a figure is SVG"))
        let unknown = try CommandLineTool.run(["plot", "--chart", "ranked", "--indicator", "roaa"])
        #expect(unknown.status == 2)
        #expect(unknown.error.contains("did you mean 'roa'"))
        let noField = try CommandLineTool.run(["plot", "--chart", "box", "--indicator", "roa", "--by", "regoin"])
        #expect(noField.status == 2)
        #expect(noField.error.contains("did you mean 'region'"))
        let noColumn = try CommandLineTool.run([
            "plot", "--sample", "microrate29", "--chart", "ranked", "--indicator", "roe",
        ])
        #expect(noColumn.status == 2)
        #expect(noColumn.error.contains("has no 'roe' column"))
        let missingX = try CommandLineTool.run(["plot", "--chart", "scatter", "--y", "oss"])
        #expect(missingX.status == 2)
    }
}
