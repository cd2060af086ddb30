import Dispatch
import Synchronization

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
/// Files are written with `O_DIRECT` where the file system allows it, through three aligned
/// staging buffers: while two are written to disk at their offsets by I/O threads (a virtual
/// disk writes two requests side by side faster than one after the other), the caller fills
/// the third. Large outputs then skip the page cache, whose fresh pages cost more than the disk
/// writes themselves on virtual machines, and `fsync` has little left to do.
///
/// `@unchecked Sendable`: a staging buffer is handed to an I/O thread whole and taken back only
/// after its semaphore says the write is done; the first I/O error is kept under a lock.
public final class OutputFile: ByteSink, @unchecked Sendable {
    /// The path as given (`-` for standard output).
    public let path: String
    private let temporaryPath: String?
    private var descriptor: Int32
    private var committed = false
    private let direct = Atomic<Bool>(false)
    /// Staging buffers (direct writes only), the one being filled, its bytes so far, and the
    /// file offset they go to.
    private var staging: [UnsafeMutableRawPointer] = []
    private var current = 0
    private var staged = 0
    private var stagedOffset: Int64 = 0
    /// Per staging buffer: signalled when its disk write is done. The buffer being filled is
    /// owned (its semaphore taken); the others are free or being written.
    private let free = (0..<3).map { _ in DispatchSemaphore(value: 1) }
    private let io = DispatchQueue(label: "micropanel.output-io", attributes: .concurrent)
    private let ioFailure = Mutex<(any Error)?>(nil)
    private static let stagingSize = 8 << 20
    private static let firstWriteSize = 1 << 20
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
        let temporary =
            "\(directory.isEmpty ? "/" : directory)/.\(name).\(getpid()).\(random.next() % 1_000_000_000).tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw OutputError(path: path, reason: errnoDescription()) }
        TemporaryFiles.register(temporary)
        temporaryPath = temporary
        descriptor = fd
        let flags = fcntl(fd, F_GETFL)
        if let directFlag = linuxDirectFlag, flags >= 0, fcntl(fd, F_SETFL, flags | directFlag) == 0 {
            direct.store(true, ordering: .relaxed)
            staging = free.map { _ in
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
            // The first buffer goes out at 1 MiB: the disk starts while the caller fills the next.
            let limit = stagedOffset == 0 ? Self.firstWriteSize : Self.stagingSize
            let take = min(limit - staged, bytes.count - offset)
            (staging[current] + staged).copyMemory(from: source + offset, byteCount: take)
            staged += take
            offset += take
            if staged == limit { try submitStaging() }
        }
    }

    /// Hands the full staging buffer to an I/O thread and takes the next once it is free.
    private func submitStaging() throws {
        let buffer = current
        let count = staged
        let offset = stagedOffset
        io.async { [self] in
            defer { free[buffer].signal() }
            guard ioFailure.withLock({ $0 == nil }) else { return }
            do {
                try writeAll(UnsafeRawBufferPointer(start: staging[buffer], count: count), at: offset)
            } catch {
                ioFailure.withLock { $0 = $0 ?? error }
            }
        }
        current = (buffer + 1) % staging.count
        staged = 0
        stagedOffset += Int64(count)
        free[current].wait()
        if let failure = ioFailure.withLock({ $0 }) { throw failure }
    }

    /// Waits for the I/O threads; writes the staged whole blocks directly and the rest through
    /// the page cache.
    private func finishStaging() throws {
        guard !staging.isEmpty else { return }
        waitForWrites()
        if let failure = ioFailure.withLock({ $0 }) { throw failure }
        let buffer = staging[current]
        let whole = staged / Self.directAlignment * Self.directAlignment
        if whole > 0 { try writeAll(UnsafeRawBufferPointer(start: buffer, count: whole), at: stagedOffset) }
        if staged > whole {
            stopDirect()
            try writeAll(
                UnsafeRawBufferPointer(start: buffer + whole, count: staged - whole), at: stagedOffset + Int64(whole))
        }
        stagedOffset += Int64(staged)
        staged = 0
    }

    /// Waits until the buffers not being filled are written (or free).
    private func waitForWrites() {
        for buffer in staging.indices where buffer != current {
            free[buffer].wait()
            free[buffer].signal()
        }
    }

    private func stopDirect() {
        let flags = fcntl(descriptor, F_GETFL)
        if let directFlag = linuxDirectFlag, flags >= 0 { _ = fcntl(descriptor, F_SETFL, flags & ~directFlag) }
        direct.store(false, ordering: .relaxed)
    }

    /// Writes all of `bytes`, at file offset `offset` when given (staged writes), else at the
    /// current position.
    private func writeAll(_ bytes: UnsafeRawBufferPointer, at offset: Int64? = nil) throws {
        guard var base = bytes.baseAddress else { return }
        var remaining = bytes.count
        var position = offset
        while remaining > 0 {
            let written =
                position.map { pwrite(descriptor, base, remaining, off_t($0)) }
                ?? systemWrite(descriptor, base, remaining)
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
            position = position.map { $0 + Int64(written) }
        }
    }

    /// Makes the output final: the temporary file is flushed and renamed over the target.
    public func commit() throws {
        guard let temporaryPath else {
            committed = true
            return
        }
        try finishStaging()
        guard fsync(descriptor) == 0 || errno == EINVAL else {
            throw OutputError(path: path, reason: errnoDescription())
        }
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
