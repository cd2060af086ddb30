import Dispatch
import Foundation
import Synchronization

/// Decodes an input ahead of its reader, on other threads, into a ring of reused buffers, so
/// that inflating the next chunks overlaps scanning and parsing this one: the module's one
/// engine for decoding on several threads.
///
/// One producer (the reading thread) fills the slots in order. A gzip or plain input is decoded
/// by the producer itself; BGZF members are taken off the reader a chunk at a time and each
/// chunk is inflated by a worker, at most `threads` at once, side by side with no barrier between
/// them. One consumer (the caller) takes the slots in order, each once it is ready; semaphores
/// bound the ring. Errors reach the consumer in input order.
public final class DecodeAhead: @unchecked Sendable {
    /// One buffer of the ring and what its filler leaves for the consumer: written before
    /// `ready.signal()`, read after `ready.wait()`.
    private final class Slot: @unchecked Sendable {
        let bytes: UnsafeMutableRawBufferPointer
        /// BGZF members' compressed bytes, copied off the reader for the worker.
        let compressed: UnsafeMutableRawBufferPointer
        /// The inflating stream of this slot's worker (made on first use).
        var stream: MemberStream?
        let ready = DispatchSemaphore(value: 0)
        /// Decoded bytes; 0 at the end of the input.
        var count = 0
        var fileBytesRead: Int64 = 0
        var failure: Error?

        init(size: Int) {
            bytes = .allocate(byteCount: size, alignment: 64)
            compressed = .allocate(byteCount: size, alignment: 64)
        }

        deinit {
            bytes.deallocate()
            compressed.deallocate()
        }
    }

    private let reader: GzipReader
    private let slots: [Slot]
    private let free: DispatchSemaphore
    /// Inflating workers allowed at once, and how many run now and at most so far.
    private let inflating: DispatchSemaphore
    private let running = Atomic<Int>(0)
    private let peak = Atomic<Int>(0)
    private let finished = DispatchGroup()
    private let cancelled = Atomic<Bool>(false)
    /// Bit k: slot k is filled and not yet taken (the ring has at most 64 slots).
    private let readySlots = Atomic<UInt64>(0)
    private var consumerIndex = 0
    /// Slots taken from `free` by the producer and not yet handed back by the consumer.
    private let slotsOut = Atomic<Int>(0)

    /// Whether the next chunk is already decoded: if not, the consumer is the faster side and
    /// has time to spare.
    public var nextChunkReady: Bool { readySlots.load(ordering: .relaxed) & (1 << UInt64(consumerIndex)) != 0 }

    /// The most BGZF chunks that were inflating at once (0 for other inputs): at most `threads`.
    public var peakInflatingWorkers: Int { peak.load(ordering: .relaxed) }

    /// Starts reading `reader` in `slotCount` (at most 64) buffers of `chunkSize` bytes, BGZF
    /// chunks inflating on at most `threads` workers.
    public init(reader: GzipReader, chunkSize: Int = 1 << 20, slotCount: Int = 32, threads: Int) {
        precondition(slotCount >= 1 && slotCount <= 64)
        self.reader = reader
        slots = (0..<slotCount).map { _ in Slot(size: chunkSize) }
        free = DispatchSemaphore(value: slotCount)
        inflating = DispatchSemaphore(value: max(1, threads))
        finished.enter()
        // A thread of its own, not a Dispatch worker: the producer mostly waits on `free`, and a
        // worker blocked there holds one of Dispatch's per-core slots, so that the chunks it
        // queues for inflating ran one at a time.
        let thread = Thread { [self] in
            produce()
            finished.leave()
        }
        thread.start()
    }

    deinit {
        stop()
    }

    private func produce() {
        var index = 0
        while true {
            free.wait()
            slotsOut.add(1, ordering: .relaxed)
            if cancelled.load(ordering: .acquiring) { return }
            let slot = slots[index]
            let bit: UInt64 = 1 << UInt64(index)
            do {
                if let batch = try reader.nextBlockedBatch(
                    outputCapacity: slot.bytes.count, compressed: slot.compressed)
                {
                    if slot.stream == nil { slot.stream = try MemberStream() }
                    slot.fileBytesRead = batch.fileBytesRead
                    finished.enter()
                    inflating.wait()
                    let now = running.add(1, ordering: .relaxed).newValue
                    peak.max(now, ordering: .relaxed)
                    DispatchQueue.global(qos: .userInitiated).async { [self] in
                        do {
                            try batch.inflate(into: slot.bytes.baseAddress!, stream: slot.stream!)
                            slot.count = batch.size
                        } catch {
                            slot.failure = error
                            slot.count = -1
                        }
                        running.subtract(1, ordering: .relaxed)
                        inflating.signal()
                        readySlots.bitwiseOr(bit, ordering: .relaxed)
                        slot.ready.signal()
                        finished.leave()
                    }
                } else {
                    let count = try reader.read(into: slot.bytes)
                    slot.count = count
                    slot.fileBytesRead = reader.inputBytesRead
                    readySlots.bitwiseOr(bit, ordering: .relaxed)
                    slot.ready.signal()
                    if count == 0 { return }
                }
            } catch {
                slot.failure = error
                slot.count = -1
                readySlots.bitwiseOr(bit, ordering: .relaxed)
                slot.ready.signal()
                return
            }
            index = (index + 1) % slots.count
        }
    }

    /// Calls `body` with the next chunk's bytes (valid during the call only) and the input bytes
    /// read so far, then hands its buffer back to the producer; nil at the end of the input.
    /// Rethrows the reader's error, and `body`'s. After nil or an error, call ``stop()``, not this
    /// again (the ring is left as it was, which ``stop()`` accounts for).
    public func next<Result>(_ body: (UnsafeRawBufferPointer, _ fileBytesRead: Int64) throws -> Result) throws
        -> Result?
    {
        let slot = slots[consumerIndex]
        slot.ready.wait()
        readySlots.bitwiseAnd(~(1 << UInt64(consumerIndex)), ordering: .relaxed)
        if slot.count < 0 { throw slot.failure! }
        if slot.count == 0 { return nil }
        let result = try body(UnsafeRawBufferPointer(rebasing: slot.bytes[0..<slot.count]), slot.fileBytesRead)
        recycle()
        return result
    }

    /// Hands the last chunk's buffer back to the producer.
    private func recycle() {
        consumerIndex = (consumerIndex + 1) % slots.count
        slotsOut.subtract(1, ordering: .relaxed)
        free.signal()
    }

    /// Stops the producer (if it still runs) and waits for it and for chunks still inflating.
    /// Chunks the consumer did not take (it stopped at an error) go back to `free`: Dispatch
    /// traps when a semaphore is freed below its initial value.
    public func stop() {
        cancelled.store(true, ordering: .releasing)
        free.signal()
        finished.wait()
        let out = slotsOut.exchange(0, ordering: .relaxed)
        for _ in 0..<max(out - 1, 0) { free.signal() }
    }
}
