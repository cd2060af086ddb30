import MicroPanelColumns
import MicroPanelGzip
import MicroPanelIndicators
import MicroPanelOutput

/// MicroPanel's front door: what the command line, the tests, the fuzzers and the benchmarks call.
///
/// Each entry takes a validated configuration (``ComputeConfiguration``,
/// ``SummarizeConfiguration``) or a ``PanelSource`` and runs every stage — read and inflate,
/// scan, build columns, join reference data, order the panel, compute, format, write — with the
/// threads the configuration names.
public enum Pipeline {
    /// Loads the panel, computes the indicators and writes them as a table; writes the manifest
    /// when asked. The output file appears only when complete.
    public static func compute(_ configuration: ComputeConfiguration) throws -> RunSummary {
        let clock = ContinuousClock()
        let started = clock.now
        let target = try OpenedOutput(configuration.output)
        var source = configuration.source
        source.reading.requestedFields = FieldCatalog.computeFields
        source.reading.computeDigests = configuration.manifest != nil
        let preparation = PanelPreparation(source: source)
        // Reference data first: the loading thread computes and formats rows as they arrive.
        let references = try ReferenceData(source: source)
        var options = preparation.loadOptions(references)
        let preformatter: IndicatorPreformatter?
        switch configuration.output.format.isText ? configuration.preformatting : .never {
        case .never:
            preformatter = nil
        case .whenIdle, .always:
            let formatter = IndicatorPreformatter(
                indicators: configuration.indicators, format: configuration.output.format,
                formulas: source.panel.formulas, references: references)
            let always = configuration.preformatting == .always
            options.afterBatch = { builder, _, spareTime in formatter.consume(builder, spareTime: always || spareTime) }
            preformatter = formatter
        case .busyEvery(let period):
            let formatter = IndicatorPreformatter(
                indicators: configuration.indicators, format: configuration.output.format,
                formulas: source.panel.formulas, references: references)
            let batches = BatchCounter()
            options.afterBatch = { builder, _, _ in
                formatter.consume(builder, spareTime: batches.next() % period != 0)
            }
            preformatter = formatter
        }
        let prepared = try preparation.prepare(preparation.load(references, options: options), references: references)
        preformatter?.validate(against: prepared.kernel, threads: source.threads.count)
        let computedAt = clock.now
        let selection = try prepared.selection(source.filter, threads: source.threads.count)
        let rows = selection ?? Array(0..<prepared.panel.count)
        // Amounts in PPP dollars, then clipping: each row is changed as it is computed. Clipping
        // needs every row's (converted) values first, for the quantiles; a binary dataset
        // (Stata, Parquet) is written from the whole matrix anyway.
        var transform = RowTransform()
        var notes: [String] = []
        if !configuration.amounts.isAsComputed {
            let (conversion, matched) = try preparation.conversion(
                prepared, references: references, unit: configuration.amounts)
            transform.currency = conversion
            notes.append(configuration.amounts.note(converted: matched, of: prepared.panel.count))
        }
        let results =
            configuration.winsorize != nil || !configuration.output.format.isText
            ? prepared.kernel.compute(threads: source.threads.count) : nil
        if let results, let currency = transform.currency {
            let onlyCurrency = RowTransform(currency: currency)
            for row in 0..<prepared.panel.count { onlyCurrency.apply(to: results, row: row) }
        }
        transform.winsorization = configuration.winsorize.map { share in
            Winsorization(share: share, results: results!, rows: rows, indicators: configuration.indicators)
        }
        if !configuration.output.format.isText {
            let clipping = RowTransform(winsorization: transform.winsorization)
            if !clipping.isEmpty { for row in rows { clipping.apply(to: results!, row: row) } }
            let dataset = try DatasetExport.computed(
                prepared, results: results!, rows: rows, indicators: configuration.indicators,
                unit: configuration.amounts.label,
                label: DatasetExport.datasetLabel(nil, amounts: configuration.amounts, inputs: source.inputs),
                threads: source.threads.count)
            try target.write(threads: source.threads) {
                try DatasetExport.write(dataset, as: configuration.output, to: $0, threads: source.threads.count)
            }
        } else {
            let writer = IndicatorTableWriter(
                table: prepared.table, kernel: prepared.kernel, indicators: configuration.indicators,
                format: configuration.output.format, preformatted: preformatter?.fragments, selection: selection,
                kept: prepared.keptHeaders, transform: transform.isEmpty ? nil : transform)
            try target.write(threads: source.threads) { try writer.write(to: $0, threads: source.threads.count) }
        }
        // The manifest before the table is committed: if it cannot be written, the previous table stays.
        if let manifest = configuration.manifest {
            try RunManifest(
                command: "compute", arguments: configuration.invocation, computed: prepared,
                marketRate: configuration.source.references.marketRate, output: configuration.output.path ?? "-",
                indicators: configuration.indicators,
                currency: configuration.amounts.manifestName
                    + (source.amountsToUSD ? ", local currency converted to US$ (--to-usd)" : ""),
                winsorize: configuration.winsorize, filter: source.filter
            ).write(to: manifest)
        }
        try target.commit()
        let report = prepared.report
        let timing = RunTiming(
            loadSeconds: report.load.seconds, prepareSeconds: report.prepareSeconds,
            writeSeconds: (clock.now - computedAt).seconds, totalSeconds: (clock.now - started).seconds,
            textBytes: report.load.textBytes, rows: report.load.rows, panelRows: report.panelRows,
            outputBytes: target.writtenFileBytes)
        return RunSummary(
            report: report, notes: prepared.notes(indicators: configuration.indicators) + notes, timing: timing,
            rowsFormattedWhileLoading: preformatter?.fragments.validCount ?? 0)
    }

    /// Peer-group statistics of a raw panel (computed first, with weighted ratios) or of a
    /// `compute` output (summarized as written), written as a table.
    public static func summarize(_ configuration: SummarizeConfiguration) throws -> RunSummary {
        let clock = ContinuousClock()
        let started = clock.now
        let target = try OpenedOutput(configuration.output)
        var source = configuration.source
        source.reading.planOverride = ComputeOutputTable.plan(for:)
        source.reading.requestedFields = FieldCatalog.computeFields
        let preparation = PanelPreparation(source: source)
        let references = try ReferenceData(source: source)
        let loaded = try preparation.load(references)
        let summary: PeerGroupSummary
        var notes: [String] = []
        var report: ComputeReport?
        if ComputeOutputTable.isComputeOutput(loaded.table) {
            guard configuration.amounts.isAsComputed else {
                throw UsageError(
                    "--currency and --constant-dollars convert a raw panel's amounts, and "
                        + source.inputs.map(\.name).joined(separator: ", ")
                        + " is a compute output: convert when computing (micropanel compute --currency ppp)")
            }
            notes.append(
                "\(source.inputs.map(\.name).joined(separator: ", ")) is a compute output: summarized as written,"
                    + " without weighted ratios")
            summary = try PeerGroupSummary(
                computeOutput: loaded.table, by: configuration.groupBy, indicators: configuration.indicators,
                rows: source.filter.selection(ofTable: loaded.table), trim: configuration.trim)
        } else {
            let computed = try preparation.compute(loaded, references: references)
            // Amounts in another unit: each row's values, and the numerators of the weighted ratios.
            var conversion: CurrencyConversion?
            if !configuration.amounts.isAsComputed {
                let (converted, matched) = try preparation.conversion(
                    computed.prepared, references: references, unit: configuration.amounts)
                let transform = RowTransform(currency: converted)
                for row in 0..<computed.panel.count { transform.apply(to: computed.results, row: row) }
                notes.append(configuration.amounts.note(converted: matched, of: computed.panel.count))
                conversion = converted
            }
            summary = try PeerGroupSummary(
                computed: computed, by: configuration.groupBy, indicators: configuration.indicators,
                threads: source.threads.count,
                rows: computed.prepared.selection(source.filter, threads: source.threads.count),
                trim: configuration.trim, currency: conversion)
            notes += computed.prepared.notes(indicators: configuration.indicators)
            report = computed.report
        }
        let computedAt = clock.now
        if !configuration.output.format.isText {
            let dataset = DatasetExport.summary(
                summary, wide: configuration.wide,
                label: DatasetExport.datasetLabel("summary", amounts: configuration.amounts, inputs: source.inputs),
                amountUnit: configuration.amounts.label)
            try target.write(threads: source.threads) {
                try DatasetExport.write(dataset, as: configuration.output, to: $0, threads: source.threads.count)
            }
        } else {
            let writer = SummaryTableWriter(
                summary: summary, format: configuration.output.format, wide: configuration.wide)
            try target.write(threads: source.threads) { try writer.write(to: $0) }
        }
        try target.commit()
        let timing = RunTiming(
            loadSeconds: loaded.report.seconds, prepareSeconds: report?.prepareSeconds ?? 0,
            writeSeconds: (clock.now - computedAt).seconds, totalSeconds: (clock.now - started).seconds,
            textBytes: loaded.report.textBytes, rows: loaded.report.rows, panelRows: report?.panelRows ?? 0,
            outputBytes: target.writtenFileBytes)
        return RunSummary(report: report, notes: notes, timing: timing, rowsFormattedWhileLoading: 0)
    }

    /// Loads the panel and readies it for the kernel, computing nothing yet (any row can then be
    /// computed on demand, or all of them).
    public static func preparePanel(_ source: PanelSource) throws -> PreparedPanel {
        let preparation = PanelPreparation(source: source)
        let references = try ReferenceData(source: source)
        return try preparation.prepare(preparation.load(references), references: references)
    }

    /// Loads the panel and computes every indicator for every institution-year into memory.
    /// Every field the catalog knows is loaded unless `source.reading.requestedFields` says
    /// otherwise (MIX's published ratios too, to compare with).
    public static func computePanel(_ source: PanelSource) throws -> ComputedPanel {
        let preparation = PanelPreparation(source: source)
        let references = try ReferenceData(source: source)
        return try preparation.compute(preparation.load(references), references: references)
    }
}

/// Counts batches for ``Preformatting/busyEvery(_:)``; the loading thread alone calls it.
private final class BatchCounter: @unchecked Sendable {
    private var value = 0
    func next() -> Int {
        value += 1
        return value
    }
}
