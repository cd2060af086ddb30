import MicroPanelColumns
import MicroPanelIndicators
import MicroPanelSupport

extension PeerGroupSummary {
    /// Every field a panel can be grouped by, when it has it.
    public static let groupFields = [
        "fiscal_year", "depth_tier", "scale", "age", "mfi_id", "mfi_name", "country", "iso3", "region",
        "currency", "legal_status", "period_type",
    ]

    /// Fields a panel can be grouped by: its descriptors, `fiscal_year`, `depth_tier`.
    public static func groupableFields(of prepared: PreparedPanel) -> [String] {
        groupFields.filter {
            ["fiscal_year", "depth_tier"].contains($0) || prepared.table.text($0) != nil
                || $0 == "scale" && prepared.table.text("region") != nil
                || $0 == "age" && prepared.table.text("established") != nil
        }
    }

    /// Why `prepared` cannot be grouped by `name`, and what would let it.
    static func missingGroupField(_ name: String, in prepared: PreparedPanel) -> UsageError {
        guard groupFields.contains(name) else {
            return .unknown("field", name, known: groupableFields(of: prepared))
        }
        var message = "cannot group by '\(name)': the panel has no \(name) column"
        if name == "scale" {
            message =
                "cannot group by 'scale': it needs each row's gross loan portfolio (US$) and region; join the region"
                + " with --institutions FILE (for MIX's panel: --institutions MFICompanyMetaData.csv)"
        } else if name == "age" {
            message =
                "cannot group by 'age': it needs each institution's establishment year, a 'Year Established' column"
                + " in the panel or in the --institutions file (MIX's MFI metadata has none)"
        } else if InstitutionDescriptors.fields.contains(name) {
            if let source = prepared.report.descriptors?.source {
                message += ", and neither has --institutions \(source)"
            } else {
                message +=
                    "; join one with --institutions FILE (for MIX's panel: --institutions MFICompanyMetaData.csv,"
                    + " MIX's MFI metadata)"
            }
        }
        return UsageError(message)
    }

    /// Summarizes a computed panel, with portfolio-weighted ratios; only the panel rows `rows`
    /// when given (a filter's).
    public init(
        computed: ComputedPanel, by fieldNames: [String], indicators: [Indicator], threads: Int = 1, rows: [Int]? = nil,
        trim: Double? = nil, currency: CurrencyConversion? = nil
    ) throws {
        var fields: [GroupField] = []
        let tableRows = computed.panel.rows.map(Int.init)
        for name in fieldNames {
            guard
                let field = PeerGroupFields.field(
                    name, table: computed.table, rows: tableRows,
                    depthTiers: { Array(computed.results.values(of: .depthTier)) })
            else { throw Self.missingGroupField(name, in: computed.prepared) }
            fields.append(field)
        }
        let components = computed.prepared.kernel.computeComponents(threads: threads)
        let results = computed.results
        // Converted amounts (`currency`, the values already converted): their weighted ratios'
        // numerators in the same unit (an amount ratio's numerator is the amount).
        var convertedNumerators: [Indicator: GrowableBuffer<Double>] = [:]
        if let currency {
            for indicator in indicators where IndicatorRegistry.amounts.contains(indicator) {
                let numerators = components.numerators(of: indicator)
                let converted = GrowableBuffer<Double>(uninitializedCount: numerators.count)
                for row in numerators.indices { converted.base[row] = numerators[row] * currency.factors[row] }
                convertedNumerators[indicator] = converted
            }
        }
        self.init(
            rowCount: computed.panel.count, rows: rows, fields: fields, indicators: indicators,
            values: { results.values(of: $0) },
            weights: {
                (convertedNumerators[$0]?.elements ?? components.numerators(of: $0), components.denominators(of: $0))
            }, trim: trim)
    }
}

extension PeerGroupSummary {
    /// Summarizes a table of indicators (a compute output read back, a published table): values
    /// as written, no weighting (the numerators
    /// and denominators are not in the file).
    public init(
        computeOutput table: Table, by fieldNames: [String], indicators: [Indicator], rows selected: [Int]? = nil,
        trim: Double? = nil
    ) throws {
        let rows = Array(0..<table.rowCount)
        let fields: [GroupField] = try fieldNames.map { name in
            guard let field = PeerGroupFields.field(name, table: table, rows: rows, depthTiers: { nil }) else {
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
            rowCount: table.rowCount, rows: selected, fields: fields,
            indicators: indicators.filter { table.number($0.id) != nil },
            values: { (table.number($0.id) ?? missing).values }, weights: nil, trim: trim)
    }
}

extension GroupField {
    /// `depth_tier` from its values (tier indices, NaN when missing), labels lowest tier first.
    static func depthTiers(_ values: some Collection<Double>) -> GroupField {
        GroupField(
            name: "depth_tier", codes: values.map { $0.isNaN ? UInt32.max : UInt32($0) },
            labels: IndicatorRegistry.depthTiers)
    }

    /// Per row, its label (nil where missing).
    var rowLabels: [String?] { codes.map { $0 == UInt32.max ? nil : labels[Int($0)] } }
}

extension PreparedPanel {
    /// The panel rows `filter` keeps, or nil when it keeps all. A `depth_tier` filter computes the
    /// panel first (on `threads` threads): the tier is an indicator.
    func selection(_ filter: RowFilter, threads: Int) throws -> [Int]? {
        guard !filter.keepsAll else { return nil }
        let tableRows = panel.rows.map(Int.init)
        let ids = table.text(panel.institutionKey)!
        let fiscalYears = table.integer("fiscal_year")!
        return try filter.select(
            count: panel.count, years: tableRows.map { Int(fiscalYears.value(at: $0) ?? 0) },
            institutions: tableRows.map { ids[$0] ?? "" }
        ) { name in
            guard
                let field = PeerGroupFields.field(
                    name, table: table, rows: tableRows,
                    depthTiers: { Array(kernel.compute(threads: threads).values(of: .depthTier)) })
            else { throw PeerGroupSummary.missingGroupField(name, in: self) }
            return (field.rowLabels, field.labels)
        }
    }
}

extension PreparedPanel {
    /// The headers of the input columns kept with `--keep`, in the input's order.
    var keptHeaders: [String] {
        table.plan.materialized.filter { $0.field.key == ColumnPlan.keptKey($0.header) }.map(\.header)
    }
}
