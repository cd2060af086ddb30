import CZlib
import MicroPanelGzip

/// A zip archive held in memory (an `.xlsx` workbook is one): its central directory, and each
/// entry inflated with zlib (raw deflate), checked against its CRC-32.
struct ZipArchive {
    /// One file in the archive.
    struct Entry {
        let name: String
        let method: UInt16
        let compressedSize: Int
        let uncompressedSize: Int
        let crc32: UInt32
        let localHeaderOffset: Int
    }

    let bytes: [UInt8]
    let file: String
    /// The entries by name.
    let entries: [String: Entry]

    /// Reads the central directory of `bytes` (the archive named `file` in messages).
    init(bytes: [UInt8], file: String) throws(WorkbookError) {
        self.bytes = bytes
        self.file = file
        func fail(_ what: String, at offset: Int) -> WorkbookError {
            WorkbookError(.corruptArchive(what), file: file, byteOffset: Int64(offset))
        }
        // The end-of-central-directory record: the last signature within 64 KiB + 22 bytes of the end.
        let lowest = max(0, bytes.count - 65_557)
        var end = bytes.count - 22
        while end >= lowest && Self.uint32(bytes, end) != 0x0605_4B50 { end -= 1 }
        guard end >= lowest else { throw fail("no end-of-central-directory record", at: bytes.count) }
        let count = Int(Self.uint16(bytes, end + 10))
        let directorySize = Int(Self.uint32(bytes, end + 12))
        let directoryOffset = Int(Self.uint32(bytes, end + 16))
        if count == 0xFFFF || directoryOffset == 0xFFFF_FFFF {
            throw WorkbookError(.unsupported("a ZIP64 archive"), file: file)
        }
        guard directoryOffset + directorySize <= end else { throw fail("central directory out of bounds", at: end) }
        var entries: [String: Entry] = [:]
        var offset = directoryOffset
        for _ in 0..<count {
            guard offset + 46 <= end, Self.uint32(bytes, offset) == 0x0201_4B50 else {
                throw fail("bad central directory entry", at: offset)
            }
            let flags = Self.uint16(bytes, offset + 8)
            let nameLength = Int(Self.uint16(bytes, offset + 28))
            let extraLength = Int(Self.uint16(bytes, offset + 30))
            let commentLength = Int(Self.uint16(bytes, offset + 32))
            guard offset + 46 + nameLength <= end else { throw fail("entry name out of bounds", at: offset) }
            let name = String(decoding: bytes[offset + 46..<offset + 46 + nameLength], as: UTF8.self)
            if flags & 1 != 0 { throw WorkbookError(.unsupported("an encrypted workbook"), file: file) }
            let entry = Entry(
                name: name, method: Self.uint16(bytes, offset + 10),
                compressedSize: Int(Self.uint32(bytes, offset + 20)),
                uncompressedSize: Int(Self.uint32(bytes, offset + 24)), crc32: Self.uint32(bytes, offset + 16),
                localHeaderOffset: Int(Self.uint32(bytes, offset + 42)))
            if entry.compressedSize == 0xFFFF_FFFF || entry.uncompressedSize == 0xFFFF_FFFF {
                throw WorkbookError(.unsupported("a ZIP64 entry (\(name))"), file: file)
            }
            entries[name] = entry
            offset += 46 + nameLength + extraLength + commentLength
        }
        self.entries = entries
    }

    /// Whether `bytes` begin as a zip archive does.
    static func isArchive(_ bytes: some Collection<UInt8>) -> Bool {
        bytes.starts(with: [0x50, 0x4B, 0x03, 0x04])
    }

    /// Inflates `entry`, handing its bytes to `body` a chunk (at most 1 MiB) at a time.
    func read(_ entry: Entry, _ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        func fail(_ what: String) -> WorkbookError {
            WorkbookError(
                .corruptArchive("\(entry.name): \(what)"), file: file, byteOffset: Int64(entry.localHeaderOffset))
        }
        let header = entry.localHeaderOffset
        guard header + 30 <= bytes.count, Self.uint32(bytes, header) == 0x0403_4B50 else {
            throw fail("bad local header")
        }
        let start = header + 30 + Int(Self.uint16(bytes, header + 26)) + Int(Self.uint16(bytes, header + 28))
        guard start + entry.compressedSize <= bytes.count else { throw fail("data out of bounds") }
        var crc: UInt32 = 0
        var produced = 0
        func checked(_ chunk: UnsafeRawBufferPointer) throws {
            if let base = chunk.baseAddress { crc = CRC32.checksum(base, count: chunk.count, continuing: crc) }
            produced += chunk.count
            // More than the directory says: stop before a decompression bomb fills memory.
            guard produced <= entry.uncompressedSize else { throw fail("it inflates to more than its stated size") }
            try body(chunk)
        }
        switch entry.method {
        case 0:
            try bytes.withUnsafeBytes {
                try checked(UnsafeRawBufferPointer(rebasing: $0[start..<start + entry.compressedSize]))
            }
        case 8:
            try inflate(bytes[start..<start + entry.compressedSize], fail: fail, into: checked)
        default:
            throw WorkbookError(
                .unsupported("\(entry.name) is compressed with zip method \(entry.method)"), file: file)
        }
        guard produced == entry.uncompressedSize, crc == entry.crc32 else {
            throw fail("its size or CRC-32 does not match the directory")
        }
    }

    /// The whole of `entry`.
    func contents(_ entry: Entry) throws -> [UInt8] {
        var out: [UInt8] = []
        // The stated size, but no more than deflate could give from the data (a damaged
        // directory must not reserve gigabytes).
        out.reserveCapacity(min(entry.uncompressedSize, 1032 * entry.compressedSize + 64))
        try read(entry) { out += $0 }
        return out
    }

    private func inflate(
        _ input: ArraySlice<UInt8>, fail: (String) -> WorkbookError, into body: (UnsafeRawBufferPointer) throws -> Void
    ) throws {
        // zlib keeps the stream's address: it must not move, so it is allocated.
        let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        defer { stream.deallocate() }
        guard micropanel_inflateInit2(stream, -15) == Z_OK else { throw fail("zlib could not start") }
        defer { inflateEnd(stream) }
        let output = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
        defer { output.deallocate() }
        try input.withUnsafeBytes { source in
            stream.pointee.next_in = UnsafeMutablePointer(
                mutating: source.baseAddress?.assumingMemoryBound(to: Bytef.self))
            stream.pointee.avail_in = uInt(source.count)
            while true {
                stream.pointee.next_out = output.baseAddress!.assumingMemoryBound(to: Bytef.self)
                stream.pointee.avail_out = uInt(output.count)
                let rc = CZlib.inflate(stream, Z_NO_FLUSH)
                let count = output.count - Int(stream.pointee.avail_out)
                if count > 0 { try body(UnsafeRawBufferPointer(rebasing: output[0..<count])) }
                if rc == Z_STREAM_END { return }
                guard rc == Z_OK || rc == Z_BUF_ERROR && count > 0 else {
                    throw fail(stream.pointee.msg.map { String(cString: $0) } ?? "corrupt deflate data (zlib \(rc))")
                }
                if stream.pointee.avail_in == 0 && count == 0 { throw fail("deflate data ends early") }
            }
        }
    }

    static func uint16(_ bytes: [UInt8], _ offset: Int) -> UInt16 {
        UInt16(bytes[offset]) | UInt16(bytes[offset + 1]) << 8
    }

    static func uint32(_ bytes: [UInt8], _ offset: Int) -> UInt32 {
        UInt32(uint16(bytes, offset)) | UInt32(uint16(bytes, offset + 2)) << 16
    }
}
