import MicroPanel
import MicroPanelCSV
import MicroPanelColumns

/// Builds a table from CSV text the way the loader does, fed `chunkSize` bytes at a time.
public func buildTable(
    _ text: String, options: ValueOptions = ValueOptions(), mapping: ColumnMapping? = nil,
    requested: Set<String>? = nil, chunkSize: Int = 1 << 16
) throws(CSVError) -> Table {
    let bytes = Array(text.utf8)
    let scanner = CSVScanner()
    var builder: TableBuilder?
    var offset = 0
    var ended = false
    while !ended {
        let end = min(offset + chunkSize, bytes.count)
        if offset == bytes.count {
            try scanner.finish()
            ended = true
        } else {
            let space = scanner.reserveSpace(atLeast: end - offset)
            space.copyBytes(from: bytes[offset..<end])
            try scanner.commit(end - offset)
            offset = end
        }
        if builder == nil, let header = scanner.header {
            builder = TableBuilder(
                plan: try ColumnPlan(header: header.names, mapping: mapping, requested: requested),
                options: options)
        }
        try builder?.append(scanner.batch)
    }
    return builder!.finish()
}
