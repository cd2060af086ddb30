// swift-tools-version: 6.1
import PackageDescription

// Benchmarks live in their own package (as swift-nio's do) so that building and testing
// MicroPanel never compiles the benchmark graph. Run them with `scripts/bench`.
let package = Package(
    name: "MicroPanelBenchmarks",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(name: "MicroPanel", path: "../"),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.0", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "MicroPanelBenchmarks",
            dependencies: [
                .product(name: "MicroPanel", package: "MicroPanel"),
                .product(name: "MicroPanelSynthetic", package: "MicroPanel"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/MicroPanelBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        )
    ],
    swiftLanguageModes: [.v6]
)
