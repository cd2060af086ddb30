import Foundation
import MicroPanel
import MicroPanelTestSupport
import Testing

/// `-o FILE.dta` and `-o FILE.parquet` through the command (the values, read back by pandas,
/// pyreadstat, pyarrow, DuckDB and polars, are `scripts/dataset-check`'s).
@Suite struct DatasetOutputTests {
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

    @Test func computeAndSummarizeWriteParquetFiles() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        for arguments in [
            ["compute", "-o", directory.path("a.parquet")],
            ["compute", "--row-group-rows", "100", "--indicators", "roa", "-o", directory.path("b.parquet")],
            ["summarize", "--by", "region", "--wide", "-o", directory.path("c.parquet")],
        ] {
            let result = try CommandLineTool.run(arguments + ["-q"])
            #expect(result.status == 0, "\(arguments): \(result.error)")
            let data = try readBytes(arguments.last!)
            #expect(data.prefix(4) == Array("PAR1".utf8)[...] && data.suffix(4) == Array("PAR1".utf8)[...])
            // The footer names the tool and its version.
            #expect(data.firstRange(of: Array("MicroPanel version ".utf8)) != nil)
        }
        // Same run, same bytes, whatever the thread count.
        let again = try CommandLineTool.run(["compute", "--threads", "1", "-o", directory.path("a1.parquet"), "-q"])
        #expect(again.status == 0, "\(again.error)")
        #expect(try readBytes(directory.path("a.parquet")) == readBytes(directory.path("a1.parquet")))
        // Smaller row groups: the same column written in more chunks, so a longer file.
        let oneGroup = try CommandLineTool.run([
            "compute", "--indicators", "roa", "-o", directory.path("b1.parquet"), "-q",
        ])
        #expect(oneGroup.status == 0)
        #expect(try readBytes(directory.path("b.parquet")).count > readBytes(directory.path("b1.parquet")).count)
    }

    @Test func povertyAndPortfolioWriteDatasetsToo() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let tape = directory.path("tape.csv")
        try Data(PortfolioTests.tape.utf8).write(to: URL(fileURLWithPath: tape))
        for (arguments, magic) in [
            (["poverty", "-o", directory.path("rates.dta")], "<stata_dta>"),
            (["poverty", "-o", directory.path("rates.parquet")], "PAR1"),
            (["portfolio", tape, "-o", directory.path("panel.dta")], "<stata_dta>"),
            (["portfolio", tape, "-o", directory.path("panel.parquet")], "PAR1"),
        ] {
            let result = try CommandLineTool.run(arguments + ["-q"])
            #expect(result.status == 0, "\(arguments): \(result.error)")
            #expect(try readBytes(arguments[arguments.count - 1]).starts(with: Array(magic.utf8)), "\(arguments)")
        }
    }

    @Test func binaryOutputMistakesAreUsageErrors() throws {
        for (arguments, message) in [
            (["compute", "-o", "x.dta.gz"], "a Stata dataset is not compressed afterwards: name it FILE.dta"),
            (["compute", "--format", "dta"], "a Stata dataset is a file: name it -o FILE.dta"),
            (["compute", "-o", "x.parquet.gz"], "a Parquet file is not compressed afterwards: name it FILE.parquet"),
            (
                ["summarize", "--by", "region", "--format", "parquet"],
                "a Parquet file is a file: name it -o FILE.parquet"
            ),
            (["compute", "--row-group-rows", "10", "-o", "x.csv"], "--row-group-rows is for a Parquet output"),
            (["compute", "--row-group-rows", "0", "-o", "x.parquet"], "--row-group-rows 0: from 1 to 1000000"),
            (["compute", "--row-group-rows", "2000000", "-o", "x.parquet"], "--row-group-rows 2000000: from 1 to"),
        ] {
            let result = try CommandLineTool.run(arguments)
            #expect(result.status == 2, "\(arguments)")
            #expect(result.error.contains(message), "\(arguments): \(result.error)")
        }
    }
}
