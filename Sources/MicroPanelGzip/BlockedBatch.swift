import CZlib

/// BGZF members taken off a ``GzipReader`` with their compressed bytes copied aside, so that
/// they can be inflated on any thread while the reader goes on to the next batch: whole
/// chunks of output inflate side by side, with no barrier between them.
package struct BlockedBatch: @unchecked Sendable {
    /// The members; their offsets point into `compressed`.
    let members: [BlockedMember]
    /// File offset of each member (for errors).
    let fileOffsets: [Int64]
    /// The members' compressed bytes (the caller's buffer).
    let compressed: UnsafeRawPointer
    let fileName: String
    /// Inflated bytes of the batch.
    package let size: Int
    /// Compressed bytes read from the file once this batch was taken (for progress).
    let fileBytesRead: Int64

    init(
        members: [BlockedMember], fileOffsets: [Int64], compressed: UnsafeRawPointer, fileName: String,
        fileBytesRead: Int64
    ) {
        self.members = members
        self.fileOffsets = fileOffsets
        self.compressed = compressed
        self.fileName = fileName
        self.size = members.reduce(0) { $0 + $1.size }
        self.fileBytesRead = fileBytesRead
    }

    /// Inflates the members, in order, into `output` (room for ``size`` bytes) with `stream`,
    /// checking each one's length and CRC-32.
    package func inflate(into output: UnsafeMutableRawPointer, stream: MemberStream) throws(InputError) {
        var offset = 0
        for (index, member) in members.enumerated() {
            let failure = inflateMember(member, input: compressed, into: output + offset, stream: stream.stream)
            if failure != 0 {
                throw InputError(
                    file: fileName, byteOffset: fileOffsets[index], kind: .corrupt(memberFailureMessage(failure)))
            }
            offset += member.size
        }
    }
}

/// A zlib stream for raw deflate data, reused across BGZF members (one per concurrent user).
package final class MemberStream: @unchecked Sendable {
    let stream: UnsafeMutablePointer<z_stream>

    /// A stream ready to inflate; fails only when zlib cannot allocate its state.
    package init() throws(InputError) {
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        // -15: raw deflate; the gzip wrapper is read by hand.
        let rc = micropanel_inflateInit2(stream, -15)
        guard rc == Z_OK else {
            stream.deallocate()
            throw InputError(file: "", byteOffset: 0, kind: .zlibFailure(rc))
        }
    }

    deinit {
        inflateEnd(stream)
        stream.deallocate()
    }
}
