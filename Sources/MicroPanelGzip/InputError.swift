import MicroPanelSupport

/// A failure while opening, reading or inflating an input file (plain or gzip), with the file and
/// the byte offset in it where it happened.
///
/// Its description is one line, `FILE: byte N: what` (`FILE: what` when it cannot be opened),
/// the form the command line prints.
public struct InputError: MicroPanelError, Equatable {
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

    public var code: String {
        switch kind {
        case .cannotOpen: return "input.cannot_open"
        case .readFailed: return "input.read_failed"
        case .truncated: return "input.truncated"
        case .corrupt: return "input.corrupt"
        case .trailingGarbage: return "input.trailing_garbage"
        case .zlibFailure: return "input.zlib_failure"
        }
    }

    public var message: String { problem }

    public var location: ErrorLocation {
        if case .cannotOpen = kind { return ErrorLocation(file: file) }
        return ErrorLocation(file: file, byteOffset: byteOffset)
    }

    public var cause: (any Error)? {
        switch kind {
        case .cannotOpen(let text), .readFailed(let text): return SystemError(text)
        case .corrupt(let text): return SystemError("zlib: " + text)
        default: return nil
        }
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
}
