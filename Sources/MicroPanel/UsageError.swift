import MicroPanelColumns
import MicroPanelSupport

/// A request that cannot be carried out as asked — an unknown field or indicator, an output that
/// would overwrite an input — found once the inputs are known. The command line exits 2 with it,
/// as with any usage error; the message says what to do instead.
public struct UsageError: MicroPanelError, Equatable {
    /// What is wrong and how to ask instead.
    public let message: String

    /// An error saying `message`.
    public init(_ message: String) { self.message = message }

    public var code: String { "usage" }
    public var location: ErrorLocation { ErrorLocation() }
    public var cause: (any Error)? { nil }
}

extension UsageError {
    /// An unknown `kind` (`indicator`, `field`) named `name`: the nearest of `known` suggested when
    /// one is close, else all of them listed.
    public static func unknown(_ kind: String, _ name: String, known: [String], seeAlso: String? = nil) -> UsageError {
        if let nearest = FieldName.nearest(to: name, among: known) {
            return UsageError("unknown \(kind) '\(name)'; did you mean '\(nearest)'?")
        }
        return UsageError(
            "unknown \(kind) '\(name)'; known: " + known.joined(separator: ", ")
                + (seeAlso.map { " (see \($0))" } ?? ""))
    }
}
