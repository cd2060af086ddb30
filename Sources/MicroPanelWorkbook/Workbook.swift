/// An Excel workbook (`.xlsx`, Office Open XML) read as CSV text, so that the panel reader
/// treats a sheet as it treats a CSV export.
///
/// The archive is read with zlib (raw inflate of its entries); the shared strings are read
/// whole, the sheet's XML is inflated and scanned a chunk at a time. A sheet becomes RFC 4180
/// CSV: one line per sheet row (empty rows inside the sheet are blank lines, so line N is row N
/// when the sheet starts at row 1), every row as wide as the first (the header), numbers as the
/// sheet stores them (the shortest text of the double), booleans `TRUE`/`FALSE`, error cells as
/// their text (`#N/A`). Formats and formulas are not evaluated: a cell's stored value is read.
public struct Workbook {
    /// The sheets' names, in the workbook's order.
    public let sheetNames: [String]
    private let archive: ZipArchive
    /// Per sheet, its part in the archive (`xl/worksheets/sheet1.xml`).
    private let sheetParts: [String]
    private let sharedStringsPart: String?

    /// Whether `bytes` begin as an `.xlsx` workbook (a zip archive) does.
    public static func isWorkbook(_ bytes: some Collection<UInt8>) -> Bool { ZipArchive.isArchive(bytes) }

    /// The workbook in `bytes`, named `file` in messages.
    public init(bytes: [UInt8], file: String) throws {
        let archive = try ZipArchive(bytes: bytes, file: file)
        self.archive = archive
        func part(_ name: String) throws -> [UInt8]? {
            guard let entry = archive.entries[name] else { return nil }
            return try archive.contents(entry)
        }
        // The main part, as the package's relationships name it.
        var workbookPart = "xl/workbook.xml"
        if let rels = try part("_rels/.rels"),
            let main = Self.relationships(rels).first(where: { $0.type.hasSuffix("/officeDocument") })
        {
            workbookPart = main.target.hasPrefix("/") ? String(main.target.dropFirst()) : main.target
        }
        guard let workbook = try part(workbookPart) else { throw WorkbookError(.missingPart(workbookPart), file: file) }
        let directory = workbookPart.split(separator: "/").dropLast().joined(separator: "/")
        let relsPart =
            (directory.isEmpty ? "" : directory + "/") + "_rels/"
            + workbookPart.split(separator: "/").last! + ".rels"
        let relationships = try part(relsPart).map(Self.relationships) ?? []
        func resolve(_ target: String) -> String {
            target.hasPrefix("/") ? String(target.dropFirst()) : (directory.isEmpty ? "" : directory + "/") + target
        }
        var names: [String] = []
        var parts: [String] = []
        let bytes = workbook[...]
        var index = bytes.startIndex
        while let open = XMLText.find(Array("<sheet ".utf8), in: bytes, from: index),
            let end = XMLText.tagEnd(in: bytes, from: open)
        {
            let tag = bytes[open...end]
            index = end + 1
            guard let name = XMLText.attribute("name", in: tag), let id = XMLText.attribute("r:id", in: tag),
                let relationship = relationships.first(where: { $0.id == String(decoding: id, as: UTF8.self) })
            else {
                throw WorkbookError(
                    .malformedXML(part: workbookPart, expected: "a <sheet> with a name and a relationship id"),
                    file: file, byteOffset: Int64(open))
            }
            var decoded: [UInt8] = []
            XMLText.appendDecoded(name, to: &decoded)
            names.append(String(decoding: decoded, as: UTF8.self))
            parts.append(resolve(relationship.target))
        }
        guard !names.isEmpty else {
            throw WorkbookError(.malformedXML(part: workbookPart, expected: "at least one <sheet>"), file: file)
        }
        sheetNames = names
        sheetParts = parts
        sharedStringsPart = relationships.first { $0.type.hasSuffix("/sharedStrings") }.map { resolve($0.target) }
    }

    /// The sheet named `sheet` (the first when nil) as CSV text; the sheet's XML is converted
    /// `chunkSize` bytes at a time (the text does not depend on it: the fuzz target checks).
    public func csv(sheet: String? = nil, chunkSize: Int = 1 << 20) throws -> [UInt8] {
        var index = 0
        if let sheet {
            guard let found = sheetNames.firstIndex(of: sheet) else {
                throw WorkbookError(.noSuchSheet(name: sheet, available: sheetNames), file: archive.file)
            }
            index = found
        }
        let part = sheetParts[index]
        guard let entry = archive.entries[part] else { throw WorkbookError(.missingPart(part), file: archive.file) }
        var converter = SheetConverter(strings: try sharedStrings(), part: part, file: archive.file)
        try archive.read(entry) { chunk in
            var start = 0
            while start < chunk.count {
                let end = min(chunk.count, start + chunkSize)
                try converter.append(UnsafeRawBufferPointer(rebasing: chunk[start..<end]))
                start = end
            }
        }
        try converter.finish()
        return converter.output
    }

    /// The shared string table: each `<si>`'s text.
    private func sharedStrings() throws -> [[UInt8]] {
        guard let part = sharedStringsPart, let entry = archive.entries[part] else { return [] }
        let bytes = try archive.contents(entry)[...]
        var strings: [[UInt8]] = []
        var index = bytes.startIndex
        while let open = XMLText.find(Array("<si".utf8), in: bytes, from: index),
            let end = XMLText.tagEnd(in: bytes, from: open)
        {
            if bytes[end - 1] == UInt8(ascii: "/") {
                strings.append([])
                index = end + 1
                continue
            }
            guard let close = XMLText.find(Array("</si>".utf8), in: bytes, from: end + 1) else {
                throw WorkbookError(
                    .malformedXML(part: part, expected: "</si>"), file: archive.file, byteOffset: Int64(open))
            }
            var text: [UInt8] = []
            XMLText.appendTexts(of: bytes[(end + 1)..<close], to: &text)
            strings.append(text)
            index = close + 5
        }
        return strings
    }

    /// The `<Relationship>`s of a `.rels` part.
    private static func relationships(_ bytes: [UInt8]) -> [(id: String, type: String, target: String)] {
        var found: [(String, String, String)] = []
        let slice = bytes[...]
        var index = slice.startIndex
        while let open = XMLText.find(Array("<Relationship ".utf8), in: slice, from: index),
            let end = XMLText.tagEnd(in: slice, from: open)
        {
            let tag = slice[open...end]
            index = end + 1
            guard let id = XMLText.attribute("Id", in: tag), let target = XMLText.attribute("Target", in: tag) else {
                continue
            }
            var decoded: [UInt8] = []
            XMLText.appendDecoded(target, to: &decoded)
            found.append(
                (
                    String(decoding: id, as: UTF8.self),
                    XMLText.attribute("Type", in: tag).map { String(decoding: $0, as: UTF8.self) } ?? "",
                    String(decoding: decoded, as: UTF8.self)
                ))
        }
        return found
    }
}
