import MicroPanelGzip
import MicroPanelTestSupport
import Testing

@testable import MicroPanelOutput

/// The Parquet writer's file structure, read back by a small reader written here from the
/// format's specification (Thrift compact footer, GZIP pages, RLE / bit-packed levels and
/// indices). pyarrow, DuckDB, polars and pandas reading the command's files are
/// `scripts/dataset-check`'s.
@Suite struct ParquetWriterTests {
    final class Bytes: ByteSink {
        var data: [UInt8] = []
        func write(_ bytes: UnsafeRawBufferPointer) throws { data += bytes }
    }

    static let sample = Dataset(
        label: "test",
        columns: [
            .init(
                name: "mfi_id", label: "",
                values: .text(codes: [1, 0, UInt32.max, 1, 1], values: ["B", "Aé", "unused"])),
            .init(name: "fiscal_year", label: "", values: .long([2001, nil, 2003, -4, 2005])),
            .init(name: "roa", label: "", values: .double([0.1, .nan, -2.5, 0, 1e300])),
            .init(
                name: "depth_tier", label: "",
                values: .labelled([3, nil, 0, 3, 3], labels: ["low", "broad", "high", "small"])),
        ])

    static func write(_ dataset: Dataset, threads: Int = 1, rowGroupRows: Int = 1_000_000) throws -> [UInt8] {
        let sink = Bytes()
        try ParquetWriter(dataset, createdBy: "MicroPanel version test", rowGroupRows: rowGroupRows)
            .write(to: sink, threads: threads)
        return sink.data
    }

    @Test func valuesNullsAndStatisticsReadBack() throws {
        let file = try ParquetFile(Self.write(Self.sample))
        #expect(file.rowCount == 5)
        #expect(file.columnNames == ["mfi_id", "fiscal_year", "roa", "depth_tier"])
        #expect(file.createdBy == "MicroPanel version test")
        #expect(file.column("mfi_id") == [.text("Aé"), .text("B"), .null, .text("Aé"), .text("Aé")])
        #expect(file.column("fiscal_year") == [.integer(2001), .null, .integer(2003), .integer(-4), .integer(2005)])
        #expect(file.column("roa") == [.double(0.1), .null, .double(-2.5), .double(0), .double(1e300)])
        #expect(file.column("depth_tier") == [.text("small"), .null, .text("low"), .text("small"), .text("small")])
        // Statistics over the values present; the dictionary holds only the strings used.
        let roa = file.chunks[0][2]
        #expect(roa.nullCount == 1)
        #expect(roa.minimum == ParquetFile.plain(-2.5) && roa.maximum == ParquetFile.plain(1e300))
        let years = file.chunks[0][1]
        #expect(years.minimum == ParquetFile.plain(Int64(-4)) && years.maximum == ParquetFile.plain(Int64(2005)))
        let ids = file.chunks[0][0]
        #expect(ids.dictionary == ["Aé", "B"]) // in the order of first use
        #expect(ids.minimum == Array("Aé".utf8) && ids.maximum == Array("B".utf8))
        #expect(ids.codec == 2) // GZIP
    }

    @Test func zeroBoundsAreSignedZeros() throws {
        let dataset = Dataset(label: "", columns: [.init(name: "x", label: "", values: .double([0, 0]))])
        let chunk = try ParquetFile(Self.write(dataset)).chunks[0][0]
        #expect(chunk.minimum == ParquetFile.plain(-0.0) && chunk.maximum == ParquetFile.plain(0.0))
    }

    @Test func rowGroupsPagesAndThreads() throws {
        // 300,007 rows: three pages a group of 300,000 rows, then a group of 7; runs and mixtures
        // of present and missing values, dictionary indices of several bit widths.
        let rows = 300_007
        let names = (0..<300).map { "name \($0)" }
        let dataset = Dataset(
            label: "large",
            columns: [
                .init(
                    name: "name", label: "",
                    values: .text(
                        codes: (0..<rows).map { $0 % 11 == 0 ? UInt32.max : UInt32(($0 / 7) % names.count) },
                        values: names)),
                .init(name: "x", label: "", values: .double((0..<rows).map { $0 % 5 == 0 ? .nan : Double($0) / 3 })),
                .init(name: "n", label: "", values: .long((0..<rows).map { $0 < 1000 ? nil : Int64($0) })),
            ])
        let data = try Self.write(dataset, threads: 1, rowGroupRows: 300_000)
        #expect(try Self.write(dataset, threads: 3, rowGroupRows: 300_000) == data)
        let file = try ParquetFile(data)
        #expect(file.chunks.map { $0[0].rowCount } == [300_000, 7])
        #expect(file.chunks[0][1].pages == 3)
        #expect(file.chunks[1][0].dictionary == ["name 257", "name 258"]) // rows 300,000–300,006 (7 a name)
        let expectedNames = (0..<rows).map {
            $0 % 11 == 0 ? ParquetFile.Value.null : .text(names[($0 / 7) % names.count])
        }
        #expect(file.column("name") == expectedNames)
        let expectedX = (0..<rows).map { $0 % 5 == 0 ? ParquetFile.Value.null : .double(Double($0) / 3) }
        #expect(file.column("x") == expectedX)
        let expectedN = (0..<rows).map { $0 < 1000 ? ParquetFile.Value.null : .integer(Int64($0)) }
        #expect(file.column("n") == expectedN)
        #expect(file.chunks[0][2].nullCount == 1000)
    }

    @Test func runLengthBitPackingRoundTrips() {
        let cases: [[UInt32]] = [
            [], [1], [1, 1, 1], Array(repeating: 5, count: 21), (0..<100).map { UInt32($0 % 3) },
            Array(repeating: 0, count: 16) + [1, 2, 3] + Array(repeating: 7, count: 9),
            (0..<1000).map { UInt32($0 / 40) } + (0..<13).map { UInt32($0) },
        ]
        for values in cases {
            let width = RunLengthBitPacking.bitWidth(forCount: Int(values.max() ?? 0) + 1)
            let encoded = RunLengthBitPacking.encode(values, bitWidth: width)
            var reader = ParquetFile.ByteReader(encoded)
            #expect(reader.hybrid(count: values.count, bitWidth: width) == values, "\(values.prefix(20))")
        }
        #expect(RunLengthBitPacking.bitWidth(forCount: 1) == 1)
        #expect(RunLengthBitPacking.bitWidth(forCount: 2) == 1)
        #expect(RunLengthBitPacking.bitWidth(forCount: 3) == 2)
        #expect(RunLengthBitPacking.bitWidth(forCount: 256) == 8)
        #expect(RunLengthBitPacking.bitWidth(forCount: 257) == 9)
        // A run of equal values costs a header and one byte, whatever its length.
        #expect(RunLengthBitPacking.encode(Array(repeating: 1, count: 100_000), bitWidth: 1).count == 4)
    }

    @Test func thriftCompactBytes() {
        var thrift = ThriftCompactWriter()
        thrift.i32(1, -1) // delta 1, type i32, zigzag(-1) = 1
        thrift.string(4, "ab") // delta 3, binary
        thrift.i64(20, 300) // delta 16: long form, type then zigzag(20) = 40; zigzag(300) = 600
        thrift.bool(21, true)
        thrift.list(22, of: .i32, count: 2) {
            $0.i32Element(1)
            $0.i32Element(2)
        }
        thrift.structure(23) { $0.i32(1, 0) }
        thrift.end()
        #expect(
            thrift.bytes == [
                0x15, 0x01, 0x38, 0x02, 0x61, 0x62, 0x06, 0x28, 0xD8, 0x04, 0x11, 0x19, 0x25, 0x02, 0x04, 0x1C, 0x15,
                0x00, 0x00, 0x00,
            ])
    }
}

/// A Parquet reader for the tests: enough of the format to read back what the writer writes.
struct ParquetFile {
    enum Value: Equatable {
        case null
        case double(Double)
        case integer(Int64)
        case text(String)
    }

    struct Chunk {
        var type: Int64
        var codec: Int64
        var rowCount: Int
        var nullCount: Int
        var minimum: [UInt8]?
        var maximum: [UInt8]?
        var dictionary: [String]?
        var pages = 0
        var values: [Value] = []
    }

    var rowCount = 0
    var columnNames: [String] = []
    var createdBy = ""
    var chunks: [[Chunk]] = []

    static func plain(_ value: Double) -> [UInt8] { withUnsafeBytes(of: value.bitPattern.littleEndian) { Array($0) } }
    static func plain(_ value: Int64) -> [UInt8] { withUnsafeBytes(of: value.littleEndian) { Array($0) } }

    init(_ data: [UInt8]) throws {
        #expect(Array(data.prefix(4)) == Array("PAR1".utf8) && Array(data.suffix(4)) == Array("PAR1".utf8))
        let length = data[data.count - 8..<data.count - 4].reversed().reduce(0) { $0 << 8 | Int($1) }
        var footer = ByteReader(Array(data[data.count - 8 - length..<data.count - 8]))
        let metadata = footer.structure()
        rowCount = Int(metadata[3]!.integer)
        createdBy = String(decoding: metadata[6]!.binary, as: UTF8.self)
        columnNames = metadata[2]!.list.dropFirst().map { String(decoding: $0.fields[4]!.binary, as: UTF8.self) }
        for group in metadata[4]!.list {
            var row: [Chunk] = []
            for column in group.fields[1]!.list {
                let meta = column.fields[3]!.fields
                let statistics = meta[12]!.fields
                var chunk = Chunk(
                    type: meta[1]!.integer, codec: meta[4]!.integer, rowCount: Int(meta[5]!.integer),
                    nullCount: Int(statistics[3]!.integer), minimum: statistics[6]?.binary,
                    maximum: statistics[5]?.binary)
                var offset = Int(meta[11]?.integer ?? meta[9]!.integer)
                let end = offset + Int(meta[7]!.integer)
                var indices: [String] = []
                while offset < end {
                    var reader = ByteReader(Array(data[offset..<end]))
                    let header = reader.structure()
                    let compressedSize = Int(header[3]!.integer)
                    let bodyStart = offset + reader.position
                    let body = try Self.gunzip(Array(data[bodyStart..<bodyStart + compressedSize]))
                    #expect(body.count == Int(header[2]!.integer))
                    var page = ByteReader(body)
                    if header[1]!.integer == 2 { // dictionary page
                        indices = (0..<Int(header[7]!.fields[1]!.integer)).map { _ in
                            let count = Int(page.uint32())
                            return String(decoding: page.take(count), as: UTF8.self)
                        }
                        chunk.dictionary = indices
                    } else {
                        chunk.pages += 1
                        let count = Int(header[5]!.fields[1]!.integer)
                        let levelBytes = Int(page.uint32())
                        var levels = ByteReader(page.take(levelBytes))
                        let present = levels.hybrid(count: count, bitWidth: 1)
                        let presentCount = present.filter { $0 == 1 }.count
                        var values: [Value] = []
                        switch chunk.type {
                        case 5: values = (0..<presentCount).map { _ in .double(Double(bitPattern: page.uint64())) }
                        case 2: values = (0..<presentCount).map { _ in .integer(Int64(bitPattern: page.uint64())) }
                        default:
                            let width = Int(page.take(1)[0])
                            values = page.hybrid(count: presentCount, bitWidth: width).map { .text(indices[Int($0)]) }
                        }
                        var next = values.makeIterator()
                        chunk.values += present.map { $0 == 1 ? next.next()! : .null }
                    }
                    offset = bodyStart + compressedSize
                }
                row.append(chunk)
            }
            chunks.append(row)
        }
    }

    /// Every value of `name`, over the row groups.
    func column(_ name: String) -> [Value] {
        let index = columnNames.firstIndex(of: name)!
        return chunks.flatMap { $0[index].values }
    }

    static func gunzip(_ bytes: [UInt8]) throws -> [UInt8] {
        try ByteStreams.readAll(GzipReader(file: InputFile(bytes: bytes, name: "page")), chunkSize: 1 << 16)
    }

    /// A Thrift compact value.
    indirect enum Thrift {
        case integer(Int64)
        case binary([UInt8])
        case list([Thrift])
        case structure([Int16: Thrift])

        var integer: Int64 { if case .integer(let v) = self { v } else { -1 } }
        var binary: [UInt8] { if case .binary(let v) = self { v } else { [] } }
        var list: [Thrift] { if case .list(let v) = self { v } else { [] } }
        var fields: [Int16: Thrift] { if case .structure(let v) = self { v } else { [:] } }
    }

    struct ByteReader {
        let bytes: [UInt8]
        var position = 0

        init(_ bytes: [UInt8]) { self.bytes = bytes }

        mutating func take(_ count: Int) -> [UInt8] {
            defer { position += count }
            return Array(bytes[position..<position + count])
        }

        mutating func uint32() -> UInt32 { take(4).reversed().reduce(0) { $0 << 8 | UInt32($1) } }
        mutating func uint64() -> UInt64 { take(8).reversed().reduce(0) { $0 << 8 | UInt64($1) } }

        mutating func varint() -> UInt64 {
            var result: UInt64 = 0
            var shift: UInt64 = 0
            while true {
                let byte = take(1)[0]
                result |= UInt64(byte & 0x7F) << shift
                if byte < 0x80 { return result }
                shift += 7
            }
        }

        mutating func zigzag() -> Int64 {
            let raw = varint()
            return Int64(bitPattern: raw >> 1) ^ -Int64(bitPattern: raw & 1)
        }

        mutating func structure() -> [Int16: Thrift] {
            var fields: [Int16: Thrift] = [:]
            var last: Int16 = 0
            while true {
                let header = take(1)[0]
                if header == 0 { return fields }
                let delta = Int16(header >> 4)
                let id = delta == 0 ? Int16(zigzag()) : last + delta
                last = id
                fields[id] = value(type: header & 0x0F)
            }
        }

        mutating func value(type: UInt8) -> Thrift {
            switch type {
            case 1: return .integer(1)
            case 2: return .integer(0)
            case 4, 5, 6: return .integer(zigzag())
            case 8: return .binary(take(Int(varint())))
            case 9:
                let header = take(1)[0]
                let count = header >> 4 == 15 ? Int(varint()) : Int(header >> 4)
                return .list((0..<count).map { _ in value(type: header & 0x0F) })
            case 12: return .structure(structure())
            default:
                Issue.record("Thrift type \(type) not expected")
                return .integer(-1)
            }
        }

        /// `count` values of the RLE / bit-packing hybrid.
        mutating func hybrid(count: Int, bitWidth: Int) -> [UInt32] {
            var values: [UInt32] = []
            while values.count < count {
                let header = Int(varint())
                if header & 1 == 0 {
                    let bytes = take((bitWidth + 7) / 8)
                    let value = bytes.reversed().reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
                    values += Array(repeating: value, count: header >> 1)
                } else {
                    let packed = take((header >> 1) * bitWidth)
                    for index in 0..<(header >> 1) * 8 {
                        var value: UInt32 = 0
                        for bit in 0..<bitWidth {
                            let position = index * bitWidth + bit
                            value |= UInt32(packed[position / 8] >> (position % 8) & 1) << bit
                        }
                        values.append(value)
                    }
                }
            }
            return Array(values.prefix(count))
        }
    }
}
