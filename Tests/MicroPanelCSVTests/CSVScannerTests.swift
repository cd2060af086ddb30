import MicroPanelCSV
import MicroPanelTestSupport
import Testing

private func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

/// Chunk sizes every layout test is fed with: byte by byte, odd, across block edges, whole.
private let chunkSizes = [1, 7, 63, 64, 65, 1 << 20]

@Suite("CSV scanner")
struct CSVScannerTests {
    @Test("quoted fields: delimiters, doubled quotes, line breaks, empty quotes", arguments: chunkSizes)
    func quoting(chunkSize: Int) throws {
        let text = "id,name,note\n1,\"Banco, S.A.\",\"said \"\"hi\"\"\"\n2,\"two\nlines\",\"\"\n3,plain,\"\"\"\"\n"
        let result = try ByteStreams.scan(bytes(text), chunkSize: chunkSize)
        #expect(result.header == ["id", "name", "note"])
        #expect(
            result.rows == [
                ["1", "Banco, S.A.", "said \"hi\""],
                ["2", "two\nlines", ""],
                ["3", "plain", "\""],
            ])
    }

    @Test("a field split across chunks, and fields longer than a block", arguments: chunkSizes)
    func longFieldsAcrossChunks(chunkSize: Int) throws {
        let long = String(repeating: "x", count: 300)
        let quotedLong = String(repeating: "a,\"\"\n", count: 40)
        let text = "a,b\n\(long),\"\(quotedLong)\"\nshort,\(long)\n"
        let result = try ByteStreams.scan(bytes(text), chunkSize: chunkSize)
        let unescaped = String(repeating: "a,\"\n", count: 40)
        #expect(result.rows == [[long, unescaped], ["short", long]])
    }

    @Test("CRLF line ends, a byte-order mark and ';' delimiters (MIX's own files)", arguments: chunkSizes)
    func mixDialect(chunkSize: Int) throws {
        let text =
            "\u{FEFF}MFI ID;MFI Name;Country\r\n100372;1st Valley Bank;Philippines\r\n100256;\"2CM; Benin\";Benin\r\n"
        let result = try ByteStreams.scan(bytes(text), chunkSize: chunkSize)
        #expect(result.header == ["MFI ID", "MFI Name", "Country"])
        #expect(result.scanner.header?.delimiter == UInt8(ascii: ";"))
        #expect(result.scanner.header?.hadByteOrderMark == true)
        #expect(result.rows == [["100372", "1st Valley Bank", "Philippines"], ["100256", "2CM; Benin", "Benin"]])
    }

    @Test(
        "the delimiter is detected from the header line",
        arguments: [
            ("a,b,c\n1,2,3\n", ","), ("a;b;c\n1;2;3\n", ";"), ("a\tb\tc\n1\t2\t3\n", "\t"),
            ("\"x,y\";b\n1;2\n", ";"), ("single\n1\n", ","), ("a;b,c;d\n1;2,3;4\n", ";"),
        ])
    func detection(text: String, expected: String) throws {
        let result = try ByteStreams.scan(bytes(text), chunkSize: 3)
        #expect(result.scanner.header?.delimiter == UInt8(ascii: Unicode.Scalar(expected)!))
    }

    @Test("a given delimiter overrides detection")
    func givenDelimiter() throws {
        let result = try ByteStreams.scan(
            bytes("a;b,c\n1;2,3\n"), chunkSize: 5,
            options: CSVOptions(delimiter: UInt8(ascii: ",")))
        #expect(result.rows == [["1;2", "3"]])
    }

    @Test("the last row needs no line break; blank lines are passed over and counted", arguments: chunkSizes)
    func lastRowAndBlankLines(chunkSize: Int) throws {
        let result = try ByteStreams.scan(bytes("\n\na,b\r\n\r\n1,2\n\n3,4"), chunkSize: chunkSize)
        #expect(result.header == ["a", "b"])
        #expect(result.rows == [["1", "2"], ["3", "4"]])
        #expect(result.scanner.blankLineCount == 4)
        #expect(result.scanner.rowCount == 2)
    }

    @Test("empty fields and a trailing delimiter")
    func emptyFields() throws {
        let result = try ByteStreams.scan(bytes("a,b,c\n,,\n1,,\n"), chunkSize: 2)
        #expect(result.rows == [["", "", ""], ["1", "", ""]])
    }

    @Test("ragged rows are errors with line and column", arguments: chunkSizes)
    func raggedRows(chunkSize: Int) throws {
        let tooMany = #expect(throws: CSVError.self) {
            _ = try ByteStreams.scan(bytes("a,b\n1,2\n\"x\ny\",2,3\n"), chunkSize: chunkSize)
        }
        #expect(tooMany?.kind == .wrongFieldCount(expected: 2, found: 3))
        #expect(tooMany?.line == 3)
        #expect(tooMany?.column == 3)
        #expect(tooMany?.byteOffset == 8)
        let tooFew = #expect(throws: CSVError.self) {
            _ = try ByteStreams.scan(bytes("a,b,c\n1,2,3\n4,5,6\n7\n"), chunkSize: chunkSize)
        }
        #expect(tooFew?.kind == .wrongFieldCount(expected: 3, found: 1))
        #expect(tooFew?.line == 4)
        #expect(tooFew?.description.hasPrefix("<input>:4:1: expected 3 fields as in the header, found 1") == true)
    }

    @Test("with the skip policy, ragged rows are left out and counted with their lines")
    func skippedRows() throws {
        let text = "a,b\n1,2\n3\n4,5\n6,7,8\n9,10"
        let result = try ByteStreams.scan(bytes(text), chunkSize: 4, options: CSVOptions(badRows: .skip))
        #expect(result.rows == [["1", "2"], ["4", "5"], ["9", "10"]])
        #expect(result.scanner.skippedRowCount == 2)
        #expect(result.scanner.skippedRowLines == [3, 5])
    }

    @Test("line numbers count line breaks inside quoted fields")
    func lineNumbers() throws {
        let text = bytes("h1,h2\n\"a\nb\nc\",1\nx,2\n\n\"q\",3\n")
        let scanner = CSVScanner()
        let space = scanner.reserveSpace(atLeast: text.count)
        space.copyBytes(from: text)
        try scanner.commit(text.count)
        // The last partial 64-byte block waits for more text or the end.
        #expect(scanner.batch.rowCount == 0)
        try scanner.finish()
        let batch = scanner.batch
        #expect(batch.rowCount == 3)
        #expect((0..<3).map { batch.line(ofRow: $0) } == [2, 5, 7])
        #expect(batch.line(ofRow: 0, column: 1) == 4)
    }

    @Test(
        "stray quotes are errors: inside an unquoted field, or text after a closing quote",
        arguments: ["a,b\n1,x\"y\n", "a,b\n1,\"x\"y\n", "a,b\n\"x\" ,1\n", "a,b\n1, \"x\"\n"])
    func strayQuotes(text: String) throws {
        let error = #expect(throws: CSVError.self) { _ = try ByteStreams.scan(bytes(text), chunkSize: 64) }
        #expect(error?.kind == .unexpectedQuote)
        #expect(error?.line == 2)
    }

    @Test(
        "a stray quote names its own column, and a field over the limit before it is reported first",
        arguments: [1, 7, 4096])
    func strayQuoteContext(chunkSize: Int) throws {
        let error = #expect(throws: CSVError.self) {
            _ = try ByteStreams.scan(bytes("a,b,c\n1,2,3\n4,5,6\"\n"), chunkSize: chunkSize)
        }
        #expect(error?.kind == .unexpectedQuote)
        #expect(error?.line == 3)
        #expect(error?.column == 3)

        let options = CSVOptions(maxFieldBytes: 10)
        let limitFirst = #expect(throws: CSVError.self) {
            _ = try ByteStreams.scan(bytes("a,b\n1,23456789012345\"\n"), chunkSize: chunkSize, options: options)
        }
        #expect(limitFirst?.kind == .fieldTooLong(limit: 10))
        #expect(limitFirst?.column == 2)
    }

    @Test("a quote left open at the end of input is an error naming where the field starts")
    func unterminatedQuote() throws {
        let error = #expect(throws: CSVError.self) {
            _ = try ByteStreams.scan(bytes("a,b\n1,2\n3,\"open\nand on"), chunkSize: 5)
        }
        #expect(error?.kind == .unterminatedQuote)
        #expect(error?.line == 3)
        #expect(error?.column == 2)
        #expect(error?.byteOffset == 10)
    }

    @Test("fields and rows over the limits are errors naming the limit and the option")
    func limits() throws {
        let options = CSVOptions(maxFieldBytes: 100, maxRowBytes: 1000)
        let longField = "a,b\n1," + String(repeating: "9", count: 101) + "\n"
        for chunkSize in [1, 50, 4096] {
            let error = #expect(throws: CSVError.self) {
                _ = try ByteStreams.scan(bytes(longField), chunkSize: chunkSize, options: options)
            }
            #expect(error?.kind == .fieldTooLong(limit: 100))
            #expect(error?.column == 2)
            #expect(error?.description.contains("--max-field-bytes") == true)
        }
        let exactlyAtLimit = "a,b\n1," + String(repeating: "9", count: 100) + "\n"
        #expect(try ByteStreams.scan(bytes(exactlyAtLimit), chunkSize: 7, options: options).rows.count == 1)

        let longRow = "a\n" + String(repeating: "1234,", count: 300) + "\n"
        let rowError = #expect(throws: CSVError.self) {
            _ = try ByteStreams.scan(bytes(longRow), chunkSize: 64, options: options)
        }
        #expect(rowError?.kind == .rowTooLong(limit: 1000))
        #expect(rowError?.description.contains("--max-row-bytes") == true)

        let openQuote = "a,b\n1,\"" + String(repeating: "z", count: 500)
        let quoteError = #expect(throws: CSVError.self) {
            _ = try ByteStreams.scan(bytes(openQuote), chunkSize: 64, options: options)
        }
        #expect(quoteError?.description.contains("closing quote missing") == true)
    }

    @Test("the field limit holds to the byte wherever fields fall in the 64-byte blocks")
    func fieldLimitAtEveryAlignment() throws {
        let limit = 70
        let options = CSVOptions(maxFieldBytes: limit)
        let header = (1...13).map { "c\($0)" }.joined(separator: ",") + "\n"
        // After the long field, one of 66 bytes: the row does not end in the long one's block.
        let last = "," + String(repeating: "5", count: 66) + "\n"
        for shift in 0..<64 {
            // Eleven short fields, `shift` bytes in all, put the long field's start anywhere in
            // a block; the long one ends one or two blocks on, in a block where no row ends.
            let short = (0..<11).map { String(repeating: "7", count: shift / 11 + ($0 < shift % 11 ? 1 : 0)) }
            let prefix = header + short.joined(separator: ",") + ","
            for chunkSize in [64, 1 << 20] {
                let atLimit = prefix + String(repeating: "9", count: limit) + last
                #expect(
                    try ByteStreams.scan(bytes(atLimit), chunkSize: chunkSize, options: options).rows.count == 1,
                    "shift \(shift), chunks of \(chunkSize)")
                let over = prefix + String(repeating: "9", count: limit + 1) + last
                let error = #expect(throws: CSVError.self, "shift \(shift), chunks of \(chunkSize)") {
                    _ = try ByteStreams.scan(bytes(over), chunkSize: chunkSize, options: options)
                }
                #expect(error?.kind == .fieldTooLong(limit: limit))
                #expect(error?.column == 12)
            }
        }
    }

    @Test("empty input has no header; a header alone gives no rows")
    func emptyAndHeaderOnly() throws {
        for text in ["", "\u{FEFF}", "\n\r\n"] {
            let error = #expect(throws: CSVError.self) { _ = try ByteStreams.scan(bytes(text), chunkSize: 1) }
            #expect(error?.kind == .emptyInput)
        }
        let headerOnly = try ByteStreams.scan(bytes("a,b,c"), chunkSize: 2)
        #expect(headerOnly.header == ["a", "b", "c"])
        #expect(headerOnly.rows.isEmpty)
    }

    @Test("a header may name a column twice; the scanner keeps both")
    func duplicateHeaderNames() throws {
        let result = try ByteStreams.scan(bytes("Assets,Assets,x\n1,2,3\n"), chunkSize: 3)
        #expect(result.header == ["Assets", "Assets", "x"])
        #expect(result.rows == [["1", "2", "3"]])
    }

    @Test("random tables survive writing and scanning in random chunks", arguments: 0..<40)
    func randomRoundTrip(seed: Int) throws {
        var random = SplitMix(seed: UInt64(seed))
        let delimiter = [",", ";", "\t"][seed % 3]
        let lineEnd = seed % 2 == 0 ? "\n" : "\r\n"
        let columns = 1 + random.next(below: 8)
        let alphabet = Array("ab1 .,;\t\"\n\r-é")
        func randomField() -> String {
            let length = random.next(below: 4) == 0 ? random.next(below: 200) : random.next(below: 6)
            return String((0..<length).map { _ in alphabet[random.next(below: alphabet.count)] })
        }
        let header = (0..<columns).map { "c\($0)" }
        var rows = (0..<(1 + random.next(below: 60))).map { _ in (0..<columns).map { _ in randomField() } }
        // A row whose fields are all empty in a one-column table is a blank line: not a row.
        rows = rows.filter { !(columns == 1 && $0[0].isEmpty) }
        func encode(_ field: String) -> String {
            // Bytes, not Characters: Swift reads "\r\n" as one Character.
            let needsQuotes =
                field.utf8.contains { "\"\n\r".utf8.contains($0) || $0 == delimiter.utf8.first! }
                || random.next(below: 5) == 0
            return needsQuotes ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : field
        }
        var text = header.joined(separator: delimiter) + lineEnd
        for row in rows { text += row.map(encode).joined(separator: delimiter) + lineEnd }
        if random.next(below: 2) == 0 && text.hasSuffix(lineEnd) { text.removeLast(lineEnd.count) }
        let chunkSize = 1 + random.next(below: 300)
        let result = try ByteStreams.scan(
            bytes(text), chunkSize: chunkSize,
            options: CSVOptions(delimiter: UInt8(ascii: Unicode.Scalar(delimiter)!)))
        #expect(result.header == header)
        #expect(result.rows == rows, "seed \(seed), chunk \(chunkSize)")
    }
}

/// A small deterministic generator for test data.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed &+ 0x9E37_79B9_7F4A_7C15 }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func next(below bound: Int) -> Int { Int(next() % UInt64(bound)) }
}
