#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A deterministic generator of MIX-style panels of any size, for benchmarks and tests.
///
/// Institutions get a size drawn from a log-normal distribution (as MIX institutions span
/// tens of thousands to billions of US$), run for 1 to 12 consecutive fiscal years with
/// occasional gaps, and grow from year to year; every spec input field, MIX's explicit average
/// columns and MIX's published ratios are written, with some cells missing, plus filler
/// columns MicroPanel does not read (MIX's breakdowns by gender, location, product...).
/// The same seed and size always give the same bytes.
public struct SyntheticPanel: Sendable {
    /// Institution-years to write.
    public var rows: Int
    /// The random seed.
    public var seed: UInt64
    /// Extra columns no indicator reads, to reach a MIX-like width.
    public var fillerColumns: Int
    /// Share of optional amount cells left empty.
    public var missingShare: Double

    /// A panel of `rows` institution-years; 168 columns by default, as wide as MIX's public
    /// financial panels.
    public init(rows: Int, seed: UInt64 = 1, fillerColumns: Int = 112, missingShare: Double = 0.05) {
        self.rows = rows
        self.seed = seed
        self.fillerColumns = fillerColumns
        self.missingShare = missingShare
    }

    /// The columns read by MicroPanel, in the order written (MIX spellings).
    public static let fieldHeaders: [String] = [
        "MFI ID", "MFI Name", "Fiscal Year", "Country", "Currency", "Period Type",
        "Assets", "Liabilities", "Equity", "Gross Loan Portfolio", "Deposits", "Borrowings", "Subordinated debt",
        "Gross Loan Portfolio > Delinquency > One month or more",
        "Gross Loan Portfolio > Delinquency > One month or more > More than three months",
        "Gross Loan Portfolio > Delinquency > Renegotiated loans",
        "Impairment loss allowance", "Financial revenue", "Financial revenue from loans",
        "Financial expense on funding liabilities", "Net impairment loss, gross loan portfolio",
        "Operating expense", "Personnel expense", "Administrative expense", "Depreciation and amortisation expense",
        "Net operating income", "Tax expense", "Write offs", "Recoveries on loans written off",
        "Number of active borrowers", "Number of loans outstanding", "Number of depositors", "Personnel",
        "Loan officers",
        "Average assets", "Average equity", "Average gross loan portfolio", "Average number of active borrowers",
        "Average number of loans outstanding",
        "Gross Loan Portfolio > Delinquency > One month or more > From one to three months",
        "Gross Loan Portfolio > Delinquency > One month or more > More than three months > From three to six months",
        "Gross Loan Portfolio > Delinquency > One month or more > More than three months > More than six months",
        "Interest expense on borrowings", "Net fixed assets", "Donations",
        "Return on assets", "Return on equity", "Operational self sufficiency", "Operating expense / loan portfolio",
        "Yield on gross portfolio (nominal)", "Cost per borrower", "Borrowers per staff member",
        "Portfolio at risk > 30 days", "Write-off ratio", "Debt to equity ratio", "Average loan balance per borrower",
    ]

    /// The whole header: the fields, then the filler columns.
    public var header: [String] {
        Self.fieldHeaders + (0..<fillerColumns).map { "Gross Loan Portfolio > Breakdown > Segment \($0 + 1)" }
    }

    private static let countries = [
        "Bolivia", "Peru", "India", "Philippines", "Kenya", "Cambodia", "Mexico",
        "Bangladesh", "Ecuador", "Nigeria", "Kyrgyzstan", "Vietnam", "Morocco",
    ]

    /// Writes the CSV text (header first, LF line ends) to `sink` in chunks of about 1 MiB.
    public func write(to sink: (UnsafeRawBufferPointer) throws -> Void) rethrows {
        var out = TextBuffer(capacity: 1 << 20)
        out.append(header.map { $0.contains(",") ? "\"\($0)\"" : $0 }.joined(separator: ","))
        out.newline()
        var random = SplitMix64(seed: seed)
        var written = 0
        var institution = 0
        while written < rows {
            institution += 1
            let years = min(1 + random.below(12), rows - written)
            var state = InstitutionState(random: &random, id: institution)
            var year = 1999 + random.below(12)
            var previous: YearValues?
            for _ in 0..<years {
                if random.unit() < 0.04 {
                    year += 1 // a gap: this year is not reported
                    previous = nil
                }
                let values = state.nextYear(random: &random)
                writeRow(
                    &out, institution: institution, year: year, values: values, previous: previous,
                    random: &random)
                previous = values
                year += 1
                written += 1
                if out.count >= (1 << 20) - 16 * 1024 {
                    try out.withBytes(sink)
                    out.clear()
                }
            }
        }
        try out.withBytes(sink)
    }

    /// The whole CSV text in memory.
    public func text() -> [UInt8] {
        var bytes: [UInt8] = []
        write { bytes.append(contentsOf: $0) }
        return bytes
    }

    private func writeRow(
        _ out: inout TextBuffer, institution: Int, year: Int, values v: YearValues,
        previous: YearValues?, random: inout SplitMix64
    ) {
        let missing = missingShare
        func optional(_ value: Double, decimals: Int = 0) {
            out.comma()
            if random.unit() >= missing { out.fixed(value, decimals: decimals) }
        }
        func required(_ value: Double, decimals: Int = 0) {
            out.comma()
            out.fixed(value, decimals: decimals)
        }
        func average(_ current: Double, _ prior: Double?) {
            out.comma()
            if let prior, random.unit() >= missing { out.fixed((current + prior) / 2, decimals: 1) }
        }
        out.append("MFI\(institution)")
        out.append(institution % 17 == 0 ? ",\"Institution \(institution), S.A.\"" : ",Institution \(institution)")
        out.append(",\(year),\(Self.countries[institution % Self.countries.count]),USD,ANN")
        required(v.assets)
        required(v.liabilities)
        required(v.equity)
        required(v.glp)
        optional(v.deposits)
        optional(v.borrowings)
        optional(v.subordinatedDebt)
        optional(v.par30)
        optional(v.par90)
        optional(v.renegotiated)
        optional(v.allowance)
        required(v.financialRevenue)
        required(v.loanRevenue)
        optional(v.fundingExpense)
        optional(v.impairmentExpense)
        required(v.operatingExpense)
        optional(v.personnelExpense)
        optional(v.administrativeExpense)
        optional(v.depreciation)
        required(v.netOperatingIncome)
        optional(v.tax)
        optional(v.writeOffs)
        optional(v.recoveries)
        required(v.borrowers)
        optional(v.loans)
        optional(v.depositors)
        optional(v.personnel)
        optional(v.loanOfficers)
        average(v.assets, previous?.assets)
        average(v.equity, previous?.equity)
        average(v.glp, previous?.glp)
        average(v.borrowers, previous?.borrowers)
        average(v.loans, previous?.loans)
        optional(v.par30 - v.par90)
        optional(v.par90To180)
        optional(v.par90 - v.par90To180)
        optional(v.interestOnBorrowings)
        optional(v.netFixedAssets)
        optional(v.donations)
        // MIX's published ratios, rounded as MIX publishes them.
        let averageAssets = previous.map { ($0.assets + v.assets) / 2 } ?? v.assets
        let averageEquity = previous.map { ($0.equity + v.equity) / 2 } ?? v.equity
        let averageGLP = previous.map { ($0.glp + v.glp) / 2 } ?? v.glp
        let averageBorrowers = previous.map { ($0.borrowers + v.borrowers) / 2 } ?? v.borrowers
        optional((v.netOperatingIncome - v.tax) / averageAssets, decimals: 4)
        optional((v.netOperatingIncome - v.tax) / averageEquity, decimals: 4)
        optional(v.financialRevenue / (v.fundingExpense + v.impairmentExpense + v.operatingExpense), decimals: 4)
        optional(v.operatingExpense / averageGLP, decimals: 4)
        optional(v.loanRevenue / averageGLP, decimals: 4)
        optional(v.operatingExpense / averageBorrowers)
        optional(v.borrowers / v.personnel)
        optional((v.par30 + v.renegotiated) / v.glp, decimals: 4)
        optional(v.writeOffs / averageGLP, decimals: 4)
        optional(v.liabilities / v.equity, decimals: 2)
        optional(v.glp / v.borrowers)
        for column in 0..<fillerColumns {
            out.comma()
            if column % 3 != 2 { out.fixed(v.glp * Double(column % 7 + 1) / 29, decimals: 0) }
        }
        out.newline()
    }
}

/// One institution's amounts for one year.
struct YearValues {
    var assets = 0.0, liabilities = 0.0, equity = 0.0, glp = 0.0, deposits = 0.0, borrowings = 0.0
    var subordinatedDebt = 0.0, par30 = 0.0, par90 = 0.0, renegotiated = 0.0, allowance = 0.0
    var financialRevenue = 0.0, loanRevenue = 0.0, fundingExpense = 0.0, impairmentExpense = 0.0
    var operatingExpense = 0.0, personnelExpense = 0.0, administrativeExpense = 0.0, depreciation = 0.0
    var netOperatingIncome = 0.0, tax = 0.0, writeOffs = 0.0, recoveries = 0.0
    var borrowers = 0.0, loans = 0.0, depositors = 0.0, personnel = 0.0, loanOfficers = 0.0
    var par90To180 = 0.0, interestOnBorrowings = 0.0, netFixedAssets = 0.0, donations = 0.0
}

/// An institution's size and business model, drifting from year to year.
struct InstitutionState {
    var glp: Double
    let averageLoan: Double
    let equityShare: Double
    let depositShare: Double
    let yield: Double
    let costRatio: Double
    let riskShare: Double

    init(random: inout SplitMix64, id: Int) {
        glp = (1e4 * random.logNormal(mu: 5.5, sigma: 2.0)).rounded()
        averageLoan = 60 + random.logNormal(mu: 6.5, sigma: 1.0)
        equityShare = 0.08 + 0.3 * random.unit()
        depositShare = random.unit() < 0.4 ? 0.2 + 0.4 * random.unit() : 0
        yield = 0.12 + 0.35 * random.unit()
        costRatio = 0.05 + 0.25 * random.unit()
        riskShare = 0.002 + 0.12 * random.unit() * random.unit()
    }

    mutating func nextYear(random: inout SplitMix64) -> YearValues {
        glp = (glp * (0.9 + 0.4 * random.unit())).rounded()
        var v = YearValues()
        v.glp = glp
        v.assets = (glp * (1.1 + 0.4 * random.unit())).rounded()
        v.equity = (v.assets * equityShare * (0.8 + 0.4 * random.unit())).rounded()
        if random.unit() < 0.01 { v.equity = -v.equity } // a few institutions with negative equity
        v.liabilities = v.assets - v.equity
        v.deposits = (v.liabilities * depositShare).rounded()
        v.borrowers = max(1, (glp / averageLoan).rounded())
        v.subordinatedDebt = random.unit() < 0.8 ? 0 : (v.liabilities * 0.05).rounded()
        v.borrowings = max(0, v.liabilities - v.deposits - v.subordinatedDebt - (v.liabilities * 0.05).rounded())
        v.par30 = (glp * riskShare * (0.5 + random.unit())).rounded()
        v.par90 = (v.par30 * (0.3 + 0.5 * random.unit())).rounded()
        v.renegotiated = random.unit() < 0.7 ? 0 : (glp * 0.005 * random.unit()).rounded()
        v.allowance = (v.par30 * (0.5 + random.unit())).rounded()
        v.loanRevenue = (glp * yield).rounded()
        v.financialRevenue = (v.loanRevenue * (1.02 + 0.1 * random.unit())).rounded()
        v.par90To180 = (v.par90 * (0.4 + 0.3 * random.unit())).rounded()
        let fundingRate = 0.03 + 0.08 * random.unit()
        v.fundingExpense = ((v.deposits + v.borrowings) * fundingRate).rounded()
        v.interestOnBorrowings = (v.borrowings * fundingRate).rounded()
        v.netFixedAssets = (v.assets * (0.01 + 0.05 * random.unit())).rounded()
        v.donations = random.unit() < 0.7 ? 0 : (glp * 0.02 * random.unit()).rounded()
        v.impairmentExpense = (glp * riskShare * 0.5 * random.unit()).rounded()
        v.operatingExpense = (glp * costRatio).rounded()
        v.personnelExpense = (v.operatingExpense * 0.55).rounded()
        v.depreciation = (v.operatingExpense * 0.05).rounded()
        v.administrativeExpense = v.operatingExpense - v.personnelExpense - v.depreciation
        v.netOperatingIncome = v.financialRevenue - v.fundingExpense - v.impairmentExpense - v.operatingExpense
        v.tax = max(0, (v.netOperatingIncome * 0.25).rounded())
        v.writeOffs = (glp * riskShare * 0.3 * random.unit()).rounded()
        v.recoveries = (v.writeOffs * 0.2 * random.unit()).rounded()
        v.loans = (v.borrowers * (1 + 0.2 * random.unit())).rounded()
        v.depositors = v.deposits > 0 ? (v.borrowers * (0.5 + random.unit())).rounded() : 0
        v.personnel = max(1, (v.borrowers / (80 + 150 * random.unit())).rounded())
        v.loanOfficers = max(1, (v.personnel * (0.3 + 0.3 * random.unit())).rounded())
        return v
    }
}

/// SplitMix64: a small, fast, deterministic random generator.
struct SplitMix64 {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    mutating func unit() -> Double { Double(next() >> 11) * 0x1p-53 }

    /// Uniform in 0..<bound.
    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }

    /// Log-normal with the given parameters (Box-Muller).
    mutating func logNormal(mu: Double, sigma: Double) -> Double {
        let u1 = max(unit(), 1e-300)
        let u2 = unit()
        let normal = (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
        return exp(mu + sigma * normal)
    }
}
