import Foundation
import MicroPanel
import MicroPanelGzip
import MicroPanelTestSupport
import Testing

/// A small panel with a prior year, a missing value, a quote in a name and a negative equity.
private let fixture = """
    MFI ID,MFI Name,Country,Fiscal Year,Assets,Liabilities,Equity,Gross Loan Portfolio,Number of active borrowers,\
    Net operating income,Operating expense,Financial revenue from loans
    A1,"Banco ""Uno"", S.A.",Bolivia,2010,1000,800,200,700,350,50,70,140
    A1,"Banco ""Uno"", S.A.",Bolivia,2011,1200,950,250,900,400,60,80,170
    B2,Beta,Peru,2011,500,600,-100,300,,-20,40,60

    """

@Suite("micropanel compute")
struct ComputeCommandTests {
    let directory: TemporaryDirectory
    init() throws { directory = try TemporaryDirectory() }

    @Test("with no input it computes the bundled sample, says so, and prints CSV with every indicator")
    func bundledSample() throws {
        defer { directory.remove() }
        let result = try CommandLineTool.run(["compute"])
        #expect(result.status == 0, "\(result.error)")
        #expect(result.error.contains("bundled MIX sample"))
        let lines = result.output.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(lines.count == 255)
        let header = lines[0].split(separator: ",").map(String.init)
        #expect(
            header == ["mfi_id", "fiscal_year", "mfi_name", "country", "iso3", "region", "currency"]
                + IndicatorRegistry.all.map(\.id) + ["flags"])
        #expect(result.error.contains("last updated 2024-06-28"))
    }

    @Test("CSV output: rows by MFI ID then year, missing as empty cells, flags, numbers that round-trip")
    func csvOutput() throws {
        defer { directory.remove() }
        let input = try directory.write("panel.csv", text: fixture)
        let output = directory.path("out.csv")
        let result = try CommandLineTool.run([
            "compute", input, "-o", output, "--indicators", "roa,roe,debt_to_equity,oer,borrowers",
        ])
        #expect(result.status == 0, "\(result.error)")
        let table = try buildTable(String(decoding: try readBytes(output), as: UTF8.self))
        #expect(
            table.plan.headerNames == [
                "mfi_id", "fiscal_year", "mfi_name", "country", "iso3", "borrowers", "roa", "roe",
                "oer", "debt_to_equity", "flags",
            ])
        let text = String(decoding: try readBytes(output), as: UTF8.self).split(separator: "\n").map(String.init)
        #expect(text[1].hasPrefix("A1,2010,\"Banco \"\"Uno\"\", S.A.\",Bolivia,BOL,350,,,,4,"))
        #expect(text[1].hasSuffix(",roa:no_prior_year;roe:no_prior_year;oer:no_prior_year"))
        #expect(text[3].hasPrefix("B2,2011,Beta,Peru,PER,,"))
        #expect(text[3].hasSuffix(",-6,borrowers:missing_input;roa:no_prior_year;roe:no_prior_year;oer:no_prior_year"))
        // Numbers read back to exactly the library's values.
        let computed = try Pipeline.computePanel(PanelSource(paths: [input]))
        // roa is the fifth field from the end (the name holds a quoted comma).
        let fields = text[2].split(separator: ",", omittingEmptySubsequences: false)
        let roa = Double(String(fields[fields.count - 5]))
        #expect(roa == computed.results.value(.roa, row: 1))
        #expect(roa?.bitPattern == (60.0 / 1100).bitPattern)
    }

    @Test("TSV, JSONL (objects with a flags object and nulls), gzip: chosen by extension")
    func formats() throws {
        defer { directory.remove() }
        let input = try directory.write("panel.csv", text: fixture)
        for name in ["out.tsv", "out.jsonl", "out.csv.gz"] {
            let result = try CommandLineTool.run(["compute", input, "-o", directory.path(name), "-q"])
            #expect(result.status == 0, "\(result.error)")
            #expect(result.error.isEmpty)
        }
        let tsv = String(decoding: try readBytes(directory.path("out.tsv")), as: UTF8.self)
        #expect(tsv.split(separator: "\n")[0].split(separator: "\t").count == 6 + IndicatorRegistry.all.count)
        let jsonLines = String(decoding: try readBytes(directory.path("out.jsonl")), as: UTF8.self).split(
            separator: "\n")
        #expect(jsonLines.count == 3)
        let objects = try jsonLines.map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
        #expect(objects[0]["mfi_name"] as? String == "Banco \"Uno\", S.A.")
        #expect(objects[0]["fiscal_year"] as? Int == 2010)
        #expect(objects[0]["roa"] is NSNull)
        #expect((objects[0]["flags"] as? [String: String])?["roa"] == "no_prior_year")
        #expect((objects[2]["flags"] as? [String: String])?["roe"] == "no_prior_year")
        #expect(objects[1]["depth_tier"] as? String == "low_end") // 900 / 400 against GNI 1,970
        let csv = try GzipTool.decompress(try readBytes(directory.path("out.csv.gz")))
        let plain = try CommandLineTool.run(["compute", input, "-q"])
        #expect(String(decoding: csv, as: UTF8.self) == plain.output)
    }

    @Test("--gzip-blocks writes BGZF: gzip reads the same text, MicroPanel inflates its members in parallel")
    func gzipBlocks() throws {
        defer { directory.remove() }
        let output = directory.path("out.csv.gz")
        // The bundled sample's output (about 300 KB) spans several 64 KiB blocks.
        let result = try CommandLineTool.run(["compute", "-o", output, "--gzip-blocks", "-q"])
        #expect(result.status == 0, "\(result.error)")
        let compressed = try readBytes(output)
        let plain = try CommandLineTool.run(["compute", "-q"])
        #expect(String(decoding: try GzipTool.decompress(compressed), as: UTF8.self) == plain.output)
        let reader = try GzipReader(path: output)
        #expect(try ByteStreams.readAll(reader, chunkSize: 1 << 16) == Array(plain.output.utf8))
        #expect(reader.isBlocked)
        #expect(
            reader.members == (plain.output.utf8.count + BlockedGzipEncoder.blockSize - 1)
                / BlockedGzipEncoder.blockSize + 1)

        let refused = try CommandLineTool.run(["compute", "-o", directory.path("out.csv"), "--gzip-blocks"])
        #expect(refused.status == 2)
        #expect(refused.error.contains("--gzip-blocks needs a compressed output"))
    }

    @Test("'-' reads standard input and writes standard output; several inputs are one panel")
    func standardStreams() throws {
        defer { directory.remove() }
        let piped = try CommandLineTool.run(
            ["compute", "-", "-o", "-", "--indicators", "roa"],
            input: try GzipTool.compress(Array(fixture.utf8)))
        #expect(piped.status == 0)
        #expect(piped.output.split(separator: "\n").count == 4)
        let lines = fixture.split(separator: "\n")
        let first = try directory.write("a.csv", text: lines[0...2].joined(separator: "\n") + "\n")
        let second = try directory.write("b.csv", text: ([lines[0]] + lines[3...]).joined(separator: "\n") + "\n")
        let joined = try CommandLineTool.run(["compute", first, second, "--indicators", "roa", "-q"])
        #expect(joined.output == piped.output)
        let other = try directory.write("c.csv", text: "MFI ID,Fiscal Year,Equity\nC,2010,1\n")
        let mismatch = try CommandLineTool.run(["compute", first, other])
        #expect(mismatch.status == 3)
        #expect(mismatch.error.contains("several inputs must share one header"))
    }

    @Test("exit codes: 2 usage, 3 bad input, 4 unwritable output; one line on stderr")
    func exitCodes() throws {
        defer { directory.remove() }
        let input = try directory.write("panel.csv", text: fixture)
        let unknown = try CommandLineTool.run(["compute", input, "--indicators", "roa,profitability"])
        #expect(unknown.status == 2)
        #expect(unknown.error.contains("unknown indicator 'profitability'"))
        #expect(try CommandLineTool.run(["compute", input, "-o", directory.path("out.xlsx")]).status == 2)
        #expect(try CommandLineTool.run(["compute", input, "--average", "sometimes"]).status == 2)

        let bad = try directory.write("bad.csv.gz", Array(try GzipTool.compress(Array(fixture.utf8)).dropLast(9)))
        let corrupt = try CommandLineTool.run(["compute", bad])
        #expect(corrupt.status == 3)
        #expect(corrupt.error.hasPrefix("micropanel: \(bad): byte "))
        #expect(corrupt.error.split(separator: "\n").count == 1)

        let unwritable = try CommandLineTool.run(["compute", input, "-o", "/nonexistent-directory/out.csv"])
        #expect(unwritable.status == 4)
        #expect(unwritable.error.hasPrefix("micropanel: /nonexistent-directory/out.csv: cannot write:"))
        let duplicate = try directory.write("dup.csv", text: fixture + "A1,x,Bolivia,2011,1,1,1,1,1,1,1,1\n")
        #expect(try CommandLineTool.run(["compute", duplicate]).status == 3)
        #expect(try CommandLineTool.run(["compute", duplicate, "--duplicates", "keep-last", "-q"]).status == 0)
    }

    @Test("a failed run leaves the previous output intact and no temporary file")
    func atomicOutput() throws {
        defer { directory.remove() }
        let output = try directory.write("indicators.csv", text: "previous results\n")
        let bad = try directory.write("bad.csv", text: "MFI ID,Fiscal Year,Assets\nA,2010,12x\n")
        let result = try CommandLineTool.run(["compute", bad, "-o", output])
        #expect(result.status == 3)
        #expect(String(decoding: try readBytes(output), as: UTF8.self) == "previous results\n")
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: directory.url.path).sorted() == [
                "bad.csv", "indicators.csv",
            ])
        let good = try directory.write("good.csv", text: fixture)
        #expect(try CommandLineTool.run(["compute", good, "-o", output, "-q"]).status == 0)
        #expect(String(decoding: try readBytes(output), as: UTF8.self).hasPrefix("mfi_id,"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.url.path).count == 3)
    }

    @Test("the manifest records version, options, input sizes and SHA-256, and the GNI vintage")
    func manifest() throws {
        defer { directory.remove() }
        let input = try directory.write("panel.csv.gz", try GzipTool.compress(Array(fixture.utf8)))
        let manifestPath = directory.path("run.json")
        let result = try CommandLineTool.run([
            "compute", input, "-o", directory.path("out.csv"), "--manifest", manifestPath,
            "--average", "closing", "-q",
        ])
        #expect(result.status == 0, "\(result.error)")
        let manifest = try JSONSerialization.jsonObject(with: Data(try readBytes(manifestPath))) as! [String: Any]
        #expect(manifest["tool"] as? String == "micropanel")
        #expect(manifest["version"] as? String == "0.1.0")
        #expect(manifest["averaging"] as? String == "closing")
        #expect((manifest["gni_vintage"] as? String)?.contains("2024-06-28") == true)
        let inputs = manifest["inputs"] as! [[String: Any]]
        let size = try readBytes(input).count
        #expect(inputs[0]["bytes"] as? Int == size)
        #expect(inputs[0]["sha256"] as? String == sha256sum(input))
        #expect((manifest["arguments"] as? [String])?.contains("--average") == true)
    }

    @Test("a closed standard output ends the run quietly")
    func closedPipe() throws {
        defer { directory.remove() }
        let script =
            "\"\(CommandLineTool.executable.path)\" compute -q | head -c 10 > /dev/null; echo \"${PIPESTATUS[0]}\" >&2"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-c", script]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(!stderr.contains("micropanel:"))
        #expect(["0\n", "141\n"].contains(stderr), "\(stderr)")
    }
}

/// The digest `sha256sum` computes, an implementation independent of MicroPanel's.
func sha256sum(_ path: String) -> String? {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["sha256sum", path]
    let output = Pipe()
    process.standardOutput = output
    try? process.run()
    process.waitUntilExit()
    let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    return text.split(separator: " ").first.map(String.init)
}

@Suite("threads decided once")
struct ThreadsTests {
    @Test("--threads 1 inflates BGZF on one worker; more threads may use more, never more than asked")
    func decodingFollowsThreads() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        var text: [UInt8] = []
        try ScaledPanel.bundledSample().write(rows: 3000, seed: 2) { text.append(contentsOf: $0) }
        var blocked: [UInt8] = []
        let encoder = BlockedGzipEncoder(level: 1, threads: 2)
        text.withUnsafeBytes { encoder.compress($0) { blocked += $0 } }
        encoder.finish { blocked += $0 }
        let path = try directory.write("panel.csv.gz", blocked)
        var outputs: [[UInt8]] = []
        for threads in [1, 3] {
            final class Sink: ByteSink {
                var bytes: [UInt8] = []
                func write(_ more: UnsafeRawBufferPointer) throws { bytes += more }
            }
            let sink = Sink()
            let run = try Pipeline.compute(
                ComputeConfiguration(
                    source: PanelSource(
                        paths: [path], reading: LoadOptions(readSize: 64 * 1024), threads: Threads(threads)),
                    output: TableOutput(sink: sink)))
            let workers = try #require(run.report?.load.inputs.first?.peakInflatingWorkers)
            #expect(workers >= 1 && workers <= threads, "\(threads) threads: \(workers) workers")
            if threads == 1 { #expect(workers == 1) }
            outputs.append(sink.bytes)
        }
        #expect(outputs[0] == outputs[1])
        #expect(Threads(0).count == Threads.processors && Threads(5).count == 5)
    }
}
