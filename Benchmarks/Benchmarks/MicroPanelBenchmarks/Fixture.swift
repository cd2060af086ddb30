import Foundation
import MicroPanel
import MicroPanelGzip
import MicroPanelSynthetic

/// A generated panel (the bundled MIX sample scaled, 170 columns) written once per benchmark
/// process: plain CSV, one gzip member, BGZF blocks, and the text in memory.
struct Fixture: @unchecked Sendable {
    let rows: Int
    let text: [UInt8]
    let plainPath: String
    let gzipPath: String
    let blockedPath: String
    let directory: URL

    /// `MICROPANEL_BENCH_ROWS` institution-years (default 100,000).
    static let shared = Fixture(
        rows: Int(ProcessInfo.processInfo.environment["MICROPANEL_BENCH_ROWS"] ?? "") ?? 100_000)

    init(rows: Int) {
        self.rows = rows
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("micropanel-bench-\(ProcessInfo.processInfo.processIdentifier)")
        try! FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        plainPath = directory.appendingPathComponent("panel.csv").path
        gzipPath = directory.appendingPathComponent("panel.csv.gz").path
        blockedPath = directory.appendingPathComponent("panel-bgzf.csv.gz").path
        var text: [UInt8] = []
        try! ScaledPanel.bundledSample().write(rows: rows, seed: 1) { text.append(contentsOf: $0) }
        self.text = text
        let single = try! GzipEncoder(level: 6)
        var compressed: [UInt8] = []
        text.withUnsafeBytes { single.compress($0) { compressed += $0 } }
        single.finish { compressed += $0 }
        let blocked = BlockedGzipEncoder(level: 6, threads: Threads.processors)
        var blocks: [UInt8] = []
        text.withUnsafeBytes { blocked.compress($0) { blocks += $0 } }
        blocked.finish { blocks += $0 }
        try! Data(text).write(to: URL(fileURLWithPath: plainPath))
        try! Data(compressed).write(to: URL(fileURLWithPath: gzipPath))
        try! Data(blocks).write(to: URL(fileURLWithPath: blockedPath))
    }

    /// The loaded panel, prepared for the kernel (loaded once).
    static let prepared: PreparedPanel = {
        var reading = LoadOptions()
        reading.requestedFields = FieldCatalog.computeFields
        return try! Pipeline.preparePanel(PanelSource(paths: [shared.plainPath], reading: reading, threads: Threads(1)))
    }()
}

/// Discards what is written, counting it.
final class DiscardingSink: ByteSink {
    var bytes = 0
    func write(_ bytes: UnsafeRawBufferPointer) throws { self.bytes += bytes.count }
}
