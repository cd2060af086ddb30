import MicroPanelGzip
import MicroPanelTestSupport
import Testing

/// Deterministic CSV-like text of about `size` bytes.
private func sampleText(size: Int, seed: UInt64 = 7) -> [UInt8] {
    var random = SeededGenerator(seed: seed)
    var text: [UInt8] = []
    text.reserveCapacity(size + 64)
    while text.count < size {
        let state = random.next()
        text += Array("\(state >> 40),\(state % 1000).\(state % 97),name-\(state % 31)\n".utf8)
    }
    return text
}

@Suite("gzip stream reader")
struct GzipReaderTests {
    let directory: TemporaryDirectory

    init() throws { directory = try TemporaryDirectory() }

    @Test(
        "one member, read back whole through buffers of many sizes",
        arguments: [(2, 1), (7, 7), (1024, 4096), (256 * 1024, 1 << 20)])
    func singleMember(inputBufferSize: Int, chunkSize: Int) throws {
        defer { directory.remove() }
        let text = sampleText(size: 200_000)
        let path = try directory.write("one.csv.gz", GzipTool.compress(text))
        let reader = try GzipReader(path: path, inputBufferSize: inputBufferSize)
        #expect(reader.format == .gzip)
        #expect(try ByteStreams.readAll(reader, chunkSize: chunkSize) == text)
        #expect(!reader.isBlocked)
        #expect(reader.members == 1)
        #expect(reader.outputBytes == Int64(text.count))
        #expect(reader.inputBytesRead == Int64(try readBytes(path).count))
    }

    @Test("two members (cat a.gz b.gz) are read whole, across buffer boundaries", arguments: [3, 4096])
    func twoMembers(inputBufferSize: Int) throws {
        defer { directory.remove() }
        let first = sampleText(size: 50_000, seed: 1)
        let second = sampleText(size: 70_000, seed: 2)
        let path = try directory.write("two.csv.gz", GzipTool.compress(first) + GzipTool.compress(second))
        let reader = try GzipReader(path: path, inputBufferSize: inputBufferSize)
        #expect(try ByteStreams.readAll(reader, chunkSize: 1000) == first + second)
        #expect(reader.members == 2)
    }

    // (Buffers under 64 bytes grow to 2 MiB while the reader looks for BGZF: sizes from 64 up
    // split the trailers at every position across the refills.)
    @Test(
        "each member's CRC-32 and length are checked, whatever input buffer splits its trailer",
        arguments: [7] + Array(64...80) + [4096])
    func trailers(inputBufferSize: Int) throws {
        defer { directory.remove() }
        let first = try GzipTool.compress(sampleText(size: 3000, seed: 3))
        let second = try GzipTool.compress(sampleText(size: 2000, seed: 4))
        let good = try directory.write("good.gz", first + second)
        #expect(
            try ByteStreams.readAll(GzipReader(path: good, inputBufferSize: inputBufferSize), chunkSize: 777)
                == sampleText(size: 3000, seed: 3) + sampleText(size: 2000, seed: 4))
        // A flipped byte in each field of each trailer: CRC (first 4 bytes), length (last 4).
        for (member, end) in [(1, first.count), (2, first.count + second.count)] {
            for (offset, expected) in [
                (8, "incorrect data check"), (5, "incorrect data check"),
                (4, "incorrect length check"), (1, "incorrect length check"),
            ] {
                var bytes = first + second
                bytes[end - offset] ^= 0x40
                let path = try directory.write("bad-\(member)-\(offset).gz", bytes)
                let error = #expect(throws: InputError.self) {
                    _ = try ByteStreams.readAll(
                        GzipReader(path: path, inputBufferSize: inputBufferSize), chunkSize: 777)
                }
                #expect(error?.kind == .corrupt(expected), "member \(member), byte \(offset) from its end")
            }
        }
    }

    @Test("a member holding nothing, between others")
    func emptyMember() throws {
        defer { directory.remove() }
        let text = sampleText(size: 1000)
        let path = try directory.write(
            "e.gz", GzipTool.compress(text) + GzipTool.compress([]) + GzipTool.compress(text))
        let reader = try GzipReader(path: path)
        #expect(try ByteStreams.readAll(reader, chunkSize: 333) == text + text)
        #expect(reader.members == 3)
    }

    @Test("truncated at many offsets: an error naming the file and an offset inside it")
    func truncated() throws {
        defer { directory.remove() }
        let compressed = try GzipTool.compress(sampleText(size: 100_000))
        // Cut inside the two magic bytes, the file is not gzip and reads as plain text.
        let magicOnly = try GzipReader(path: directory.write("cut-1.gz", [compressed[0]]))
        #expect(magicOnly.format == .plain)
        for cut in [2, 5, 10, 100, compressed.count / 2, compressed.count - 8, compressed.count - 1] {
            let path = try directory.write("cut-\(cut).gz", Array(compressed[0..<cut]))
            let error = #expect(throws: InputError.self) {
                _ = try ByteStreams.readAll(GzipReader(path: path, inputBufferSize: 4096), chunkSize: 65536)
            }
            #expect(error?.kind == .truncated, "cut at \(cut)")
            #expect(error?.file == path)
            #expect(error.map { $0.byteOffset > 0 && $0.byteOffset <= Int64(cut) } == true)
            #expect(error?.description.hasPrefix("\(path): byte ") == true)
        }
    }

    @Test("corrupt deflate data or checksum: an error with zlib's reason and the offset")
    func corrupt() throws {
        defer { directory.remove() }
        let compressed = try GzipTool.compress(sampleText(size: 100_000))
        for position in [12, compressed.count / 3, compressed.count - 6] {
            var damaged = compressed
            damaged[position] ^= 0x55
            let path = try directory.write("bad-\(position).gz", damaged)
            let error = #expect(throws: InputError.self) {
                _ = try ByteStreams.readAll(GzipReader(path: path), chunkSize: 65536)
            }
            guard case .corrupt(let message)? = error?.kind else {
                Issue.record("expected corrupt data at \(position), got \(String(describing: error))")
                continue
            }
            #expect(!message.isEmpty)
            #expect(error.map { $0.byteOffset > 0 && $0.byteOffset <= Int64(compressed.count) } == true)
        }
    }

    @Test("bytes after the last member are an error; zero padding is not")
    func trailingBytes() throws {
        defer { directory.remove() }
        let text = sampleText(size: 5000)
        let compressed = try GzipTool.compress(text)
        let garbage = try directory.write("garbage.gz", compressed + Array("hello".utf8))
        let error = #expect(throws: InputError.self) {
            _ = try ByteStreams.readAll(GzipReader(path: garbage), chunkSize: 4096)
        }
        #expect(error?.kind == .trailingGarbage)
        #expect(error?.byteOffset == Int64(compressed.count))

        let garbageAfterZeros = try directory.write("zeros-garbage.gz", compressed + [0, 0, 0, 7])
        let later = #expect(throws: InputError.self) {
            _ = try ByteStreams.readAll(GzipReader(path: garbageAfterZeros), chunkSize: 4096)
        }
        #expect(later?.kind == .trailingGarbage)
        #expect(later?.byteOffset == Int64(compressed.count + 3))

        let oneStrayByte = try directory.write("stray.gz", compressed + [0x1f])
        #expect(throws: InputError.self) {
            _ = try ByteStreams.readAll(GzipReader(path: oneStrayByte), chunkSize: 4096)
        }

        let padded = try directory.write("padded.gz", compressed + [UInt8](repeating: 0, count: 1000))
        #expect(try ByteStreams.readAll(GzipReader(path: padded, inputBufferSize: 64), chunkSize: 4096) == text)
    }

    @Test("an empty file reads as empty plain text; gzip of nothing as empty gzip")
    func emptyInputs() throws {
        defer { directory.remove() }
        let empty = try GzipReader(path: directory.write("empty.csv", []))
        #expect(empty.format == .plain)
        #expect(try ByteStreams.readAll(empty, chunkSize: 16).isEmpty)

        let gzipOfNothing = try GzipReader(path: directory.write("nothing.gz", GzipTool.compress([])))
        #expect(gzipOfNothing.format == .gzip)
        #expect(try ByteStreams.readAll(gzipOfNothing, chunkSize: 16).isEmpty)
    }

    @Test("plain text passes through; the format comes from the content, not the name")
    func plainByContent() throws {
        defer { directory.remove() }
        let text = sampleText(size: 300_000)
        let plainNamedGz = try GzipReader(path: directory.write("looks-compressed.csv.gz", text), inputBufferSize: 1000)
        #expect(plainNamedGz.format == .plain)
        #expect(try ByteStreams.readAll(plainNamedGz, chunkSize: 7777) == text)

        let gzipNamedCsv = try GzipReader(path: directory.write("looks-plain.csv", GzipTool.compress(text)))
        #expect(gzipNamedCsv.format == .gzip)
        #expect(try ByteStreams.readAll(gzipNamedCsv, chunkSize: 7777) == text)

        let oneByte = try GzipReader(path: directory.write("one-byte", [0x1f]))
        #expect(oneByte.format == .plain)
        #expect(try ByteStreams.readAll(oneByte, chunkSize: 8) == [0x1f])
    }

    @Test("what gzip writes, this reads, at every compression level", arguments: [1, 9])
    func levels(level: Int) throws {
        defer { directory.remove() }
        let text = sampleText(size: 120_000, seed: UInt64(level))
        let path = try directory.write("level.gz", GzipTool.compress(text, level: level))
        #expect(try ByteStreams.readAll(GzipReader(path: path), chunkSize: 1 << 16) == text)
    }

    @Test("a missing file or a directory cannot be opened, and the message says which")
    func cannotOpen() throws {
        defer { directory.remove() }
        let missing = directory.path("no-such-file.csv")
        let error = #expect(throws: InputError.self) { _ = try GzipReader(path: missing) }
        #expect(error?.description == "\(missing): cannot open: No such file or directory")
        let folder = #expect(throws: InputError.self) { _ = try GzipReader(path: directory.url.path) }
        #expect(folder?.kind == .cannotOpen("is a directory"))
    }
}

@Suite("gzip encoder")
struct GzipEncoderTests {
    @Test("what it writes, gzip reads back, fed in pieces of any size", arguments: [1, 1000, 1 << 20])
    func roundTripThroughGzip(pieceSize: Int) throws {
        let text = sampleText(size: 300_000, seed: 9)
        let encoder = try GzipEncoder(level: 6)
        var compressed: [UInt8] = []
        var offset = 0
        while offset < text.count {
            let end = min(offset + pieceSize, text.count)
            text[offset..<end].withUnsafeBytes { encoder.compress($0) { compressed += $0 } }
            offset = end
        }
        encoder.finish { compressed += $0 }
        #expect(compressed.count < text.count / 2)
        #expect(try GzipTool.decompress(compressed) == text)
    }
}

/// `text` as BGZF: blocks of at most 64 KiB, compressed on `threads` threads.
private func blocked(_ text: [UInt8], threads: Int = 2) -> [UInt8] {
    let encoder = BlockedGzipEncoder(level: 6, threads: threads)
    var out: [UInt8] = []
    text.withUnsafeBytes { encoder.compress($0) { out += $0 } }
    encoder.finish { out += $0 }
    return out
}

@Suite("BGZF: members inflated in parallel")
struct BlockedGzipTests {
    let directory: TemporaryDirectory
    init() throws { directory = try TemporaryDirectory() }

    @Test(
        "read back whole through buffers of many sizes, in order and decoded ahead on 1 and 4 threads",
        arguments: [(2, 1), (7, 7), (1000, 4096), (256 * 1024, 1 << 22)], [1, 4])
    func roundTrip(sizes: (input: Int, chunk: Int), threads: Int) throws {
        defer { directory.remove() }
        let text = sampleText(size: 700_000, seed: 3)
        let path = try directory.write("b.csv.gz", blocked(text))
        let reader = try GzipReader(path: path, inputBufferSize: sizes.input)
        #expect(try ByteStreams.readAll(reader, chunkSize: sizes.chunk) == text)
        #expect(reader.isBlocked)
        #expect(reader.members == (text.count + BlockedGzipEncoder.blockSize - 1) / BlockedGzipEncoder.blockSize + 1)
        // Decoded ahead, chunks inflating side by side on at most `threads` workers.
        let ahead = DecodeAhead(
            reader: try GzipReader(path: path, inputBufferSize: max(sizes.input, 64)),
            chunkSize: max(sizes.chunk, 1 << 16),
            slotCount: 8, threads: threads)
        var decoded: [UInt8] = []
        while try ahead.next({ bytes, _ in decoded += bytes }) != nil {}
        ahead.stop()
        #expect(decoded == text)
        #expect(ahead.peakInflatingWorkers >= 1 && ahead.peakInflatingWorkers <= threads)
    }

    @Test("the same bytes for any number of compressing threads; gzip reads them")
    func deterministicAndStandard() throws {
        defer { directory.remove() }
        let text = sampleText(size: 300_000, seed: 4)
        #expect(blocked(text, threads: 1) == blocked(text, threads: 3))
        #expect(try GzipTool.decompress(blocked(text)) == text)
    }

    @Test("concatenated BGZF files, then an ordinary gzip member, read whole")
    func mixedMembers() throws {
        defer { directory.remove() }
        let (a, b, c) = (
            sampleText(size: 150_000, seed: 5), sampleText(size: 90_000, seed: 6), sampleText(size: 5000, seed: 7)
        )
        let path = try directory.write("mixed.gz", blocked(a) + blocked(b) + GzipTool.compress(c))
        let reader = try GzipReader(path: path, inputBufferSize: 4096)
        #expect(try ByteStreams.readAll(reader, chunkSize: 100_000) == a + b + c)
    }

    @Test("truncated, corrupt, or followed by garbage: errors with offsets, as for any gzip")
    func errors() throws {
        defer { directory.remove() }
        let data = blocked(sampleText(size: 400_000, seed: 8))
        for cut in [30, data.count / 2, data.count - 40] {
            let path = try directory.write("cut-\(cut).gz", Array(data[0..<cut]))
            let error = #expect(throws: InputError.self) {
                _ = try ByteStreams.readAll(GzipReader(path: path), chunkSize: 1 << 20)
            }
            #expect(error?.kind == .truncated, "cut at \(cut)")
        }
        var damaged = data
        damaged[data.count / 3] ^= 0xFF
        let corrupt = try directory.write("corrupt.gz", damaged)
        let error = #expect(throws: InputError.self) {
            _ = try ByteStreams.readAll(GzipReader(path: corrupt), chunkSize: 1 << 20)
        }
        guard case .corrupt? = error?.kind else {
            Issue.record("expected corrupt, got \(String(describing: error))")
            return
        }
        #expect(
            error.map { $0.byteOffset <= Int64(data.count / 3) && $0.byteOffset > Int64(data.count / 3) - 65536 }
                == true)
        let garbage = try directory.write("garbage.gz", data + Array("junk".utf8))
        let trailing = #expect(throws: InputError.self) {
            _ = try ByteStreams.readAll(GzipReader(path: garbage), chunkSize: 1 << 20)
        }
        #expect(trailing?.kind == .trailingGarbage)
        #expect(trailing?.byteOffset == Int64(data.count))
    }

    /// Reads `reader` whole the way the loader does: batches of members taken off the reader
    /// and inflated apart (here one after the other), `read(into:)` for whatever a batch cannot
    /// serve. Also returns how many batches there were.
    func readInBatches(_ reader: GzipReader, capacity: Int) throws -> (bytes: [UInt8], batches: Int) {
        let output = UnsafeMutableRawBufferPointer.allocate(byteCount: capacity, alignment: 64)
        let compressed = UnsafeMutableRawBufferPointer.allocate(byteCount: capacity, alignment: 64)
        defer {
            output.deallocate()
            compressed.deallocate()
        }
        let stream = try MemberStream()
        var bytes: [UInt8] = []
        var batches = 0
        while true {
            if let batch = try reader.nextBlockedBatch(outputCapacity: capacity, compressed: compressed) {
                #expect(batch.size > 0 && batch.size <= capacity)
                try batch.inflate(into: output.baseAddress!, stream: stream)
                bytes += output[0..<batch.size]
                batches += 1
            } else {
                let count = try reader.read(into: output)
                if count == 0 { return (bytes, batches) }
                bytes += output[0..<count]
            }
        }
    }

    @Test(
        "batches taken off the reader and inflated apart give the same bytes, with read(into:) serving the rest",
        arguments: [4096, 65536, 100_000, 1 << 20])
    func batches(capacity: Int) throws {
        defer { directory.remove() }
        let (a, b, c) = (
            sampleText(size: 400_000, seed: 5), sampleText(size: 90_000, seed: 6), sampleText(size: 5000, seed: 7)
        )
        let path = try directory.write("mixed.gz", blocked(a) + blocked(b) + GzipTool.compress(c))
        let reader = try GzipReader(path: path, inputBufferSize: 4096)
        let (bytes, batches) = try readInBatches(reader, capacity: capacity)
        #expect(bytes == a + b + c)
        #expect(reader.outputBytes == Int64(bytes.count))
        // Members of 64 KiB fit batches of 64 KiB and more; smaller buffers are served by read(into:).
        #expect(capacity < BlockedGzipEncoder.blockSize ? batches == 0 : batches >= (a.count + b.count) / capacity)
        // A plain gzip file has no batches.
        let plain = try GzipReader(path: directory.write("plain.gz", GzipTool.compress(c)))
        #expect(try readInBatches(plain, capacity: capacity) == (c, 0))
    }

    @Test("a corrupt member in a batch: the same error and offset as reading it in order")
    func corruptBatch() throws {
        defer { directory.remove() }
        var data = blocked(sampleText(size: 400_000, seed: 8))
        data[data.count / 3] ^= 0xFF
        let path = try directory.write("corrupt.gz", data)
        let inOrder = #expect(throws: InputError.self) {
            _ = try ByteStreams.readAll(GzipReader(path: path), chunkSize: 1 << 20)
        }
        let inBatches = #expect(throws: InputError.self) {
            _ = try readInBatches(GzipReader(path: path), capacity: 1 << 18)
        }
        #expect(inOrder != nil && inBatches == inOrder)
    }
}
