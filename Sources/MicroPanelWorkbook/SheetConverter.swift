#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A worksheet's XML (`<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c>…`) turned into CSV
/// text, fed the inflated XML a chunk at a time: each complete `<row>` is converted, the rest
/// kept for the next chunk. Fields go straight into the output (a reused scratch buffer holds a
/// decoded value while its quoting is decided): nothing is allocated per cell.
struct SheetConverter {
    /// The shared strings, by index.
    let strings: [[UInt8]]
    /// The sheet's part name and the workbook's, for messages.
    let part: String
    let file: String
    /// The CSV text so far.
    private(set) var output: [UInt8] = []
    /// XML not converted yet (a row cut by the chunk's end).
    private var pending: [UInt8] = []
    /// Offset in the sheet's XML of `pending`'s first byte.
    private var pendingOffset = 0
    /// Fields in a line: the first row's (the header's).
    private var width: Int?
    /// The last sheet row written (1-based).
    private var lastRow = 0
    /// A cell's decoded value, reused.
    private var scratch: [UInt8] = []
    /// Excel's limits: rows and columns (A to XFD) in a sheet.
    static let maximumRows = 1_048_576
    static let maximumColumns = 16_384

    init(strings: [[UInt8]], part: String, file: String) {
        self.strings = strings
        self.part = part
        self.file = file
    }

    /// Converts the rows `chunk` completes.
    mutating func append(_ chunk: UnsafeRawBufferPointer) throws {
        pending += chunk
        let consumed = try pending.withUnsafeBufferPointer { try convertRows(XMLBytes($0)) }
        pendingOffset += consumed
        pending.removeFirst(consumed)
    }

    /// At the end of the sheet: nothing may be left half a row.
    func finish() throws {
        if pending.withUnsafeBufferPointer({ XMLBytes($0).element("<row", from: 0) }) != nil {
            throw error(expected: "</row> before the end of the sheet", at: 0)
        }
    }

    private func error(expected: String, at offset: Int) -> WorkbookError {
        WorkbookError(
            .malformedXML(part: part, expected: expected), file: file, byteOffset: Int64(pendingOffset + offset))
    }

    /// Converts every complete row in `xml`; returns how many bytes it used.
    private mutating func convertRows(_ xml: XMLBytes) throws -> Int {
        var index = 0
        while true {
            // Keep a tail that may be the start of "<row".
            guard let open = xml.element("<row", from: index) else { return max(index, xml.count - 4) }
            guard let end = xml.tagEnd(from: open) else { return open }
            let number = xml.attribute("r", tag: open..<end).flatMap { xml.integer($0) }
            if xml[end - 1] == UInt8(ascii: "/") {
                try convertRow(number: number, xml: xml, cells: (end + 1)..<(end + 1), offset: open)
                index = end + 1
                continue
            }
            guard let close = xml.find("</row>", from: end + 1) else { return open }
            try convertRow(number: number, xml: xml, cells: (end + 1)..<close, offset: open)
            index = close + 6
        }
    }

    /// One `<row>`'s cells (`cells`, the XML between its tags) as a CSV line.
    private mutating func convertRow(number: Int?, xml: XMLBytes, cells: Range<Int>, offset: Int) throws {
        let row = number ?? lastRow + 1
        guard row > lastRow && row <= Self.maximumRows else {
            throw error(
                expected: "rows in increasing order, at most \(Self.maximumRows) (row \(row) after \(lastRow))",
                at: offset)
        }
        // Empty rows inside the sheet as blank lines, so that line N is row N.
        if width != nil && row > lastRow + 1 {
            output.append(contentsOf: repeatElement(UInt8(ascii: "\n"), count: row - lastRow - 1))
        }
        lastRow = row
        var written = 0 // fields written in this line
        var column = -1
        var index = cells.lowerBound
        while let open = xml.element("<c", from: index), open < cells.upperBound {
            guard let end = xml.tagEnd(from: open), end < cells.upperBound else {
                throw error(expected: "the end of a <c> tag", at: open)
            }
            let reference = xml.attribute("r", tag: open..<end)
            let next = reference.flatMap { xml.column($0) } ?? column + 1
            guard next > column && next < Self.maximumColumns else {
                throw error(
                    expected: "cells in increasing column order, at most \(Self.maximumColumns) a row", at: open)
            }
            column = next
            while written < column {
                if written > 0 { output.append(UInt8(ascii: ",")) }
                written += 1
            }
            if written > 0 { output.append(UInt8(ascii: ",")) }
            written += 1
            if xml[end - 1] == UInt8(ascii: "/") {
                index = end + 1
                continue
            }
            guard let close = xml.find("</c>", from: end + 1), close <= cells.upperBound else {
                throw error(expected: "</c>", at: open)
            }
            try appendValue(xml, content: (end + 1)..<close, type: xml.attribute("t", tag: open..<end), offset: open)
            index = close + 4
        }
        if width == nil { width = written }
        while written < width! {
            if written > 0 { output.append(UInt8(ascii: ",")) }
            written += 1
        }
        output.append(UInt8(ascii: "\n"))
    }

    /// A cell's value as a CSV field: a shared string, an inline string, a boolean, or `<v>` as stored.
    private mutating func appendValue(_ xml: XMLBytes, content: Range<Int>, type: Range<Int>?, offset: Int) throws {
        scratch.removeAll(keepingCapacity: true)
        if let type, xml.equals(type, "inlineStr") {
            XMLText.appendTexts(of: xml.slice(content), to: &scratch)
            Self.appendField(scratch, to: &output)
            return
        }
        guard let open = xml.find("<v>", from: content.lowerBound), open < content.upperBound else { return }
        guard let close = xml.find("</v>", from: open + 3), close <= content.upperBound else {
            throw error(expected: "</v>", at: offset)
        }
        let value = (open + 3)..<close
        if let type, xml.equals(type, "s") {
            guard let index = xml.integer(value), strings.indices.contains(index) else {
                throw error(expected: "a shared string index below \(strings.count)", at: offset)
            }
            Self.appendField(strings[index], to: &output)
        } else if let type, xml.equals(type, "b") {
            output += xml.equals(value, "1") ? Array("TRUE".utf8) : Array("FALSE".utf8)
        } else {
            XMLText.appendDecoded(xml.slice(value), to: &scratch)
            Self.appendField(scratch, to: &output)
        }
    }

    /// `field`, quoted when it holds a comma, a quote or a line break (quotes doubled).
    private static func appendField(_ field: [UInt8], to out: inout [UInt8]) {
        let needsQuotes = field.contains {
            $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r")
        }
        guard needsQuotes else {
            out += field
            return
        }
        out.append(UInt8(ascii: "\""))
        for byte in field {
            if byte == UInt8(ascii: "\"") { out.append(byte) }
            out.append(byte)
        }
        out.append(UInt8(ascii: "\""))
    }
}

/// A part's XML bytes, searched with `memchr`: positions are offsets into the buffer.
struct XMLBytes {
    let bytes: UnsafeBufferPointer<UInt8>

    init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    var count: Int { bytes.count }

    subscript(index: Int) -> UInt8 { bytes[index] }

    func slice(_ range: Range<Int>) -> Slice<UnsafeBufferPointer<UInt8>> { bytes[range] }

    /// The first offset of `pattern` from `start`, or nil.
    func find(_ pattern: StaticString, from start: Int) -> Int? {
        let length = pattern.utf8CodeUnitCount
        let first = pattern.utf8Start.pointee
        var index = start
        while index + length <= count, let base = bytes.baseAddress,
            let hit = memchr(base + index, Int32(first), count - index)
        {
            let found = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
            guard found + length <= count else { return nil }
            if memcmp(base + found, pattern.utf8Start, length) == 0 { return found }
            index = found + 1
        }
        return nil
    }

    /// The start of the next element named `name` (`<row`, `<c`) from `start`: the name followed
    /// by a space, `>` or `/`.
    func element(_ name: StaticString, from start: Int) -> Int? {
        var index = start
        while let found = find(name, from: index) {
            let after = found + name.utf8CodeUnitCount
            guard after < count else { return nil }
            let next = bytes[after]
            if next == UInt8(ascii: " ") || next == UInt8(ascii: ">") || next == UInt8(ascii: "/") { return found }
            index = after
        }
        return nil
    }

    /// The offset of the `>` ending the tag that starts at `start` (quoted `>` skipped), or nil.
    func tagEnd(from start: Int) -> Int? { XMLText.tagEnd(in: bytes, from: start) }

    /// The value of attribute `name` (one or two letters: `r`, `t`) in the tag `tag`.
    func attribute(_ name: StaticString, tag: Range<Int>) -> Range<Int>? {
        let length = name.utf8CodeUnitCount
        var index = tag.lowerBound + 1
        while index + length + 2 < tag.upperBound {
            let byte = bytes[index]
            if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\n")
                || byte == UInt8(ascii: "\r"), memcmp(bytes.baseAddress! + index + 1, name.utf8Start, length) == 0,
                bytes[index + 1 + length] == UInt8(ascii: "=")
            {
                let quote = bytes[index + 2 + length]
                let start = index + 3 + length
                var end = start
                while end < tag.upperBound && bytes[end] != quote { end += 1 }
                return start..<end
            }
            index += 1
        }
        return nil
    }

    /// Whether the bytes of `range` are `text`.
    func equals(_ range: Range<Int>, _ text: StaticString) -> Bool {
        range.count == text.utf8CodeUnitCount
            && memcmp(bytes.baseAddress! + range.lowerBound, text.utf8Start, range.count) == 0
    }

    /// The decimal number in `range`, or nil.
    func integer(_ range: Range<Int>) -> Int? {
        guard !range.isEmpty, range.count < 19 else { return nil }
        var value = 0
        for index in range {
            let digit = Int(bytes[index]) - 48
            guard digit >= 0 && digit <= 9 else { return nil }
            value = value * 10 + digit
        }
        return value
    }

    /// The 0-based column of the cell reference in `range` (`AB12` → 27), nil without letters.
    func column(_ range: Range<Int>) -> Int? {
        var column = 0
        var letters = 0
        for index in range.prefix(3) { // XFD, the last column, has three letters
            let byte = bytes[index]
            guard byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") else { break }
            column = column * 26 + Int(byte - UInt8(ascii: "A")) + 1
            letters += 1
        }
        return letters == 0 ? nil : column - 1
    }
}
