import MicroPanelColumns
import MicroPanelSupport

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

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

extension UsageError {
    /// Checks an option that takes a name or a file (`--provisioning mbb|mbb-2003|FILE`): a value
    /// that is neither one of `names` (any case) nor an existing path is a usage error suggesting
    /// the nearest name, not a file that cannot be opened.
    static func checkNameOrFile(option: String, _ value: String, names: [String]) throws(UsageError) {
        guard !names.contains(value.lowercased()), access(value, F_OK) != 0 else { return }
        if let nearest = FieldName.nearest(to: value.lowercased(), among: names) {
            throw UsageError("\(option) '\(value)' is neither a file nor a known name; did you mean '\(nearest)'?")
        }
        throw UsageError(
            "\(option) '\(value)' is neither a file nor one of " + names.joined(separator: ", "))
    }
}
