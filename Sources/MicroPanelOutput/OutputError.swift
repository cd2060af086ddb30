import MicroPanelSupport

/// The output could not be written: the path and why. Its description is one line.
public struct OutputError: MicroPanelError, Equatable {
    /// The output path (`-` for standard output).
    public var path: String
    /// What failed (`errno` text or a sentence).
    public var reason: String

    /// An error for `path`.
    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    public var code: String { "output.cannot_write" }
    public var message: String { "cannot write: \(reason)" }
    public var location: ErrorLocation { ErrorLocation(file: path) }
    public var cause: (any Error)? { SystemError(reason) }
}

/// Standard output was closed by its reader (a pipe into `head`): the run ends quietly.
public struct OutputClosed: Error, Sendable {
    /// A closed-pipe signal.
    public init() {}
}
