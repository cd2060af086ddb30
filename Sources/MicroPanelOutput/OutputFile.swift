#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where bytes go: a file descriptor written in full, retrying on `EINTR`.
public protocol ByteSink: AnyObject {
    /// Writes all of `bytes`.
    func write(_ bytes: UnsafeRawBufferPointer) throws
}

/// An output file that appears only when complete: bytes go to a temporary file in the target
/// directory, renamed over the target by ``commit()``. A failed or interrupted run leaves no
/// partial file and never clobbers the previous one. `-` writes to standard output.
public final class OutputFile: ByteSink {
    /// The path as given (`-` for standard output).
    public let path: String
    private let temporaryPath: String?
    private var descriptor: Int32
    private var committed = false

    /// Opens `path` for writing (through a temporary file), or standard output for `-`.
    public init(path: String) throws {
        self.path = path
        if path == "-" {
            temporaryPath = nil
            descriptor = STDOUT_FILENO
            return
        }
        let slash = path.lastIndex(of: "/")
        let directory = slash.map { String(path[..<$0]) } ?? "."
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        guard !name.isEmpty else { throw OutputError(path: path, reason: "the path names a directory") }
        var info = stat()
        if stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR {
            throw OutputError(path: path, reason: "is a directory")
        }
        var random = SystemRandomNumberGenerator()
        let temporary = "\(directory.isEmpty ? "/" : directory)/.\(name).\(getpid()).\(random.next() % 1_000_000_000).tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw OutputError(path: path, reason: errnoDescription()) }
        TemporaryFiles.register(temporary)
        temporaryPath = temporary
        descriptor = fd
    }

    deinit {
        if !committed { discard() }
    }

    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard var base = bytes.baseAddress else { return }
        var remaining = bytes.count
        while remaining > 0 {
            let written = systemWrite(descriptor, base, remaining)
            if written < 0 {
                if errno == EINTR { continue }
                if errno == EPIPE && temporaryPath == nil { throw OutputClosed() }
                throw OutputError(path: path, reason: errnoDescription())
            }
            base += written
            remaining -= written
        }
    }

    /// Makes the output final: the temporary file is flushed and renamed over the target.
    public func commit() throws {
        guard let temporaryPath else { committed = true; return }
        guard fsync(descriptor) == 0 || errno == EINVAL else { throw OutputError(path: path, reason: errnoDescription()) }
        guard close(descriptor) == 0 else {
            descriptor = -1
            throw OutputError(path: path, reason: errnoDescription())
        }
        descriptor = -1
        guard rename(temporaryPath, path) == 0 else { throw OutputError(path: path, reason: errnoDescription()) }
        TemporaryFiles.unregister(temporaryPath)
        committed = true
    }

    /// Abandons the output: the temporary file is removed, the target untouched.
    public func discard() {
        guard let temporaryPath, !committed else { return }
        if descriptor >= 0 { close(descriptor) }
        descriptor = -1
        unlink(temporaryPath)
        TemporaryFiles.unregister(temporaryPath)
        committed = true
    }
}

private func systemWrite(_ fd: Int32, _ base: UnsafeRawPointer, _ count: Int) -> Int {
    write(fd, base, count)
}

func errnoDescription() -> String {
    String(cString: strerror(errno))
}
