import MicroPanelColumns
import MicroPanelIndicators

extension PeerGroupSummary {
    /// Every field a panel can be grouped by, when it has it.
    public static let groupFields = [
        "fiscal_year", "depth_tier", "mfi_id", "mfi_name", "country", "iso3", "region",
        "currency", "legal_status", "period_type",
    ]

    /// Fields a computed panel can be grouped by: its descriptors, `fiscal_year`, `depth_tier`.
    public static func groupableFields(of computed: ComputedPanel) -> [String] {
        groupFields.filter { ["fiscal_year", "depth_tier"].contains($0) || computed.table.text($0) != nil }
    }

    /// Why `computed` cannot be grouped by `name`, and what would let it.
    static func missingGroupField(_ name: String, in computed: ComputedPanel) -> UsageError {
        guard groupFields.contains(name) else {
            return .unknown("field", name, known: groupableFields(of: computed))
        }
        var message = "cannot group by '\(name)': the panel has no \(name) column"
        if InstitutionDescriptors.fields.contains(name) {
            if let source = computed.report.descriptors?.source {
                message += ", and neither has --institutions \(source)"
            } else {
                message +=
                    "; join one with --institutions FILE (for MIX's panel: --institutions MFICompanyMetaData.csv,"
                    + " MIX's MFI metadata)"
            }
        }
        return UsageError(message)
    }

    /// Summarizes a computed panel, with portfolio-weighted ratios.
    public init(computed: ComputedPanel, by fieldNames: [String], indicators: [Indicator], threads: Int = 1) throws {
        var fields: [GroupField] = []
        let tableRows = computed.panel.rows.map(Int.init)
        for name in fieldNames {
            if name == "depth_tier" {
                let tiers = computed.results.values(of: .depthTier)
                fields.append(
                    GroupField(
                        name: name, codes: tiers.map { $0.isNaN ? UInt32.max : UInt32($0) },
                        labels: IndicatorRegistry.depthTiers))
            } else if let field = GroupField(table: computed.table, name: name, rows: tableRows) {
                fields.append(field)
            } else {
                throw Self.missingGroupField(name, in: computed)
            }
        }
        let components = computed.prepared.kernel.computeComponents(threads: threads)
        let results = computed.results
        self.init(
            rowCount: computed.panel.count, fields: fields, indicators: indicators,
            values: { results.values(of: $0) },
            weights: { (components.numerators(of: $0), components.denominators(of: $0)) })
    }
}

extension PeerGroupSummary {
    /// Summarizes a table of indicators (a compute output read back, a published table): values
    /// as written, no weighting (the numerators
    /// and denominators are not in the file).
    public init(computeOutput table: Table, by fieldNames: [String], indicators: [Indicator]) throws {
        let rows = Array(0..<table.rowCount)
        let fields: [GroupField] = try fieldNames.map { name in
            guard let field = GroupField(table: table, name: name, rows: rows) else {
                let available = table.plan.materialized.filter { $0.field.kind != .number }.map(\.header)
                if Self.groupFields.contains(name) {
                    throw UsageError(
                        "cannot group by '\(name)': the file has no \(name) column (it has: "
                            + available.joined(separator: ", ") + ")")
                }
                throw UsageError.unknown("field", name, known: available)
            }
            return field
        }
        let missing = Float64Column([Double](repeating: .nan, count: max(table.rowCount, 1)))
        self.init(
            rowCount: table.rowCount, fields: fields,
            indicators: indicators.filter { table.number($0.id) != nil },
            values: { (table.number($0.id) ?? missing).values }, weights: nil)
    }
}
