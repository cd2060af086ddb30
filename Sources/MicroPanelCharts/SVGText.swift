import MicroPanelSupport

/// SVG text built element by element: attribute values and text escaped for XML, coordinates
/// written with one decimal, so that the same figure is always the same bytes.
struct SVGText {
    private(set) var text = ""

    /// A number as a coordinate or length: one decimal, trailing `.0` dropped.
    static func number(_ value: Double) -> String {
        let text = fixed(value, 1)
        return text.hasSuffix(".0") ? String(text.dropLast(2)) : text
    }

    /// `value` escaped for XML text and attribute values.
    static func escaped(_ value: String) -> String {
        var result = ""
        result.reserveCapacity(value.utf8.count)
        for character in value {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&apos;"
            default: result.append(character)
            }
        }
        return result
    }

    /// An attribute: a number or a text value.
    enum Value {
        case number(Double)
        case text(String)
    }

    private static func attributes(_ attributes: KeyValuePairs<String, Value>) -> String {
        var result = ""
        for (name, value) in attributes {
            switch value {
            case .number(let value): result += " \(name)=\"\(number(value))\""
            case .text(let text): result += " \(name)=\"\(escaped(text))\""
            }
        }
        return result
    }

    /// `<name attributes/>`, or with a `<title>` (a browser's tooltip) when `title` is given.
    mutating func element(_ name: String, _ attributes: KeyValuePairs<String, Value>, title: String? = nil) {
        text += "<\(name)\(Self.attributes(attributes))"
        if let title {
            text += "><title>\(Self.escaped(title))</title></\(name)>\n"
        } else {
            text += "/>\n"
        }
    }

    /// `<text attributes>content</text>`.
    mutating func label(_ content: String, _ attributes: KeyValuePairs<String, Value>) {
        text += "<text\(Self.attributes(attributes))>\(Self.escaped(content))</text>\n"
    }

    /// Opens `<g attributes>`; ``close()`` ends it.
    mutating func group(_ attributes: KeyValuePairs<String, Value>) {
        text += "<g\(Self.attributes(attributes))>\n"
    }

    mutating func close() { text += "</g>\n" }

    /// Raw markup (already well-formed).
    mutating func raw(_ markup: String) { text += markup }
}
