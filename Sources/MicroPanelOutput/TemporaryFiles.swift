import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Temporary output files to remove if the process is interrupted (SIGINT, SIGTERM, SIGHUP).
///
/// Paths are kept as C strings in a fixed table that the signal handler reads without locks or
/// allocation (only async-signal-safe calls: `unlink`, `signal`, `raise`); outputs opened on
/// several threads at once take and free slots under a lock.
public enum TemporaryFiles {
    private static let slots = Mutex<Void>(())
    private static let capacity = 16
    private static let pathBytes = 4096
    nonisolated(unsafe) private static let table: UnsafeMutablePointer<CChar> = {
        let table = UnsafeMutablePointer<CChar>.allocate(capacity: capacity * pathBytes)
        table.initialize(repeating: 0, count: capacity * pathBytes)
        return table
    }()
    nonisolated(unsafe) private static var handlersInstalled = false

    /// Removes the registered files when a terminating signal arrives, then dies of that signal.
    /// The signals are unblocked too: a parent may have passed them on blocked.
    public static func installSignalHandlers() {
        guard !handlersInstalled else { return }
        handlersInstalled = true
        _ = table
        var unblocked = sigset_t()
        sigemptyset(&unblocked)
        for signalNumber in [SIGINT, SIGTERM, SIGHUP] {
            signal(signalNumber, temporaryFilesSignalHandler)
            sigaddset(&unblocked, signalNumber)
        }
        pthread_sigmask(SIG_UNBLOCK, &unblocked, nil)
    }

    static func register(_ path: String) {
        slots.withLock { _ in
            for slot in 0..<capacity where table[slot * pathBytes] == 0 {
                // Written back to front: the slot reads as taken only once the path is whole.
                let bytes = Array(path.utf8CString.prefix(pathBytes - 1))
                for (index, byte) in bytes.enumerated().reversed() { table[slot * pathBytes + index] = byte }
                return
            }
        }
    }

    static func unregister(_ path: String) {
        slots.withLock { _ in
            for slot in 0..<capacity where String(cString: table + slot * pathBytes) == path {
                table[slot * pathBytes] = 0
            }
        }
    }

    fileprivate static func removeAll() {
        for slot in 0..<capacity where table[slot * pathBytes] != 0 {
            unlink(table + slot * pathBytes)
        }
    }
}

private func temporaryFilesSignalHandler(_ signalNumber: Int32) {
    TemporaryFiles.removeAll()
    signal(signalNumber, SIG_DFL)
    raise(signalNumber)
}
