import MicroPanelColumns
import Testing

@Suite("field names")
struct FieldNameTests {
    @Test(
        "normalisation of the spec: case, punctuation runs, trimming",
        arguments: [
            ("Gross Loan Portfolio", "gross loan portfolio"),
            ("Gross.Loan.Portfolio", "gross loan portfolio"),
            ("gross_loan_portfolio", "gross loan portfolio"),
            ("  GROSS--loan   portfolio ", "gross loan portfolio"),
            ("Portfolio at risk > 30 days", "portfolio at risk 30 days"),
            ("Portfolio.at.risk.>.30.days", "portfolio at risk 30 days"),
            ("Net.impairment.loss,.gross.loan.portfolio", "net impairment loss gross loan portfolio"),
            ("Capital./asset.ratio", "capital asset ratio"),
            ("Yield.on.gross.portfolio.(nominal)", "yield on gross portfolio nominal"),
            ("Número de prestatarios", "número de prestatarios"),
            ("...", ""),
        ])
    func normalize(name: String, expected: String) {
        #expect(FieldName.normalize(name) == expected)
    }

    @Test("catalog lookup by key, by MIX header and by R-style header")
    func catalogLookup() {
        #expect(FieldCatalog.field(named: "glp")?.key == "glp")
        #expect(FieldCatalog.field(named: "Gross Loan Portfolio")?.key == "glp")
        #expect(
            FieldCatalog.field(named: "Gross.Loan.Portfolio.>.Delinquency.>.One.month.or.more")?.key == "par30_amount")
        #expect(FieldCatalog.field(named: "MFI.ID")?.key == "mfi_id")
        #expect(FieldCatalog.field(named: "Return.on.assets")?.role == .publishedRatio(indicator: "roa", decimals: 4))
        #expect(FieldCatalog.field(named: "Number of loans outstanding > Gender > Female") == nil)
    }

    @Test("every catalog key is unique and every field has a header")
    func catalogIsConsistent() {
        let keys = FieldCatalog.all.map(\.key)
        #expect(Set(keys).count == keys.count)
        #expect(FieldCatalog.all.allSatisfy { !$0.headers.isEmpty })
    }
}
