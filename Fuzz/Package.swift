// swift-tools-version: 6.1
import PackageDescription

// libFuzzer drivers for MicroPanel's fuzz targets (`MicroPanelFuzzing`), in a package of their own
// so that building and testing MicroPanel never needs the fuzzer runtime. Build and run them with
// `scripts/fuzz`, which passes `-sanitize=fuzzer,address` and links with lld.
let package = Package(
    name: "MicroPanelFuzz",
    dependencies: [
        .package(name: "MicroPanel", path: "../")
    ],
    targets: [
        .executableTarget(
            name: "micropanel-fuzz",
            dependencies: [.product(name: "MicroPanelFuzzing", package: "MicroPanel")]
        )
    ],
    swiftLanguageModes: [.v6]
)
