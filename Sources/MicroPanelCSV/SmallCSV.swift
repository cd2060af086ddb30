/// A small CSV file read whole into strings (reference tables, scorecards, rule files): its
/// header and every row with its line. Not for panels: those go through the column store.
package enum SmallCSV {
    /// The header and rows of `text`; `source` names the file in errors.
    package static func read(
        _ text: [UInt8], source: String, delimiter: UInt8? = UInt8(ascii: ",")
    ) throws(CSVError) -> (header: [String], rows: [(line: Int, fields: [String])]) {
        let scanner = CSVScanner(options: CSVOptions(delimiter: delimiter))
        var rows: [(line: Int, fields: [String])] = []
        func take(_ batch: CSVRowBatch) throws(CSVError) {
            for row in 0..<batch.rowCount {
                var fields: [String] = []
                for column in 0..<batch.fieldsPerRow {
                    guard let field = CSVField.string(batch.field(row: row, column: column)) else {
                        throw CSVError(
                            kind: .invalidUTF8, line: batch.line(ofRow: row), column: column + 1,
                            byteOffset: batch.byteOffset(row: row, column: column), file: source)
                    }
                    fields.append(field)
                }
                rows.append((batch.line(ofRow: row), fields))
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
            throw error
        }
        guard let header = scanner.header?.names else {
            throw CSVError(kind: .emptyInput, line: 1, byteOffset: 0, file: source)
        }
        return (header, rows)
    }
}
