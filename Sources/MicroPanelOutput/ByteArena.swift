#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Bytes written front to back into fixed-size blocks that never move, so that what was written
/// stays where it is (a growing single buffer would copy and first-touch its memory again at
/// every doubling). (Huge pages were tried for the blocks: with the kernel's default
/// `defrag=madvise` the faults compact memory synchronously, and loading got slower.)
final class ByteArena {
    private let blockSize: Int
    private var blocks: [UnsafeMutableRawPointer] = []
    /// The next free byte and the end of the current block (both nil before the first block).
    private let position: UnsafeMutablePointer<(next: UnsafeMutablePointer<UInt8>?, end: UnsafeMutablePointer<UInt8>?)>

    /// An arena of `blockSize`-byte blocks.
    init(blockSize: Int) {
        self.blockSize = blockSize
        position = .allocate(capacity: 1)
        position.initialize(to: (nil, nil))
    }

    deinit {
        removeAll()
        position.deallocate()
    }

    /// Frees every block; what was written is gone.
    func removeAll() {
        for block in blocks { free(block) }
        blocks = []
        position.pointee = (nil, nil)
    }

    /// Where the next bytes go, with room for at least `bound` bytes (at most the block size).
    @inline(__always)
    func next(room bound: Int) -> UnsafeMutablePointer<UInt8> {
        if let next = position.pointee.next, position.pointee.end! - next >= bound { return next }
        return addBlock()
    }

    /// The position after `next(room:)`'s caller has written its bytes.
    @inline(__always)
    func advance(to next: UnsafeMutablePointer<UInt8>) {
        position.pointee.next = next
    }

    /// The current position (never dereferenced before `next(room:)`).
    var current: UnsafeMutablePointer<UInt8> {
        position.pointee.next ?? UnsafeMutablePointer(bitPattern: 1)!
    }

    private func addBlock() -> UnsafeMutablePointer<UInt8> {
        guard let block = malloc(blockSize) else {
            fatalError("MicroPanel: out of memory allocating \(blockSize) bytes")
        }
        blocks.append(block)
        let start = block.assumingMemoryBound(to: UInt8.self)
        position.pointee = (start, start + blockSize)
        return start
    }
}
