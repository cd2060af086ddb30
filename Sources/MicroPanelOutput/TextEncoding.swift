/// Field text for each output format: CSV/TSV quoting and JSON string escaping.
enum TextEncoding {
    /// `value` as a delimited-text field: quoted (with doubled quotes) when it holds the
    /// delimiter, a quote or a line break.
    static func delimitedField(_ value: String, delimiter: UInt8) -> [UInt8] {
        var out: [UInt8] = []
        var value = value
        value.withUTF8 { appendDelimitedField($0, delimiter: delimiter, to: &out) }
        return out
    }

    /// `value` as a JSON string literal, quotes included.
    static func jsonString(_ value: String) -> [UInt8] {
        var out: [UInt8] = []
        var value = value
        value.withUTF8 { appendJSONString($0, to: &out) }
        return out
    }

    /// Appends the UTF-8 text `value` to `out` as a delimited-text field.
    static func appendDelimitedField(_ value: UnsafeBufferPointer<UInt8>, delimiter: UInt8, to out: inout [UInt8]) {
        let needsQuotes = value.contains { $0 == delimiter || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }
        guard needsQuotes else { return out.append(contentsOf: value) }
        out.append(0x22)
        for byte in value {
            out.append(byte)
            if byte == 0x22 { out.append(0x22) }
        }
        out.append(0x22)
    }

    /// Appends the UTF-8 text `value` to `out` as a JSON string literal, quotes included.
    static func appendJSONString(_ value: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        let hex: StaticString = "0123456789abcdef"
        out.append(0x22)
        for byte in value {
            switch byte {
            case 0x22, 0x5C:
                out.append(0x5C)
                out.append(byte)
            case 0x0A:
                out.append(0x5C)
                out.append(0x6E)
            case 0x0D:
                out.append(0x5C)
                out.append(0x72)
            case 0x09:
                out.append(0x5C)
                out.append(0x74)
            case 0..<0x20:
                out.append(0x5C)
                out.append(0x75)
                out.append(0x30)
                out.append(0x30)
                out.append(hex.utf8Start[Int(byte >> 4)])
                out.append(hex.utf8Start[Int(byte & 0xF)])
            default: out.append(byte)
            }
        }
        out.append(0x22)
    }
}
