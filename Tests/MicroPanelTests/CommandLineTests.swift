import MicroPanel
import MicroPanelTestSupport
import Testing

@Suite("command line")
struct CommandLineTests {
    @Test("inspect reads standard input, plain or gzip")
    func inspectStandardInput() throws {
        let text = Array("MFI ID,Fiscal Year,Assets\nA,2010,1\nB,2011,2\n".utf8)
        for input in [text, try GzipTool.compress(text)] {
            let result = try CommandLineTool.run(["inspect", "-"], input: input)
            #expect(result.status == 0)
            #expect(result.output.contains("rows:       2"))
        }
    }

    @Test("bad input exits 3 with one line naming file, line and column")
    func badInputExit() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = try directory.write("bad.csv", text: "MFI ID,Fiscal Year,Assets\nA,2010,12x\n")
        let result = try CommandLineTool.run(["inspect", path])
        #expect(result.status == 3)
        #expect(result.output.isEmpty)
        #expect(
            result.error == "micropanel: \(path):2:3: column 'Assets': expected a number, found '12x'"
                + " (use --on-bad-number missing to read such values as missing and count them)\n")
        let missing = try CommandLineTool.run(["inspect", directory.path("absent.csv")])
        #expect(missing.status == 3)
        #expect(missing.error.hasPrefix("micropanel: \(directory.path("absent.csv")): cannot open"))
    }

    @Test(
        "usage errors exit 2",
        arguments: [
            ["inspect"], ["inspect", "--on-bad-row", "maybe", "x"], ["frobnicate"],
            ["inspect", "--delimiter", "|", "x"],
        ])
    func usageExit(arguments: [String]) throws {
        let result = try CommandLineTool.run(arguments)
        #expect(result.status == 2)
        #expect(!result.error.isEmpty)
    }

    @Test("--version and --help succeed")
    func versionAndHelp() throws {
        #expect(try CommandLineTool.run(["--version"]).status == 0)
        let help = try CommandLineTool.run(["inspect", "--help"])
        #expect(help.status == 0)
        #expect(help.output.contains("--on-bad-number"))
    }
}
