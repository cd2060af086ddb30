import ArgumentParser
import MicroPanel

/// `micropanel explain [ID]`: what an indicator is, from the engine's registry.
struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract:
            "Explain an indicator (formula, inputs, unit, sources, averaging), list them all, or the plausibility rules.",
        discussion: """
            Ids are matched in any case (ROA is roa).

            Examples:
              micropanel explain
              micropanel explain cost_of_funds
              micropanel explain --markdown
              micropanel explain --family "Adjusted performance"
              micropanel explain --rules
            """
    )

    @Argument(help: "An indicator id (see the list without one).")
    var id: String?

    @Flag(help: "Print the table of all indicators (or rules) as Markdown (the README's tables are made this way).")
    var markdown = false

    @Flag(help: "List the plausibility rules: the inputs compute does not believe, and what they block.")
    var rules = false

    @Option(
        help: ArgumentHelp(
            "List only the indicators of this family (e.g. \"Adjusted performance\").", valueName: "name"))
    var family: String?

    func validate() throws {
        if let id { _ = try resolveIndicator(id) }
        if id != nil && markdown { throw ValidationError("--markdown lists all indicators: give no id") }
        if id != nil && rules { throw ValidationError("--rules lists the rules: give no id") }
        if let family {
            if id != nil || rules { throw ValidationError("--family lists indicators: give no id nor --rules") }
            let families = Self.families
            if !families.contains(where: { $0.lowercased() == family.lowercased() }) {
                throw ValidationError(UsageError.unknown("family", family, known: families).message)
            }
        }
    }

    /// The families, in registry order.
    static var families: [String] {
        IndicatorRegistry.all.map(\.family).reduce(into: []) { if !$0.contains($1) { $0.append($1) } }
    }

    /// The definitions listed: all, or those of `--family`.
    var listed: [IndicatorDefinition] {
        guard let family else { return IndicatorRegistry.all }
        return IndicatorRegistry.all.filter { $0.family.lowercased() == family.lowercased() }
    }

    func run() throws {
        try reportingFailures {
            if let id, let indicator = Indicator(named: id) {
                try printOutput(Self.describe(IndicatorRegistry.definition(indicator)))
            } else if rules {
                try printOutput(markdown ? Self.rulesMarkdownTable() : Self.rulesList())
            } else if markdown {
                try printOutput(Self.markdownTable(listed))
            } else {
                try printOutput(Self.list(listed))
            }
        }
    }

    static func describe(_ definition: IndicatorDefinition) -> String {
        var lines = [
            "\(definition.id): \(definition.name)",
            "  family:     \(definition.family)",
            "  formula:    \(definition.formula)",
            "  unit:       \(unitText(definition))",
        ]
        if definition.unit == .currency {
            lines.append(
                "  other unit: --currency ppp: international $ (× official exchange rate / PPP factor, WDI);"
                    + " --constant-dollars YEAR: dollars of YEAR (US CPI); --to-usd: rows in local currency to US$"
                    + " first. The column keeps its name; notes, Stata labels and the manifest state the unit")
        }
        lines += [
            "  inputs:     \(definition.inputs.joined(separator: ", "))",
            "  averaging:  \(definition.averaging)",
            "  sources:    \(definition.sources.joined(separator: ", "))",
        ]
        for series in definition.series {
            switch series {
            case .gniPerCapita:
                lines.append(
                    "  GNI:        divides by GNI per capita of the country and fiscal year; needs US$ amounts "
                        + "(currency_not_usd otherwise, or no_exchange_rate when --to-usd has no rate); bundled table: "
                        + CountryYearTable.bundledGNI.vintage)
            case .inflation:
                lines.append(
                    "  inflation:  of the country and fiscal year (no_inflation otherwise); bundled table: "
                        + CountryYearTable.bundledInflation.vintage)
            case .marketRate:
                lines.append(
                    "  market rate: of the country and fiscal year (no_market_rate otherwise); bundled tables: "
                        + CountryYearTable.bundledLendingRate.vintage + " (default); "
                        + CountryYearTable.bundledDepositRate.vintage + " (--market-rate deposit)")
            }
        }
        for (index, option) in definition.options.enumerated() {
            lines.append((index == 0 ? "  options:    " : "              ") + option)
        }
        lines.append("  missing:    " + definition.missingReasons.map(\.name).joined(separator: ", "))
        return lines.joined(separator: "\n") + "\n"
    }

    static func list(_ definitions: [IndicatorDefinition] = IndicatorRegistry.all) -> String {
        var lines: [String] = []
        var family = ""
        for definition in definitions {
            if definition.family != family {
                family = definition.family
                lines.append(lines.isEmpty ? family : "\n" + family)
            }
            lines.append("  \(definition.id.padded(to: 28)) \(definition.name) [\(unitText(definition))]")
        }
        lines.append("\nmicropanel explain ID prints an indicator's formula, inputs, averaging and sources.")
        return lines.joined(separator: "\n") + "\n"
    }

    static func markdownTable(_ definitions: [IndicatorDefinition] = IndicatorRegistry.all) -> String {
        var lines = ["| id | indicator | formula | unit | averaging | sources |", "|---|---|---|---|---|---|"]
        for definition in definitions {
            let averaging: String
            switch definition.priorYear {
            case .never: averaging = "closing values"
            case .withoutExplicitAverage: averaging = "period average"
            case .always: averaging = "needs year t−1"
            }
            let cells = [
                "`\(definition.id)`", definition.name, definition.formula.replacingOccurrences("|", "\\|"),
                unitText(definition), averaging, definition.sources.joined(separator: ", "),
            ]
            lines.append("| " + cells.joined(separator: " | ") + " |")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The rules, one group per kind; the many negative-value rules as one line.
    static func ruleGroups() -> [(kind: String, condition: String, suspects: String, blocks: String)] {
        var groups: [(kind: String, condition: String, suspects: String, blocks: String)] = []
        let negatives = PlausibilityRules.all.filter { $0.condition == .negative }
        for rule in PlausibilityRules.all where rule.condition != .negative {
            let blocks = rule.blocks.map(\.id).joined(separator: ", ")
            groups.append(
                (
                    rule.kind, rule.formula, rule.suspects.map(\.key).joined(separator: ", "),
                    blocks.isEmpty ? "no indicator yet" : blocks
                ))
        }
        groups.append(
            (
                "negative_value", "any of " + negatives.map(\.subject.key).joined(separator: ", ") + " < 0",
                "that field", "the indicators computed from that field"
            ))
        return groups
    }

    static func rulesList() -> String {
        var lines = [
            "Plausibility rules: when one fires on an institution-year, the inputs it names are not believed there,",
            "and every indicator computed from them (in that year, or the next through a prior-year value) is missing",
            "with reason implausible_input (--implausible keep keeps the values, flagged); micropanel check lists the rows.",
            "",
        ]
        for group in ruleGroups() {
            lines.append("  \(group.kind.padded(to: 20)) \(group.condition)")
            lines.append("  \("".padded(to: 20)) not believed: \(group.suspects); blocks: \(group.blocks)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func rulesMarkdownTable() -> String {
        var lines = ["| rule | condition | not believed | blocks |", "|---|---|---|---|"]
        for group in ruleGroups() {
            lines.append("| `\(group.kind)` | \(group.condition) | \(group.suspects) | \(group.blocks) |")
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
