/// The little of XML a workbook's parts need, on bytes: a tag's attributes, and text with its
/// character references and entities (`&amp;`, `&#233;`, `&#xE9;`) and OOXML's `_xHHHH_`
/// escapes decoded.
enum XMLText {
    /// The value of attribute `name` (`r`, `t`) in `tag`, the bytes of a start tag.
    static func attribute(_ name: String, in tag: ArraySlice<UInt8>) -> ArraySlice<UInt8>? {
        let key = Array(name.utf8)
        var index = tag.startIndex
        while index < tag.endIndex {
            // An attribute starts after a space: its name, `=`, then a quoted value.
            guard
                tag[index] == UInt8(ascii: " ") || tag[index] == UInt8(ascii: "\t") || tag[index] == UInt8(ascii: "\n")
                    || tag[index] == UInt8(ascii: "\r")
            else {
                index += 1
                continue
            }
            let nameStart = index + 1
            let nameEnd = nameStart + key.count
            if nameEnd + 1 < tag.endIndex, tag[nameStart..<nameEnd].elementsEqual(key),
                tag[nameEnd] == UInt8(ascii: "=")
            {
                let quote = tag[nameEnd + 1]
                let valueStart = nameEnd + 2
                guard let valueEnd = tag[valueStart...].firstIndex(of: quote) else { return nil }
                return tag[valueStart..<valueEnd]
            }
            index += 1
        }
        return nil
    }

    /// Appends `text` to `out`, references and escapes decoded.
    static func appendDecoded<Bytes: Collection<UInt8>>(_ text: Bytes, to out: inout [UInt8]) where Bytes.Index == Int {
        var index = text.startIndex
        while index < text.endIndex {
            let byte = text[index]
            if byte == UInt8(ascii: "&"), let end = text[index...].prefix(12).firstIndex(of: UInt8(ascii: ";")) {
                if let scalar = reference(text[(index + 1)..<end]) {
                    out += Array(String(Character(scalar)).utf8)
                    index = end + 1
                    continue
                }
            } else if byte == UInt8(ascii: "_"), index + 6 < text.endIndex, text[index + 1] == UInt8(ascii: "x"),
                text[index + 6] == UInt8(ascii: "_"), let code = hex(text[(index + 2)..<(index + 6)]),
                let scalar = Unicode.Scalar(code)
            {
                out += Array(String(Character(scalar)).utf8)
                index += 7
                continue
            }
            out.append(byte)
            index += 1
        }
    }

    /// The character `&name;` stands for (the name without `&` and `;`).
    private static func reference(_ name: some Collection<UInt8>) -> Unicode.Scalar? {
        switch String(decoding: name, as: UTF8.self) {
        case "amp": return "&"
        case "lt": return "<"
        case "gt": return ">"
        case "quot": return "\""
        case "apos": return "'"
        default:
            guard name.first == UInt8(ascii: "#") else { return nil }
            let digits = name.dropFirst()
            if digits.first == UInt8(ascii: "x") || digits.first == UInt8(ascii: "X") {
                return hex(digits.dropFirst()).flatMap(Unicode.Scalar.init)
            }
            return UInt32(String(decoding: digits, as: UTF8.self)).flatMap(Unicode.Scalar.init)
        }
    }

    private static func hex(_ digits: some Collection<UInt8>) -> UInt32? {
        guard !digits.isEmpty else { return nil }
        return UInt32(String(decoding: digits, as: UTF8.self), radix: 16)
    }

    /// The first index of `pattern` in `bytes` from `start`, or nil.
    static func find<Bytes: Collection<UInt8>>(_ pattern: [UInt8], in bytes: Bytes, from start: Int) -> Int?
    where Bytes.Index == Int {
        guard let first = pattern.first, start < bytes.endIndex else { return nil }
        var index = start
        while let candidate = bytes[index...].firstIndex(of: first) {
            if candidate + pattern.count > bytes.endIndex { return nil }
            if bytes[candidate..<candidate + pattern.count].elementsEqual(pattern) { return candidate }
            index = candidate + 1
        }
        return nil
    }

    /// The index of the `>` that ends the tag starting at `start` (quoted `>` skipped), or nil.
    static func tagEnd<Bytes: Collection<UInt8>>(in bytes: Bytes, from start: Int) -> Int? where Bytes.Index == Int {
        var quote: UInt8?
        var index = start
        while index < bytes.endIndex {
            let byte = bytes[index]
            if let open = quote {
                if byte == open { quote = nil }
            } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                quote = byte
            } else if byte == UInt8(ascii: ">") {
                return index
            }
            index += 1
        }
        return nil
    }

    /// The texts of the `<t>` elements inside `element` (a shared string `<si>` or an inline
    /// string `<is>`), concatenated — rich-text runs joined, phonetic runs (`<rPh>`) left out.
    static func appendTexts<Bytes: Collection<UInt8>>(of element: Bytes, to out: inout [UInt8])
    where Bytes.Index == Int {
        var index = element.startIndex
        while let open = element[index...].firstIndex(of: UInt8(ascii: "<")), let end = tagEnd(in: element, from: open)
        {
            let tag = element[open...end]
            index = end + 1
            if tag.starts(with: Array("<rPh".utf8)) {
                // A phonetic run: its text is a reading aid, not the cell's.
                guard let close = find(Array("</rPh>".utf8), in: element, from: index) else { return }
                index = close + 6
            } else if (tag.starts(with: Array("<t>".utf8)) || tag.starts(with: Array("<t ".utf8)))
                && element[end - 1] != UInt8(ascii: "/")
            {
                guard let close = find(Array("</t>".utf8), in: element, from: index) else { return }
                appendDecoded(element[index..<close], to: &out)
                index = close + 4
            }
        }
    }
}
