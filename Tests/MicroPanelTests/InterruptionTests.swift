import Foundation
import MicroPanel
import MicroPanelTestSupport
import Testing

@Suite("interrupted runs")
struct InterruptionTests {
    @Test(
        "SIGINT or SIGTERM mid-run removes the temporary file and leaves the previous output intact",
        arguments: [SIGTERM, SIGINT])
    func interrupted(signal: Int32) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let output = try directory.write("indicators.csv", text: "previous results\n")
        // compute reads standard input, which stays open: it is mid-run, its output file open.
        let process = Process()
        process.executableURL = CommandLineTool.executable
        process.arguments = ["compute", "-", "-o", output, "-q"]
        let input = Pipe()
        process.standardInput = input
        try process.run()
        input.fileHandleForWriting.write(Data("MFI ID,Fiscal Year,Assets\nA,2010,1\n".utf8))
        // Wait until the temporary output exists.
        var temporary: [String] = []
        for _ in 0..<200 where temporary.isEmpty {
            usleep(20_000)
            temporary = try FileManager.default.contentsOfDirectory(atPath: directory.url.path).filter {
                $0.hasSuffix(".tmp")
            }
        }
        #expect(temporary.count == 1)
        kill(process.processIdentifier, signal)
        for _ in 0..<500 where process.isRunning { usleep(20_000) }
        if process.isRunning {
            Issue.record("micropanel did not end on signal \(signal) within 10 s")
            kill(process.processIdentifier, SIGKILL)
        }
        process.waitUntilExit()
        try? input.fileHandleForWriting.close()
        #expect(process.terminationReason == .uncaughtSignal)
        #expect(process.terminationStatus == signal)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.url.path) == ["indicators.csv"])
        #expect(String(decoding: try readBytes(output), as: UTF8.self) == "previous results\n")
    }
}
