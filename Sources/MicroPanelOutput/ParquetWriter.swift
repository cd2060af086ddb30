import MicroPanelGzip
import MicroPanelSupport

/// Writes a Parquet file (read by pyarrow, DuckDB, polars, pandas, Spark): a flat schema of
/// optional columns — doubles as DOUBLE, whole numbers as INT64, text and categories as UTF-8
/// strings with dictionary encoding — in row groups of at most ``maximumRowGroupRows`` rows,
/// version-1 data pages compressed with GZIP (RFC 1952, through zlib), and per column chunk the
/// null count and minimum and maximum.
///
/// Missing values (NaN, nil, a code of `UInt32.max`) are nulls. Column chunks are encoded on
/// `threads` threads, each on its own, so the bytes do not depend on the thread count; nothing
/// in the file depends on the time either.
public struct ParquetWriter: Sendable {
    /// The most rows in one row group.
    public static let maximumRowGroupRows = 1_000_000
    /// Rows in one data page (a page of doubles is then 1 MiB before compression).
    static let pageRows = 131_072
    /// The zlib level of the pages, gzip's default.
    static let compressionLevel: Int32 = 6

    let dataset: Dataset
    let createdBy: String
    let rowGroupRows: Int

    /// A writer of `dataset`; `createdBy` names the tool in the footer (`MicroPanel version 1.2.0`).
    public init(_ dataset: Dataset, createdBy: String, rowGroupRows: Int = maximumRowGroupRows) {
        precondition(rowGroupRows > 0 && rowGroupRows <= Self.maximumRowGroupRows)
        self.dataset = dataset
        self.createdBy = createdBy
        self.rowGroupRows = rowGroupRows
    }

    /// Writes the file to `sink`, encoding column chunks on `threads` threads.
    public func write(to sink: any ByteSink, threads: Int) throws {
        let magic = Array("PAR1".utf8)
        try magic.withUnsafeBytes { try sink.write($0) }
        var position = Int64(magic.count)
        var rowGroups: [RowGroupMetadata] = []
        let rows = dataset.rowCount
        var first = 0
        repeat {
            let range = first..<min(rows, first + rowGroupRows)
            var chunks: [ColumnChunkMetadata] = []
            // A window of columns at a time is encoded in parallel, then written in order.
            let window = max(1, 2 * threads)
            var column = 0
            while column < dataset.columns.count {
                let columns = column..<min(dataset.columns.count, column + window)
                let encoded = try parallelMap(columns.count, threads: threads) { index in
                    try EncodedChunk(self.dataset.columns[columns.lowerBound + index], rows: range)
                }
                for chunk in encoded {
                    try chunk.bytes.withUnsafeBytes { try sink.write($0) }
                    chunks.append(chunk.metadata(at: position))
                    position += Int64(chunk.bytes.count)
                }
                column = columns.upperBound
            }
            rowGroups.append(RowGroupMetadata(rows: range.count, columns: chunks))
            first = range.upperBound
        } while first < rows
        var footer = footer(rowGroups)
        let length = UInt32(footer.count)
        withUnsafeBytes(of: length.littleEndian) { footer += $0 }
        footer += magic
        try footer.withUnsafeBytes { try sink.write($0) }
    }

    /// The file metadata (Thrift compact): schema, row groups, the dataset's label, column orders.
    private func footer(_ rowGroups: [RowGroupMetadata]) -> [UInt8] {
        var thrift = ThriftCompactWriter()
        thrift.i32(1, 2) // version
        thrift.list(2, of: .structure, count: dataset.columns.count + 1) { schema in
            schema.structElement { root in
                root.string(4, "schema")
                root.i32(5, Int32(dataset.columns.count))
            }
            for column in dataset.columns {
                let type = PhysicalType(column.values)
                schema.structElement { element in
                    element.i32(1, type.rawValue)
                    element.i32(3, 1) // OPTIONAL
                    element.string(4, column.name)
                    if type == .byteArray {
                        element.i32(6, 0) // converted type UTF8
                        element.structure(10) { logical in logical.structure(1) { _ in } } // STRING
                    }
                }
            }
        }
        thrift.i64(3, Int64(dataset.rowCount))
        thrift.list(4, of: .structure, count: rowGroups.count) { list in
            for (ordinal, group) in rowGroups.enumerated() {
                list.structElement { group.write(to: &$0, ordinal: ordinal) }
            }
        }
        thrift.list(5, of: .structure, count: 1) { list in
            list.structElement { pair in
                pair.string(1, "micropanel.label")
                pair.string(2, dataset.label)
            }
        }
        thrift.string(6, createdBy)
        // Every column ordered by its type's order (signed numbers, strings byte by byte).
        thrift.list(7, of: .structure, count: dataset.columns.count) { list in
            for _ in dataset.columns { list.structElement { $0.structure(1) { _ in } } }
        }
        thrift.end()
        return thrift.bytes
    }
}

/// Parquet's physical types, as the schema and column metadata name them.
private enum PhysicalType: Int32 {
    case int64 = 2
    case double = 5
    case byteArray = 6

    init(_ values: Dataset.Column.Values) {
        switch values {
        case .double: self = .double
        case .long: self = .int64
        case .text, .labelled: self = .byteArray
        }
    }
}

/// Parquet's encodings used here.
private enum Encoding: Int32 {
    case plain = 0
    case rle = 3
    case rleDictionary = 8
}

/// One column chunk of one row group, encoded and compressed: its pages (a dictionary page
/// first for text) and what the footer says of them, offsets relative to the chunk's start.
private struct EncodedChunk {
    var bytes: [UInt8] = []
    let type: PhysicalType
    let name: String
    let rowCount: Int
    var uncompressedSize = 0
    var hasDictionary = false
    var dataPageOffset = 0
    var nullCount = 0
    var minimum: [UInt8]?
    var maximum: [UInt8]?

    init(_ column: Dataset.Column, rows: Range<Int>) throws {
        type = PhysicalType(column.values)
        name = column.name
        rowCount = rows.count
        switch column.values {
        case .double(let values):
            var low = Double.infinity
            var high = -Double.infinity
            for row in rows where !values[row].isNaN {
                low = min(low, values[row])
                high = max(high, values[row])
            }
            if low <= high {
                // A zero bound is written as -0.0 (minimum) and +0.0 (maximum), as the format asks.
                minimum = plainBytes(low == 0 ? -0.0 : low)
                maximum = plainBytes(high == 0 ? 0.0 : high)
            }
            func encodeValues(_ rows: Range<Int>, _ out: inout [UInt8]) {
                for row in rows where !values[row].isNaN { appendLittleEndian(values[row].bitPattern, to: &out) }
            }
            try writePages(rows: rows, present: { !values[$0].isNaN }, values: encodeValues)
        case .long(let values):
            let present = values[rows].compactMap { $0 }
            if let low = present.min(), let high = present.max() {
                minimum = plainBytes(low)
                maximum = plainBytes(high)
            }
            func encodeValues(_ rows: Range<Int>, _ out: inout [UInt8]) {
                for row in rows {
                    if let value = values[row] { appendLittleEndian(UInt64(bitPattern: value), to: &out) }
                }
            }
            try writePages(rows: rows, present: { values[$0] != nil }, values: encodeValues)
        case .text(let codes, let values):
            try writeDictionaryColumn(
                rows: rows, codes: { codes[$0] == UInt32.max ? nil : Int(codes[$0]) }, values: values)
        case .labelled(let indices, let labels):
            try writeDictionaryColumn(rows: rows, codes: { indices[$0] }, values: labels)
        }
    }

    /// A text column: the distinct strings of these rows in a dictionary page (in the order they
    /// first occur), then pages of indices into it.
    private mutating func writeDictionaryColumn(rows: Range<Int>, codes: (Int) -> Int?, values: [String]) throws {
        var indexOfCode = [UInt32](repeating: UInt32.max, count: values.count)
        var dictionary: [[UInt8]] = []
        for row in rows {
            guard let code = codes(row), indexOfCode[code] == UInt32.max else { continue }
            indexOfCode[code] = UInt32(dictionary.count)
            dictionary.append(Array(values[code].utf8))
        }
        minimum = dictionary.min { $0.lexicographicallyPrecedes($1) }
        maximum = dictionary.max { $0.lexicographicallyPrecedes($1) }
        var plain: [UInt8] = []
        for value in dictionary {
            appendLittleEndian(UInt32(value.count), to: &plain)
            plain += value
        }
        try appendPage(plain, type: .dictionary) { header in
            header.structure(7) { dictionaryHeader in
                dictionaryHeader.i32(1, Int32(dictionary.count))
                dictionaryHeader.i32(2, Encoding.plain.rawValue)
            }
        }
        hasDictionary = true
        dataPageOffset = bytes.count
        let width = RunLengthBitPacking.bitWidth(forCount: dictionary.count)
        func encodeIndices(_ rows: Range<Int>, _ out: inout [UInt8]) {
            var indices: [UInt32] = []
            indices.reserveCapacity(rows.count)
            for row in rows { if let code = codes(row) { indices.append(indexOfCode[code]) } }
            out.append(UInt8(width))
            out += RunLengthBitPacking.encode(indices, bitWidth: width)
        }
        try writePages(rows: rows, present: { codes($0) != nil }, encoding: .rleDictionary, values: encodeIndices)
    }

    /// Data pages of at most ``ParquetWriter/pageRows`` rows: definition levels (1 present, 0
    /// null), then the present values as `values` encodes them.
    private mutating func writePages(
        rows: Range<Int>, present: (Int) -> Bool, encoding: Encoding = .plain,
        values: (Range<Int>, inout [UInt8]) -> Void
    ) throws {
        var first = rows.lowerBound
        repeat {
            let page = first..<min(rows.upperBound, first + ParquetWriter.pageRows)
            var levels: [UInt32] = []
            levels.reserveCapacity(page.count)
            for row in page {
                let isPresent = present(row)
                levels.append(isPresent ? 1 : 0)
                if !isPresent { nullCount += 1 }
            }
            let encodedLevels = RunLengthBitPacking.encode(levels, bitWidth: 1)
            var body: [UInt8] = []
            appendLittleEndian(UInt32(encodedLevels.count), to: &body)
            body += encodedLevels
            values(page, &body)
            try appendPage(body, type: .data) { header in
                header.structure(5) { dataHeader in
                    dataHeader.i32(1, Int32(page.count))
                    dataHeader.i32(2, encoding.rawValue)
                    dataHeader.i32(3, Encoding.rle.rawValue) // definition levels
                    dataHeader.i32(4, Encoding.rle.rawValue) // repetition levels (none: a flat schema)
                }
            }
            first = page.upperBound
        } while first < rows.upperBound
    }

    /// Parquet's page types used here.
    private enum PageType: Int32 {
        case data = 0
        case dictionary = 2
    }

    /// A page: its header (type, sizes, then `pageHeader`'s part), then `body` gzip-compressed.
    private mutating func appendPage(
        _ body: [UInt8], type: PageType, pageHeader: (inout ThriftCompactWriter) -> Void
    ) throws {
        let compressed = try gzip(body)
        var header = ThriftCompactWriter()
        header.i32(1, type.rawValue)
        header.i32(2, Int32(body.count))
        header.i32(3, Int32(compressed.count))
        pageHeader(&header)
        header.end()
        bytes += header.bytes
        bytes += compressed
        uncompressedSize += header.bytes.count + body.count
    }

    /// The footer's description of this chunk, written at file offset `position`.
    func metadata(at position: Int64) -> ColumnChunkMetadata {
        ColumnChunkMetadata(
            type: type.rawValue, name: name, rowCount: rowCount, start: position,
            dictionaryPageOffset: hasDictionary ? position : nil, dataPageOffset: position + Int64(dataPageOffset),
            compressedSize: bytes.count, uncompressedSize: uncompressedSize,
            encodings: hasDictionary ? [.plain, .rle, .rleDictionary] : [.plain, .rle],
            nullCount: nullCount, minimum: minimum, maximum: maximum)
    }
}

/// What the footer says of one column chunk (ColumnChunk and its ColumnMetaData).
private struct ColumnChunkMetadata {
    let type: Int32
    let name: String
    let rowCount: Int
    let start: Int64
    let dictionaryPageOffset: Int64?
    let dataPageOffset: Int64
    let compressedSize: Int
    let uncompressedSize: Int
    let encodings: [Encoding]
    let nullCount: Int
    let minimum: [UInt8]?
    let maximum: [UInt8]?

    func write(to thrift: inout ThriftCompactWriter) {
        thrift.i64(2, start) // file_offset
        thrift.structure(3) { meta in
            meta.i32(1, type)
            meta.list(2, of: .i32, count: encodings.count) { list in
                for encoding in encodings { list.i32Element(encoding.rawValue) }
            }
            meta.list(3, of: .binary, count: 1) { $0.binaryElement(Array(name.utf8)) }
            meta.i32(4, 2) // GZIP
            meta.i64(5, Int64(rowCount))
            meta.i64(6, Int64(uncompressedSize))
            meta.i64(7, Int64(compressedSize))
            meta.i64(9, dataPageOffset)
            if let dictionaryPageOffset { meta.i64(11, dictionaryPageOffset) }
            meta.structure(12) { statistics in
                statistics.i64(3, Int64(nullCount))
                if let maximum, let minimum {
                    statistics.binary(5, maximum)
                    statistics.binary(6, minimum)
                }
            }
        }
    }
}

/// What the footer says of one row group.
private struct RowGroupMetadata {
    let rows: Int
    let columns: [ColumnChunkMetadata]

    func write(to thrift: inout ThriftCompactWriter, ordinal: Int) {
        thrift.list(1, of: .structure, count: columns.count) { list in
            for column in columns { list.structElement { column.write(to: &$0) } }
        }
        thrift.i64(2, Int64(columns.reduce(0) { $0 + $1.uncompressedSize }))
        thrift.i64(3, Int64(rows))
        thrift.i64(5, columns.first?.start ?? 4)
        thrift.i64(6, Int64(columns.reduce(0) { $0 + $1.compressedSize }))
        thrift.i16(7, Int16(truncatingIfNeeded: ordinal))
    }
}

private func plainBytes(_ value: Double) -> [UInt8] {
    var out: [UInt8] = []
    appendLittleEndian(value.bitPattern, to: &out)
    return out
}

private func plainBytes(_ value: Int64) -> [UInt8] {
    var out: [UInt8] = []
    appendLittleEndian(UInt64(bitPattern: value), to: &out)
    return out
}

private func appendLittleEndian<T: FixedWidthInteger>(_ value: T, to out: inout [UInt8]) {
    withUnsafeBytes(of: value.littleEndian) { out += $0 }
}

/// `bytes` as one gzip member, at ``ParquetWriter/compressionLevel``.
private func gzip(_ bytes: [UInt8]) throws -> [UInt8] {
    var out: [UInt8] = []
    let encoder = try GzipEncoder(level: ParquetWriter.compressionLevel)
    bytes.withUnsafeBytes { input in encoder.compress(input) { out += $0 } }
    encoder.finish { out += $0 }
    return out
}
