import Foundation
import Testing

/// The project's shared folder (`../shared` beside the package): the spec and the real data.
///
/// Tests that read it are enabled when it exists or when `CI` is set: on CI its absence is a
/// failure with a clear message; elsewhere such tests are skipped, visibly.
public enum SharedData {
    /// The package's root directory.
    public static let packageRoot: URL = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() } // Sources/MicroPanelTestSupport/SharedData.swift
        return url
    }()

    /// `../shared` beside the package, if it exists.
    public static let root: URL? = {
        let url = packageRoot.deletingLastPathComponent().appendingPathComponent("shared")
        return FileManager.default.fileExists(atPath: url.appendingPathComponent("data/raw").path) ? url : nil
    }()

    /// Whether tests that need the shared data run: it exists, or CI requires it.
    public static var testsEnabled: Bool {
        root != nil || ProcessInfo.processInfo.environment["CI"] != nil
    }

    /// Why such tests are skipped here.
    public static let skipReason: Comment =
        "../shared (spec and real data) is not beside the package; real-data tests skipped"

    /// The path of `relative` under the shared folder; throws with a clear message if absent.
    public static func path(_ relative: String) throws -> String {
        guard let root else {
            throw SharedDataMissing(path: relative)
        }
        let path = root.appendingPathComponent(relative).path
        guard FileManager.default.fileExists(atPath: path) else { throw SharedDataMissing(path: relative) }
        return path
    }

    /// The real MIX panel (3,846 institution-years).
    public static func mixPanel() throws -> String {
        try path("data/raw/mix-worldbank-amirl/data_finsoc_unbalanced_clean_social.csv")
    }

    /// MIX's MFI metadata (country per MFI).
    public static func mixMetadata() throws -> String {
        try path("data/raw/mix-worldbank-amirl/MFICompanyMetaData.csv")
    }
}

/// The shared folder or one of its files is missing.
public struct SharedDataMissing: Error, CustomStringConvertible {
    /// The missing path, relative to the shared folder.
    public let path: String
    public var description: String {
        "../shared/\(path) is missing: real-data tests need the project's shared folder beside the package"
    }
}
