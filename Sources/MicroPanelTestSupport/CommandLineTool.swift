import Foundation

/// Runs the built `micropanel` executable, as a user would.
public enum CommandLineTool {
    /// What a run printed and how it ended.
    public struct Result: Sendable {
        /// The exit status.
        public var status: Int32
        /// Standard output, as bytes and as text.
        public var outputBytes: [UInt8]
        public var output: String { String(decoding: outputBytes, as: UTF8.self) }
        /// Standard error.
        public var error: String
    }

    /// The executable beside the test bundle (`swift test` builds it with the tests).
    public static var executable: URL {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("micropanel")
        if FileManager.default.isExecutableFile(atPath: beside.path) { return beside }
        return Fixtures.packageRoot.appendingPathComponent(".build/debug/micropanel")
    }

    /// Runs `micropanel arguments...`, with `input` on standard input, in `directory`.
    public static func run(
        _ arguments: [String], input: [UInt8] = [], in directory: URL? = nil,
        environment: [String: String]? = nil
    ) throws -> Result {
        let scratch = try TemporaryDirectory()
        defer { scratch.remove() }
        let inputPath = try scratch.write("stdin", input)
        let outputPath = scratch.path("stdout")
        let errorPath = scratch.path("stderr")
        _ = FileManager.default.createFile(atPath: outputPath, contents: nil)
        _ = FileManager.default.createFile(atPath: errorPath, contents: nil)
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        if let environment { process.environment = environment }
        process.standardInput = FileHandle(forReadingAtPath: inputPath)
        process.standardOutput = FileHandle(forWritingAtPath: outputPath)
        process.standardError = FileHandle(forWritingAtPath: errorPath)
        try process.run()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus,
            outputBytes: try readBytes(outputPath),
            error: String(decoding: try readBytes(errorPath), as: UTF8.self))
    }
}
