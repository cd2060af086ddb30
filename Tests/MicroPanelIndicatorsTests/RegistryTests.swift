import Foundation
import MicroPanel
import MicroPanelTestSupport
import Testing

@Suite("indicator registry")
struct RegistryTests {
    @Test("every indicator has one complete definition; ids are unique")
    func complete() {
        #expect(IndicatorRegistry.all.count == Indicator.allCases.count)
        #expect(Set(IndicatorRegistry.all.map(\.id)).count == Indicator.allCases.count)
        for definition in IndicatorRegistry.all {
            #expect(Indicator(id: definition.id) == definition.indicator)
            #expect(!definition.name.isEmpty && !definition.formula.isEmpty && !definition.sources.isEmpty)
            #expect(!definition.inputs.isEmpty && !definition.averaging.isEmpty)
        }
        #expect(
            IndicatorRegistry.definition(.depthTier).categories == ["low_end", "broad", "high_end", "small_business"])
        // Every kernel input is a field of the catalog, and the kernel holds one column per input.
        #expect(InputField.allCases.count == 57)
        for field in InputField.allCases { #expect(FieldCatalog.field(key: field.key)?.role == .input, "\(field.key)") }
    }

    @Test(
        "the registry lists exactly the ids of the contracts (indicators.md §3, par30_write_offs, adjustments.md §2–3), in order"
    )
    func matchesSpec() throws {
        let spec = try Fixtures.contract("indicators.md")
        let section = spec.components(separatedBy: "## 3.")[1].components(separatedBy: "## 4.")[0]
        // Each indicator is introduced as "- `id` =" or "`id` =" in a bullet.
        let pattern = try NSRegularExpression(pattern: "`([a-z0-9_]+)` \\(?[=(]")
        var ids: [String] = []
        for match in pattern.matches(in: section, range: NSRange(section.startIndex..., in: section)) {
            let id = String(section[Range(match.range(at: 1), in: section)!])
            let notIndicators = ["tax", "recoveries", "renegotiated"] + MissingReason.allCases.map(\.name)
            if !ids.contains(id) && !notIndicators.contains(id) { ids.append(id) }
        }
        // CGAP's PAR30 + write-offs follows the write-off ratio (issue 14), then the adjustments
        // contract's columns: §2's adjustments and total, §3's table.
        ids.insert("par30_write_offs", at: ids.firstIndex(of: "write_off_ratio")! + 1)
        let adjustments = try Fixtures.contract("adjustments.md")
        let body = adjustments.components(separatedBy: "## 2.")[1].components(separatedBy: "## 4.")[0]
        let adjusted = try NSRegularExpression(pattern: "\\(`([a-z_]+)`\\)|`(adjustments_total)` =|^\\| ([a-z_]+) \\|")
        let lines = body.components(separatedBy: "\n")
        for line in lines {
            for match in adjusted.matches(in: line, range: NSRange(line.startIndex..., in: line)) {
                for group in 1...3 where match.range(at: group).location != NSNotFound {
                    let id = String(line[Range(match.range(at: group), in: line)!])
                    if id != "id" && !ids.contains(id) { ids.append(id) }
                }
            }
        }
        // Then the outreach contract's §1 table.
        let outreach = try Fixtures.contract("outreach.md").components(separatedBy: "## 2.")[0]
        let row = try NSRegularExpression(pattern: "^\\| ([a-z_]+) \\| [^|]*/", options: .anchorsMatchLines)
        for match in row.matches(in: outreach, range: NSRange(outreach.startIndex..., in: outreach)) {
            ids.append(String(outreach[Range(match.range(at: 1), in: outreach)!]))
        }
        #expect(ids == IndicatorRegistry.all.map(\.id))
    }
}
