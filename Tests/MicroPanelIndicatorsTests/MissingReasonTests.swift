import MicroPanel
import MicroPanelTestSupport
import Testing

@Suite("formulas and missing reasons (spec §3)")
struct MissingReasonTests {
    @Test("zero denominators everywhere give zero_denominator, never infinity or a crash")
    func zeroDenominators() throws {
        let csv = """
            MFI ID,Fiscal Year,Assets,Liabilities,Equity,Gross Loan Portfolio,Number of active borrowers,\
            Number of loans outstanding,Personnel,Loan officers,Financial revenue,Net operating income,Operating expense,\
            Financial expense on funding liabilities,Net impairment loss; gross loan portfolio,Write offs,\
            Gross Loan Portfolio > Delinquency > One month or more,Impairment loss allowance,Deposits,Borrowings
            Z,2010,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0
            Z,2011,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0

            """
        let (_, _, results) = try compute(csv)
        for indicator in Indicator.allCases {
            let value = results.value(indicator, row: 1)
            #expect(value.isNaN || value.isFinite, "\(indicator.id)")
        }
        for indicator: Indicator in [
            .avgLoanBalance, .par30, .oer, .roa, .oss, .profitMargin, .costPerBorrower,
            .borrowersPerStaff, .borrowersPerLoanOfficer, .debtToEquity, .capitalToAssets,
            .riskCoverage, .costOfFunds, .borrowerGrowth, .glpGrowth, .writeOffRatio,
        ] {
            #expect(results.reason(indicator, row: 1) == "zero_denominator", "\(indicator.id)")
        }
        #expect(results.reason(.roe, row: 1) == "nonpositive_equity")
    }

    @Test("negative equity: ROE missing (nonpositive_equity), debt/equity and capital/assets negative")
    func negativeEquity() throws {
        let csv = """
            MFI ID,Fiscal Year,Assets,Liabilities,Equity,Average equity,Net operating income
            N,2010,100,150,-50,-40,5
            N,2011,100,90,10,,5

            """
        let (_, _, results) = try compute(csv)
        #expect(results.reason(.roe, row: 0) == "nonpositive_equity")
        #expect(results.optional(.debtToEquity, row: 0) == -3)
        #expect(results.optional(.capitalToAssets, row: 0) == -0.5)
        #expect(results.reason(.roe, row: 1) == "nonpositive_equity") // (−50 + 10) / 2 ≤ 0
    }

    @Test("tax, recoveries and renegotiated loans count as zero when absent; other inputs do not")
    func blankAsZero() throws {
        let csv = """
            MFI ID,Fiscal Year,Assets,Average assets,Gross Loan Portfolio,Average gross loan portfolio,Net operating income,\
            Tax expense,Write offs,Recoveries on loans written off,Gross Loan Portfolio > Delinquency > One month or more,\
            Gross Loan Portfolio > Delinquency > Renegotiated loans
            T,2010,100,100,50,50,10,,5,,4,
            T,2011,100,100,50,50,10,2,5,1,4,1
            T,2012,100,100,50,50,,2,,1,,1

            """
        let (_, _, results) = try compute(csv)
        #expect(results.optional(.roa, row: 0) == 0.1)
        #expect(results.optional(.roa, row: 1) == 0.08)
        #expect(results.optional(.loanLossRate, row: 0) == 0.1)
        #expect(results.optional(.loanLossRate, row: 1) == 0.08)
        #expect(results.optional(.par30, row: 0) == 0.08)
        #expect(results.optional(.par30, row: 1) == 0.1)
        #expect(results.reason(.roa, row: 2) == "missing_input")
        #expect(results.reason(.writeOffRatio, row: 2) == "missing_input")
        #expect(results.reason(.par30, row: 2) == "missing_input")
    }

    @Test("operating expense falls back to its components, flagged")
    func operatingExpenseFallback() throws {
        let csv = """
            MFI ID,Fiscal Year,Gross Loan Portfolio,Average gross loan portfolio,Operating expense,Personnel expense,\
            Administrative expense,Depreciation and amortisation expense
            O,2010,100,100,,5,3,2
            O,2011,100,100,12,5,3,2
            O,2012,100,100,,5,,2

            """
        let (_, _, results) = try compute(csv)
        #expect(results.optional(.oer, row: 0) == 0.1)
        #expect(results.status(.oer, row: 0).flags == .operatingExpenseFromComponents)
        #expect(results.optional(.oer, row: 1) == 0.12)
        #expect(results.status(.oer, row: 1).flags.isEmpty)
        #expect(results.reason(.oer, row: 2) == "missing_input")
    }

    @Test("cost of funds: needs deposits and borrowings columns; a missing part counts as zero")
    func costOfFunds() throws {
        let withBoth = """
            MFI ID,Fiscal Year,Deposits,Borrowings,Subordinated debt,Financial expense on funding liabilities
            C,2010,100,,,
            C,2011,,300,,20
            C,2012,,,,10

            """
        let (_, _, results) = try compute(withBoth)
        #expect(results.optional(.costOfFunds, row: 1) == 20.0 / 200)
        #expect(results.reason(.costOfFunds, row: 2) == "missing_input")
        let (_, _, noDeposits) = try compute(
            "MFI ID,Fiscal Year,Borrowings,Financial expense on funding liabilities\nC,2010,5,1\nC,2011,5,1\n")
        #expect(noDeposits.reason(.costOfFunds, row: 1) == "missing_input")
    }

    @Test("GNI-based indicators: US$ amounts only, GNI needed; depth tiers at the spec's thresholds")
    func gniBased() throws {
        let csv = """
            MFI ID,Fiscal Year,Currency,Gross Loan Portfolio,Number of active borrowers
            G,2010,USD,190,1000
            G,2011,USD,1500,1000
            G,2012,usd,2500,1000
            G,2013,USD,2501,1000
            G,2014,BOB,100,1000
            G,2015,,100,1000
            G,2016,USD,100,1000

            """
        let (_, _, results) = try compute(csv, gni: [1, 1, 1, 1, 1, 2, nil])
        #expect(results.optional(.avgLoanBalanceGNI, row: 0) == 0.19)
        let tiers = (0..<4).map { results.optional(.depthTier, row: $0).map { IndicatorRegistry.depthTiers[Int($0)] } }
        #expect(tiers == ["low_end", "high_end", "high_end", "small_business"])
        #expect(results.reason(.avgLoanBalanceGNI, row: 4) == "currency_not_usd")
        #expect(results.reason(.depthTier, row: 4) == "currency_not_usd")
        #expect(results.optional(.avgLoanBalance, row: 4) == 0.1)
        #expect(results.optional(.avgLoanBalanceGNI, row: 5) == 0.05) // no currency: amounts taken as given
        #expect(results.reason(.avgLoanBalanceGNI, row: 6) == "no_gni")
        #expect(results.optional(.depthTier, row: 1) == 2) // 1.50 is high_end
        let (_, _, noTable) = try compute(csv)
        #expect(noTable.reason(.avgLoanBalanceGNI, row: 1) == "no_gni")

        let costs = """
            MFI ID,Fiscal Year,Currency,Operating expense,Number of active borrowers,Average number of active borrowers
            K,2010,USD,5000,90,100
            K,2011,EUR,5000,90,100
            K,2012,USD,5000,90,

            """
        let (_, _, cost) = try compute(costs, gni: [250, 250, 250])
        #expect(cost.optional(.costPerBorrower, row: 0) == 50)
        #expect(cost.optional(.costPerBorrowerGNI, row: 0) == 0.2)
        #expect(cost.reason(.costPerBorrowerGNI, row: 1) == "currency_not_usd")
        #expect(cost.optional(.costPerBorrower, row: 1) == 50)
        #expect(cost.optional(.costPerBorrower, row: 2) == 5000.0 / 90) // (90 + 90) / 2
        #expect(cost.reason(.costPerBorrowerGNI, row: 2) == nil)
    }

    @Test("real yield from an inflation rate in percent; no table means no_inflation")
    func realYield() throws {
        let csv =
            "MFI ID,Fiscal Year,Gross Loan Portfolio,Average gross loan portfolio,Financial revenue from loans\nR,2010,100,100,30\nR,2011,100,100,30\n"
        let (_, _, results) = try compute(csv, inflation: [10, nil])
        #expect(results.optional(.yieldNominal, row: 0) == 0.3)
        #expect(rounded(results.optional(.yieldReal, row: 0), 12) == rounded((0.3 - 0.1) / 1.1, 12))
        #expect(results.reason(.yieldReal, row: 1) == "no_inflation")
        let (_, _, without) = try compute(csv)
        #expect(without.reason(.yieldReal, row: 0) == "no_inflation")
    }

    @Test("counts, growth, deposits per depositor, loans at risk")
    func outreach() throws {
        let csv = """
            MFI ID,Fiscal Year,Number of active borrowers,Number of depositors,Deposits,Gross Loan Portfolio,\
            Loans at risk > 30 days,Number of loans outstanding
            D,2010,100,40,400,1000,3,120
            D,2011,150,50,1000,1100,6,150

            """
        let (_, _, results) = try compute(csv, gni: [20, 25])
        #expect(results.optional(.borrowers, row: 1) == 150)
        #expect(results.optional(.depositors, row: 1) == 50)
        #expect(results.optional(.borrowerGrowth, row: 1) == 0.5)
        #expect(rounded(results.optional(.glpGrowth, row: 1), 12) == 0.1)
        #expect(results.optional(.avgDepositBalanceGNI, row: 0) == 0.5)
        #expect(results.optional(.avgDepositBalanceGNI, row: 1) == 0.8)
        #expect(results.optional(.lar30, row: 1) == 0.04)
    }
}
