#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch
import Synchronization

/// Where bytes go: a file descriptor written in full, retrying on `EINTR`.
public protocol ByteSink: AnyObject {
    /// Writes all of `bytes`.
    func write(_ bytes: UnsafeRawBufferPointer) throws
}

/// An output file that appears only when complete: bytes go to a temporary file in the target
/// directory, renamed over the target by ``commit()``. A failed or interrupted run leaves no
/// partial file and never clobbers the previous one. `-` writes to standard output.
///
/// Files are written with `O_DIRECT` where the file system allows it, through two aligned
/// staging buffers: while one is written to disk on an I/O thread, the caller fills the other.
/// Large outputs then skip the page cache, whose fresh pages cost more than the disk writes
/// themselves on virtual machines, and `fsync` has little left to do.
///
/// `@unchecked Sendable`: a staging buffer is handed to the I/O thread whole and taken back only
/// after its semaphore says the write is done; the first I/O error is kept under a lock.
public final class OutputFile: ByteSink, @unchecked Sendable {
    /// The path as given (`-` for standard output).
    public let path: String
    private let temporaryPath: String?
    private var descriptor: Int32
    private var committed = false
    private let direct = Atomic<Bool>(false)
    /// Staging buffers (direct writes only), the one being filled, and its bytes so far.
    private var staging: [UnsafeMutableRawPointer] = []
    private var current = 0
    private var staged = 0
    /// Per staging buffer: signalled when its disk write is done. The buffer being filled is
    /// owned (its semaphore taken); the other is free or being written.
    private let free = [DispatchSemaphore(value: 1), DispatchSemaphore(value: 1)]
    private let io = DispatchQueue(label: "micropanel.output-io")
    private let ioFailure = Mutex<(any Error)?>(nil)
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
            direct.store(true, ordering: .relaxed)
            staging = (0..<2).map { _ in
                UnsafeMutableRawPointer.allocate(byteCount: Self.stagingSize, alignment: Self.directAlignment)
            }
            free[current].wait()
        }
    }

    deinit {
        if !committed { discard() }
        if !staging.isEmpty {
            waitForWrites()
            free[current].signal() // semaphores must be back at their initial value when freed
        }
        for buffer in staging { buffer.deallocate() }
    }

    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard let source = bytes.baseAddress, bytes.count > 0 else { return }
        guard !staging.isEmpty else { return try writeAll(bytes) }
        var offset = 0
        while offset < bytes.count {
            let take = min(Self.stagingSize - staged, bytes.count - offset)
            (staging[current] + staged).copyMemory(from: source + offset, byteCount: take)
            staged += take
            offset += take
            if staged == Self.stagingSize { try submitStaging() }
        }
    }

    /// Hands the full staging buffer to the I/O thread and takes the other once it is free.
    private func submitStaging() throws {
        let buffer = current
        let count = staged
        io.async { [self] in
            defer { free[buffer].signal() }
            guard ioFailure.withLock({ $0 == nil }) else { return }
            do { try writeAll(UnsafeRawBufferPointer(start: staging[buffer], count: count)) } catch { ioFailure.withLock { $0 = $0 ?? error } }
        }
        current = 1 - buffer
        staged = 0
        free[current].wait()
        if let failure = ioFailure.withLock({ $0 }) { throw failure }
    }

    /// Waits for the I/O thread; writes the staged whole blocks directly and the rest through
    /// the page cache.
    private func finishStaging() throws {
        guard !staging.isEmpty else { return }
        waitForWrites()
        if let failure = ioFailure.withLock({ $0 }) { throw failure }
        let buffer = staging[current]
        let whole = staged / Self.directAlignment * Self.directAlignment
        if whole > 0 { try writeAll(UnsafeRawBufferPointer(start: buffer, count: whole)) }
        if staged > whole {
            stopDirect()
            try writeAll(UnsafeRawBufferPointer(start: buffer + whole, count: staged - whole))
        }
        staged = 0
    }

    /// Waits until the buffer not being filled is written (or free).
    private func waitForWrites() {
        guard !staging.isEmpty else { return }
        free[1 - current].wait()
        free[1 - current].signal()
    }

    private func stopDirect() {
        let flags = fcntl(descriptor, F_GETFL)
        if let directFlag = linuxDirectFlag, flags >= 0 { _ = fcntl(descriptor, F_SETFL, flags & ~directFlag) }
        direct.store(false, ordering: .relaxed)
    }

    private func writeAll(_ bytes: UnsafeRawBufferPointer) throws {
        guard var base = bytes.baseAddress else { return }
        var remaining = bytes.count
        while remaining > 0 {
            let written = systemWrite(descriptor, base, remaining)
            if written < 0 {
                if errno == EINTR { continue }
                // A file system may accept O_DIRECT at open and refuse the writes: go buffered.
                if errno == EINVAL && direct.load(ordering: .relaxed) {
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
        try finishStaging()
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
        waitForWrites()
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
