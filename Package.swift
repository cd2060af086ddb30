// swift-tools-version: 6.1
import PackageDescription

/// MicroPanel: microfinance panel data (MIX Market style) → CGAP and MicroRate indicators.
///
/// Modules follow the data: `MicroPanelGzip` (files, zlib) → `MicroPanelCSV` (byte scanner)
/// → `MicroPanelColumns` (typed column store) → `MicroPanelIndicators` (registry, panel, kernel)
/// → `MicroPanelOutput` (tables); `MicroPanelSupport` holds what they share (buffers, the error
/// shape); `MicroPanel` is the front door (`Pipeline`) and `micropanel` the command line over it.
let package = Package(
    name: "MicroPanel",
    products: [
        .library(name: "MicroPanel", targets: ["MicroPanel"]),
        .library(name: "MicroPanelSynthetic", targets: ["MicroPanelSynthetic"]),
        .library(name: "MicroPanelFuzzing", targets: ["MicroPanelFuzzing"]),
        .executable(name: "micropanel", targets: ["micropanel"]),
        .executable(name: "micropanel-gen", targets: ["micropanel-gen"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0")
    ],
    targets: [
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        .target(name: "CMicroPanelSIMD"),
        .target(name: "MicroPanelSupport"),
        .target(name: "MicroPanelGzip", dependencies: ["MicroPanelSupport", "CZlib", "CMicroPanelSIMD"]),
        .target(name: "MicroPanelCSV", dependencies: ["MicroPanelSupport", "CMicroPanelSIMD"]),
        .target(name: "MicroPanelWorkbook", dependencies: ["MicroPanelSupport", "MicroPanelGzip", "CZlib"]),
        .target(name: "MicroPanelColumns", dependencies: ["MicroPanelSupport", "MicroPanelCSV"]),
        .target(name: "MicroPanelIndicators", dependencies: ["MicroPanelSupport", "MicroPanelColumns"]),
        .target(name: "MicroPanelSurveys", dependencies: ["MicroPanelSupport", "MicroPanelCSV", "MicroPanelColumns"]),
        .target(
            name: "MicroPanelPortfolio",
            dependencies: ["MicroPanelSupport", "MicroPanelGzip", "MicroPanelColumns", "MicroPanelOutput"]),
        .target(name: "MicroPanelCharts", dependencies: ["MicroPanelSupport", "MicroPanelIndicators"]),
        .target(
            name: "MicroPanelOutput",
            dependencies: ["MicroPanelSupport", "MicroPanelGzip", "MicroPanelColumns", "MicroPanelIndicators"]),
        .target(
            name: "MicroPanelResources",
            exclude: ["Resources/README.md"],
            resources: [
                .embedInCode("Resources/wdi-gni-per-capita-2024.csv.gz"),
                .embedInCode("Resources/wdi-inflation-cpi-2026-01-28.csv.gz"),
                .embedInCode("Resources/wdi-lending-rate-2026-04-08.csv.gz"),
                .embedInCode("Resources/wdi-deposit-rate-2026-04-08.csv.gz"),
                .embedInCode("Resources/wdi-exchange-rate-2025-07-01.csv.gz"),
                .embedInCode("Resources/wdi-ppp-factor-2025-03-24.csv.gz"),
                .embedInCode("Resources/mix-sample.csv.gz"),
                .embedInCode("Resources/poverty-demo-survey.csv"),
                .embedInCode("Resources/poverty-demo-scorecard.csv"),
                .embedInCode("Resources/poverty-demo-lookup.csv"),
                .embedInCode("Resources/microrate29-2001.csv"),
            ]
        ),
        .target(
            name: "MicroPanel",
            dependencies: [
                "MicroPanelSupport", "MicroPanelGzip", "MicroPanelCSV", "MicroPanelColumns", "MicroPanelIndicators",
                "MicroPanelOutput", "MicroPanelResources", "MicroPanelSurveys", "MicroPanelCharts",
                "MicroPanelWorkbook", "MicroPanelPortfolio",
            ]
        ),
        .target(name: "MicroPanelSynthetic", dependencies: ["MicroPanelCSV", "MicroPanelGzip", "MicroPanelResources"]),
        .executableTarget(
            name: "micropanel-gen",
            dependencies: [
                "MicroPanelSynthetic", "MicroPanelGzip",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "micropanel",
            dependencies: [
                "MicroPanel", "MicroPanelSupport", "MicroPanelColumns", "MicroPanelOutput", "MicroPanelPortfolio",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Fuzz target bodies, shared by the fuzzers (Fuzz/, a package of its own) and the tests
        // that replay what they found.
        .target(name: "MicroPanelFuzzing", dependencies: ["MicroPanel", "MicroPanelWorkbook"]),
        .target(
            name: "MicroPanelTestSupport",
            dependencies: ["MicroPanel", "MicroPanelSynthetic"]
        ),
        .testTarget(
            name: "MicroPanelSupportTests",
            dependencies: ["MicroPanelSupport", "MicroPanelTestSupport"]
        ),
        .testTarget(
            name: "MicroPanelGzipTests",
            dependencies: ["MicroPanelGzip", "MicroPanelTestSupport"]
        ),
        .testTarget(
            name: "MicroPanelCSVTests",
            dependencies: ["MicroPanelCSV", "MicroPanelTestSupport"]
        ),
        .testTarget(
            name: "MicroPanelColumnsTests",
            dependencies: ["MicroPanelColumns", "MicroPanelTestSupport"]
        ),
        .testTarget(
            name: "MicroPanelOutputTests",
            dependencies: ["MicroPanelOutput", "MicroPanelGzip", "MicroPanelTestSupport"]
        ),
        .testTarget(
            name: "MicroPanelIndicatorsTests",
            dependencies: ["MicroPanelIndicators", "MicroPanelTestSupport"]
        ),
        .testTarget(
            name: "MicroPanelTests",
            dependencies: [
                "MicroPanel", "MicroPanelCharts", "MicroPanelFuzzing", "MicroPanelGzip", "MicroPanelTestSupport",
                "MicroPanelWorkbook",
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
