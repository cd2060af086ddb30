import Benchmark
import Foundation
import MicroPanel
import MicroPanelSynthetic

/// The ingest path on a generated MIX-style panel (168 columns): gzip stream → CSV scanner →
/// column store. Headline metrics: MB/s of CSV text and rows/s.
let benchmarks: @Sendable () -> Void = {
    let rows = Int(ProcessInfo.processInfo.environment["MICROPANEL_BENCH_ROWS"] ?? "") ?? 50_000
    let fixture = IngestFixture(rows: rows)

    let throughput = BenchmarkMetric.custom("MB/s", polarity: .prefersLarger, useScalingFactor: false)
    let rowRate = BenchmarkMetric.custom("rows/s (k)", polarity: .prefersLarger, useScalingFactor: false)
    let configuration = Benchmark.Configuration(
        metrics: [.wallClock, .mallocCountTotal, .peakMemoryResident, throughput, rowRate],
        timeUnits: .milliseconds,
        warmupIterations: 1,
        maxDuration: .seconds(10),
        maxIterations: 10
    )

    for (name, path) in [("Ingest_plain_csv", fixture.plainPath), ("Ingest_gzip_csv", fixture.gzipPath)] {
        Benchmark(name, configuration: configuration) { benchmark in
            let started = ContinuousClock.now
            let panel = try PanelLoader().load(paths: [path])
            let seconds = (ContinuousClock.now - started) / .seconds(1)
            benchmark.measurement(throughput, Int(Double(fixture.textBytes) / 1e6 / seconds))
            benchmark.measurement(rowRate, Int(Double(panel.table.rowCount) / 1e3 / seconds))
            blackHole(panel)
        }
    }
}

/// A generated panel written once per run as plain and gzip files in a temporary directory.
struct IngestFixture: Sendable {
    let plainPath: String
    let gzipPath: String
    let textBytes: Int

    init(rows: Int) {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("micropanel-bench-\(ProcessInfo.processInfo.processIdentifier)")
        try! FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        plainPath = directory.appendingPathComponent("panel.csv").path
        gzipPath = directory.appendingPathComponent("panel.csv.gz").path
        let text = SyntheticPanel(rows: rows, seed: 2024).text()
        textBytes = text.count
        let encoder = try! GzipEncoder(level: 6)
        var compressed: [UInt8] = []
        text.withUnsafeBytes { encoder.compress($0) { compressed += $0 } }
        encoder.finish { compressed += $0 }
        try! Data(text).write(to: URL(fileURLWithPath: plainPath))
        try! Data(compressed).write(to: URL(fileURLWithPath: gzipPath))
    }
}
