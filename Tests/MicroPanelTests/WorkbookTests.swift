import Foundation
import MicroPanel
import MicroPanelFuzzing
import MicroPanelGzip
import MicroPanelTestSupport
import MicroPanelWorkbook
import Testing

/// `.xlsx` input: MIX's own workbook gives the indicators its CSV gives; a workbook built here
/// exercises what the sheet's XML can hold (shared and inline strings, rich text, entities,
/// booleans, gaps) and the archive's failures.
@Suite struct WorkbookTests {
    @Test func mixWorkbookGivesTheIndicatorsOfItsCSV() throws {
        let metadata = try Fixtures.mixMetadata()
        let fromWorkbook = try CommandLineTool.run([
            "compute", try Fixtures.mixWorkbook(), "--institutions", metadata, "-q",
        ])
        let fromCSV = try CommandLineTool.run(["compute", try Fixtures.mixPanel(), "--institutions", metadata, "-q"])
        #expect(fromWorkbook.status == 0, "\(fromWorkbook.error)")
        #expect(fromWorkbook.output.split(separator: "\n").count == 3847)
        #expect(fromWorkbook.output == fromCSV.output)
    }

    /// A stored (uncompressed) zip archive of `entries`, each flagged `flags`.
    static func zip(_ entries: [(name: String, text: String)], flags: UInt16 = 0) -> [UInt8] {
        var out: [UInt8] = []
        var directory: [UInt8] = []
        func u16(_ value: UInt16, _ bytes: inout [UInt8]) { bytes += [UInt8(value & 0xFF), UInt8(value >> 8)] }
        func u32(_ value: UInt32, _ bytes: inout [UInt8]) {
            u16(UInt16(value & 0xFFFF), &bytes)
            u16(UInt16(value >> 16), &bytes)
        }
        for (name, text) in entries {
            let data = Array(text.utf8)
            let crc = data.withUnsafeBytes { CRC32.checksum($0.baseAddress!, count: data.count) }
            let offset = UInt32(out.count)
            u32(0x0403_4B50, &out)
            for value: UInt16 in [20, flags, 0, 0, 0] { u16(value, &out) }
            u32(crc, &out)
            u32(UInt32(data.count), &out)
            u32(UInt32(data.count), &out)
            u16(UInt16(name.utf8.count), &out)
            u16(0, &out)
            out += Array(name.utf8) + data
            u32(0x0201_4B50, &directory)
            for value: UInt16 in [20, 20, flags, 0, 0, 0] { u16(value, &directory) }
            u32(crc, &directory)
            u32(UInt32(data.count), &directory)
            u32(UInt32(data.count), &directory)
            u16(UInt16(name.utf8.count), &directory)
            for _ in 0..<4 { u16(0, &directory) }
            u32(0, &directory)
            u32(offset, &directory)
            directory += Array(name.utf8)
        }
        let directoryOffset = UInt32(out.count)
        out += directory
        u32(0x0605_4B50, &out)
        u16(0, &out)
        u16(0, &out)
        u16(UInt16(entries.count), &out)
        u16(UInt16(entries.count), &out)
        u32(UInt32(directory.count), &out)
        u32(directoryOffset, &out)
        u16(0, &out)
        return out
    }

    static let workbookXML = """
        <?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" \
        xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>\
        <sheet name="Notes" sheetId="1" r:id="rId1"/><sheet name="Panel &amp; more" sheetId="2" r:id="rId2"/></sheets></workbook>
        """
    static let relationships = """
        <?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
        <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>\
        <Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/panel.xml"/>\
        <Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>\
        </Relationships>
        """
    /// Shared strings: plain, with entities, rich text in runs, a phonetic run left out, an
    /// escaped carriage return, an empty one.
    static let sharedStrings = """
        <sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="7" uniqueCount="7">\
        <si><t>MFI ID</t></si><si><t>Fiscal Year</t></si><si><t>Gross Loan Portfolio</t></si>\
        <si><t>Number of active borrowers</t></si><si><t xml:space="preserve">Caja &quot;Sur&quot;, S.A. &#233;</t></si>\
        <si><r><rPr><b/></rPr><t>Bold</t></r><r><t xml:space="preserve"> and plain</t></r><rPh sb="0" eb="1"><t>ignored</t></rPh></si>\
        <si><t>line_x000D_break</t></si><si/></sst>
        """
    /// The panel sheet: a header of five columns (the fifth a text); row 2 with every kind of
    /// cell; row 3 missing (a blank line); row 4 with a skipped column and short of the header.
    static let panelSheet = """
        <worksheet><sheetData>\
        <row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c>\
        <c r="D1" t="s"><v>3</v></c><c r="E1" t="inlineStr"><is><t>Name</t></is></c></row>\
        <row r="2"><c r="A2" t="str"><v>A1</v></c><c r="B2"><v>2015</v></c><c r="C2" t="n"><v>1.5E-3</v></c>\
        <c r="D2" t="b"><v>1</v></c><c r="E2" t="s"><v>4</v></c></row>\
        <row r="4" spans="1:5"><c r="A4" t="s"><v>5</v></c><c r="C4" t="e"><v>#N/A</v></c><c r="D4" s="3"/></row>\
        <row r="5"><c r="A5" t="s"><v>6</v></c><c r="B5" t="s"><v>7</v></c></row>\
        </sheetData></worksheet>
        """

    static func workbook(extra: [(String, String)] = []) -> [UInt8] {
        zip(
            [
                ("[Content_Types].xml", "<Types/>"), ("xl/workbook.xml", workbookXML),
                ("xl/_rels/workbook.xml.rels", relationships), ("xl/sharedStrings.xml", sharedStrings),
                (
                    "xl/worksheets/sheet1.xml",
                    #"<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData></worksheet>"#
                ),
                ("xl/worksheets/panel.xml", panelSheet),
            ] + extra)
    }

    @Test func aSheetBecomesCSVText() throws {
        let workbook = try Workbook(bytes: Self.workbook(), file: "test.xlsx")
        #expect(workbook.sheetNames == ["Notes", "Panel & more"])
        #expect(String(decoding: try workbook.csv(), as: UTF8.self) == "MFI ID\n")
        let csv = String(decoding: try workbook.csv(sheet: "Panel & more"), as: UTF8.self)
        #expect(
            csv == """
                MFI ID,Fiscal Year,Gross Loan Portfolio,Number of active borrowers,Name
                A1,2015,1.5E-3,TRUE,"Caja ""Sur"", S.A. é"

                Bold and plain,,#N/A,,
                "line\rbreak",,,,

                """)
    }

    @Test func theCommandReadsANamedSheet() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("panel.xlsx")
        // A panel sheet the loader accepts: ids, years and one amount and one count.
        let sheet = """
            <worksheet><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c>\
            <c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c></row>\
            <row r="2"><c r="A2" t="inlineStr"><is><t>X</t></is></c><c r="B2"><v>2015</v></c><c r="C2"><v>1000</v></c>\
            <c r="D2"><v>4</v></c></row></sheetData></worksheet>
            """
        let bytes = Self.zip([
            ("xl/workbook.xml", Self.workbookXML), ("xl/_rels/workbook.xml.rels", Self.relationships),
            ("xl/sharedStrings.xml", Self.sharedStrings), ("xl/worksheets/sheet1.xml", "<worksheet/>"),
            ("xl/worksheets/panel.xml", sheet),
        ])
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let result = try CommandLineTool.run([
            "compute", path, "--sheet", "Panel & more", "--indicators", "avg_loan_balance", "-q",
        ])
        #expect(result.status == 0, "\(result.error)")
        #expect(result.output.contains("X,2015,250,"), "\(result.output)")
        // --sheet names the panel's sheet, not the descriptors' (here a CSV file).
        let withDescriptors = try CommandLineTool.run([
            "compute", path, "--sheet", "Panel & more", "--institutions", try Fixtures.mixMetadata(), "-q",
        ])
        #expect(withDescriptors.status == 0, "\(withDescriptors.error)")
        let missing = try CommandLineTool.run(["compute", path, "--sheet", "Panel", "-q"])
        #expect(missing.status == 3)
        #expect(
            missing.error.contains(
                "--sheet Panel: the workbook has no such sheet; its sheets are 'Notes', 'Panel & more'"))
        let notAWorkbook = try CommandLineTool.run(["compute", try Fixtures.mixPanel(), "--sheet", "Panel", "-q"])
        #expect(notAWorkbook.status == 2)
        #expect(
            notAWorkbook.error.contains("--sheet Panel: ") && notAWorkbook.error.contains("is not an .xlsx workbook"))
    }

    @Test func damagedAndForeignArchivesAreNamed() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        func run(_ bytes: [UInt8]) throws -> CommandLineTool.Result {
            let path = directory.path("x.xlsx")
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            return try CommandLineTool.run(["compute", path, "-q"])
        }
        let cases: [([UInt8], String)] = [
            (Self.zip([("word/document.xml", "<w/>")]), "not an .xlsx workbook: the archive has no xl/workbook.xml"),
            (Array(Self.workbook().prefix(400)), "the zip archive is damaged (no end-of-central-directory record)"),
            (Self.zip([("xl/workbook.xml", Self.workbookXML)], flags: 1), "an encrypted workbook"),
            (
                Self.zip([
                    ("xl/workbook.xml", Self.workbookXML), ("xl/_rels/workbook.xml.rels", Self.relationships),
                    (
                        "xl/worksheets/sheet1.xml",
                        #"<worksheet><sheetData><row r="1"><c t="s"><v>9</v></c></row></sheetData></worksheet>"#
                    ),
                ]), "expected a shared string index below 0"
            ),
        ]
        for (bytes, message) in cases {
            let result = try run(bytes)
            #expect(result.status == 3, "\(message)")
            #expect(result.error.contains(message), "\(result.error)")
        }
        // A flipped byte in a stored entry: its CRC-32 no longer matches.
        var flipped = Self.workbook()
        let at = try #require(flipped.firstRange(of: Array("Fiscal Year".utf8))).lowerBound
        flipped[at] = UInt8(ascii: "f")
        let result = try run(flipped)
        #expect(result.status == 3)
        #expect(result.error.contains("xl/sharedStrings.xml: its size or CRC-32 does not match the directory"))
    }

    /// Damaged workbooks — every byte of the test workbook changed in turn, and cut at every
    /// length — end in a result or an error, the same however the sheet's XML is split.
    @Test func damagedBytesNeverCrashTheReader() {
        let original = Self.workbook()
        var failures: [String] = []
        for index in stride(from: 0, to: original.count, by: 7) {
            var changed = original
            changed[index] ^= UInt8(truncatingIfNeeded: 0x5A &+ index)
            if let failure = FuzzTargets.workbook(changed) { failures.append("byte \(index): \(failure)") }
            if let failure = FuzzTargets.workbook(Array(original.prefix(index))) {
                failures.append("cut at \(index): \(failure)")
            }
        }
        #expect(failures.isEmpty, "\(failures.prefix(3))")
        #expect(FuzzTargets.workbook(original) == nil)
    }
}
