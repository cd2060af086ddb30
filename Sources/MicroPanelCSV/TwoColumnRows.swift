/// The rows of a small two-column CSV file (a column mapping, a provisioning rule set), the first
/// row included: the caller decides whether it is a header.
package enum TwoColumnRows {
    /// Every row of `text` as two strings with its line; `source` names the file in errors, and
    /// a file whose rows do not have two columns fails with `shape`.
    package static func read(
        _ text: [UInt8], source: String, shape: CSVError.Kind
    ) throws(CSVError) -> [(line: Int, first: String, second: String)] {
        let scanner = CSVScanner(options: CSVOptions(delimiter: UInt8(ascii: ",")))
        var rows: [(line: Int, first: String, second: String)] = []
        func take(_ batch: CSVRowBatch) throws(CSVError) {
            for row in 0..<batch.rowCount {
                guard let first = CSVField.string(batch.field(row: row, column: 0)),
                    let second = CSVField.string(batch.field(row: row, column: 1))
                else {
                    throw CSVError(
                        kind: .invalidUTF8, line: batch.line(ofRow: row),
                        byteOffset: batch.byteOffset(row: row, column: 0), file: source)
                }
                rows.append((batch.line(ofRow: row), first, second))
            }
        }
        do throws(CSVError) {
            let space = scanner.reserveSpace(atLeast: text.count)
            space.copyBytes(from: text)
            try scanner.commit(text.count)
            try take(scanner.batch)
            try scanner.finish()
            try take(scanner.batch)
        } catch var error {
            error.file = source
            if case .wrongFieldCount = error.kind { error.kind = shape }
            throw error
        }
        guard let header = scanner.header?.names, header.count == 2 else {
            throw CSVError(kind: shape, line: 1, byteOffset: 0, file: source)
        }
        return [(1, header[0], header[1])] + rows
    }
}
