import ArgumentParser
import MicroPanel

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
}

/// Writes one line to standard error.
func printError(_ message: String) {
    let line = "micropanel: \(message)\n"
    _ = line.utf8CString.withUnsafeBufferPointer { write(STDERR_FILENO, $0.baseAddress, $0.count - 1) }
}

/// Runs `body`; input errors print one line and exit 3.
func reportingInputErrors<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as GzipError {
        printError(error.description)
        throw ExitCode(ExitStatus.badInput)
    } catch let error as CSVError {
        printError(error.description)
        throw ExitCode(ExitStatus.badInput)
    }
}
