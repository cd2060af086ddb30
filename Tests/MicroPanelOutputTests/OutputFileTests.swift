import Foundation
import MicroPanelOutput
import MicroPanelTestSupport
import Testing

@Suite("output file")
struct OutputFileTests {
    @Test("bytes written in odd pieces across many staging buffers arrive whole and in order, only on commit")
    func manyStagingBuffers() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("big.bin")
        // 40 MiB and a bit: five staging buffers' worth, then a tail that is not a whole block.
        var random = SeededGenerator(seed: 12345)
        let bytes = random.bytes(count: (40 << 20) + 1234)
        let file = try OutputFile(path: path)
        var offset = 0
        var piece = 1
        while offset < bytes.count {
            let end = min(offset + piece, bytes.count)
            try bytes[offset..<end].withUnsafeBytes { try file.write($0) }
            offset = end
            piece = piece * 7 % 3_000_001 + 1
        }
        #expect(!FileManager.default.fileExists(atPath: path))
        try file.commit()
        #expect([UInt8](try Data(contentsOf: URL(fileURLWithPath: path))) == bytes)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.url.path) == ["big.bin"])
    }
}
