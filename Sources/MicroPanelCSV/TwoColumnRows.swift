/// The rows of a small two-column CSV file (a column mapping, a provisioning rule set), the first
/// row included: the caller decides whether it is a header.
package enum TwoColumnRows {
    /// Every row of `text` as two strings with its line; `source` names the file in errors, and
    /// a file whose rows do not have two columns fails with `shape`.
    package static func read(
        _ text: [UInt8], source: String, shape: CSVError.Kind
    ) throws(CSVError) -> [(line: Int, first: String, second: String)] {
        let table: (header: [String], rows: [(line: Int, fields: [String])])
        do throws(CSVError) {
            table = try SmallCSV.read(text, source: source)
        } catch var error {
            if case .wrongFieldCount = error.kind { error.kind = shape }
            if case .emptyInput = error.kind { error.kind = shape }
            throw error
        }
        guard table.header.count == 2 else { throw CSVError(kind: shape, line: 1, byteOffset: 0, file: source) }
        return [(1, table.header[0], table.header[1])] + table.rows.map { ($0.line, $0.fields[0], $0.fields[1]) }
    }
}
