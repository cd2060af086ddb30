import ArgumentParser
import MicroPanel

/// `micropanel explain [ID]`: what an indicator is, from the engine's registry.
struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Explain an indicator (formula, inputs, unit, sources, averaging), or list them all.",
        discussion: """
            Examples:
              micropanel explain
              micropanel explain cost_of_funds
              micropanel explain --markdown
            """
    )

    @Argument(help: "An indicator id (see the list without one).")
    var id: String?

    @Flag(help: "Print the table of all indicators as Markdown (the README's table is made this way).")
    var markdown = false

    func validate() throws {
        if let id, Indicator(id: id) == nil {
            throw ValidationError("unknown indicator '\(id)'; known: " + IndicatorRegistry.all.map(\.id).joined(separator: ", "))
        }
        if id != nil && markdown { throw ValidationError("--markdown lists all indicators: give no id") }
    }

    func run() throws {
        try reportingFailures {
            if let id, let indicator = Indicator(id: id) {
                try printOutput(Self.describe(IndicatorRegistry.definition(indicator)))
            } else if markdown {
                try printOutput(Self.markdownTable())
            } else {
                try printOutput(Self.list())
            }
        }
    }

    static func describe(_ definition: IndicatorDefinition) -> String {
        var lines = [
            "\(definition.id): \(definition.name)",
            "  family:     \(definition.family)",
            "  formula:    \(definition.formula)",
            "  unit:       \(unitText(definition))",
            "  inputs:     \(definition.inputs.joined(separator: ", "))",
            "  averaging:  \(definition.averaging)",
            "  sources:    \(definition.sources.joined(separator: ", "))",
        ]
        if definition.usesGNI {
            lines.append("  GNI:        divides by GNI per capita of the country and fiscal year; needs US$ amounts "
                         + "(currency_not_usd otherwise); bundled table: \(CountryYearTable.bundledGNI.vintage)")
        }
        lines.append("  missing:    " + definition.missingReasons.map(\.name).joined(separator: ", "))
        return lines.joined(separator: "\n") + "\n"
    }

    static func list() -> String {
        var lines: [String] = []
        var family = ""
        for definition in IndicatorRegistry.all {
            if definition.family != family {
                family = definition.family
                lines.append(lines.isEmpty ? family : "\n" + family)
            }
            lines.append("  \(definition.id.padded(to: 28)) \(definition.name) [\(unitText(definition))]")
        }
        lines.append("\nmicropanel explain ID prints an indicator's formula, inputs, averaging and sources.")
        return lines.joined(separator: "\n") + "\n"
    }

    static func markdownTable() -> String {
        var lines = ["| id | indicator | formula | unit | averaging | sources |", "|---|---|---|---|---|---|"]
        for definition in IndicatorRegistry.all {
            let averaging: String
            switch definition.priorYear {
            case .never: averaging = "closing values"
            case .withoutExplicitAverage: averaging = "period average"
            case .always: averaging = "needs year t−1"
            }
            let cells = ["`\(definition.id)`", definition.name, definition.formula.replacingOccurrences("|", "\\|"),
                         unitText(definition), averaging, definition.sources.joined(separator: ", ")]
            lines.append("| " + cells.joined(separator: " | ") + " |")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func unitText(_ definition: IndicatorDefinition) -> String {
        switch definition.unit {
        case .count: return "count"
        case .fraction: return "fraction (0.093 = 9.3%)"
        case .multiple: return "multiple"
        case .currency: return "amount in the panel's currency"
        case .perPerson: return "per person"
        case .category: return "category: " + definition.categories.joined(separator: ", ")
        }
    }
}

extension String {
    func replacingOccurrences(_ target: Character, _ replacement: String) -> String {
        var result = ""
        for character in self { if character == target { result += replacement } else { result.append(character) } }
        return result
    }
}
