import Foundation

/// The real `gzip` command, used to make test fixtures.
public enum GzipTool {
    /// `bytes` compressed by `gzip -c -n` (one member).
    public static func compress(_ bytes: [UInt8], level: Int = 6) throws -> [UInt8] {
        try run(["-c", "-n", "-\(level)"], input: bytes)
    }

    /// `bytes` decompressed by `gzip -d -c`.
    public static func decompress(_ bytes: [UInt8]) throws -> [UInt8] {
        try run(["-d", "-c"], input: bytes)
    }

    /// Runs gzip with `arguments`, feeding `input`, returning standard output.
    static func run(_ arguments: [String], input: [UInt8]) throws -> [UInt8] {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let inputPath = try directory.write("input", input)
        let outputPath = directory.path("output")
        _ = FileManager.default.createFile(atPath: outputPath, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["gzip"] + arguments
        process.standardInput = FileHandle(forReadingAtPath: inputPath)
        process.standardOutput = FileHandle(forWritingAtPath: outputPath)
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw GzipToolError(message: "gzip \(arguments.joined(separator: " ")) exited \(process.terminationStatus)")
        }
        return try readBytes(outputPath)
    }
}

/// `gzip` failed.
public struct GzipToolError: Error, CustomStringConvertible {
    /// What happened.
    public let message: String
    public var description: String { message }
}
