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
        #expect(InputField.allCases.count == 38)
        for field in InputField.allCases { #expect(FieldCatalog.field(key: field.key)?.role == .input, "\(field.key)") }
    }

    @Test("the registry lists exactly the ids of the contract's §3 (docs/indicators.md), in its order")
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
        #expect(ids == IndicatorRegistry.all.map(\.id))
    }
}
