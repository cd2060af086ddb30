import MicroPanelSupport

/// Helpers for the raw bytes of one field.
public enum CSVField {
    static let quote = UInt8(ascii: "\"")

    /// Whether the raw field is enclosed in quotes.
    @inline(__always)
    public static func isQuoted(_ raw: UnsafeRawBufferPointer) -> Bool {
        raw.count >= 2 && raw[0] == quote && raw[raw.count - 1] == quote
    }

    /// The field's value: quotes removed and doubled quotes made single. Unquoted fields are
    /// returned as they are; `scratch` holds the unescaped bytes of quoted fields that need it.
    ///
    /// Returns nil for a field that opens a quote but does not end with one (the scanner lets a
    /// carriage return after a closing quote pass; this catches it).
    package static func value(_ raw: UnsafeRawBufferPointer, scratch: GrowableBuffer<UInt8>) -> UnsafeRawBufferPointer?
    {
        guard raw.count > 0, raw[0] == quote else { return raw }
        guard isQuoted(raw) else { return nil }
        let inner = UnsafeRawBufferPointer(rebasing: raw[1..<(raw.count - 1)])
        guard inner.contains(quote) else { return inner }
        scratch.count = 0
        var index = 0
        while index < inner.count {
            let byte = inner[index]
            scratch.append(byte)
            index += byte == quote ? 2 : 1
        }
        return UnsafeRawBufferPointer(scratch.elements)
    }

    /// The field's value as a `String`: unquoted, unescaped, validated as UTF-8.
    public static func string(_ raw: UnsafeRawBufferPointer) -> String? {
        let scratch = GrowableBuffer<UInt8>(capacity: raw.count)
        guard let value = value(raw, scratch: scratch) else { return nil }
        return String(validating: value, as: UTF8.self)
    }
}
