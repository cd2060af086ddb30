import MicroPanelGzip
import MicroPanelTestSupport
import Testing

/// CRC-32 the textbook way (reflected polynomial 0xEDB88320, one table lookup per byte): the
/// reference the folding must equal.
private let referenceTable: [UInt32] = (0..<256).map { index in
    var value = UInt32(index)
    for _ in 0..<8 { value = value & 1 == 1 ? (value >> 1) ^ 0xEDB8_8320 : value >> 1 }
    return value
}

private func referenceCRC(_ bytes: ArraySlice<UInt8>, continuing crc: UInt32 = 0) -> UInt32 {
    var value = ~crc
    for byte in bytes { value = referenceTable[Int((value ^ UInt32(byte)) & 0xFF)] ^ (value >> 8) }
    return ~value
}

@Suite("CRC-32")
struct CRC32Tests {
    @Test("the check value of \"123456789\" and of nothing")
    func checkValue() {
        let digits = Array("123456789".utf8)
        #expect(digits.withUnsafeBytes { CRC32.checksum($0.baseAddress!, count: $0.count) } == 0xCBF4_3926)
        #expect([UInt8](repeating: 0, count: 1).withUnsafeBytes { CRC32.checksum($0.baseAddress!, count: 0) } == 0)
    }

    @Test("every length up to 1,100 bytes, at every alignment, equals the byte-by-byte reference")
    func lengthsAndAlignments() {
        var random = SeededGenerator(seed: 32)
        let bytes = (0..<1200).map { _ in UInt8(truncatingIfNeeded: random.next() >> 40) }
        bytes.withUnsafeBytes { raw in
            for offset in 0..<16 {
                for length in 0...(1100 - offset) where length < 300 || length % 7 == 0 {
                    let expected = referenceCRC(bytes[offset..<(offset + length)])
                    let folded = CRC32.checksum(raw.baseAddress! + offset, count: length)
                    #expect(folded == expected, "offset \(offset), length \(length)")
                }
            }
        }
    }

    @Test("a megabyte in uneven pieces, each continuing the last, equals the whole")
    func continuation() {
        var random = SeededGenerator(seed: 33)
        let bytes = (0..<(1 << 20)).map { _ in UInt8(truncatingIfNeeded: random.next() >> 40) }
        let whole = referenceCRC(bytes[...])
        bytes.withUnsafeBytes { raw in
            #expect(CRC32.checksum(raw.baseAddress!, count: raw.count) == whole)
            var crc: UInt32 = 0
            var start = 0
            while start < raw.count {
                let length = min(Int(random.next() % 100_000), raw.count - start)
                crc = CRC32.checksum(raw.baseAddress! + start, count: length, continuing: crc)
                start += length
            }
            #expect(crc == whole)
        }
    }
}
