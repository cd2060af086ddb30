import Foundation
import MicroPanel
import MicroPanelTestSupport
import Testing

/// `-o FILE.dta` through the command (the values, read back by pandas and pyreadstat, are
/// `scripts/stata-check`'s).
@Suite struct StataOutputTests {
    @Test func computeAndSummarizeWriteStataDatasets() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        for arguments in [
            ["compute", "-o", directory.path("a.dta")],
            ["compute", "--filter", "region=Africa", "--indicators", "roa,depth_tier", "-o", directory.path("b.dta")],
            ["summarize", "--by", "region", "--wide", "-o", directory.path("c.dta")],
        ] {
            let result = try CommandLineTool.run(arguments + ["-q"])
            #expect(result.status == 0, "\(arguments): \(result.error)")
            let data = try readBytes(arguments.last!)
            #expect(data.starts(with: Array("<stata_dta><header><release>118</release>".utf8)))
            #expect(data.suffix(12) == Array("</stata_dta>".utf8)[...])
        }
        // The same run, the same bytes (no timestamp).
        let again = try CommandLineTool.run(["compute", "-o", directory.path("a2.dta"), "-q"])
        #expect(again.status == 0)
        #expect(try readBytes(directory.path("a.dta")) == readBytes(directory.path("a2.dta")))
        // Africa's rows only: N in the header is the count of the CSV's rows.
        let csv = try CommandLineTool.run(["compute", "--filter", "region=Africa", "--indicators", "roa", "-q"])
        let rows = csv.output.split(separator: "\n").count - 1
        let header = try readBytes(directory.path("b.dta"))
        let n = try #require(header.firstRange(of: Array("<N>".utf8))).upperBound
        #expect((0..<8).reduce(0) { $0 | Int(header[n + $1]) << (8 * $1) } == rows)
    }

    @Test func stataMistakesAreUsageErrors() throws {
        let compressed = try CommandLineTool.run(["compute", "-o", "x.dta.gz"])
        #expect(compressed.status == 2)
        #expect(compressed.error.contains("a Stata dataset is not compressed"))
        let standardOutput = try CommandLineTool.run(["compute", "--format", "dta"])
        #expect(standardOutput.status == 2)
        #expect(standardOutput.error.contains("a Stata dataset is a file"))
    }
}
