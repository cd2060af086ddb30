/// A failure while reading or inflating an input file, with the file and the compressed byte
/// offset where it happened.
///
/// Its description is one line, `FILE: byte N: what`, the form the command line prints.
public struct GzipError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong.
    public enum Kind: Sendable, Equatable {
        /// The file could not be opened (`errno` text).
        case cannotOpen(String)
        /// A read failed (`errno` text).
        case readFailed(String)
        /// The input ended inside a gzip member.
        case truncated
        /// zlib rejected the compressed data (zlib's message).
        case corrupt(String)
        /// Bytes other than zero padding follow the last gzip member.
        case trailingGarbage
        /// zlib could not be set up (zlib's return code).
        case zlibFailure(Int32)
    }

    /// The file name as the user gave it (`-` for standard input).
    public var file: String
    /// Offset in the compressed (on-disk) input where the problem was found.
    public var byteOffset: Int64
    /// What went wrong.
    public var kind: Kind

    /// Creates an error for `file` at `byteOffset`.
    public init(file: String, byteOffset: Int64, kind: Kind) {
        self.file = file
        self.byteOffset = byteOffset
        self.kind = kind
    }

    /// A one-line explanation of the problem alone, without file and offset.
    public var problem: String {
        switch kind {
        case .cannotOpen(let reason): return "cannot open: \(reason)"
        case .readFailed(let reason): return "read failed: \(reason)"
        case .truncated: return "gzip data ends early: the file is truncated (an interrupted download or copy?)"
        case .corrupt(let message): return "corrupt gzip data: \(message)"
        case .trailingGarbage: return "unexpected bytes after the end of the gzip data (not zero padding)"
        case .zlibFailure(let code): return "zlib could not start (code \(code))"
        }
    }

    public var description: String {
        switch kind {
        case .cannotOpen: return "\(file): \(problem)"
        default: return "\(file): byte \(byteOffset): \(problem)"
        }
    }
}
