import MicroPanelIndicators

extension PreparedPanel {
    /// What the computation left out, approximated or could not match, in sentences: the same
    /// notes for `compute` and `summarize`.
    func notes(indicators: [Indicator]) -> [String] {
        let computed = self
        var notes: [String] = []
        func note(_ text: String) { notes.append(text) }
        let report = computed.report
        notes += report.load.skippedRowNotes
        for match in computed.table.plan.materialized {
            let (count, examples) =
                computed.table.number(match.field.key).map { ($0.badNumberCount, $0.badNumberExamples) }
                ?? computed.table.integer(match.field.key).map { ($0.badValueCount, $0.badValueExamples) } ?? (0, [])
            if count > 0 {
                note(
                    "column '\(match.header)': \(count) \(count == 1 ? "value" : "values") that are not "
                        + (match.field.kind == .integer ? "plausible whole numbers" : "numbers") + " read as missing ("
                        + examples.joined(separator: "; ") + ")")
            }
        }
        if report.excludedInterimRows > 0 {
            note(
                "\(report.excludedInterimRows) interim rows (Period Type other than ANN) left out; --include-interim keeps them"
            )
        }
        if report.droppedDuplicateRows > 0 {
            note("\(report.droppedDuplicateRows) duplicate institution-years dropped (the later row kept)")
        }
        if report.rowsWithoutKeys > 0 {
            note("\(report.rowsWithoutKeys) rows without an institution id or fiscal year left out")
        }
        if let descriptors = report.descriptors, !descriptors.unmatchedInstitutions.isEmpty {
            let count = descriptors.unmatchedInstitutions.count
            note(
                "\(count) \(count == 1 ? "institution is" : "institutions are") not in \(descriptors.source)"
                    + " (e.g. " + descriptors.unmatchedInstitutions.prefix(3).joined(separator: ", ")
                    + "): their descriptors stay empty")
        }
        if report.implausibleRows > 0 {
            let kept = computed.formulas.implausible == .keep
            note(
                "\(report.implausibleRows) institution-years have inputs a plausibility rule does not believe"
                    + " (micropanel check lists them): the indicators they feed are "
                    + (kept
                        ? "kept and flagged implausible_input (--implausible keep)"
                        : "missing with reason implausible_input (--implausible keep keeps them, flagged)"))
        }
        if let conversion = report.usdConversion {
            note(conversion.note(vintage: CountryYearTable.bundledExchangeRate.vintage))
        }
        let series = Set(indicators.flatMap { IndicatorRegistry.definition($0).series })
        for (kind, name, coverage) in [
            (ReferenceSeries.gniPerCapita, "GNI per capita", report.gni), (.inflation, "Inflation", report.inflation),
            (.marketRate, "Market interest rate", report.marketRate),
        ] where series.contains(kind) {
            note(seriesNote(name, coverage))
        }
        return notes
    }

    /// A series' vintage and how many rows it matched; when not all, why.
    private func seriesNote(_ name: String, _ coverage: ReferenceCoverage) -> String {
        let rows = table.rowCount
        var line = "\(name): \(coverage.vintage); \(coverage.rowsWithValue) of \(rows) rows matched"
        let hasCountry = table.text("country") != nil || table.text("iso3") != nil
        if !hasCountry {
            line +=
                ": the panel has no country or ISO3 column; join one with --institutions FILE"
                + " (for MIX's panel: --institutions MFICompanyMetaData.csv, MIX's MFI metadata)"
        } else if coverage.rowsWithValue < rows {
            var why: [String] = []
            if coverage.rowsWithoutCountry > 0 {
                why.append(
                    "\(coverage.rowsWithoutCountry) rows have no country"
                        + (report.descriptors.map { " (not in \($0.source) or empty there)" } ?? ""))
            }
            if coverage.rowsWithoutCountryYear > 0 {
                why.append(
                    "\(coverage.rowsWithoutCountryYear) rows are of a country and year the table has no value for")
            }
            if !coverage.unresolvedCountries.isEmpty {
                why.append("unknown countries: " + coverage.unresolvedCountries.joined(separator: ", "))
            }
            if !why.isEmpty { line += "; " + why.joined(separator: "; ") }
        }
        return line
    }
}

extension LoadReport {
    /// Per input with rows of a wrong field count skipped (`--on-bad-row skip`): how many, and
    /// their first lines.
    var skippedRowNotes: [String] {
        inputs.filter { $0.skippedRows > 0 }.map { input in
            "\(input.name): \(input.skippedRows) rows with a wrong field count skipped (lines "
                + input.skippedRowLines.map(String.init).joined(separator: ", ")
                + (input.skippedRows > input.skippedRowLines.count ? ", ..." : "") + ")"
        }
    }
}
