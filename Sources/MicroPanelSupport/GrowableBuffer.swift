#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A growable array of plain values in `malloc` memory, shared by the scanner and the column
/// store. Growth uses `realloc`, which for large blocks remaps pages instead of copying them.
///
/// Hot loops read `base` and `count` into locals, write through the pointer, and store `count`
/// back once, so that no per-element bookkeeping remains in the loop. The state lives behind a
/// pointer rather than in stored `var`s: a class's stored `var` read from another module pays a
/// dynamic exclusivity check on every access, which showed up in profiles of the loader. The
/// accessors the hot loops use are public and inlinable, so the stages that use the buffer
/// (another module each) inline them as if the buffer were theirs: `@inlinable package` members
/// are not inlined across modules by this toolchain (measured: 3 M calls on 50,000 rows). The
/// module is not re-exported by `MicroPanel`.
public final class GrowableBuffer<Element: BitwiseCopyable>: @unchecked Sendable {
    @usableFromInline
    struct State {
        @usableFromInline var base: UnsafeMutablePointer<Element>
        @usableFromInline var count: Int
        @usableFromInline var capacity: Int

        @usableFromInline
        init(base: UnsafeMutablePointer<Element>, count: Int, capacity: Int) {
            self.base = base
            self.count = count
            self.capacity = capacity
        }
    }

    @usableFromInline let state: UnsafeMutablePointer<State>

    /// The first element; valid for `capacity` elements.
    @inlinable
    public var base: UnsafeMutablePointer<Element> {
        @inline(__always) get { state.pointee.base }
    }

    /// Elements in use.
    @inlinable
    public var count: Int {
        @inline(__always) get { state.pointee.count }
        @inline(__always) set { state.pointee.count = newValue }
    }

    /// Elements allocated.
    @inlinable
    public var capacity: Int {
        @inline(__always) get { state.pointee.capacity }
    }

    /// An empty buffer with room for `capacity` elements.
    package init(capacity: Int = 16) {
        let capacity = max(capacity, 1)
        guard let memory = malloc(capacity * MemoryLayout<Element>.stride) else {
            fatalError("MicroPanel: out of memory allocating \(capacity) elements")
        }
        state = .allocate(capacity: 1)
        state.initialize(to: State(base: memory.assumingMemoryBound(to: Element.self), count: 0, capacity: capacity))
    }

    deinit {
        free(state.pointee.base)
        state.deallocate()
    }

    /// Empties the buffer and gives its memory back.
    package func removeAll() {
        guard let memory = realloc(state.pointee.base, MemoryLayout<Element>.stride) else {
            fatalError("MicroPanel: out of memory shrinking a buffer")
        }
        state.pointee = State(base: memory.assumingMemoryBound(to: Element.self), count: 0, capacity: 1)
    }

    /// Makes room for at least `minimumCapacity` elements, growing by at least half.
    @inlinable @inline(__always)
    public func reserve(_ minimumCapacity: Int) {
        guard minimumCapacity > state.pointee.capacity else { return }
        grow(minimumCapacity)
    }

    @usableFromInline
    func grow(_ minimumCapacity: Int) {
        let capacity = state.pointee.capacity
        let newCapacity = max(minimumCapacity, capacity + capacity / 2)
        guard let memory = realloc(state.pointee.base, newCapacity * MemoryLayout<Element>.stride) else {
            fatalError("MicroPanel: out of memory growing a buffer to \(newCapacity) elements")
        }
        state.pointee.base = memory.assumingMemoryBound(to: Element.self)
        state.pointee.capacity = newCapacity
    }

    /// Appends one element.
    @inlinable @inline(__always)
    public func append(_ element: Element) {
        let count = state.pointee.count
        if count == state.pointee.capacity { grow(count + 1) }
        state.pointee.base[count] = element
        state.pointee.count = count + 1
    }

    /// The element at `index` (unchecked beyond a debug assertion).
    @inlinable @inline(__always)
    public subscript(index: Int) -> Element {
        get {
            assert(index >= 0 && index < count)
            return base[index]
        }
        set {
            assert(index >= 0 && index < count)
            base[index] = newValue
        }
    }

    /// The elements in use.
    @inlinable
    public var elements: UnsafeBufferPointer<Element> {
        UnsafeBufferPointer(start: base, count: count)
    }

    /// Copies the elements into an array.
    package func toArray() -> [Element] { Array(elements) }
}

extension GrowableBuffer {
    /// A buffer of `count` copies of `value`.
    package convenience init(filledWith value: Element, count: Int) {
        self.init(capacity: max(count, 1))
        base.initialize(repeating: value, count: count)
        self.count = count
    }

    /// A buffer of `count` elements the caller will write before reading.
    package convenience init(uninitializedCount count: Int) {
        self.init(capacity: max(count, 1))
        self.count = count
    }
}
