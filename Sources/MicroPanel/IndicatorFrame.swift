import MicroPanelColumns
import MicroPanelIndicators

/// Indicator values per institution-year, whatever the input was: a raw panel (computed
/// first), a `compute` output, or a published table of indicators — what figures and reports
/// are drawn from.
public struct IndicatorFrame: Sendable {
    /// The input's name(s), for source lines.
    public let inputName: String
    /// Institution-years.
    public let count: Int
    /// Per row: the institution's MFI ID.
    public let ids: [String]
    /// Per row: its name where the input has one, else its MFI ID (what tooltips show).
    public let labels: [String]
    /// Per row: the fiscal year.
    public let years: [Int]
    /// The computation, when the input was a raw panel.
    public let computed: ComputedPanel?
    /// `check`'s report on the raw panel, when asked for (nil for a table of indicators).
    public internal(set) var quality: QualityReport?
    private let columns: [Indicator: [Double]]
    private let table: Table
    private let tableRows: [Int]

    /// The values of `indicator`, one per row (NaN: missing); a usage error when the input has no
    /// such column (a table of indicators that does not carry it).
    public func values(_ indicator: Indicator) throws(UsageError) -> [Double] {
        guard let values = columns[indicator] else {
            throw UsageError(
                "\(inputName) has no '\(indicator.id)' column (its indicators: "
                    + columns.keys.sorted().map(\.id).joined(separator: ", ") + ")")
        }
        return values
    }

    /// Whether the input carries `indicator`.
    public func has(_ indicator: Indicator) -> Bool { columns[indicator] != nil }

    /// The indicators the input carries, in registry order.
    public var indicators: [Indicator] { columns.keys.sorted() }

    /// Per row, its value of the grouping field `name` (nil where missing), and the values in
    /// the field's order (text sorted, years ascending, depth tiers lowest first): a descriptor,
    /// `fiscal_year`, `depth_tier`; a usage error naming what would provide a missing one.
    public func groups(_ name: String) throws -> (values: [String?], order: [String]) {
        let field: GroupField
        if let found = PeerGroupFields.field(name, table: table, rows: tableRows, depthTiers: { columns[.depthTier] }) {
            field = found
        } else if let computed {
            throw PeerGroupSummary.missingGroupField(name, in: computed.prepared)
        } else {
            let available = table.plan.materialized.filter { $0.field.kind != .number }.map(\.header)
            throw UsageError.unknown("field", name, known: available)
        }
        return (field.rowLabels, field.labels)
    }

    /// The reference series behind `indicator` and their vintages, for source lines (empty for
    /// a table of indicators: its values were computed elsewhere).
    public func vintages(of indicator: Indicator) -> [String] {
        guard let report = computed?.report else { return [] }
        let series = IndicatorRegistry.definition(indicator).series
        var lines: [String] = []
        if series.contains(.gniPerCapita) { lines.append("GNI per capita: \(report.gni.vintage)") }
        if series.contains(.inflation) { lines.append("inflation: \(report.inflation.vintage)") }
        if series.contains(.marketRate) { lines.append("market rate: \(report.marketRate.vintage)") }
        return lines
    }

    /// The rows `rows` of this frame, in that order.
    func subset(_ rows: [Int]) -> IndicatorFrame {
        IndicatorFrame(
            inputName: inputName, count: rows.count, ids: rows.map { ids[$0] }, labels: rows.map { labels[$0] },
            years: rows.map { years[$0] }, computed: computed, quality: quality,
            columns: columns.mapValues { column in rows.map { column[$0] } }, table: table,
            tableRows: rows.map { tableRows[$0] })
    }

    private init(
        inputName: String, count: Int, ids: [String], labels: [String], years: [Int], computed: ComputedPanel?,
        quality: QualityReport?, columns: [Indicator: [Double]], table: Table, tableRows: [Int]
    ) {
        self.inputName = inputName
        self.count = count
        self.ids = ids
        self.labels = labels
        self.years = years
        self.computed = computed
        self.quality = quality
        self.columns = columns
        self.table = table
        self.tableRows = tableRows
    }

    /// A frame of a table of indicators, values as written (rows without a fiscal year left out).
    init(table: Table, inputName: String) {
        let years = table.integer("fiscal_year")!
        let rows = (0..<table.rowCount).filter { years.value(at: $0) != nil }
        let ids = table.text("mfi_id")!
        let names = table.text("mfi_name")
        self.inputName = inputName
        count = rows.count
        self.ids = rows.map { ids[$0] ?? "" }
        labels = rows.map { names?[$0] ?? ids[$0] ?? "" }
        self.years = rows.map { Int(years.value(at: $0)!) }
        var columns: [Indicator: [Double]] = [:]
        for indicator in Indicator.allCases {
            if let column = table.number(indicator.id) {
                columns[indicator] = rows.map { column.values[$0] }
            } else if indicator == .depthTier, let tiers = table.text("depth_tier") {
                columns[indicator] = rows.map { row in
                    tiers[row].flatMap { IndicatorRegistry.depthTiers.firstIndex(of: $0) }.map(Double.init) ?? .nan
                }
            }
        }
        self.columns = columns
        self.table = table
        tableRows = rows
        computed = nil
    }

    /// A frame of a computed raw panel: every indicator.
    init(computed: ComputedPanel, inputName: String) {
        let rows = computed.panel.rows.map(Int.init)
        let names = computed.table.text("mfi_name")
        self.inputName = inputName
        count = rows.count
        ids = (0..<rows.count).map { computed.institutionYear(ofRow: $0).institution }
        labels = zip(rows, ids).map { names?[$0] ?? $1 }
        years = (0..<rows.count).map { computed.institutionYear(ofRow: $0).fiscalYear }
        var columns: [Indicator: [Double]] = [:]
        for indicator in Indicator.allCases { columns[indicator] = Array(computed.results.values(of: indicator)) }
        self.columns = columns
        table = computed.table
        tableRows = rows
        self.computed = computed
    }
}

extension Pipeline {
    /// Loads `source` as indicator values: a table of indicators as written, a raw panel computed
    /// (with `check`'s report on it when `checked`).
    public static func indicatorFrame(_ source: PanelSource, checked: Bool = false) throws -> IndicatorFrame {
        var source = source
        source.reading.planOverride = ComputeOutputTable.plan(for:)
        source.reading.requestedFields = FieldCatalog.computeFields
        let preparation = PanelPreparation(source: source)
        let references = try ReferenceData(source: source)
        let loaded = try preparation.load(references)
        let name = source.inputs.map(\.name).joined(separator: ", ")
        if ComputeOutputTable.isComputeOutput(loaded.table) {
            return try IndicatorFrame(table: loaded.table, inputName: name).filtered(source.filter)
        }
        var frame = IndicatorFrame(computed: try preparation.compute(loaded, references: references), inputName: name)
        if checked { frame.quality = QualityCheck.report(loaded) }
        return try frame.filtered(source.filter)
    }
}
