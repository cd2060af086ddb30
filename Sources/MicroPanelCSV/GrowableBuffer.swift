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
/// back once, so that no per-element bookkeeping remains in the loop.
package final class GrowableBuffer<Element: BitwiseCopyable>: @unchecked Sendable {
    /// The first element; valid for `capacity` elements.
    package private(set) var base: UnsafeMutablePointer<Element>
    /// Elements in use.
    package var count: Int
    /// Elements allocated.
    package private(set) var capacity: Int

    /// An empty buffer with room for `capacity` elements.
    package init(capacity: Int = 16) {
        let capacity = max(capacity, 1)
        guard let memory = malloc(capacity * MemoryLayout<Element>.stride) else {
            fatalError("MicroPanel: out of memory allocating \(capacity) elements")
        }
        base = memory.assumingMemoryBound(to: Element.self)
        self.count = 0
        self.capacity = capacity
    }

    deinit { free(base) }

    /// Makes room for at least `minimumCapacity` elements, growing by at least half.
    package func reserve(_ minimumCapacity: Int) {
        guard minimumCapacity > capacity else { return }
        let newCapacity = max(minimumCapacity, capacity + capacity / 2)
        guard let memory = realloc(base, newCapacity * MemoryLayout<Element>.stride) else {
            fatalError("MicroPanel: out of memory growing a buffer to \(newCapacity) elements")
        }
        base = memory.assumingMemoryBound(to: Element.self)
        capacity = newCapacity
    }

    /// Appends one element.
    @inline(__always)
    package func append(_ element: Element) {
        if count == capacity { reserve(count + 1) }
        base[count] = element
        count += 1
    }

    /// The element at `index` (unchecked beyond a debug assertion).
    @inline(__always)
    package subscript(index: Int) -> Element {
        get { assert(index >= 0 && index < count); return base[index] }
        set { assert(index >= 0 && index < count); base[index] = newValue }
    }

    /// The elements in use.
    package var elements: UnsafeBufferPointer<Element> {
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
