import MicroPanelGzip
import MicroPanelIndicators
import MicroPanelSupport

/// What loading one input file found.
public struct InputSummary: Sendable, Equatable {
    /// The most BGZF chunks inflating at once (0 for other inputs): at most the threads asked for.
    public var peakInflatingWorkers: Int
    /// The file as named by the user (`-` for standard input).
    public var name: String
    /// gzip or plain.
    public var format: GzipReader.Format
    /// Gzip members read (0 for plain input).
    public var gzipMembers: Int
    /// Bytes read from the file.
    public var fileBytes: Int64
    /// Bytes of CSV text after decompression.
    public var textBytes: Int64
    /// Data rows loaded.
    public var rows: Int
    /// Rows skipped for a wrong field count.
    public var skippedRows: Int
    /// Lines of the first skipped rows.
    public var skippedRowLines: [Int]
    /// Blank lines passed over.
    public var blankLines: Int
    /// The delimiter used.
    public var delimiter: UInt8
    /// Whether the text began with a UTF-8 byte-order mark.
    public var hadByteOrderMark: Bool
    /// SHA-256 of the file's bytes, when asked for.
    public var sha256: String?
}

/// What a load found, over all its inputs.
public struct LoadReport: Sendable {
    /// One summary per input, in order.
    public var inputs: [InputSummary]
    /// Wall-clock seconds spent loading.
    public var seconds: Double
    /// The input and line of every table row.
    public var origins: RowOrigins

    /// Data rows over all inputs.
    public var rows: Int { inputs.reduce(0) { $0 + $1.rows } }
    /// Skipped rows over all inputs.
    public var skippedRows: Int { inputs.reduce(0) { $0 + $1.skippedRows } }
    /// Bytes read from files.
    public var fileBytes: Int64 { inputs.reduce(0) { $0 + $1.fileBytes } }
    /// Bytes of CSV text.
    public var textBytes: Int64 { inputs.reduce(0) { $0 + $1.textBytes } }

    /// `error` naming where it is: the file and line of the table rows it concerns, else the inputs.
    public func locate(_ error: PanelError) -> PanelError {
        if error.file != nil { return error }
        if !error.tableRows.isEmpty { return origins.locate(error) }
        var located = error
        located.file = inputs.map(\.name).joined(separator: ", ")
        return located
    }
}

/// A loaded panel: its columns and how loading went.
public struct LoadedPanel: Sendable {
    /// The columns.
    public var table: Table
    /// Counts, formats and time.
    public var report: LoadReport
}

/// Where each table row of a load came from: its input and the line it starts on, so that a
/// problem found in the table (a duplicate institution-year) names the file and line.
/// `@unchecked Sendable`: immutable once the load is over.
public final class RowOrigins: @unchecked Sendable {
    private let lines: GrowableBuffer<Int>
    /// Per input: its name and its first table row.
    private let inputs: [(name: String, firstRow: Int)]

    /// Origins of table rows whose lines are `lines`, the rows of each input following the
    /// previous input's (`rows` per input).
    package init(lines: GrowableBuffer<Int>, inputs: [(name: String, rows: Int)]) {
        self.lines = lines
        var first = 0
        self.inputs = inputs.map { input in
            defer { first += input.rows }
            return (input.name, first)
        }
    }

    /// The input and 1-based line of table row `row`.
    public func location(ofTableRow row: Int) -> (file: String, line: Int) {
        precondition(row >= 0 && row < lines.count, "row out of range")
        let input = inputs.last { $0.firstRow <= row } ?? inputs[0]
        return (input.name, lines.base[row])
    }

    /// `error` with its file and line filled in from its first table row, the other rows named
    /// in its message (`also at FILE:LINE`).
    public func locate(_ error: PanelError) -> PanelError {
        guard error.file == nil, let first = error.tableRows.first else { return error }
        let here = location(ofTableRow: first)
        let others = error.tableRows.dropFirst().map { row -> String in
            let there = location(ofTableRow: row)
            return there.file == here.file ? "line \(there.line)" : "\(there.file):\(there.line)"
        }
        return PanelError(
            error.kind, file: here.file, line: here.line, tableRows: error.tableRows, otherLocations: Array(others))
    }
}
