import MicroPanelIndicators
import MicroPanelOutput

/// How `compute` formats rows while the panel is still loading (an internal speed-up that gives
/// the same bytes; tests compare the ways).
package enum Preformatting: Sendable, Equatable {
    /// When the loading thread has time to spare (the default).
    case whenIdle
    /// Never: every row is computed after the load.
    case never
    /// After every batch, whether or not decoded chunks wait.
    case always
    /// After every batch but every `n`-th (as a loading thread behind on those would).
    case busyEvery(Int)
}

/// A validated request to compute indicators and write them as a table: what to read, which
/// indicators, where the table goes, and an optional JSON manifest of the run.
public struct ComputeConfiguration: Sendable {
    /// The panel and how to read it.
    public let source: PanelSource
    /// The indicators written, in spec order.
    public let indicators: [Indicator]
    /// Where the table goes.
    public let output: TableOutput
    /// A JSON sidecar recording the run (tool, arguments, inputs and their SHA-256, policies, vintages).
    public let manifest: String?
    /// The command line recorded in the manifest.
    public let invocation: [String]
    /// How rows are formatted while loading.
    package var preformatting = Preformatting.whenIdle
    /// Clip each indicator at its P and 1 − P quantiles over the rows written (flag `winsorized`).
    public var winsorize: Double? {
        didSet { if winsorize != nil { preformatting = .never } }
    }
    /// The amount indicators' unit (`--currency ppp`, `--constant-dollars YEAR`).
    public var amounts = AmountUnit() {
        didSet { if !amounts.isAsComputed { preformatting = .never } }
    }

    /// A configuration, checked before anything is read: no output (nor the manifest) may be a file
    /// the computation reads, nor the two one file.
    public init(
        source: PanelSource, indicators: [Indicator] = Indicator.allCases, output: TableOutput, manifest: String? = nil,
        invocation: [String] = []
    ) throws(UsageError) {
        guard !source.inputs.isEmpty else { throw UsageError("no input: a panel needs at least one file") }
        guard !indicators.isEmpty else { throw UsageError("no indicator to compute") }
        try source.references.marketRate.check()
        var outputs: [(option: String, path: String)] = []
        if let path = output.path { outputs.append(("the output", path)) }
        if let manifest { outputs.append(("--manifest", manifest)) }
        try OutputSafety.refuseOverwriting(inputs: source.readPaths, outputs: outputs)
        self.source = source
        self.indicators = indicators.sorted()
        self.output = output
        self.manifest = manifest
        self.invocation = invocation
    }
}

/// A validated request for peer-group statistics: what to read, how to group, which indicators,
/// where the table goes.
public struct SummarizeConfiguration: Sendable {
    /// The panel (or a `compute` output) and how to read it.
    public let source: PanelSource
    /// The grouping fields, in order (lower-case).
    public let groupBy: [String]
    /// The indicators summarized, in spec order.
    public let indicators: [Indicator]
    /// Where the table goes.
    public let output: TableOutput
    /// One row per group with `<indicator>_<statistic>` columns, instead of a row per group and indicator.
    public let wide: Bool
    /// Leave out each group's values below its `trim` and above its 1 − `trim` quantile.
    public let trim: Double?
    /// The amount indicators' unit (`--currency ppp`, `--constant-dollars YEAR`; a raw panel only).
    public var amounts = AmountUnit()

    /// A configuration, checked before anything is read: known grouping fields (the nearest one
    /// suggested), indicators that can be summarized, an output that is no input.
    public init(
        source: PanelSource, groupBy: [String], indicators: [Indicator] = PeerGroupSummary.summarizable,
        output: TableOutput, wide: Bool = false, trim: Double? = nil
    ) throws(UsageError) {
        if let trim, !(0..<0.5).contains(trim) {
            throw UsageError("--trim \(trim): a share from 0 up to 0.5 (0.11 keeps the 11th to 89th percentiles)")
        }
        guard !source.inputs.isEmpty else { throw UsageError("no input: a panel needs at least one file") }
        let fields = groupBy.map { $0.lowercased() }
        guard !fields.isEmpty else { throw UsageError("--by names no field") }
        for name in fields where !PeerGroupSummary.groupFields.contains(name) {
            throw UsageError(
                UsageError.unknown("field", name, known: PeerGroupSummary.groupFields).message + " (for --by)")
        }
        guard !indicators.isEmpty else { throw UsageError("no indicator to summarize") }
        try source.references.marketRate.check()
        if let category = indicators.first(where: { !PeerGroupSummary.summarizable.contains($0) }) {
            throw UsageError(
                "indicator '\(category.id)' is a category and has no statistics; group by it instead (--by)")
        }
        try OutputSafety.refuseOverwriting(
            inputs: source.readPaths, outputs: output.path.map { [("the output", $0)] } ?? [])
        self.source = source
        self.groupBy = fields
        self.indicators = indicators.sorted()
        self.output = output
        self.wide = wide
        self.trim = trim
    }
}

/// The one check that no output destroys an input.
enum OutputSafety {
    /// Refuses an output that is the same file as an input (same path, a symbolic or hard link:
    /// device and inode compared; `-` as an input is standard input) or as another output (two
    /// `-` are both standard output).
    static func refuseOverwriting(inputs: [String], outputs: [(option: String, path: String)]) throws(UsageError) {
        for (index, output) in outputs.enumerated() {
            if output.path == "-", let other = outputs[..<index].first(where: { $0.path == "-" }) {
                throw UsageError(
                    "\(output.option) and \(other.option) are both standard output: one would be mixed into the other")
            }
            if let input = FileIdentity.input(overwrittenBy: output.path, among: inputs) {
                let named =
                    input == "-"
                    ? "standard input" : "the input '\(input)'" + (input == output.path ? "" : " (the same file)")
                throw UsageError(
                    "\(output.option) '\(output.path)' is \(named): writing it would destroy the input;"
                        + " choose another output path")
            }
            for other in outputs[..<index]
            where FileIdentity.input(overwrittenBy: output.path, among: [other.path]) != nil {
                throw UsageError(
                    "\(output.option) '\(output.path)' and \(other.option) '\(other.path)' are the same file:"
                        + " one would replace the other")
            }
        }
    }
}
