#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A readable input: a path opened read-only, standard input for `-`, or bytes in memory.
///
/// Reads retry on `EINTR` in this one place. The descriptor is closed by `close()` or on deinit.
public final class InputFile {
    /// The name used in messages: the path as given, or `-` for standard input.
    public let name: String
    private var descriptor: Int32
    private let ownsDescriptor: Bool
    private let memory: [UInt8]?
    private var memoryOffset = 0
    /// The SHA-256 of every byte read so far, when asked for with ``computeDigest()``.
    public private(set) var digest: SHA256?

    /// Starts hashing the bytes read from now on (call before the first read).
    public func computeDigest() {
        digest = SHA256()
    }

    /// Reads `bytes` from memory (embedded resources); `name` is used in messages.
    public init(bytes: [UInt8], name: String) {
        self.name = name
        descriptor = -1
        ownsDescriptor = false
        memory = bytes
    }

    /// Opens `path` for reading; `-` means standard input.
    public init(path: String) throws(InputError) {
        name = path
        memory = nil
        if path == "-" {
            descriptor = STDIN_FILENO
            ownsDescriptor = false
            return
        }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw InputError(file: path, byteOffset: 0, kind: .cannotOpen(errnoText()))
        }
        var info = stat()
        if fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
            _ = posixClose(fd)
            throw InputError(file: path, byteOffset: 0, kind: .cannotOpen("is a directory"))
        }
        descriptor = fd
        ownsDescriptor = true
    }

    /// Size in bytes when the input is a regular file, else nil.
    public var regularFileSize: Int64? {
        if let memory { return Int64(memory.count) }
        var info = stat()
        guard fstat(descriptor, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        return Int64(info.st_size)
    }

    /// The size of the regular file at `path`; nil for anything else or nothing there.
    public static func regularFileSize(path: String) -> Int64? {
        var info = stat()
        guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        return Int64(info.st_size)
    }

    /// Reads up to `buffer.count` bytes; returns 0 at end of file.
    public func read(into buffer: UnsafeMutableRawBufferPointer, offsetForErrors: Int64) throws(InputError) -> Int {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
        if let memory {
            let count = min(buffer.count, memory.count - memoryOffset)
            memory.withUnsafeBytes { base.copyMemory(from: $0.baseAddress! + memoryOffset, byteCount: count) }
            memoryOffset += count
            digest?.update(UnsafeRawBufferPointer(start: base, count: count))
            return count
        }
        while true {
            let n = posixRead(descriptor, base, buffer.count)
            if n >= 0 {
                digest?.update(UnsafeRawBufferPointer(start: base, count: n))
                return n
            }
            if errno == EINTR { continue }
            throw InputError(file: name, byteOffset: offsetForErrors, kind: .readFailed(errnoText()))
        }
    }

    /// Closes the descriptor (standard input stays open).
    public func close() {
        if ownsDescriptor && descriptor >= 0 { _ = posixClose(descriptor) }
        descriptor = -1
    }

    deinit { close() }
}

// File-scope wrappers: inside `InputFile`, `close` and `read` name its own methods.
private func posixClose(_ fd: Int32) -> Int32 { close(fd) }
private func posixRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int { read(fd, buffer, count) }

/// The current `errno` as text.
func errnoText() -> String {
    String(cString: strerror(errno))
}
