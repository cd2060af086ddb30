/// Tells inputs that are not delimited text by their first decoded bytes — a workbook, another
/// compression, UTF-16, binary data — so that the error says what the file is instead of
/// reporting a CSV problem on line 1. Fed the decoded chunks in order; the verdict depends only
/// on the bytes, not on how they were split.
struct InputSniffer {
    /// Bytes searched for a NUL (binary data).
    static let binaryWindow = 4096
    private var start: [UInt8] = []
    private var seen = 0
    private var decided = false

    /// Looks at the next decoded bytes; a description of the problem when the input is not text.
    mutating func look(at bytes: UnsafeRawBufferPointer) -> String? {
        guard !decided else { return nil }
        if start.count < 8 { start += bytes.prefix(8 - start.count) }
        if let problem = signatureProblem() { return problem }
        let window = bytes.prefix(max(Self.binaryWindow - seen, 0))
        if let nul = window.firstIndex(of: 0) {
            return "binary data (a NUL byte at offset \(seen + nul)), not delimited text"
        }
        seen += window.count
        if start.count == 8 && seen >= Self.binaryWindow { decided = true }
        return nil
    }

    /// At the end of the input: the verdict on an input shorter than the bytes looked at.
    mutating func finish() -> String? {
        guard !decided else { return nil }
        decided = true
        return signatureProblem()
    }

    /// The signature the first bytes match (a signature longer than the bytes seen yet cannot).
    private func signatureProblem() -> String? {
        for (magic, what) in Self.signatures where start.starts(with: magic) { return what }
        return nil
    }

    private static let signatures: [([UInt8], String)] = [
        (
            [0x50, 0x4B, 0x03, 0x04],
            "a zip archive (as .xlsx workbooks are), read from standard input: name the .xlsx file instead of piping it"
        ),
        ([0x50, 0x4B, 0x05, 0x06], "an empty zip archive, not CSV"),
        (
            [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1],
            "an Excel 97-2003 (.xls) or other OLE2 document, not CSV: export the sheet as CSV"
        ),
        (Array("PAR1".utf8), "a Parquet file, not CSV"),
        (Array("%PDF".utf8), "a PDF document, not CSV"),
        (Array("BZh".utf8), "bzip2-compressed: decompress it (bunzip2) or recompress it with gzip"),
        ([0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00], "xz-compressed: decompress it (unxz) or recompress it with gzip"),
        ([0x28, 0xB5, 0x2F, 0xFD], "zstd-compressed: decompress it (unzstd) or recompress it with gzip"),
        ([0x1F, 0x8B], "gzip-compressed twice: decompress it once (gunzip) and read the result"),
        ([0xFF, 0xFE], "UTF-16 text: convert it to UTF-8 (iconv -f UTF-16 -t UTF-8)"),
        ([0xFE, 0xFF], "UTF-16 text: convert it to UTF-8 (iconv -f UTF-16 -t UTF-8)"),
    ]
}
