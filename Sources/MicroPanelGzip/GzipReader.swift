import CZlib

#if canImport(Glibc)
    import Glibc
#endif

/// Streams the bytes of an input file in bounded memory: gzip data is inflated, anything else
/// is passed through unchanged.
///
/// The format is decided by the first two bytes (the gzip magic `1f 8b`), never by the file
/// name. Gzip input may hold several members (`cat a.gz b.gz`, parallel writers, BGZF): all are
/// read, in order. Zero bytes after the last member are padding; any other trailing byte, a
/// truncated member or corrupt data is a ``InputError`` naming the file and the compressed offset.
///
/// BGZF input (members of bounded size whose headers give their sizes, as htslib's bgzip
/// writes) is inflated whole member by whole member, in order; ``DecodeAhead`` takes batches of
/// them off the reader to inflate on several threads. Anything else in it falls back to the
/// streaming path.
public final class GzipReader {
    /// How the input is encoded.
    public enum Format: Sendable, Equatable {
        /// gzip (RFC 1952), one member or several.
        case gzip
        /// Not compressed: bytes are passed through.
        case plain
    }

    /// The encoding found in the input's first bytes.
    public let format: Format
    /// The name used in messages.
    public var name: String { file.name }
    /// Bytes read from the file so far (compressed bytes for gzip input).
    public private(set) var inputBytesRead: Int64 = 0
    /// Bytes handed out so far (inflated bytes for gzip input).
    public private(set) var outputBytes: Int64 = 0
    /// Gzip members started so far.
    public private(set) var members = 0

    private enum GzipState { case inMember, betweenMembers, zeroPadding, finished }

    private let file: InputFile
    private var input: UnsafeMutableRawBufferPointer
    /// Plain input: unconsumed bytes are `input[plainStart..<plainEnd]`.
    private var plainStart = 0
    private var plainEnd = 0
    private var endOfFile = false
    private var stream: UnsafeMutablePointer<z_stream>?
    private var state = GzipState.inMember
    /// The member being inflated: the CRC-32 and length of its bytes so far. zlib reads the
    /// trailer but does not check it (`inflateValidate(0)`): its table CRC took a sixth of the
    /// inflating thread's time; ``CRC32`` checks the same bytes several times faster.
    private var memberCRC: UInt32 = 0
    private var memberSize: UInt64 = 0
    /// The last 8 input bytes before `input`'s front, oldest in the lowest byte: a member's
    /// trailer may begin before the last refill.
    private var bytesBeforeInput: UInt64 = 0

    // BGZF: whole members inflated straight from `input[blockedStart..<blockedEnd]` (in order
    // here; ``DecodeAhead`` inflates batches of them side by side).
    private var blockedChecked = false
    private var blocked: MemberStream?
    private var blockedStart = 0
    private var blockedEnd = 0
    /// A decoded member larger than the caller's buffer, handed out in parts.
    private var pending: UnsafeMutableRawBufferPointer?
    private var pendingStart = 0
    private var pendingEnd = 0
    private static let blockedInputSize = 2 << 20

    /// Opens `path` (`-` for standard input) and reads its first bytes to tell gzip from plain.
    public convenience init(path: String, inputBufferSize: Int = 256 * 1024) throws(InputError) {
        try self.init(file: InputFile(path: path), inputBufferSize: inputBufferSize)
    }

    /// Reads from an open ``InputFile``; `inputBufferSize` bytes of compressed input are
    /// buffered at a time (at least 2).
    public init(file: InputFile, inputBufferSize: Int = 256 * 1024) throws(InputError) {
        self.file = file
        input = .allocate(byteCount: max(2, inputBufferSize), alignment: 64)
        // Sniff: read until two bytes are in hand or the file ends.
        var filled = 0
        do {
            while filled < 2 {
                let n = try file.read(
                    into: UnsafeMutableRawBufferPointer(rebasing: input[filled...]),
                    offsetForErrors: Int64(filled))
                if n == 0 {
                    endOfFile = true
                    break
                }
                filled += n
            }
        } catch {
            input.deallocate()
            throw error
        }
        inputBytesRead = Int64(filled)
        plainEnd = filled
        if filled >= 2 && input[0] == 0x1f && input[1] == 0x8b {
            format = .gzip
            let z = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
            z.initialize(to: z_stream())
            // 15 + 16: gzip wrapper only, maximal window.
            let rc = micropanel_inflateInit2(z, 15 + 16)
            guard rc == Z_OK else {
                z.deallocate()
                input.deallocate()
                throw InputError(file: file.name, byteOffset: 0, kind: .zlibFailure(rc))
            }
            inflateValidate(z, 0) // the trailer is checked here; inflateReset keeps this
            z.pointee.next_in = input.baseAddress!.assumingMemoryBound(to: Bytef.self)
            z.pointee.avail_in = UInt32(filled)
            stream = z
            members = 1
        } else {
            format = .plain
        }
    }

    deinit {
        if let stream {
            inflateEnd(stream)
            stream.deallocate()
        }
        input.deallocate()
        pending?.deallocate()
        file.close()
    }

    /// Whether the input was found to be BGZF: independent members whose sizes their headers give
    /// (``DecodeAhead`` inflates them on several threads).
    public private(set) var isBlocked = false

    /// Size of the file on disk when it is a regular file (for progress and throughput).
    public var inputFileSize: Int64? { file.regularFileSize }

    /// Fills `buffer` with the next bytes of the decoded stream; returns how many were written.
    /// Returns fewer than `buffer.count` only at the end of the input, and 0 once it is over.
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws(InputError) -> Int {
        let n: Int
        switch format {
        case .plain: n = try readPlain(into: buffer)
        case .gzip: n = try inflate(into: buffer)
        }
        outputBytes += Int64(n)
        return n
    }

    // MARK: Plain input

    private func readPlain(into buffer: UnsafeMutableRawBufferPointer) throws(InputError) -> Int {
        var produced = 0
        let buffered = min(plainEnd - plainStart, buffer.count)
        if buffered > 0 {
            buffer.baseAddress!.copyMemory(from: input.baseAddress! + plainStart, byteCount: buffered)
            plainStart += buffered
            produced = buffered
        }
        while produced < buffer.count && !endOfFile {
            let n = try file.read(
                into: UnsafeMutableRawBufferPointer(rebasing: buffer[produced...]),
                offsetForErrors: inputBytesRead)
            if n == 0 {
                endOfFile = true
                break
            }
            inputBytesRead += Int64(n)
            produced += n
        }
        return produced
    }

    // MARK: Gzip input

    /// Offset in the file of the next compressed byte zlib has not consumed.
    private var compressedOffset: Int64 {
        inputBytesRead - Int64(stream?.pointee.avail_in ?? 0)
    }

    private func error(_ kind: InputError.Kind, at offset: Int64? = nil) -> InputError {
        InputError(file: file.name, byteOffset: offset ?? compressedOffset, kind: kind)
    }

    /// Refills the input buffer, keeping the `avail_in` unconsumed bytes at its front.
    /// Returns false at end of file.
    private func refill(_ z: UnsafeMutablePointer<z_stream>) throws(InputError) -> Bool {
        if endOfFile { return false }
        let kept = Int(z.pointee.avail_in)
        if let next = z.pointee.next_in {
            bytesBeforeInput = lastEightBytes(before: UnsafeRawPointer(next))
            if kept > 0 { input.baseAddress!.copyMemory(from: UnsafeRawPointer(next), byteCount: kept) }
        }
        let n = try file.read(
            into: UnsafeMutableRawBufferPointer(rebasing: input[kept...]),
            offsetForErrors: inputBytesRead)
        if n == 0 { endOfFile = true }
        inputBytesRead += Int64(n)
        z.pointee.next_in = input.baseAddress!.assumingMemoryBound(to: Bytef.self)
        z.pointee.avail_in = UInt32(kept + n)
        return n > 0
    }

    private func inflate(into buffer: UnsafeMutableRawBufferPointer) throws(InputError) -> Int {
        guard let z = stream, let out = buffer.baseAddress else { return 0 }
        if !blockedChecked {
            blockedChecked = true
            try startBlockedIfBGZF(z)
        }
        if blocked != nil {
            let produced = try readBlocked(into: buffer, z)
            if produced > 0 || blocked != nil { return produced }
        }
        var produced = 0
        while produced < buffer.count {
            switch state {
            case .finished:
                return produced
            case .betweenMembers:
                try startNextMemberOrFinish(z)
            case .zeroPadding:
                try consumeZeroPadding(z)
            case .inMember:
                if z.pointee.avail_in == 0 && !endOfFile { _ = try refill(z) }
                z.pointee.next_out = (out + produced).assumingMemoryBound(to: Bytef.self)
                z.pointee.avail_out = UInt32(clamping: buffer.count - produced)
                let availableBefore = z.pointee.avail_out
                let rc = CZlib.inflate(z, Z_NO_FLUSH)
                let inflated = Int(availableBefore - z.pointee.avail_out)
                if inflated > 0 {
                    memberCRC = CRC32.checksum(out + produced, count: inflated, continuing: memberCRC)
                    memberSize &+= UInt64(inflated)
                }
                produced += inflated
                switch rc {
                case Z_OK:
                    continue
                case Z_STREAM_END:
                    try checkTrailer(z)
                    state = .betweenMembers
                case Z_BUF_ERROR:
                    // No progress: either the output is full (the loop ends) or input is needed.
                    if z.pointee.avail_in == 0 && endOfFile { throw error(.truncated) }
                case Z_NEED_DICT:
                    throw error(.corrupt("the data needs a preset dictionary (not gzip as written by gzip)"))
                case Z_MEM_ERROR:
                    throw error(.zlibFailure(rc))
                default:
                    let message = z.pointee.msg.map { String(cString: $0) } ?? "zlib error \(rc)"
                    throw error(.corrupt(message))
                }
            }
        }
        return produced
    }

    // MARK: BGZF

    /// Switches to whole-member inflating when the first member is a BGZF block.
    private func startBlockedIfBGZF(_ z: UnsafeMutablePointer<z_stream>) throws(InputError) {
        // The header is at most a few dozen bytes: make sure they are in hand (a smaller input
        // buffer grows to hold them, or every file would look like a BGZF block cut short).
        if input.count < 64 {
            let larger = UnsafeMutableRawBufferPointer.allocate(byteCount: 64, alignment: 64)
            let available = Int(z.pointee.avail_in)
            if available > 0 {
                larger.baseAddress!.copyMemory(from: UnsafeRawPointer(z.pointee.next_in!), byteCount: available)
            }
            input.deallocate()
            input = larger
            z.pointee.next_in = larger.baseAddress!.assumingMemoryBound(to: Bytef.self)
        }
        while Int(z.pointee.avail_in) < 64 && !endOfFile { _ = try refill(z) }
        let start = UnsafeRawPointer(z.pointee.next_in!) - UnsafeRawPointer(input.baseAddress!)
        let end = start + Int(z.pointee.avail_in)
        if case .notBlocked = BlockedMember.scan(input.baseAddress!, at: start, end: end) { return }
        if input.count < Self.blockedInputSize {
            let larger = UnsafeMutableRawBufferPointer.allocate(byteCount: Self.blockedInputSize, alignment: 64)
            larger.baseAddress!.copyMemory(from: input.baseAddress! + start, byteCount: end - start)
            input.deallocate()
            input = larger
            blockedStart = 0
            blockedEnd = end - start
        } else {
            blockedStart = start
            blockedEnd = end
        }
        z.pointee.avail_in = 0
        blocked = try MemberStream()
        isBlocked = true
        members = 0
    }

    /// Hands out decoded BGZF members: whole members that fit, inflated in order; a member
    /// larger than `buffer` in parts. Leaves BGZF mode (nil `blocked`) for anything else.
    private func readBlocked(
        into buffer: UnsafeMutableRawBufferPointer,
        _ z: UnsafeMutablePointer<z_stream>
    ) throws(InputError) -> Int {
        if let pending, pendingEnd > pendingStart {
            let count = min(buffer.count, pendingEnd - pendingStart)
            buffer.baseAddress!.copyMemory(from: pending.baseAddress! + pendingStart, byteCount: count)
            pendingStart += count
            return count
        }
        guard let stream = blocked else { return 0 }
        while true {
            let run = takeMembers(outputCapacity: buffer.count)
            if !run.members.isEmpty {
                try inflateBatch(run.members, fileOffsets: run.fileOffsets, with: stream, into: buffer.baseAddress!)
                // Only empty members (BGZF's end-of-file marker, also found mid-stream in
                // concatenated files): go on to what follows.
                if run.size > 0 { return run.size }
                continue
            }
            switch run.stop {
            case .complete(let member, let total):
                // One member larger than the caller's buffer: decode it aside.
                if pending == nil { pending = .allocate(byteCount: 1 << 16, alignment: 64) }
                guard member.size <= pending!.count else {
                    throw InputError(
                        file: file.name, byteOffset: offsetOf(member.start),
                        kind: .corrupt("BGZF block larger than 64 KiB"))
                }
                try inflateBatch(
                    [member], fileOffsets: [offsetOf(member.start)], with: stream, into: pending!.baseAddress!)
                members += 1
                blockedStart += total
                pendingStart = 0
                pendingEnd = member.size
                return try readBlocked(into: buffer, z)
            case .incomplete where !endOfFile:
                try refillBlocked()
            default:
                // Not a BGZF block (or cut short at the end): the streaming path takes over.
                z.pointee.next_in = (input.baseAddress! + blockedStart).assumingMemoryBound(to: Bytef.self)
                z.pointee.avail_in = UInt32(blockedEnd - blockedStart)
                state = .betweenMembers
                blocked = nil
                return 0
            }
        }
    }

    /// BGZF input: the next whole members whose inflated bytes fit `outputCapacity` and whose
    /// compressed bytes fit `compressed`, copied there, to be inflated on another thread with
    /// ``BlockedBatch/inflate(into:stream:)`` while this reader takes the next batch. Nil when
    /// no batch can be taken here (the input is not BGZF, or a member of another kind, one too
    /// large, or the end follows): ``read(into:)`` serves what comes next, in order, and the
    /// caller may ask for batches again after it.
    package func nextBlockedBatch(
        outputCapacity: Int,
        compressed: UnsafeMutableRawBufferPointer
    ) throws(InputError) -> BlockedBatch? {
        guard format == .gzip, let z = stream else { return nil }
        if !blockedChecked {
            blockedChecked = true
            try startBlockedIfBGZF(z)
        }
        guard blocked != nil, pendingEnd <= pendingStart, let destination = compressed.baseAddress else { return nil }
        while true {
            let run = takeMembers(
                outputCapacity: outputCapacity,
                copyingTo: UnsafeMutableRawBufferPointer(start: destination, count: compressed.count))
            if !run.members.isEmpty {
                // Only empty members (BGZF's end-of-file marker): go on to what follows.
                guard run.size > 0 else { continue }
                outputBytes += Int64(run.size)
                return BlockedBatch(
                    members: run.members, fileOffsets: run.fileOffsets, compressed: UnsafeRawPointer(destination),
                    fileName: file.name, fileBytesRead: inputBytesRead)
            }
            guard case .incomplete = run.stop, !endOfFile else { return nil }
            try refillBlocked()
        }
    }

    /// The whole BGZF members in the input from `blockedStart` on, as many as fit
    /// `outputCapacity` inflated and, when `copyingTo` is given, fit it compressed (they are
    /// copied there and their offsets point into it); they count as read. Also what stopped
    /// the run: a member that does not fit, one cut short, or something not BGZF.
    private func takeMembers(outputCapacity: Int, copyingTo copy: UnsafeMutableRawBufferPointer? = nil)
        -> (members: [BlockedMember], fileOffsets: [Int64], size: Int, stop: BlockedMember.MemberScan)
    {
        var run: [BlockedMember] = []
        var fileOffsets: [Int64] = []
        var size = 0
        var copied = 0
        while true {
            let next = BlockedMember.scan(input.baseAddress!, at: blockedStart, end: blockedEnd)
            guard case .complete(var member, let total) = next, size + member.size <= outputCapacity,
                copied + total <= copy?.count ?? Int.max
            else {
                members += run.count
                return (run, fileOffsets, size, next)
            }
            fileOffsets.append(offsetOf(blockedStart))
            if let destination = copy?.baseAddress {
                (destination + copied).copyMemory(from: input.baseAddress! + blockedStart, byteCount: total)
                member.dataStart += copied - blockedStart
                member.start = copied
                copied += total
            }
            run.append(member)
            size += member.size
            blockedStart += total
        }
    }

    private func inflateBatch(
        _ batch: [BlockedMember], fileOffsets: [Int64], with stream: MemberStream,
        into output: UnsafeMutableRawPointer
    ) throws(InputError) {
        try BlockedBatch(
            members: batch, fileOffsets: fileOffsets, compressed: UnsafeRawPointer(input.baseAddress!),
            fileName: file.name, fileBytesRead: inputBytesRead
        ).inflate(into: output, stream: stream)
    }

    /// The file offset of `input[index]` while reading BGZF.
    private func offsetOf(_ index: Int) -> Int64 {
        inputBytesRead - Int64(blockedEnd - index)
    }

    /// Keeps the unconsumed bytes and reads more after them.
    private func refillBlocked() throws(InputError) {
        let kept = blockedEnd - blockedStart
        if kept > 0 && blockedStart > 0 {
            input.baseAddress!.copyMemory(from: input.baseAddress! + blockedStart, byteCount: kept)
        }
        let n = try file.read(
            into: UnsafeMutableRawBufferPointer(rebasing: input[kept...]), offsetForErrors: inputBytesRead)
        if n == 0 { endOfFile = true }
        inputBytesRead += Int64(n)
        blockedStart = 0
        blockedEnd = kept + n
    }

    /// The 8 input bytes before `end` (a position in `input`), oldest in the lowest byte; those
    /// before `input`'s front come from `bytesBeforeInput`.
    private func lastEightBytes(before end: UnsafeRawPointer) -> UInt64 {
        let inBuffer = end - UnsafeRawPointer(input.baseAddress!)
        if inBuffer >= 8 { return (end - 8).loadUnaligned(as: UInt64.self).littleEndian }
        var bytes = bytesBeforeInput
        for index in 0..<inBuffer { bytes = bytes >> 8 | UInt64(input[index]) << 56 }
        return bytes
    }

    /// Compares the trailer zlib just read (the member's last 8 input bytes: CRC-32 and length,
    /// little-endian) with the bytes inflated.
    private func checkTrailer(_ z: UnsafeMutablePointer<z_stream>) throws(InputError) {
        let trailer = lastEightBytes(before: UnsafeRawPointer(z.pointee.next_in!))
        defer {
            memberCRC = 0
            memberSize = 0
        }
        guard UInt32(truncatingIfNeeded: trailer) == memberCRC else { throw error(.corrupt("incorrect data check")) }
        guard UInt32(truncatingIfNeeded: trailer >> 32) == UInt32(truncatingIfNeeded: memberSize) else {
            throw error(.corrupt("incorrect length check"))
        }
    }

    /// After a member's end: a new member (magic `1f 8b`), zero padding, the end, or garbage.
    private func startNextMemberOrFinish(_ z: UnsafeMutablePointer<z_stream>) throws(InputError) {
        if z.pointee.avail_in < 2 && !endOfFile { _ = try refill(z) }
        // One more read may be needed when the buffer held exactly one byte.
        if z.pointee.avail_in < 2 && !endOfFile { _ = try refill(z) }
        let available = Int(z.pointee.avail_in)
        if available == 0 {
            state = .finished
            return
        }
        let next = z.pointee.next_in!
        if next[0] == 0 {
            state = .zeroPadding
            return
        }
        guard available >= 2, next[0] == 0x1f, next[1] == 0x8b else { throw error(.trailingGarbage) }
        let rc = inflateReset(z)
        guard rc == Z_OK else { throw error(.zlibFailure(rc)) }
        members += 1
        state = .inMember
    }

    /// Consumes zero bytes to the end of the input; anything else is garbage.
    private func consumeZeroPadding(_ z: UnsafeMutablePointer<z_stream>) throws(InputError) {
        while true {
            let available = Int(z.pointee.avail_in)
            if available > 0 {
                let next = z.pointee.next_in!
                for i in 0..<available where next[i] != 0 {
                    z.pointee.next_in = next + i
                    z.pointee.avail_in = UInt32(available - i)
                    throw error(.trailingGarbage)
                }
                z.pointee.next_in = next + available
                z.pointee.avail_in = 0
            }
            if try !refill(z) { break }
        }
        state = .finished
    }
}
