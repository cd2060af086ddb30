import Foundation
import MicroPanel
import MicroPanelTestSupport
import Testing

/// Whether `value` is within a relative 1e-12 of `expected` (rates are percent / 100).
private func close(_ value: Double?, _ expected: Double) -> Bool {
    guard let value else { return false }
    return abs(value - expected) <= 1e-12 * max(1, abs(expected))
}

/// The adjustments contract (docs/adjustments.md): §6's worked numbers, every option's branch,
/// and the reason each missing component gives.
@Suite("adjusted performance (adjustments contract)")
struct AdjustmentTests {
    /// MIX's "Sample adjustments" sheet (§6) as a two-year panel: the provisioning case in 2009,
    /// borrowings of 1,131,850 (2008) and 1,118,150 (2009) with 25,000 of interest.
    static let header = """
        mfi_id,fiscal_year,glp,par90_180,par180_amount,renegotiated,impairment_allowance,impairment_expense,\
        borrowings,interest_on_borrowings,equity,net_fixed_assets,assets,net_operating_income,tax,\
        financial_revenue,loan_revenue,funding_expense,operating_expense,donations
        """
    static let sample =
        header + """

            S,2008,1500000,,,,,,1131850,,400000,100000,1600000,,,,,,,
            S,2009,1648864,16000,3500,0,11000,7500,1118150,25000,400000,100000,1700000,50000,0,300000,280000,25000,100000,

            """

    /// The sample's 2009 row under `options`, with inflation 0 and a market rate of 5%.
    static func sample2009(_ options: PanelOptions = PanelOptions(), csv: String = sample) throws -> (
        values: (Indicator) -> Double?, reason: (Indicator) -> String?, kernel: IndicatorKernel
    ) {
        let (_, kernel) = try kernel(csv, options: options, inflation: [0, 0], marketRate: [5, 5])
        let results = kernel.compute()
        return ({ results.optional($0, row: 1) }, { results.reason($0, row: 1) }, kernel)
    }

    @Test("§6 provisioning: required reserve 11,500, adj_provision 500, adjusted provision expense 8,000")
    func workedProvisioning() throws {
        let (value, _, kernel) = try Self.sample2009()
        #expect(value(.adjProvision) == 500)
        // The adjusted provision expense is what fss's denominator holds beyond the reported
        // expenses and the other adjustments (cost of funds 31,250, inflation 0, in-kind 0).
        let components = kernel.computeComponents()
        let denominator = components.denominators(of: .fss)[1]
        #expect(close(denominator - 25000 - 100000 - 31250, 8000))
        // expense-all: the whole required reserve.
        let (expenseAll, _, _) = try Self.sample2009(
            PanelOptions(adjustments: AdjustmentOptions(provisionPolicy: .expenseAll)))
        #expect(expenseAll(.adjProvision) == 11500)
    }

    @Test("§6 cost of funds: average borrowings 1,125,000 at 5% less 25,000 paid is 31,250")
    func workedCostOfFunds() throws {
        let (value, _, _) = try Self.sample2009()
        #expect(close(value(.adjCostOfFunds), 31250))
        #expect(value(.adjInflation) == 0)
        #expect(value(.adjInKind) == 0)
        #expect(close(value(.adjustmentsTotal), 31750))
        #expect(close(value(.adjustedNetIncome), 50000 - 31750))
        #expect(close(value(.adjustedROA), (50000 - 31750) / 1_650_000))
        #expect(close(value(.adjustedROE), (50000 - 31750) / 400000))
        #expect(close(value(.fss), 300000 / (25000 + 7500 + 100000 + 31750)))
        // fss ≤ oss when the adjustments are positive.
        #expect(value(.fss)! < value(.oss)!)
    }

    @Test("§6 SDI: S = 80 + 50 − 20 + 30 = 140 over loan revenue 500 is 0.28")
    func workedSDI() throws {
        let csv = """
            mfi_id,fiscal_year,borrowings,interest_on_borrowings,equity,net_operating_income,loan_revenue,\
            donations,par90_180,par180_amount,impairment_allowance
            S,2008,1000,,500,,,,,,
            S,2009,1000,20,500,20,500,30,0,0,0

            """
        let (_, _, results) = try compute(csv, marketRate: [10, 10])
        #expect(close(results.optional(.sdi, row: 1), 0.28))
        // It needs neither inflation nor net fixed assets, unlike the total.
        #expect(results.reason(.adjustmentsTotal, row: 1) == "missing_input")
    }

    @Test("mbb counts half the renegotiated loans, mbb-2003 none, a rule file its own rates")
    func ruleSets() throws {
        let renegotiated = Self.sample.replacingOccurrences(of: "16000,3500,0,11000", with: "16000,3500,3000,11000")
        let (mbb, _, _) = try Self.sample2009(csv: renegotiated)
        #expect(mbb(.adjProvision) == 2000) // 0.5 × 16,000 + 3,500 + 0.5 × 3,000 − 11,000
        let (mbb2003, _, _) = try Self.sample2009(
            PanelOptions(adjustments: AdjustmentOptions(provisioning: .mbb2003)), csv: renegotiated)
        #expect(mbb2003(.adjProvision) == 500)
        let strict = ProvisioningRules(name: "rater", par30To90: 0.4, par90To180: 1, par180: 1, renegotiated: 1)
        let withBucket = renegotiated.replacingOccurrences(of: "par90_180,", with: "par30_90,par90_180,")
            .replacingOccurrences(of: "S,2008,1500000,", with: "S,2008,1500000,,")
            .replacingOccurrences(of: "S,2009,1648864,", with: "S,2009,1648864,5000,")
        let (rater, _, _) = try Self.sample2009(
            PanelOptions(adjustments: AdjustmentOptions(provisioning: strict)), csv: withBucket)
        let required: Double = 0.4 * 5000 + 16000 + 3500 + 3000
        #expect(close(rater(.adjProvision), required - 11000))
        // A bucket the rules read is required: without par30_90 the strict rules cannot say.
        let (noBucket, reason, _) = try Self.sample2009(
            PanelOptions(adjustments: AdjustmentOptions(provisioning: strict)), csv: renegotiated)
        #expect(noBucket(.adjProvision) == nil)
        #expect(reason(.adjProvision) == "missing_input")
    }

    @Test("the write-off rule writes loans over a year late off the reserve and the required reserve")
    func writeOffRule() throws {
        let withPar365 = Self.sample.replacingOccurrences(of: "par180_amount,", with: "par180_amount,par365_amount,")
            .replacingOccurrences(of: "S,2008,1500000,,,", with: "S,2008,1500000,,,,")
            .replacingOccurrences(of: "16000,3500,", with: "16000,3500,2000,")
        let expenseAll = AdjustmentOptions(provisionPolicy: .expenseAll)
        let (on, _, _) = try Self.sample2009(PanelOptions(adjustments: expenseAll), csv: withPar365)
        #expect(close(on(.adjProvision), 9500))
        var off = expenseAll
        off.writeOffRule = false
        let (without, _, _) = try Self.sample2009(PanelOptions(adjustments: off), csv: withPar365)
        #expect(without(.adjProvision) == 11500)
        // Top-up: the reserve after write-off is 9,000 against 9,500 required.
        let (topUp, _, _) = try Self.sample2009(csv: withPar365)
        #expect(topUp(.adjProvision) == 500)
        // A reserve above the requirement gives no adjustment, not a negative one.
        let (generous, _, _) = try Self.sample2009(
            csv: Self.sample.replacingOccurrences(of: "16000,3500,0,11000", with: "16000,3500,0,20000"))
        #expect(generous(.adjProvision) == 0)
    }

    @Test("inflation erodes average or opening equity net of fixed assets, with its sign")
    func inflationBasis() throws {
        let csv = """
            mfi_id,fiscal_year,equity,net_fixed_assets
            A,2008,1000,200
            A,2009,1400,400
            B,2008,100,300
            B,2009,100,500

            """
        let (_, _, average) = try compute(csv, inflation: [10, 10, 10, 10])
        #expect(abs(average.optional(.adjInflation, row: 1)! - 90) < 1e-9) // 10% × (1,200 − 300)
        #expect(abs(average.optional(.adjInflation, row: 3)! - -30) < 1e-9) // fixed assets above equity
        #expect(average.reason(.adjInflation, row: 0) == "no_prior_year")
        let opening = PanelOptions(adjustments: AdjustmentOptions(inflationBasis: .opening))
        let (_, _, atOpening) = try compute(csv, options: opening, inflation: [10, 10, 10, 10])
        #expect(abs(atOpening.optional(.adjInflation, row: 1)! - 80) < 1e-9) // 10% × (1,000 − 200)
        #expect(atOpening.reason(.adjInflation, row: 0) == "no_prior_year")
    }

    @Test("a missing component makes the total and what uses it missing with the component's reason")
    func missingComponents() throws {
        // No market rate: cost of funds, the total and SDI; the provisioning adjustment stands.
        let (_, kernel) = try kernel(Self.sample, inflation: [0, 0], marketRate: [nil, nil])
        let noRate = kernel.compute()
        for indicator in [Indicator.adjCostOfFunds, .adjustmentsTotal, .adjustedROA, .adjustedROE, .fss, .sdi] {
            #expect(noRate.reason(indicator, row: 1) == "no_market_rate", "\(indicator.id)")
        }
        #expect(noRate.optional(.adjProvision, row: 1) == 500)
        // No inflation: the inflation adjustment and the total, not SDI.
        let (_, _, noInflation) = try compute(Self.sample, inflation: [nil, nil], marketRate: [5, 5])
        #expect(noInflation.reason(.adjInflation, row: 1) == "no_inflation")
        #expect(noInflation.reason(.adjustedNetIncome, row: 1) == "no_inflation")
        #expect(noInflation.optional(.sdi, row: 1) != nil)
        // Only par90_amount, no 3–6 / >6 month split: no guess.
        let unsplit = Self.sample.replacingOccurrences(of: "16000,3500,", with: ",,")
        let (_, reason, _) = try Self.sample2009(csv: unsplit)
        #expect(reason(.adjProvision) == "missing_input")
        #expect(reason(.sdi) == "missing_input")
        // A blank borrowings cell is missing, not zero.
        let (_, noBorrowings, _) = try Self.sample2009(
            csv: Self.sample.replacingOccurrences(of: "1118150,25000", with: ",25000"))
        #expect(noBorrowings(.adjCostOfFunds) == "missing_input")
        // Blank donations and in-kind subsidies count as zero: the sample has no in-kind column.
        let (value, _, _) = try Self.sample2009()
        #expect(value(.adjInKind) == 0)
    }

    @Test("adjusted ROE needs positive equity; SDI needs loan revenue")
    func denominators() throws {
        let negative = Self.sample.replacingOccurrences(of: ",400000,100000,", with: ",-400000,100000,")
        let (_, reason, _) = try Self.sample2009(csv: negative)
        #expect(reason(.adjustedROE) == "nonpositive_equity")
        let noRevenue = Self.sample.replacingOccurrences(of: "300000,280000,", with: "300000,0,")
        let (_, zero, _) = try Self.sample2009(csv: noRevenue)
        #expect(zero(.sdi) == "zero_denominator")
    }

    @Test("par30_write_offs reads PAR30 and the write-off ratio together")
    func parWithWriteOffs() throws {
        let csv = """
            mfi_id,fiscal_year,glp,par30_amount,write_offs
            A,2008,1000,,
            A,2009,1200,60,55

            """
        let (_, _, results) = try compute(csv)
        #expect(results.optional(.par30WriteOffs, row: 1) == 60.0 / 1200 + 55.0 / 1100)
        #expect(results.reason(.par30WriteOffs, row: 0) == "missing_input")
    }
}
