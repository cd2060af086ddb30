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
///
/// Files are written with `O_DIRECT` where the file system allows it, through an aligned staging
/// buffer: large outputs then skip the page cache, whose fresh pages cost more than the disk
/// writes themselves on virtual machines, and `fsync` has little left to do.
public final class OutputFile: ByteSink {
    /// The path as given (`-` for standard output).
    public let path: String
    private let temporaryPath: String?
    private var descriptor: Int32
    private var committed = false
    private var direct = false
    /// Staged bytes waiting for a whole number of blocks (direct writes only).
    private var staging: UnsafeMutableRawPointer?
    private var staged = 0
    private static let stagingSize = 8 << 20
    private static let directAlignment = 4096

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
        let flags = fcntl(fd, F_GETFL)
        if let directFlag = linuxDirectFlag, flags >= 0, fcntl(fd, F_SETFL, flags | directFlag) == 0 {
            direct = true
            staging = UnsafeMutableRawPointer.allocate(byteCount: Self.stagingSize, alignment: Self.directAlignment)
        }
    }

    deinit {
        if !committed { discard() }
        staging?.deallocate()
    }

    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard let source = bytes.baseAddress, bytes.count > 0 else { return }
        guard let staging else { return try writeAll(bytes) }
        var offset = 0
        while offset < bytes.count {
            let take = min(Self.stagingSize - staged, bytes.count - offset)
            (staging + staged).copyMemory(from: source + offset, byteCount: take)
            staged += take
            offset += take
            if staged == Self.stagingSize { try flushStaging(final: false) }
        }
    }

    /// Writes the staged whole blocks directly; at the end, the rest through the page cache.
    private func flushStaging(final: Bool) throws {
        guard let staging, staged > 0 else { return }
        let whole = staged / Self.directAlignment * Self.directAlignment
        if whole > 0 {
            try writeAll(UnsafeRawBufferPointer(start: staging, count: whole))
            staged -= whole
            if staged > 0 { staging.copyMemory(from: staging + whole, byteCount: staged) }
        }
        if final && staged > 0 {
            stopDirect()
            try writeAll(UnsafeRawBufferPointer(start: staging, count: staged))
            staged = 0
        }
    }

    private func stopDirect() {
        let flags = fcntl(descriptor, F_GETFL)
        if let directFlag = linuxDirectFlag, flags >= 0 { _ = fcntl(descriptor, F_SETFL, flags & ~directFlag) }
        direct = false
    }

    private func writeAll(_ bytes: UnsafeRawBufferPointer) throws {
        guard var base = bytes.baseAddress else { return }
        var remaining = bytes.count
        while remaining > 0 {
            let written = systemWrite(descriptor, base, remaining)
            if written < 0 {
                if errno == EINTR { continue }
                // A file system may accept O_DIRECT at open and refuse the writes: go buffered.
                if errno == EINVAL && direct {
                    stopDirect()
                    continue
                }
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
        try flushStaging(final: true)
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

/// Linux's `O_DIRECT` (Glibc does not export it without `_GNU_SOURCE`); nil elsewhere.
#if os(Linux) && arch(x86_64)
private let linuxDirectFlag: Int32? = 0o40000
#elseif os(Linux) && arch(arm64)
private let linuxDirectFlag: Int32? = 0o200000
#else
private let linuxDirectFlag: Int32? = nil
#endif

private func systemWrite(_ fd: Int32, _ base: UnsafeRawPointer, _ count: Int) -> Int {
    write(fd, base, count)
}

func errnoDescription() -> String {
    String(cString: strerror(errno))
}
