import Foundation
import MicroPanel
import MicroPanelGzip
import MicroPanelTestSupport
import Testing

/// A small valid panel the bad inputs are made from.
private let header =
    "MFI ID,MFI Name,Country,Fiscal Year,Assets,Liabilities,Equity,Gross Loan Portfolio,"
    + "Number of active borrowers,Net operating income,Operating expense,Financial revenue from loans"
private let panel =
    header + "\n"
    + (0..<40).map { row in
        "M\(row / 4),Name \(row / 4),Peru,\(2005 + row % 4),\(1000 + row),\(800 + row),200,700,350,50,70,140"
    }.joined(separator: "\n") + "\n"

/// What `compute` must do with one bad input: exit 3 with one line naming the file and saying
/// `expected`, and write nothing.
struct BadInput: Sendable, CustomStringConvertible {
    var name: String
    var bytes: @Sendable () throws -> [UInt8]
    var expected: String
    var description: String { name }
}

@Suite("bad input")
struct BadInputTests {
    let directory: TemporaryDirectory
    init() throws { directory = try TemporaryDirectory() }

    static let cases: [BadInput] = [
        BadInput(name: "empty file", bytes: { [] }, expected: "no header row: the input is empty"),
        BadInput(name: "header only", bytes: { Array((header + "\n").utf8) }, expected: "no data rows, only a header"),
        BadInput(
            name: "binary noise", bytes: { noise(count: 5000, seed: 7) }, expected: "binary data (a NUL byte at offset"),
        BadInput(
            name: "zip archive of a CSV", bytes: { WorkbookTests.zip([("panel.csv", panel)]) },
            expected: "not an .xlsx workbook: the archive has no xl/workbook.xml (a zip of other files? unzip it"),
        BadInput(
            name: "old Excel workbook",
            bytes: { [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] + noise(count: 600, seed: 3) },
            expected: "Excel 97-2003 (.xls)"),
        BadInput(
            name: "UTF-16 text", bytes: { [0xFF, 0xFE] + Array(panel.utf8).flatMap { [$0, 0] } },
            expected: "UTF-16 text: convert it to UTF-8"),
        BadInput(
            name: "gzip of gzip", bytes: { try GzipTool.compress(GzipTool.compress(Array(panel.utf8))) },
            expected: "gzip-compressed twice"),
        BadInput(
            name: "wrong CRC",
            bytes: {
                var bytes = try GzipTool.compress(Array(panel.utf8))
                bytes[bytes.count - 8] ^= 0xFF
                return bytes
            }, expected: "corrupt gzip data: incorrect data check"),
        BadInput(
            name: "wrong length in the gzip trailer",
            bytes: {
                var bytes = try GzipTool.compress(Array(panel.utf8))
                bytes[bytes.count - 4] ^= 0x01
                return bytes
            }, expected: "corrupt gzip data: incorrect length check"),
        BadInput(
            name: "unterminated quote at end of file", bytes: { Array((panel + "M9,\"open name").utf8) },
            expected: "quoted field is never closed"),
        BadInput(
            name: "field over 1 MiB",
            bytes: { Array((header + "\nM1," + String(repeating: "x", count: 1_100_000) + ",Peru,2010\n").utf8) },
            expected: "field longer than 1048576 bytes (raise the limit with --max-field-bytes)"),
        BadInput(
            name: "invalid UTF-8 in a name",
            bytes: { Array((header + "\nM1,Caf").utf8) + [0xE9] + Array(",Peru,2010,1,1,1,1,1,1,1,1\n".utf8) },
            expected: "column 'MFI Name': text is not valid UTF-8"),
        BadInput(
            name: "invalid UTF-8 in the header",
            bytes: { [0x4D, 0xFF] + Array((header.dropFirst() + "\n" + "M1,a,Peru,2010,1,1,1,1,1,1,1,1\n").utf8) },
            expected: ":1:1: text is not valid UTF-8"),
        BadInput(
            name: "1e999", bytes: { Array((header + "\nM1,a,Peru,2010,1e999,1,1,1,1,1,1,1\n").utf8) },
            expected: "column 'Assets': number out of range: '1e999'"),
        BadInput(
            name: "nan", bytes: { Array((header + "\nM1,a,Peru,2010,nan,1,1,1,1,1,1,1\n").utf8) },
            expected: "expected a number, found 'nan' (use --on-bad-number missing"),
        BadInput(
            name: "thousands separator",
            bytes: { Array((header + "\nM1,a,Peru,2010,\"1,234.5\",1,1,1,1,1,1,1\n").utf8) },
            expected: "found '1,234.5'"),
        BadInput(
            name: "accounting negative", bytes: { Array((header + "\nM1,a,Peru,2010,(120),1,1,1,1,1,1,1\n").utf8) },
            expected: "found '(120)'"),
        BadInput(
            name: "duplicate headers", bytes: { Array((header + ",Assets\nM1,a,Peru,2010,1,1,1,1,1,1,1,1,2\n").utf8) },
            expected: "header names 'Assets' again (first in column 5)"),
        BadInput(
            name: "ragged row", bytes: { Array((panel + "M9,a,Peru\n").utf8) },
            expected: ":42:3: expected 12 fields as in the header, found 3"),
    ]

    @Test("exits 3 with one line naming the file and the problem, and writes no output", arguments: cases)
    func rejected(_ input: BadInput) throws {
        defer { directory.remove() }
        let path = try directory.write("input", input.bytes())
        let output = directory.path("out.csv")
        let result = try CommandLineTool.run(["compute", path, "-o", output])
        #expect(result.status == 3)
        #expect(result.error.hasPrefix("micropanel: \(path)"))
        #expect(result.error.contains(input.expected), "\(result.error)")
        #expect(result.error.split(separator: "\n").count == 1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.url.path) == ["input"])
    }

    @Test("a gzip file cut anywhere is an error, never a partial table")
    func truncatedGzip() throws {
        defer { directory.remove() }
        let whole = try GzipTool.compress(Array(panel.utf8))
        // From 2 bytes on, the file is recognisably gzip (a lone 0x1F byte is one byte of text).
        for cut in stride(from: 2, to: whole.count, by: max(1, whole.count / 60)) {
            let error = #expect(throws: InputError.self, "cut at \(cut) of \(whole.count)") {
                _ = try PanelLoader().load([.memory(name: "cut.csv.gz", bytes: Array(whole[0..<cut]))])
            }
            #expect(
                error?.kind == .truncated || error?.description.contains("corrupt") == true,
                "\(String(describing: error))")
        }
        let path = try directory.write("cut.csv.gz", Array(whole.dropLast(3)))
        let result = try CommandLineTool.run(["compute", path, "-o", directory.path("out.csv")])
        #expect(result.status == 3)
        #expect(result.error.contains("gzip data ends early: the file is truncated"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.url.path) == ["cut.csv.gz"])
    }

    @Test("a flipped byte in gzip data is an error, never wrong numbers")
    func flippedBytes() throws {
        let whole = try GzipTool.compress(Array(panel.utf8))
        // Past the 10-byte header (its time stamp and OS byte may change freely).
        for offset in stride(from: 10, to: whole.count, by: 7) {
            var bytes = whole
            bytes[offset] ^= 0x10
            #expect(throws: (any Error).self, "flipped byte \(offset)") {
                _ = try PanelLoader().load([.memory(name: "flipped.csv.gz", bytes: bytes)])
            }
        }
    }

    @Test("a line longer than the row limit is an error naming the limit and the option, not an allocation")
    func hugeLine() throws {
        defer { directory.remove() }
        let path = try directory.write(
            "long.csv", Array((header + "\n" + String(repeating: "1,", count: 600_000) + "\n").utf8))
        let result = try CommandLineTool.run([
            "compute", path, "-o", directory.path("out.csv"), "--max-row-bytes", "100000",
        ])
        #expect(result.status == 3)
        #expect(
            result.error.contains("row longer than 100000 bytes (raise the limit with --max-row-bytes)"),
            "\(result.error)")
    }

    @Test("bad numbers read as missing when asked, counted and reported")
    func badNumbersAsMissing() throws {
        defer { directory.remove() }
        let text = panel + "M9,a,Peru,2010,(120),1e999,nan,\"1,234.5\",1,1,1,1\n"
        let path = try directory.write("numbers.csv", text: text)
        let result = try CommandLineTool.run([
            "compute", path, "-o", directory.path("out.csv"), "--on-bad-number", "missing",
        ])
        #expect(result.status == 0, "\(result.error)")
        for column in ["Assets", "Liabilities", "Equity", "Gross Loan Portfolio"] {
            #expect(result.error.contains("column '\(column)': 1 value"), "\(result.error)")
        }
        #expect(FileManager.default.fileExists(atPath: directory.path("out.csv")))
    }

    @Test(
        "odd but valid panels compute: 100,000 columns, an MFI with 75 years, a 1 MB name, zero and negative denominators"
    )
    func oddButValid() throws {
        defer { directory.remove() }
        let wide =
            "MFI ID,Fiscal Year,Gross Loan Portfolio," + (0..<100_000).map { "extra \($0)" }.joined(separator: ",")
            + "\n"
            + "M1,2010,5," + Array(repeating: "1", count: 100_000).joined(separator: ",") + "\n"
        // Every plausible fiscal year but the last few: more than the insertion sort's 32.
        let years =
            header + "\n"
            + (0..<75).map { "M1,a,Peru,\(1950 + $0),\($0 + 1),1,\($0),1,1,1,1,1" }.joined(separator: "\n") + "\n"
        let longName = header + "\nM1," + String(repeating: "n", count: 1_000_000) + ",Peru,2010,1,1,1,1,1,1,1,1\n"
        let denominators =
            header + "\n"
            + (0..<12).map { row in
                let value = row % 3 == 0 ? "0" : row % 3 == 1 ? "-5" : ""
                return "M\(row / 4),a,Peru,\(2005 + row % 4),"
                    + Array(repeating: value, count: 8).joined(separator: ",")
            }.joined(separator: "\n") + "\n"
        for (name, text, rows) in [
            ("wide", wide, 1), ("years", years, 75), ("name", longName, 1), ("zero", denominators, 12),
        ] {
            let path = try directory.write("\(name).csv", text: text)
            let output = directory.path("\(name)-out.csv")
            let result = try CommandLineTool.run(["compute", path, "-o", output, "-q"])
            #expect(result.status == 0, "\(name): \(result.error)")
            let lines = String(decoding: try readBytes(output), as: UTF8.self).split(separator: "\n")
            #expect(lines.count == rows + 1, "\(name)")
            let cells = lines.dropFirst().flatMap { $0.split(separator: ",", omittingEmptySubsequences: false) }
            #expect(
                !cells.contains { ["inf", "-inf", "nan", "-nan"].contains($0.lowercased()) },
                "\(name): a non-finite number was written")
        }
    }
}

/// Deterministic pseudo-random bytes, with NULs.
private func noise(count: Int, seed: UInt64) -> [UInt8] {
    var random = SeededGenerator(seed: seed)
    return random.bytes(count: count)
}
