import ArgumentParser
import MicroPanel
import MicroPanelOutput

#if canImport(Glibc)
    import Glibc
#endif

/// Exit codes of every command.
enum ExitStatus {
    /// Data errors found by `check`.
    static let dataErrors: Int32 = 1
    /// Usage errors (argument-parser's own failures are mapped here).
    static let usage: Int32 = 2
    /// Unreadable, corrupt or invalid input.
    static let badInput: Int32 = 3
    /// The output could not be written.
    static let outputFailed: Int32 = 4
    /// Standard output closed by its reader: 128 + SIGPIPE, as the shell reports a broken pipe.
    static let closedPipe: Int32 = 141
}

/// Writes one line to standard error.
func printError(_ message: String) {
    let line = "micropanel: \(message)\n"
    _ = line.utf8CString.withUnsafeBufferPointer { write(STDERR_FILENO, $0.baseAddress, $0.count - 1) }
}

/// Runs `body`, turning failures into one line on standard error and the documented exit code:
/// 2 for usage, 4 for output, 3 for any other error of a stage (input, CSV, panel), quiet 141
/// when standard output was closed.
func reportingFailures<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as UsageError {
        printError(error.description)
        throw ExitCode(ExitStatus.usage)
    } catch let error as OutputError {
        printError(error.description)
        throw ExitCode(ExitStatus.outputFailed)
    } catch let error as any MicroPanelError {
        printError(error.description)
        throw ExitCode(ExitStatus.badInput)
    } catch is OutputClosed {
        throw ExitCode(ExitStatus.closedPipe)
    }
}

/// Writes `text` to standard output, ending quietly if the reader has gone.
func printOutput(_ text: String) throws {
    let output = try OutputFile(path: "-")
    try Array(text.utf8).withUnsafeBytes { try output.write($0) }
}
