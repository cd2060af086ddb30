import MicroPanelCSV
import MicroPanelSupport

/// What to do with a value that is not a number in a numeric field.
public enum BadNumberPolicy: String, Sendable, CaseIterable {
    /// Stop with an error naming file, line, column and the text.
    case error
    /// Read it as missing and count it (per column, reported).
    case missing
}

/// How field text becomes values.
public struct ValueOptions: Sendable, Equatable {
    /// `1.234,56` numbers: `,` is the decimal mark.
    public var decimalComma: Bool
    /// Non-numeric text in numeric fields.
    public var badNumbers: BadNumberPolicy

    /// The default: `.` decimal mark, bad numbers are errors.
    public init(decimalComma: Bool = false, badNumbers: BadNumberPolicy = .error) {
        self.decimalComma = decimalComma
        self.badNumbers = badNumbers
    }
}

/// Builds the planned columns from scanner batches, one column at a time per batch.
public final class TableBuilder {
    /// The plan being followed.
    public let plan: ColumnPlan
    private let parser: NumberParser
    private let options: ValueOptions
    private var builders: [ColumnBuilder]
    private var rowCount = 0
    /// Per row appended: the line of its input on which it starts.
    package let lines = GrowableBuffer<Int>(capacity: 1 << 12)

    /// A builder for `plan`'s materialised columns.
    public init(plan: ColumnPlan, options: ValueOptions = ValueOptions()) {
        self.plan = plan
        self.options = options
        parser = NumberParser(decimalComma: options.decimalComma)
        builders = plan.materialized.map { match in
            switch match.field.kind {
            case .number: return .number(NumberColumnBuilder(match: match))
            case .integer: return .integer(IntegerColumnBuilder(match: match))
            case .text: return .text(TextColumnBuilder(match: match))
            }
        }
    }

    /// Rows per pass over the columns: a block's text and field ends stay in the core's cache
    /// while each column reads its fields (a whole batch is megabytes and would not).
    private static let rowsPerBlock = 32

    /// Appends the rows of `batch`.
    public func append(_ batch: CSVRowBatch) throws(CSVError) {
        guard batch.rowCount > 0 else { return }
        lines.reserve(lines.count + batch.rowCount)
        for row in 0..<batch.rowCount { lines.base[lines.count + row] = batch.line(ofRow: row) }
        lines.count += batch.rowCount
        var start = 0
        while start < batch.rowCount {
            let rows = start..<min(start + Self.rowsPerBlock, batch.rowCount)
            for builder in builders {
                switch builder {
                case .number(let column):
                    try column.append(batch, rows: rows, parser: parser, policy: options.badNumbers)
                case .integer(let column):
                    try column.append(batch, rows: rows, parser: parser, policy: options.badNumbers)
                case .text(let column): try column.append(batch, rows: rows)
                }
            }
            rowCount += rows.count
            start = rows.upperBound
        }
    }

    /// Rows appended so far.
    package var appendedRowCount: Int { rowCount }

    private func builder(_ key: String) -> ColumnBuilder? {
        builders.first { builder in
            switch builder {
            case .number(let column): return column.match.field.key == key
            case .integer(let column): return column.match.field.key == key
            case .text(let column): return column.match.field.key == key
            }
        }
    }

    /// The values of numeric column `key` appended so far (valid until the next append).
    package func numberValues(_ key: String) -> UnsafePointer<Double>? {
        if case .number(let column)? = builder(key) { return UnsafePointer(column.values.base) }
        return nil
    }

    /// The values of whole-number column `key` appended so far (valid until the next append).
    package func integerValues(_ key: String) -> UnsafePointer<Int64>? {
        if case .integer(let column)? = builder(key) { return UnsafePointer(column.values.base) }
        return nil
    }

    /// The codes of text column `key` appended so far (valid until the next append).
    package func textCodes(_ key: String) -> UnsafePointer<UInt32>? {
        if case .text(let column)? = builder(key) { return UnsafePointer(column.codes.base) }
        return nil
    }

    /// The distinct values of text column `key` so far, in code order.
    package func textValues(_ key: String) -> [String]? {
        if case .text(let column)? = builder(key) { return column.dictionary.strings }
        return nil
    }

    /// The value of text column `key` whose code is `code` (without copying the dictionary,
    /// which may hold millions of values).
    package func textValue(_ key: String, code: UInt32) -> String? {
        if case .text(let column)? = builder(key), Int(code) < column.dictionary.count {
            return column.dictionary.strings[Int(code)]
        }
        return nil
    }

    /// Forgets the rows appended so far, keeping the text columns' dictionaries (codes stay valid):
    /// a consumer that has read them lets the next batch reuse the memory, so a file of any length
    /// streams through in the memory of one batch.
    package func removeAppendedRows() {
        for builder in builders {
            switch builder {
            case .number(let column): column.removeAll()
            case .integer(let column): column.removeAll()
            case .text(let column): column.removeAll()
            }
        }
        lines.count = 0
        rowCount = 0
    }

    /// The table built so far.
    public func finish() -> Table {
        var columns: [String: Column] = [:]
        for builder in builders {
            switch builder {
            case .number(let column): columns[column.match.field.key] = .number(column.finish())
            case .integer(let column): columns[column.match.field.key] = .integer(column.finish())
            case .text(let column): columns[column.match.field.key] = .text(column.finish())
            }
        }
        return Table(rowCount: rowCount, columns: columns, plan: plan)
    }
}

private enum ColumnBuilder {
    case number(NumberColumnBuilder)
    case integer(IntegerColumnBuilder)
    case text(TextColumnBuilder)
}

private func valueError(_ kind: CSVError.Kind, _ batch: CSVRowBatch, row: Int, match: ColumnPlan.Match) -> CSVError {
    CSVError(
        kind: kind, line: batch.line(ofRow: row, column: match.column), column: match.column + 1,
        columnName: match.header, byteOffset: batch.byteOffset(row: row, column: match.column))
}

private final class NumberColumnBuilder {
    let match: ColumnPlan.Match
    let values = GrowableBuffer<Double>(capacity: 1 << 12)
    var missing = 0
    var bad = 0
    var badExamples: [String] = []

    init(match: ColumnPlan.Match) { self.match = match }

    private func noteBad(_ raw: UnsafeRawBufferPointer, _ batch: CSVRowBatch, row: Int) {
        bad += 1
        if badExamples.count < 3 {
            badExamples.append("line \(batch.line(ofRow: row, column: match.column)): '\(CSVError.excerpt(raw))'")
        }
    }

    func append(_ batch: CSVRowBatch, rows: Range<Int>, parser: NumberParser, policy: BadNumberPolicy) throws(CSVError)
    {
        let column = match.column
        values.reserve(values.count + rows.count)
        let output = values.base + values.count - rows.lowerBound
        var missing = 0
        for row in rows {
            let raw = batch.field(row: row, column: column)
            var value = Double.nan
            switch parser.parse(padded: raw, into: &value) {
            case .value:
                break
            case .missing:
                missing += 1
            case .invalid:
                guard policy == .missing else {
                    throw valueError(.notANumber(CSVError.excerpt(raw)), batch, row: row, match: match)
                }
                noteBad(raw, batch, row: row)
            case .outOfRange:
                guard policy == .missing else {
                    throw valueError(.numberOutOfRange(CSVError.excerpt(raw)), batch, row: row, match: match)
                }
                noteBad(raw, batch, row: row)
            }
            output[row] = value
        }
        values.count += rows.count
        self.missing += missing
    }

    func removeAll() {
        values.count = 0
        missing = 0
        bad = 0
    }

    func finish() -> Float64Column {
        Float64Column(storage: values, missingCount: missing + bad, badNumberCount: bad, badNumberExamples: badExamples)
    }
}

private final class IntegerColumnBuilder {
    let match: ColumnPlan.Match
    let values = GrowableBuffer<Int64>(capacity: 1 << 12)
    let range: ClosedRange<Int64>
    var missing = 0
    var badRows: [Int] = []
    var badExamples: [String] = []

    init(match: ColumnPlan.Match) {
        self.match = match
        range = match.field.plausibleRange ?? (Int64(-1e15)...Int64(1e15))
    }

    func append(_ batch: CSVRowBatch, rows: Range<Int>, parser: NumberParser, policy: BadNumberPolicy) throws(CSVError)
    {
        let column = match.column
        values.reserve(values.count + rows.count)
        let output = values.base + values.count - rows.lowerBound
        for row in rows {
            let raw = batch.field(row: row, column: column)
            var value = Double.nan
            let kind: CSVError.Kind
            switch parser.parse(padded: raw, into: &value) {
            case .value where value == value.rounded() && abs(value) < 1e15:
                let integer = Int64(value)
                if range.contains(integer) {
                    output[row] = integer
                    continue
                }
                kind = .implausibleInteger(CSVError.excerpt(raw), range)
            case .missing:
                output[row] = Int64Column.missing
                missing += 1
                continue
            default:
                kind = .notAnInteger(CSVError.excerpt(raw))
            }
            guard policy == .missing else { throw valueError(kind, batch, row: row, match: match) }
            output[row] = Int64Column.missing
            badRows.append(values.count + row - rows.lowerBound)
            if badExamples.count < 3 {
                badExamples.append("line \(batch.line(ofRow: row, column: column)): '\(CSVError.excerpt(raw))'")
            }
        }
        values.count += rows.count
    }

    func removeAll() {
        values.count = 0
        missing = 0
        badRows.removeAll()
    }

    func finish() -> Int64Column {
        Int64Column(
            storage: values, missingCount: missing + badRows.count, badValueRows: badRows, badValueExamples: badExamples
        )
    }
}

private final class TextColumnBuilder {
    let match: ColumnPlan.Match
    let codes = GrowableBuffer<UInt32>(capacity: 1 << 12)
    let dictionary = TextDictionary()
    let scratch = GrowableBuffer<UInt8>(capacity: 256)
    var missing = 0

    init(match: ColumnPlan.Match) { self.match = match }

    func append(_ batch: CSVRowBatch, rows: Range<Int>) throws(CSVError) {
        let column = match.column
        codes.reserve(codes.count + rows.count)
        let output = codes.base + codes.count - rows.lowerBound
        var missing = 0
        for row in rows {
            let raw = batch.field(row: row, column: column)
            guard let value = CSVField.value(raw, scratch: scratch) else {
                throw valueError(.unexpectedQuote, batch, row: row, match: match)
            }
            let trimmed = trimSpaces(value)
            if trimmed.count == 0 {
                output[row] = TextColumn.missing
                missing += 1
                continue
            }
            guard let code = dictionary.code(of: trimmed) else {
                throw valueError(.invalidUTF8, batch, row: row, match: match)
            }
            output[row] = code
        }
        codes.count += rows.count
        self.missing += missing
    }

    func removeAll() {
        codes.count = 0
        missing = 0
    }

    func finish() -> TextColumn {
        TextColumn(storage: codes, dictionary: dictionary.strings, missingCount: missing)
    }
}

@inline(__always)
private func trimSpaces(_ value: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
    var start = 0
    var end = value.count
    while start < end && value[start] == 0x20 { start += 1 }
    while end > start && value[end - 1] == 0x20 { end -= 1 }
    return UnsafeRawBufferPointer(rebasing: value[start..<end])
}
