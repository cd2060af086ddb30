import Foundation
import MicroPanel

/// A progress line on standard error while loading, only when standard error is a terminal
/// (never in pipes or cron) and not `--quiet`.
final class ProgressLine: @unchecked Sendable {
    private let lock = NSLock()
    private let started = Date()
    private var lastPrinted = Date.distantPast
    private var shown = false
    private let enabled: Bool

    init(quiet: Bool) {
        enabled = !quiet && isatty(STDERR_FILENO) != 0
    }

    /// The loader's progress callback, or nil when no line is shown.
    var callback: (@Sendable (LoadProgress) -> Void)? {
        guard enabled else { return nil }
        return { [self] progress in update(progress) }
    }

    private func update(_ progress: LoadProgress) {
        lock.lock()
        defer { lock.unlock() }
        let now = Date()
        guard now.timeIntervalSince(lastPrinted) >= 0.25 else { return }
        lastPrinted = now
        let seconds = max(now.timeIntervalSince(started), 1e-3)
        let megabytes = Double(progress.fileBytesRead) / 1e6
        var text = "\r\u{1B}[Kreading \(progress.file): \(String(format: "%.0f", megabytes)) MB"
        if let size = progress.fileSize, size > 0 {
            text += " (\(Int(Double(progress.fileBytesRead) * 100 / Double(size)))%)"
        }
        text += ", \(progress.rows) rows, \(String(format: "%.0f", megabytes / seconds)) MB/s"
        FileHandle.standardError.write(Data(text.utf8))
        shown = true
    }

    /// Clears the line.
    func finish() {
        lock.lock()
        defer { lock.unlock() }
        if shown { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        shown = false
    }
}
