import MicroPanel
import MicroPanelTestSupport
import Testing

/// A naive reimplementation of the adjustments contract (docs/adjustments.md, default options)
/// over the raw cells, keyed by (MFI ID, year), with the bundled series looked up by the row's
/// ISO3 code: an oracle independent of the kernel's terms, averages and missing-value machinery.
private struct AdjustmentOracle {
    let raw: RawCells
    var table: Table { raw.table }

    init(table: Table) { raw = RawCells(table: table) }

    func cell(_ key: String, _ row: Int) -> Double? { raw.cell(key, row) }
    func average(_ key: String, explicit: String? = nil, _ row: Int) -> Double? {
        raw.average(key, explicit: explicit, row)
    }

    /// A bundled series of the row's country and year, as a fraction.
    func rate(_ series: CountryYearTable, _ row: Int) -> Double? {
        guard let iso3 = table.text("iso3")?[row] else { return nil }
        return series.value(iso3: iso3, year: Int(table.integer("fiscal_year")![row])).map { $0 / 100 }
    }

    func provision(_ row: Int) -> Double? {
        guard let par90To180 = cell("par90_180", row), let par180 = cell("par180_amount", row),
            let reserve = cell("impairment_allowance", row)
        else { return nil }
        let required = 0.5 * par90To180 + par180 + 0.5 * (cell("renegotiated", row) ?? 0)
        return max(0, required - reserve)
    }

    func costOfFunds(_ row: Int) -> Double? {
        guard let borrowings = average("borrowings", row), let interest = cell("interest_on_borrowings", row),
            let rate = rate(.bundledLendingRate, row)
        else { return nil }
        return max(0, rate * borrowings - interest)
    }

    func inflation(_ row: Int) -> Double? {
        guard let equity = average("equity", explicit: "avg_equity", row),
            let fixedAssets = average("net_fixed_assets", row), let rate = rate(.bundledInflation, row)
        else { return nil }
        return rate * (equity - fixedAssets)
    }

    func value(_ indicator: Indicator, _ row: Int) -> Double? {
        let total: Double? = {
            guard let provision = provision(row), let costOfFunds = costOfFunds(row), let inflation = inflation(row)
            else { return nil }
            return provision + costOfFunds + inflation
        }()
        let adjustedNetIncome: Double? = {
            guard let income = cell("net_operating_income", row), let total else { return nil }
            return income - (cell("tax", row) ?? 0) - total
        }()
        let opex = raw.operatingExpense(row)
        func ratio(_ numerator: Double?, _ denominator: Double?) -> Double? { RawCells.ratio(numerator, denominator) }
        switch indicator {
        case .adjProvision: return provision(row)
        case .adjCostOfFunds: return costOfFunds(row)
        case .adjInflation: return inflation(row)
        case .adjInKind: return 0
        case .adjustmentsTotal: return total
        case .adjustedNetIncome: return adjustedNetIncome
        case .adjustedROA: return ratio(adjustedNetIncome, average("assets", explicit: "avg_assets", row))
        case .adjustedROE:
            guard let equity = average("equity", explicit: "avg_equity", row), equity > 0 else { return nil }
            return ratio(adjustedNetIncome, equity)
        case .fss:
            guard let funding = cell("funding_expense", row), let impairment = cell("impairment_expense", row),
                let opex, let total
            else { return nil }
            return ratio(cell("financial_revenue", row), funding + impairment + opex + total)
        case .sdi:
            guard let borrowings = average("borrowings", row), let interest = cell("interest_on_borrowings", row),
                let rate = rate(.bundledLendingRate, row), let equity = average("equity", explicit: "avg_equity", row),
                let income = cell("net_operating_income", row), let provision = provision(row)
            else { return nil }
            let subsidy =
                rate * borrowings - interest + rate * equity - (income - provision) + (cell("donations", row) ?? 0)
            return ratio(subsidy, cell("loan_revenue", row))
        default: return nil
        }
    }
}

@Suite("adjusted performance on the real MIX panel")
struct AdjustedPanelTests {
    @Test(
        "an independent computation agrees on every row: each adjusted column is present wherever its inputs and series are"
    )
    func independentComputation() throws {
        let computed = try Pipeline.computePanel(
            PanelSource(paths: [Fixtures.mixPanel()], references: ReferenceFiles(institutions: Fixtures.mixMetadata())))
        let oracle = AdjustmentOracle(table: computed.table)
        for indicator in IndicatorRegistry.adjusted {
            var present = 0
            var blocked = 0
            for panelRow in 0..<computed.panel.count {
                let tableRow = Int(computed.panel.rows[panelRow])
                if computed.results.status(indicator, row: panelRow).missingReason == .implausibleInput {
                    blocked += 1
                    continue
                }
                let ours = computed.results.optional(indicator, row: panelRow)
                let expected = oracle.value(indicator, tableRow)
                #expect(
                    (ours == nil) == (expected == nil),
                    "\(indicator.id) row \(tableRow): \(String(describing: ours)) vs \(String(describing: expected))")
                if let ours, let expected {
                    #expect(
                        abs(ours - expected) <= 1e-9 * max(1, abs(expected)),
                        "\(indicator.id) row \(tableRow): \(ours) vs \(expected)")
                    present += 1
                }
            }
            print("\(indicator.id): \(present) rows with a value, \(blocked) blocked by a plausibility rule")
            // Not vacuous: the panel's inputs and the bundled series fill a good part of every column.
            #expect(present > 1000, "\(indicator.id): only \(present) values")
        }
        // Every adjustment of a present total is in the panel's currency and adds up.
        for panelRow in 0..<computed.panel.count {
            guard let total = computed.results.optional(.adjustmentsTotal, row: panelRow) else { continue }
            let parts = [Indicator.adjProvision, .adjCostOfFunds, .adjInflation, .adjInKind].map {
                computed.results.optional($0, row: panelRow)
            }
            #expect(parts.allSatisfy { $0 != nil })
            #expect(abs(parts.compactMap { $0 }.reduce(0, +) - total) <= 1e-9 * max(1, abs(total)))
        }
    }
}
