/// A self-contained HTML document: its CSS inline, figures as inline SVG, no script and nothing
/// loaded from anywhere; it prints with each section on a new page.
public struct HTMLPage: Sendable {
    private var body = ""
    private let title: String

    /// An empty page titled `title`.
    public init(title: String) { self.title = title }

    /// `value` escaped for HTML text and attribute values.
    static func escaped(_ value: String) -> String { SVGText.escaped(value) }

    /// A heading; `id` makes it a target of the page's own links.
    public mutating func heading(_ text: String, level: Int, id: String? = nil) {
        let anchor = id.map { " id=\"\(Self.escaped($0))\"" } ?? ""
        body += "<h\(level)\(anchor)>\(Self.escaped(text))</h\(level)>\n"
    }

    /// A paragraph of text.
    public mutating func paragraph(_ text: String, className: String? = nil) {
        let attribute = className.map { " class=\"\($0)\"" } ?? ""
        body += "<p\(attribute)>\(Self.escaped(text))</p>\n"
    }

    /// A list of links to the page's own sections: (title, id).
    public mutating func contents(_ entries: [(title: String, id: String)]) {
        body += "<nav><ol>\n"
        for entry in entries {
            body += "<li><a href=\"#\(Self.escaped(entry.id))\">\(Self.escaped(entry.title))</a></li>\n"
        }
        body += "</ol></nav>\n"
    }

    /// A figure: an SVG document drawn inline.
    public mutating func figure(_ svg: String) {
        body += "<figure>\n\(svg)</figure>\n"
    }

    /// A table; the cells of `numeric` columns align right.
    public mutating func table(header: [String], rows: [[String]], numeric: Set<Int> = []) {
        body += "<table>\n<thead><tr>"
        for (index, cell) in header.enumerated() {
            body += "<th\(numeric.contains(index) ? " class=\"number\"" : "")>\(Self.escaped(cell))</th>"
        }
        body += "</tr></thead>\n<tbody>\n"
        for row in rows {
            body += "<tr>"
            for (index, cell) in row.enumerated() {
                body += "<td\(numeric.contains(index) ? " class=\"number\"" : "")>\(Self.escaped(cell))</td>"
            }
            body += "</tr>\n"
        }
        body += "</tbody>\n</table>\n"
    }

    /// Markup written as it is (a container's tags).
    public mutating func raw(_ markup: String) { body += markup }

    /// Starts a section (on a new page when printed); ``endSection()`` ends it.
    public mutating func section(id: String? = nil) {
        body += "<section\(id.map { " id=\"\(Self.escaped($0))\"" } ?? "")>\n"
    }

    public mutating func endSection() { body += "</section>\n" }

    /// The document.
    public func html() -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(Self.escaped(title))</title>
        <style>
        body { font-family: Helvetica, Arial, sans-serif; color: #222222; max-width: 840px; margin: 24px auto; padding: 0 16px; line-height: 1.4; }
        h1 { font-size: 24px; } h2 { font-size: 19px; margin-top: 32px; border-bottom: 1px solid #DDDDDD; } h3 { font-size: 15px; }
        figure { margin: 12px 0; } figure svg { max-width: 100%; height: auto; }
        table { border-collapse: collapse; font-size: 12px; margin: 8px 0 16px; }
        th, td { padding: 3px 8px; border-bottom: 1px solid #E5E5E5; text-align: left; }
        th.number, td.number { text-align: right; font-variant-numeric: tabular-nums; }
        p.note { color: #555555; font-size: 12px; }
        nav ol { columns: 2; font-size: 13px; }
        div.profile { display: grid; grid-template-columns: 1fr 1fr; gap: 4px 12px; } div.profile figure { margin: 0; }
        @media print { body { max-width: none; margin: 0; } section { break-before: page; } figure, table { break-inside: avoid; } nav { display: none; } }
        </style>
        </head>
        <body>
        \(body)</body>
        </html>

        """
    }
}
