import CZlib

/// Compresses a byte stream into one gzip member, handing compressed chunks to a sink.
public final class GzipEncoder {
    private let stream: UnsafeMutablePointer<z_stream>
    private let output: UnsafeMutableRawBufferPointer
    private var finished = false

    /// An encoder at zlib `level` (1 fastest ... 9 smallest; 6 is gzip's default).
    public init(level: Int32 = 6) throws(InputError) {
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        // 15 + 16: gzip wrapper; memLevel 8 is zlib's default.
        let rc = micropanel_deflateInit2(stream, level, 15 + 16, 8)
        guard rc == Z_OK else {
            stream.deallocate()
            throw InputError(file: "<output>", byteOffset: 0, kind: .zlibFailure(rc))
        }
        output = .allocate(byteCount: 256 * 1024, alignment: 16)
    }

    deinit {
        deflateEnd(stream)
        stream.deallocate()
        output.deallocate()
    }

    /// Compresses `input`, passing any compressed bytes ready to `sink`.
    public func compress(
        _ input: UnsafeRawBufferPointer,
        into sink: (UnsafeRawBufferPointer) throws -> Void
    ) rethrows {
        precondition(!finished, "compress after finish")
        guard let base = input.baseAddress, input.count > 0 else { return }
        var offset = 0
        while offset < input.count {
            // avail_in is 32-bit: feed at most 1 GiB per call.
            let take = min(input.count - offset, 1 << 30)
            stream.pointee.next_in = UnsafeMutablePointer(mutating: (base + offset).assumingMemoryBound(to: Bytef.self))
            stream.pointee.avail_in = UInt32(take)
            try drain(flush: Z_NO_FLUSH, into: sink)
            offset += take
        }
    }

    /// Ends the member (trailer with CRC and length) and passes the last bytes to `sink`.
    public func finish(into sink: (UnsafeRawBufferPointer) throws -> Void) rethrows {
        guard !finished else { return }
        stream.pointee.next_in = nil
        stream.pointee.avail_in = 0
        try drain(flush: Z_FINISH, into: sink)
        finished = true
    }

    private func drain(flush: Int32, into sink: (UnsafeRawBufferPointer) throws -> Void) rethrows {
        while true {
            stream.pointee.next_out = output.baseAddress!.assumingMemoryBound(to: Bytef.self)
            stream.pointee.avail_out = UInt32(output.count)
            let rc = deflate(stream, flush)
            let produced = output.count - Int(stream.pointee.avail_out)
            if produced > 0 { try sink(UnsafeRawBufferPointer(rebasing: output[0..<produced])) }
            precondition(rc == Z_OK || rc == Z_STREAM_END || rc == Z_BUF_ERROR, "deflate failed: \(rc)")
            if flush == Z_FINISH {
                if rc == Z_STREAM_END { return }
            } else if stream.pointee.avail_in == 0 && stream.pointee.avail_out > 0 {
                return
            }
        }
    }
}
