import Benchmark
import Foundation
import MicroPanel
import MicroPanelCSV
import MicroPanelGzip
import MicroPanelOutput

/// MicroPanel's throughput, stage by stage and end to end, on a generated MIX-style panel.
/// Headline metrics: MB/s of CSV text and rows/s. Allocation counts are deterministic and are
/// the CI gate (`Thresholds/`); wall-clock time is reported, not gated.
let benchmarks: @Sendable () -> Void = {
    let megabytesPerSecond = BenchmarkMetric.custom("MB/s", polarity: .prefersLarger, useScalingFactor: false)
    let rowsPerSecond = BenchmarkMetric.custom("rows/s (k)", polarity: .prefersLarger, useScalingFactor: false)
    // The gate is for allocations that scale with the data: one per row at the CI panel's 20,000
    // rows adds 20,000. An absolute band of 1,000 ignores the few allocations runtime and
    // Dispatch make lazily (a relative band would fail Inflate_gzip's 8 over one extra).
    let allocations = BenchmarkThresholds(absolute: [.p90: 1_000])
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .mallocCountTotal, .peakMemoryResident, megabytesPerSecond, rowsPerSecond],
        timeUnits: .milliseconds,
        warmupIterations: 1,
        maxDuration: .seconds(10),
        maxIterations: 8,
        thresholds: [.mallocCountTotal: allocations]
    )

    /// Records throughput of `bytes` and `rows` handled in `seconds`.
    func report(_ benchmark: Benchmark, bytes: Int, rows: Int, seconds: Double) {
        benchmark.measurement(megabytesPerSecond, Int(Double(bytes) / 1e6 / seconds))
        benchmark.measurement(rowsPerSecond, Int(Double(rows) / 1e3 / seconds))
    }
    func timed(_ body: () throws -> Void) rethrows -> Double {
        let started = ContinuousClock.now
        try body()
        return (ContinuousClock.now - started) / .seconds(1)
    }

    Benchmark("Inflate_gzip") { benchmark in
        let fixture = Fixture.shared
        var total = 0
        let seconds = try timed {
            let reader = try GzipReader(path: fixture.gzipPath)
            let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 4 << 20, alignment: 64)
            defer { chunk.deallocate() }
            while case let count = try reader.read(into: chunk), count > 0 { total += count }
        }
        report(benchmark, bytes: total, rows: fixture.rows, seconds: seconds)
    }

    Benchmark("Inflate_bgzf_parallel") { benchmark in
        let fixture = Fixture.shared
        var total = 0
        let seconds = try timed {
            // Decoded ahead as the loader does: chunks of members inflating on every core.
            let ahead = DecodeAhead(reader: try GzipReader(path: fixture.blockedPath), threads: Threads.processors)
            while let count = try ahead.next({ bytes, _ in bytes.count }) { total += count }
            ahead.stop()
        }
        report(benchmark, bytes: total, rows: fixture.rows, seconds: seconds)
    }

    Benchmark("Scan_csv") { benchmark in
        let fixture = Fixture.shared
        var rows = 0
        let seconds = try timed {
            let scanner = CSVScanner()
            try fixture.text.withUnsafeBytes { text in
                var offset = 0
                while offset < text.count {
                    let end = min(offset + (4 << 20), text.count)
                    try scanner.append(UnsafeRawBufferPointer(rebasing: text[offset..<end]))
                    offset = end
                }
            }
            try scanner.finish()
            rows = scanner.rowCount
        }
        report(benchmark, bytes: fixture.text.count, rows: rows, seconds: seconds)
    }

    Benchmark("Build_columns") { benchmark in
        let fixture = Fixture.shared
        var rows = 0
        let seconds = try timed {
            var options = LoadOptions()
            options.requestedFields = FieldCatalog.computeFields
            rows = try PanelLoader(options: options).load([.memory(name: "fixture", bytes: fixture.text)]).table
                .rowCount
        }
        report(benchmark, bytes: fixture.text.count, rows: rows, seconds: seconds)
    }

    Benchmark("Kernel_one_core") { benchmark in
        let prepared = Fixture.prepared
        let seconds = timed { blackHole(prepared.kernel.compute(threads: 1)) }
        report(benchmark, bytes: 0, rows: prepared.panel.count, seconds: seconds)
    }

    Benchmark("Format_csv") { benchmark in
        let prepared = Fixture.prepared
        let sink = DiscardingSink()
        let seconds = try timed {
            try IndicatorTableWriter(
                table: prepared.table, kernel: prepared.kernel, indicators: Indicator.allCases,
                format: .csv
            ).write(to: sink, threads: Threads.processors)
        }
        report(benchmark, bytes: sink.bytes, rows: prepared.panel.count, seconds: seconds)
    }

    Benchmark("End_to_end_gzip") { benchmark in
        // What `micropanel compute panel.csv.gz -o out.csv` runs: the pipeline, rows formatted
        // while loading included.
        let fixture = Fixture.shared
        let output = fixture.directory.appendingPathComponent("out.csv").path
        var rows = 0
        let seconds = try timed {
            let run = try Pipeline.compute(
                ComputeConfiguration(source: PanelSource(paths: [fixture.gzipPath]), output: TableOutput(path: output)))
            rows = run.report?.panelRows ?? 0
        }
        report(benchmark, bytes: fixture.text.count, rows: rows, seconds: seconds)
    }
}
