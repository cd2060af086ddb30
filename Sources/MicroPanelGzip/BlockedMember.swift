import CZlib

/// A gzip member in the input buffer whose size its header gives (BGZF's `BC` field).
struct BlockedMember {
    /// Offset of the member in the input buffer.
    var start: Int
    /// Offset and length of its deflate data.
    var dataStart: Int
    var dataLength: Int
    /// Its CRC-32 and uncompressed size, from its trailer.
    var crc: UInt32
    var size: Int
}

extension BlockedMember {
    /// The BGZF member at `offset` of `bytes` (up to `end`), if a whole one is there: nil when
    /// the bytes there are not a BGZF member header, `.incomplete` when more input is needed.
    static func scan(_ bytes: UnsafeRawPointer, at offset: Int, end: Int) -> MemberScan {
        let available = end - offset
        guard available >= 18 else { return available > 0 ? .incomplete : .notBlocked }
        let header = bytes + offset
        func byte(_ index: Int) -> Int { Int(header.load(fromByteOffset: index, as: UInt8.self)) }
        guard byte(0) == 0x1f, byte(1) == 0x8b, byte(2) == 8, byte(3) & 0x04 != 0, byte(3) & 0xE0 == 0 else {
            return .notBlocked
        }
        let extraLength = byte(10) | byte(11) << 8
        guard available >= 12 + extraLength else { return .incomplete }
        // Other header fields (name, comment, header CRC) are not BGZF's: leave them to zlib.
        guard byte(3) & ~0x04 == 0 else { return .notBlocked }
        var field = 12
        var blockSize: Int?
        while field + 4 <= 12 + extraLength {
            let length = byte(field + 2) | byte(field + 3) << 8
            if byte(field) == 0x42 && byte(field + 1) == 0x43 && length == 2 {
                blockSize = (byte(field + 4) | byte(field + 5) << 8) + 1
            }
            field += 4 + length
        }
        guard let total = blockSize, total >= 12 + extraLength + 8 else { return .notBlocked }
        guard available >= total else { return .incomplete }
        let trailer = header + total - 8
        let crc = trailer.loadUnaligned(as: UInt32.self).littleEndian
        let size = Int((trailer + 4).loadUnaligned(as: UInt32.self).littleEndian)
        return .complete(
            BlockedMember(
                start: offset, dataStart: offset + 12 + extraLength,
                dataLength: total - 12 - extraLength - 8, crc: crc, size: size), total)
    }

    /// What is at an offset of the input.
    enum MemberScan {
        /// A whole BGZF member of this many bytes.
        case complete(BlockedMember, Int)
        /// The start of one, not all of it read yet.
        case incomplete
        /// Something else (another gzip member, padding, garbage, the end).
        case notBlocked
    }
}

/// Inflates one member of `input` into `destination` (room for `member.size` bytes) with `stream`
/// (raw deflate) and checks its length and CRC: 0 when good, 1 a bad CRC, 2 a bad length,
/// 3 bad deflate data.
func inflateMember(
    _ member: BlockedMember, input: UnsafeRawPointer, into destination: UnsafeMutableRawPointer,
    stream: UnsafeMutablePointer<z_stream>
) -> Int32 {
    let output = destination.assumingMemoryBound(to: Bytef.self)
    inflateReset(stream)
    stream.pointee.next_in = UnsafeMutablePointer(
        mutating: (input + member.dataStart).assumingMemoryBound(to: Bytef.self))
    stream.pointee.avail_in = UInt32(member.dataLength)
    stream.pointee.next_out = output
    stream.pointee.avail_out = UInt32(member.size)
    let rc = CZlib.inflate(stream, Z_FINISH)
    guard rc == Z_STREAM_END, stream.pointee.avail_in == 0 else {
        return stream.pointee.avail_out == 0 && rc == Z_BUF_ERROR ? 2 : 3
    }
    guard stream.pointee.avail_out == 0 else { return 2 }
    return CRC32.checksum(output, count: member.size) == member.crc ? 0 : 1
}

/// The message for a failure code of ``inflateMember(_:input:into:stream:)``.
func memberFailureMessage(_ code: Int32) -> String {
    switch code {
    case 1: return "incorrect data check"
    case 2: return "incorrect length check"
    default: return "invalid deflate data in a BGZF block"
    }
}
