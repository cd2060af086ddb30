import Dispatch

/// `body(0)`, …, `body(count - 1)` on up to `threads` threads (Dispatch's concurrent perform),
/// the results in index order; when calls throw, the error of the lowest index is rethrown.
/// Each call works on its own, so the results do not depend on the thread count.
public func parallelMap<Result>(
    _ count: Int, threads: Int, _ body: @Sendable (Int) throws -> Result
) throws -> [Result] {
    if threads <= 1 || count <= 1 { return try (0..<count).map(body) }
    let slots = ResultSlots<Result>(count: count)
    DispatchQueue.concurrentPerform(iterations: count) { index in slots.store(at: index) { try body(index) } }
    return try slots.values()
}

/// One slot per call of ``parallelMap(_:threads:_:)``, each written by one thread.
private final class ResultSlots<Value>: @unchecked Sendable {
    private let slots: UnsafeMutableBufferPointer<Result<Value, any Error>?>

    init(count: Int) {
        slots = .allocate(capacity: count)
        slots.initialize(repeating: nil)
    }

    deinit {
        slots.deinitialize()
        slots.deallocate()
    }

    func store(at index: Int, _ body: () throws -> Value) { slots[index] = Result(catching: body) }

    func values() throws -> [Value] { try slots.map { try $0!.get() } }
}
