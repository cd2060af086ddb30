/// Little-endian fields of a partial result (``TallyPartial``), written one after another.
struct PartialWriter {
    private(set) var bytes: [UInt8] = []

    mutating func raw(_ values: [UInt8]) { bytes += values }

    mutating func integer<Value: FixedWidthInteger>(_ value: Value) {
        withUnsafeBytes(of: value.littleEndian) { bytes += $0 }
    }

    mutating func double(_ value: Double) { integer(value.bitPattern) }

    /// A text: its UTF-8 length (UInt32), then its bytes.
    mutating func text(_ value: String) {
        integer(UInt32(value.utf8.count))
        bytes += value.utf8
    }

    /// A list: its length (UInt32), then each element.
    mutating func list<Element>(_ values: some Collection<Element>, _ write: (inout PartialWriter, Element) -> Void) {
        integer(UInt32(values.count))
        for value in values { write(&self, value) }
    }
}

/// Reads what ``PartialWriter`` wrote; a field past the end, or a text that is not UTF-8, is an
/// error naming the byte offset.
struct PartialReader {
    let bytes: [UInt8]
    let name: String
    private(set) var offset = 0

    init(_ bytes: [UInt8], name: String) {
        self.bytes = bytes
        self.name = name
    }

    var isAtEnd: Bool { offset == bytes.count }

    func failure(_ reason: String, at place: Int? = nil) -> PortfolioError {
        PortfolioError(.badPartial(file: name, offset: place ?? offset, reason: reason))
    }

    mutating func raw(_ count: Int) throws(PortfolioError) -> ArraySlice<UInt8> {
        guard count >= 0, bytes.count - offset >= count else { throw failure("it ends early (cut short?)") }
        defer { offset += count }
        return bytes[offset..<offset + count]
    }

    mutating func integer<Value: FixedWidthInteger>(_: Value.Type = Value.self) throws(PortfolioError) -> Value {
        let field = try raw(MemoryLayout<Value>.size)
        var value = Value.zero
        withUnsafeMutableBytes(of: &value) { $0.copyBytes(from: field) }
        return Value(littleEndian: value)
    }

    /// A count (UInt64) below 2⁴⁸, so that sums of counts cannot overflow.
    mutating func tally() throws(PortfolioError) -> Int {
        let start = offset
        let value = try integer(UInt64.self)
        guard value < 1 << 48 else { throw failure("a count of \(value)", at: start) }
        return Int(value)
    }

    mutating func double() throws(PortfolioError) -> Double { Double(bitPattern: try integer(UInt64.self)) }

    mutating func text() throws(PortfolioError) -> String {
        let start = offset
        let count = Int(try integer(UInt32.self))
        guard let text = String(validating: try raw(count), as: UTF8.self) else {
            throw failure("a text that is not UTF-8", at: start)
        }
        return text
    }

    /// A list's length, checked against the bytes left (each element at least `minimumSize` bytes).
    mutating func count(minimumSize: Int) throws(PortfolioError) -> Int {
        let count = Int(try integer(UInt32.self))
        guard count * minimumSize <= bytes.count - offset else { throw failure("a list longer than the file") }
        return count
    }
}
