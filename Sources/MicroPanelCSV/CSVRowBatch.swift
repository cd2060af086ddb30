/// The complete data rows found by one ``CSVScanner/commit(_:)`` or ``CSVScanner/finish()``.
///
/// A view into the scanner's buffer: valid until the scanner is next called. Every row has
/// exactly ``fieldsPerRow`` fields (rows with another count were rejected or skipped). Field bytes
/// are raw: a quoted field keeps its quotes (see ``CSVField``). Every field is followed by at
/// least ``readablePadding`` readable bytes, so parsers may load whole words past its end.
public struct CSVRowBatch {
    /// Bytes readable after the end of any field (their values are unspecified).
    public static let readablePadding = 64

    /// Rows in the batch.
    public let rowCount: Int
    /// Fields in every row (the header's field count).
    public let fieldsPerRow: Int
    /// Offset of the scanner buffer's first byte in the whole decoded text.
    public let bufferOffset: Int64
    @usableFromInline let bytes: UnsafeRawPointer?
    /// Per row, `fieldsPerRow + 1` values: the row's start, then each field's end (exclusive).
    @usableFromInline let records: UnsafePointer<UInt32>?
    private let lines: UnsafePointer<Int>?

    init(
        rowCount: Int, fieldsPerRow: Int, bufferOffset: Int64, bytes: UnsafeRawPointer?,
        records: UnsafePointer<UInt32>?, lines: UnsafePointer<Int>?
    ) {
        self.rowCount = rowCount
        self.fieldsPerRow = fieldsPerRow
        self.bufferOffset = bufferOffset
        self.bytes = bytes
        self.records = records
        self.lines = lines
    }

    /// A batch without rows.
    public static var empty: CSVRowBatch {
        CSVRowBatch(
            rowCount: 0, fieldsPerRow: 0, bufferOffset: 0, bytes: nil,
            records: nil, lines: nil)
    }

    /// The raw bytes of field `column` (0-based) of row `row`.
    @inlinable @inline(__always)
    public func field(row: Int, column: Int) -> UnsafeRawBufferPointer {
        let record = records! + row * (fieldsPerRow + 1)
        let start = column == 0 ? Int(record[0]) : Int(record[column]) + 1
        let end = Int(record[column + 1])
        return UnsafeRawBufferPointer(start: bytes! + start, count: end - start)
    }

    /// The 1-based line on which row `row` starts.
    public func line(ofRow row: Int) -> Int { lines![row] }

    /// Offset of field `column` of row `row` in the decoded text.
    public func byteOffset(row: Int, column: Int) -> Int64 {
        let record = records! + row * (fieldsPerRow + 1)
        let start = column == 0 ? Int(record[0]) : Int(record[column]) + 1
        return bufferOffset + Int64(start)
    }

    /// The physical line of field `column` of row `row` (differs from the row's line only after
    /// line breaks inside quoted fields).
    public func line(ofRow row: Int, column: Int) -> Int {
        let record = records! + row * (fieldsPerRow + 1)
        let rowStart = Int(record[0])
        let fieldStart = column == 0 ? rowStart : Int(record[column]) + 1
        var line = lines![row]
        for offset in rowStart..<fieldStart where bytes!.load(fromByteOffset: offset, as: UInt8.self) == 0x0A {
            line += 1
        }
        return line
    }
}
