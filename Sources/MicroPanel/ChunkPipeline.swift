import Dispatch
import MicroPanelGzip
import Synchronization

/// Decodes an input on a thread of its own into a ring of reused buffers, so that inflating
/// the next chunks overlaps scanning and parsing this one.
///
/// One producer (the reading thread) and one consumer (the caller); semaphores bound the queue
/// and order the handover of each slot. Errors of the producer reach the consumer in order.
final class ChunkPipeline: @unchecked Sendable {
    /// A decoded chunk: its bytes (valid until ``recycle()``) and the input bytes read so far.
    struct Chunk {
        var bytes: UnsafeRawBufferPointer
        var fileBytesRead: Int64
    }

    private let reader: GzipReader
    private let slots: [UnsafeMutableRawBufferPointer]
    // Written by the producer before `filled.signal()`, read by the consumer after `filled.wait()`.
    private var counts: [Int]
    private var fileOffsets: [Int64]
    private var failure: Error?
    private let filled = DispatchSemaphore(value: 0)
    private let free: DispatchSemaphore
    private let finished = DispatchGroup()
    private let cancelled = Atomic<Bool>(false)
    private let queued = Atomic<Int>(0)
    private let parallel = Atomic<Bool>(false)
    private var consumerIndex = 0

    /// Decoded chunks waiting for the consumer: above zero, the consumer is the slower side.
    var queuedChunks: Int { queued.load(ordering: .relaxed) }

    /// Whether the reader inflates on several threads (BGZF input), keeping every core busy.
    var inflatesInParallel: Bool { parallel.load(ordering: .relaxed) }

    /// Starts reading `reader` in `slotCount` buffers of `chunkSize` bytes.
    init(reader: GzipReader, chunkSize: Int = 4 << 20, slotCount: Int = 8) {
        self.reader = reader
        slots = (0..<slotCount).map { _ in .allocate(byteCount: chunkSize, alignment: 64) }
        counts = [Int](repeating: 0, count: slotCount)
        fileOffsets = [Int64](repeating: 0, count: slotCount)
        free = DispatchSemaphore(value: slotCount)
        finished.enter()
        DispatchQueue.global(qos: .userInitiated).async { [self] in
            produce()
            finished.leave()
        }
    }

    deinit {
        stop()
        for slot in slots { slot.deallocate() }
    }

    private func produce() {
        var index = 0
        while true {
            free.wait()
            if cancelled.load(ordering: .acquiring) { return }
            do {
                let count = try reader.read(into: slots[index])
                counts[index] = count
                fileOffsets[index] = reader.inputBytesRead
                parallel.store(reader.isBlocked, ordering: .relaxed)
                queued.add(1, ordering: .relaxed)
                filled.signal()
                if count == 0 { return }
            } catch {
                failure = error
                counts[index] = -1
                queued.add(1, ordering: .relaxed)
                filled.signal()
                return
            }
            index = (index + 1) % slots.count
        }
    }

    /// The next chunk, nil at the end of the input; rethrows the reader's error.
    func next() throws -> Chunk? {
        filled.wait()
        queued.subtract(1, ordering: .relaxed)
        let count = counts[consumerIndex]
        if count < 0 { throw failure! }
        if count == 0 { return nil }
        return Chunk(bytes: UnsafeRawBufferPointer(rebasing: slots[consumerIndex][0..<count]),
                     fileBytesRead: fileOffsets[consumerIndex])
    }

    /// Hands the last chunk's buffer back to the producer.
    func recycle() {
        consumerIndex = (consumerIndex + 1) % slots.count
        free.signal()
    }

    /// Stops the producer (if it still runs) and waits for it.
    func stop() {
        cancelled.store(true, ordering: .releasing)
        free.signal()
        finished.wait()
    }
}
