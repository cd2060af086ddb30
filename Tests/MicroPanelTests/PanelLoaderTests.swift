import Foundation
import MicroPanel
import MicroPanelGzip
import MicroPanelTestSupport
import Synchronization
import Testing

@Suite("panel loader")
struct PanelLoaderTests {
    let directory: TemporaryDirectory
    init() throws { directory = try TemporaryDirectory() }

    @Test("several files with one header are one panel, in order; gzip and plain mix")
    func severalFiles() throws {
        defer { directory.remove() }
        let first = try directory.write("a.csv", text: "MFI ID,Fiscal Year,Assets\nA,2010,1\nA,2011,2\n")
        let second = try directory.write(
            "b.csv.gz", GzipTool.compress(Array("MFI ID,Fiscal Year,Assets\nB,2010,3\n".utf8)))
        let panel = try PanelLoader().load(paths: [first, second])
        #expect(panel.table.rowCount == 3)
        #expect(Array(try #require(panel.table.number("assets")).values) == [1, 2, 3])
        #expect(panel.report.inputs.map(\.rows) == [2, 1])
        #expect(panel.report.inputs.map(\.format) == [.plain, .gzip])
    }

    @Test("files with different headers are a clear error naming both")
    func differentHeaders() throws {
        defer { directory.remove() }
        let first = try directory.write("a.csv", text: "MFI ID,Fiscal Year,Assets\nA,2010,1\n")
        let second = try directory.write("b.csv", text: "MFI ID,Fiscal Year,Equity\nB,2010,3\n")
        let error = #expect(throws: CSVError.self) { _ = try PanelLoader().load(paths: [first, second]) }
        #expect(error?.file == second)
        #expect(error?.description.contains("column 3 is 'Equity' where \(first) has 'Assets'") == true)
    }

    @Test("errors name the file: CSV errors by line and column, gzip errors by byte")
    func errorsNameTheFile() throws {
        defer { directory.remove() }
        let ragged = try directory.write("ragged.csv", text: "MFI ID,Fiscal Year\nA,2010\nB\n")
        let csvError = #expect(throws: CSVError.self) { _ = try PanelLoader().load(paths: [ragged]) }
        #expect(csvError?.description.hasPrefix("\(ragged):3:1: expected 2 fields") == true)

        let compressed = try GzipTool.compress(Array("MFI ID,Fiscal Year\nA,2010\n".utf8))
        let truncated = try directory.write("cut.csv.gz", Array(compressed.dropLast(5)))
        let gzipError = #expect(throws: InputError.self) { _ = try PanelLoader().load(paths: [truncated]) }
        #expect(gzipError?.description.hasPrefix("\(truncated): byte ") == true)
    }

    @Test("an error while decoded chunks still wait in the ring stops the load cleanly, again and again")
    func errorWithChunksInFlight() throws {
        defer { directory.remove() }
        var text = "MFI ID,Fiscal Year\n"
        for row in 0..<2000 { text += "A\(row),2010\n" }
        text += "B,20\"10\n"
        let path = try directory.write("late-error.csv", text: text)
        var options = LoadOptions()
        options.readSize = 64 // the ring fills long before the scanner reaches the error
        for _ in 0..<20 {
            let error = #expect(throws: CSVError.self) { _ = try PanelLoader(options: options).load(paths: [path]) }
            #expect(error?.line == 2002)
        }
    }

    @Test("skipped rows are counted in the report")
    func skippedRowsReported() throws {
        defer { directory.remove() }
        let path = try directory.write("r.csv", text: "MFI ID,Fiscal Year\nA,2010\nB\nC,2011,x\nD,2012\n")
        var options = LoadOptions()
        options.csv.badRows = .skip
        let panel = try PanelLoader(options: options).load(paths: [path])
        #expect(panel.table.rowCount == 2)
        #expect(panel.report.skippedRows == 2)
        #expect(panel.report.inputs[0].skippedRowLines == [3, 4])
    }

    @Test("a large generated file crosses many read and scan buffers intact")
    func largeFile() throws {
        defer { directory.remove() }
        var text = "MFI ID,Fiscal Year,MFI Name,Assets,Equity\n"
        for row in 0..<50_000 {
            text +=
                "M\(row % 977),\(2000 + row % 20),\"Name \(row % 977), Ltd\",\(row).25,\(row % 7 == 0 ? "" : String(-row))\n"
        }
        let path = try directory.write("big.csv.gz", GzipTool.compress(Array(text.utf8)))
        var options = LoadOptions()
        options.readSize = 4096
        let table = try PanelLoader(options: options).load(paths: [path]).table
        #expect(table.rowCount == 50_000)
        let assets = try #require(table.number("assets"))
        #expect(assets[49_999] == 49_999.25)
        #expect(table.number("equity")?.missingCount == (0..<50_000).count { $0 % 7 == 0 })
        #expect(table.text("mfi_name")?.dictionary.count == 977)
        #expect(table.text("mfi_name")?[978] == "Name 1, Ltd")
    }

    @Test("work after each batch is told whether the loading thread has time to spare: not while decoded chunks wait")
    func spareTimeSignal() throws {
        defer { directory.remove() }
        var text = "MFI ID,Fiscal Year,Assets\n"
        for row in 0..<400_000 { text += "M\(row % 977),\(2000 + row % 20),\(row).5\n" }
        let encoder = BlockedGzipEncoder(level: 1, threads: 2)
        var compressed: [UInt8] = []
        Array(text.utf8).withUnsafeBytes { encoder.compress($0) { compressed += $0 } }
        encoder.finish { compressed += $0 }
        let path = try directory.write("blocked.csv.gz", compressed)
        let calls = Mutex<[Bool]>([])
        var options = LoadOptions()
        options.readSize = 64 << 10
        // A slow consumer: chunks (inflated ahead on other threads) are waiting for it.
        options.afterBatch = { _, _, spareTime in
            calls.withLock { $0.append(spareTime) }
            usleep(1000)
        }
        let panel = try PanelLoader(options: options).load(paths: [path])
        #expect(panel.table.rowCount == 400_000)
        #expect(panel.report.inputs[0].gzipMembers > 1)
        let seen = calls.withLock { $0 }
        #expect(seen.count > 50)
        #expect(seen.dropLast().filter { $0 }.count * 4 < seen.count)
        // After the input ended, all the time is spare.
        #expect(seen.last == true)
    }
}
