import CZlib
import Dispatch

/// Writes gzip as a series of independent members of bounded size, each carrying its
/// compressed size in a `BC` extra field as htslib's bgzip (BGZF) does, ending with BGZF's
/// empty end-of-file member.
///
/// Any gzip reader reads the result (multi-member gzip); ``GzipReader`` inflates its members
/// in parallel. Blocks are compressed in parallel and written in order, so the bytes do not
/// depend on the thread count.
public final class BlockedGzipEncoder {
    /// Uncompressed bytes per member (bgzip's own choice, so a member always fits 64 KiB).
    public static let blockSize = 65280
    /// The most compressed bytes a member may have (BSIZE is 16 bits).
    static let maximumMemberSize = 65536

    private let level: Int32
    private let threads: Int
    private var pending: [UInt8] = []
    private let batchBlocks: Int

    /// An encoder at zlib `level`, compressing on `threads` threads.
    public init(level: Int32 = 6, threads: Int = 1) {
        self.level = level
        self.threads = max(1, threads)
        batchBlocks = 16 * max(1, threads)
        pending.reserveCapacity(Self.blockSize * batchBlocks)
    }

    /// Compresses `input`, handing complete members to `sink` in order.
    public func compress(_ input: UnsafeRawBufferPointer, into sink: (UnsafeRawBufferPointer) throws -> Void) rethrows {
        var offset = 0
        while offset < input.count {
            let room = Self.blockSize * batchBlocks - pending.count
            let take = min(room, input.count - offset)
            pending += UnsafeRawBufferPointer(rebasing: input[offset..<(offset + take)])
            offset += take
            if pending.count == Self.blockSize * batchBlocks { try flush(into: sink) }
        }
    }

    /// Writes what is pending and BGZF's end-of-file member.
    public func finish(into sink: (UnsafeRawBufferPointer) throws -> Void) rethrows {
        try flush(into: sink)
        try Self.endOfFileMember.withUnsafeBytes { try sink($0) }
    }

    /// BGZF's end-of-file marker: an empty member with a `BC` field.
    static let endOfFileMember: [UInt8] = [
        0x1f, 0x8b, 0x08, 0x04, 0, 0, 0, 0, 0, 0xff, 0x06, 0x00, 0x42, 0x43, 0x02, 0x00, 0x1b, 0x00,
        0x03, 0x00, 0, 0, 0, 0, 0, 0, 0, 0,
    ]

    private func flush(into sink: (UnsafeRawBufferPointer) throws -> Void) rethrows {
        guard !pending.isEmpty else { return }
        let blocks = (pending.count + Self.blockSize - 1) / Self.blockSize
        var members = [[UInt8]](repeating: [], count: blocks)
        pending.withUnsafeBytes { text in
            let results = UnsafeMutableBufferPointer<[UInt8]>.allocate(capacity: blocks)
            results.initialize(repeating: [])
            let work = BlockWork(text: text, results: results, level: level)
            let workers = min(threads, blocks)
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                let deflater = RawDeflater(level: work.level)
                for block in stride(from: worker, to: blocks, by: workers) {
                    let start = block * BlockedGzipEncoder.blockSize
                    let end = min(start + BlockedGzipEncoder.blockSize, work.text.count)
                    work.results[block] = deflater.member(UnsafeRawBufferPointer(rebasing: work.text[start..<end]))
                }
            }
            for index in 0..<blocks { members[index] = results[index] }
            results.deinitialize()
            results.deallocate()
        }
        for member in members { try member.withUnsafeBytes { try sink($0) } }
        pending.removeAll(keepingCapacity: true)
    }
}

/// The blocks of one batch. `@unchecked Sendable`: each worker writes only its own blocks' slots.
private struct BlockWork: @unchecked Sendable {
    let text: UnsafeRawBufferPointer
    let results: UnsafeMutableBufferPointer<[UInt8]>
    let level: Int32
}

/// A raw-deflate stream reused for one block after another.
private final class RawDeflater {
    private let stream: UnsafeMutablePointer<z_stream>
    private var output: [UInt8]

    init(level: Int32) {
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        // -15: raw deflate, the gzip wrapper is written by hand.
        let rc = micropanel_deflateInit2(stream, level, -15, 8)
        precondition(rc == Z_OK, "deflateInit2 failed: \(rc)")
        output = [UInt8](repeating: 0, count: Int(compressBound(UInt(BlockedGzipEncoder.blockSize))) + 64)
    }

    deinit {
        deflateEnd(stream)
        stream.deallocate()
    }

    /// One complete gzip member holding `block`.
    func member(_ block: UnsafeRawBufferPointer) -> [UInt8] {
        deflateReset(stream)
        let compressedSize: Int = output.withUnsafeMutableBytes { out in
            stream.pointee.next_in = UnsafeMutablePointer(
                mutating: block.baseAddress?.assumingMemoryBound(to: Bytef.self))
            stream.pointee.avail_in = UInt32(block.count)
            stream.pointee.next_out = out.baseAddress!.assumingMemoryBound(to: Bytef.self)
            stream.pointee.avail_out = UInt32(out.count)
            let rc = deflate(stream, Z_FINISH)
            precondition(rc == Z_STREAM_END, "deflate of one block did not finish: \(rc)")
            return out.count - Int(stream.pointee.avail_out)
        }
        let crc = block.baseAddress.map { CRC32.checksum($0, count: block.count) } ?? 0
        let total = 18 + compressedSize + 8
        precondition(total <= BlockedGzipEncoder.maximumMemberSize, "a block compressed beyond 64 KiB")
        var member: [UInt8] = [
            0x1f, 0x8b, 0x08, 0x04, 0, 0, 0, 0, 0, 0xff, 0x06, 0x00, 0x42, 0x43, 0x02, 0x00,
            UInt8((total - 1) & 0xff), UInt8((total - 1) >> 8),
        ]
        member.reserveCapacity(total)
        member += output[0..<compressedSize]
        for value in [crc, UInt32(block.count)] {
            member += [
                UInt8(value & 0xff), UInt8((value >> 8) & 0xff), UInt8((value >> 16) & 0xff), UInt8(value >> 24),
            ]
        }
        return member
    }
}
