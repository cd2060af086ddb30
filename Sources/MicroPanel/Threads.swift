#if canImport(Glibc)
    import Glibc
#endif

/// How many threads a computation uses: decided once (`--threads N`, 0 meaning one per
/// processor) and handed to every stage — inflating, the kernel, formatting, compressing.
public struct Threads: Sendable, Equatable, CustomStringConvertible {
    /// Threads to use (at least 1).
    public let count: Int

    /// `requested` threads; 0 (the default) means one per processor online.
    public init(_ requested: Int = 0) {
        count = requested > 0 ? requested : Self.processors
    }

    /// The processors online (at least 1).
    public static var processors: Int {
        #if canImport(Glibc)
            return max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
        #else
            return 1
        #endif
    }

    public var description: String { "\(count)" }
}
