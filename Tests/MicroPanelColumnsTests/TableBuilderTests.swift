import Foundation
import MicroPanelCSV
import MicroPanelColumns
import MicroPanelTestSupport
import Testing

@Suite("column store")
struct TableBuilderTests {
    let panel = """
        MFI ID,MFI Name,Fiscal Year,Gross.Loan.Portfolio,Number of active borrowers,Country,Unused
        A1,Alpha,2010,1000.5,10,Peru,x
        A1,Alpha,2011,NA,,Peru,y
        B2,"Beta, S.A.",2011,-,20,"",z
        C3, Gamma ,2011.0,2e3,n/a,Peru,w

        """

    @Test("typed columns: numbers with missing values, years, dictionary text", arguments: [1, 5, 1 << 16])
    func typedColumns(chunkSize: Int) throws {
        let table = try buildTable(panel, chunkSize: chunkSize)
        #expect(table.rowCount == 4)
        let glp = try #require(table.number("glp"))
        #expect(glp[0] == 1000.5)
        #expect(glp[1].isNaN && glp[2].isNaN)
        #expect(glp[3] == 2000)
        #expect(glp.missingCount == 2)
        #expect(table.number("borrowers")?.missingCount == 2)
        let years = try #require(table.integer("fiscal_year"))
        #expect(Array(years.values) == [2010, 2011, 2011, 2011])
        let names = try #require(table.text("mfi_name"))
        #expect((0..<4).map { names[$0] } == ["Alpha", "Alpha", "Beta, S.A.", "Gamma"])
        #expect(names.dictionary == ["Alpha", "Beta, S.A.", "Gamma"])
        let country = try #require(table.text("country"))
        #expect(country[2] == nil)
        #expect(country.missingCount == 1)
        #expect(country.dictionary == ["Peru"])
        #expect(table.columns["Unused"] == nil)
        #expect(table.plan.unmatchedHeaders == ["Unused"])
    }

    @Test("a non-numeric value is an error with line, column, header and text")
    func badNumberError() throws {
        let text = "MFI ID,Fiscal Year,Assets,Equity\nA,2010,1,2\nA,2011,\"1,234.5\",3\n"
        let error = #expect(throws: CSVError.self) { _ = try buildTable(text, chunkSize: 3) }
        #expect(error?.kind == .notANumber("1,234.5"))
        #expect(error?.line == 3)
        #expect(error?.column == 3)
        #expect(error?.columnName == "Assets")
        #expect(error?.byteOffset == 51)
        #expect(
            error?.description.hasPrefix("<input>:3:3: column 'Assets': expected a number, found '1,234.5'") == true)
    }

    @Test("with the missing policy, bad numbers become missing and are counted")
    func badNumbersAsMissing() throws {
        let text = "MFI ID,Fiscal Year,Assets\nA,2010,(120)\nA,2011,1e999\nA,2012,5\n"
        let table = try buildTable(text, options: ValueOptions(badNumbers: .missing))
        let assets = try #require(table.number("assets"))
        #expect(assets.badNumberCount == 2)
        #expect(assets.missingCount == 2)
        #expect(assets[2] == 5)
        let outOfRange = #expect(throws: CSVError.self) {
            _ = try buildTable(text.replacingOccurrences(of: "(120)", with: "1"))
        }
        #expect(outOfRange?.kind == .numberOutOfRange("1e999"))
    }

    @Test("decimal comma files")
    func decimalComma() throws {
        let text = "MFI ID;Fiscal Year;Assets\nA;2010;1.234,5\nA;2011;\"7,25\"\n"
        let table = try buildTable(text, options: ValueOptions(decimalComma: true))
        #expect(Array(try #require(table.number("assets")).values) == [1234.5, 7.25])
    }

    @Test("a year that is not a whole number is an error")
    func badYear() throws {
        let error = #expect(throws: CSVError.self) { _ = try buildTable("MFI ID,Fiscal Year\nA,2010.5\n") }
        #expect(error?.kind == .notAnInteger("2010.5"))
        #expect(error?.column == 2)
    }

    @Test("text that is not UTF-8 is an error naming the column")
    func invalidText() throws {
        var bytes = Array("MFI ID,MFI Name,Fiscal Year\nA,Caf".utf8)
        bytes += [0xE9] // Latin-1 'é'
        bytes += Array(",2010\n".utf8)
        let text = String(decoding: bytes, as: UTF8.self)
        // String(decoding:) repairs; feed raw bytes through a scanner instead.
        #expect(text.contains("\u{FFFD}"))
        let scanner = CSVScanner()
        let space = scanner.reserveSpace(atLeast: bytes.count)
        space.copyBytes(from: bytes)
        try scanner.commit(bytes.count)
        try scanner.finish()
        let builder = TableBuilder(plan: try ColumnPlan(header: scanner.header!.names))
        let error = #expect(throws: CSVError.self) { try builder.append(scanner.batch) }
        #expect(error?.kind == .invalidUTF8)
        #expect(error?.columnName == "MFI Name")
        #expect(error?.description.contains("iconv") == true)
    }

    @Test("two headers naming one field are an error; an unrequested duplicate is not")
    func duplicateHeaders() throws {
        let error = #expect(throws: CSVError.self) {
            _ = try ColumnPlan(header: ["MFI ID", "Assets", "Fiscal Year", "assets"])
        }
        #expect(error?.kind == .duplicateColumn(name: "assets", firstColumn: 2))
        #expect(error?.column == 4)
        let plan = try ColumnPlan(header: ["MFI ID", "Assets", "assets"], requested: ["mfi_id"])
        #expect(plan.materialized.map(\.field.key) == ["mfi_id"])
        #expect(plan.notRequested.count == 2)
    }

    @Test("only requested fields are materialised")
    func requestedFields() throws {
        let table = try buildTable(panel, requested: ["mfi_id", "glp"])
        #expect(Set(table.columns.keys) == ["mfi_id", "glp"])
        #expect(
            table.plan.notRequested.map(\.field.key).sorted() == ["borrowers", "country", "fiscal_year", "mfi_name"])
    }

    @Test("a column mapping names other headers")
    func columnMapping() throws {
        let mappingText =
            "header,field\nCartera bruta,glp\nPrestatarios activos,Number of active borrowers\nNot there,assets\n"
        let mapping = try ColumnMapping(parsing: Array(mappingText.utf8), source: "map.csv")
        #expect(mapping.entries.map(\.fieldKey) == ["glp", "borrowers", "assets"])
        let table = try buildTable(
            "MFI ID,Fiscal Year,Cartera bruta,Prestatarios activos\nA,2010,5,6\n", mapping: mapping)
        #expect(table.number("glp")?[0] == 5)
        #expect(table.number("borrowers")?[0] == 6)
        #expect(table.plan.unusedMappings.map(\.header) == ["Not there"])

        let unknown = #expect(throws: CSVError.self) {
            _ = try ColumnMapping(parsing: Array("Cartera,gross loans\n".utf8), source: "map.csv")
        }
        #expect(unknown?.file == "map.csv")
        #expect(unknown?.line == 1)
        #expect(unknown?.description.contains("unknown field 'gross loans'") == true)
    }
}
