import MicroPanelGzip
import Testing

@Suite("SHA-256")
struct SHA256Tests {
    @Test(
        "FIPS 180-4 test vectors, fed whole and byte by byte",
        arguments: [
            ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
            ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
            (
                "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
                "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
            ),
        ])
    func vectors(text: String, digest: String) {
        var whole = SHA256()
        Array(text.utf8).withUnsafeBytes { whole.update($0) }
        #expect(whole.hexDigest() == digest)
        var pieces = SHA256()
        for byte in text.utf8 { [byte].withUnsafeBytes { pieces.update($0) } }
        #expect(pieces.hexDigest() == digest)
    }

    @Test("a million 'a's")
    func million() {
        var digest = SHA256()
        let chunk = [UInt8](repeating: 0x61, count: 1000)
        for _ in 0..<1000 { chunk.withUnsafeBytes { digest.update($0) } }
        #expect(digest.hexDigest() == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }
}
