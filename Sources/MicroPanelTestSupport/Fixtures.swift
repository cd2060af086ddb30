import Foundation

/// Files of the repository the tests read: the real MIX panel bundled as fixtures
/// (`Tests/Fixtures/`), the contracts (`docs/`), the README.
public enum Fixtures {
    /// The package's root directory.
    public static let packageRoot: URL = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() } // Sources/MicroPanelTestSupport/Fixtures.swift
        return url
    }()

    /// The path of `relative` under the package root; throws with a clear message if absent.
    public static func path(_ relative: String) throws -> String {
        let path = packageRoot.appendingPathComponent(relative).path
        guard FileManager.default.fileExists(atPath: path) else { throw FixtureMissing(path: relative) }
        return path
    }

    /// The real MIX panel (3,846 institution-years), gzip-compressed.
    public static func mixPanel() throws -> String {
        try path("Tests/Fixtures/mix-worldbank-amirl/data_finsoc_unbalanced_clean_social.csv.gz")
    }

    /// The same panel as its compilers published it: an Excel workbook.
    public static func mixWorkbook() throws -> String {
        try path("Tests/Fixtures/mix-worldbank-amirl/data_finsoc_unbalanced_clean_social.xlsx")
    }

    /// MIX's MFI metadata (country per MFI), gzip-compressed.
    public static func mixMetadata() throws -> String {
        try path("Tests/Fixtures/mix-worldbank-amirl/MFICompanyMetaData.csv.gz")
    }

    /// A contract of `docs/` (`indicators.md`).
    public static func contract(_ name: String) throws -> String {
        try String(contentsOfFile: path("docs/" + name), encoding: .utf8)
    }
}

/// A file the tests need is not in the repository.
public struct FixtureMissing: Error, CustomStringConvertible {
    /// The missing path, relative to the package root.
    public let path: String
    public var description: String { "\(path) is missing from the repository" }
}
