#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Which file a path names on this machine: its device and inode when it exists (so a symbolic
/// link, a hard link or another spelling of the path is the same file), else its directory's and
/// its name (two paths of one file not yet written).
public struct FileIdentity: Hashable, Sendable {
    private let device: UInt64
    private let inode: UInt64
    /// Empty for an existing file; the name in its directory for one that does not exist yet.
    private let name: String

    /// The identity of `path`; `-` is standard input. Nil when neither the file nor its
    /// directory can be looked up.
    public init?(path: String) {
        var info = stat()
        if path == "-" {
            guard fstat(STDIN_FILENO, &info) == 0 else { return nil }
            self.init(info, name: "")
            return
        }
        if stat(path, &info) == 0 {
            self.init(info, name: "")
            return
        }
        let slash = path.lastIndex(of: "/")
        let directory = slash.map { path[..<$0].isEmpty ? "/" : String(path[..<$0]) } ?? "."
        guard stat(directory, &info) == 0 else { return nil }
        self.init(info, name: slash.map { String(path[path.index(after: $0)...]) } ?? path)
    }

    private init(_ info: stat, name: String) {
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
        self.name = name
    }

    /// The first of `inputs` that is the same file as `output` (`-` as an output is standard
    /// output, which no input can be).
    public static func input(overwrittenBy output: String, among inputs: [String]) -> String? {
        guard output != "-", let target = FileIdentity(path: output) else { return nil }
        return inputs.first { FileIdentity(path: $0) == target }
    }
}
