import Foundation
import MicroPanelFuzzing
import Testing

/// Replays what the fuzzers found (`Tests/FuzzFindings/TARGET/`), once fixed, through the same
/// fuzz targets: none may crash or break the target's rules again.
@Suite("fuzz findings")
struct FuzzFindingsTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("FuzzFindings")

    /// Every finding as (target, file name).
    static var findings: [FuzzFinding] {
        let targets = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return targets.sorted().flatMap { target in
            let files =
                (try? FileManager.default.contentsOfDirectory(atPath: directory.appendingPathComponent(target).path))
                ?? []
            return files.sorted().map { FuzzFinding(target: target, name: $0) }
        }
    }

    @Test("every finding names a target and the collection is not lost")
    func findingsAreThere() {
        let findings = Self.findings
        #expect(!findings.isEmpty, "no findings under \(Self.directory.path)")
        for finding in findings { #expect(FuzzTargets.all[finding.target] != nil, "unknown target \(finding.target)") }
    }

    @Test("a finding passes its fuzz target", arguments: findings)
    func replay(_ finding: FuzzFinding) throws {
        let target = try #require(FuzzTargets.all[finding.target])
        let bytes = try [UInt8](
            Data(
                contentsOf: Self.directory.appendingPathComponent(finding.target)
                    .appendingPathComponent(finding.name)))
        #expect(target(bytes) == nil)
    }
}

/// A saved fuzzer input.
struct FuzzFinding: Sendable, CustomStringConvertible {
    var target: String
    var name: String
    var description: String { "\(target)/\(name)" }
}
