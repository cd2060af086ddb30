import MicroPanel
import MicroPanelTestSupport
import Testing

@Suite("institution descriptors")
struct DescriptorJoinTests {
    @Test("joined on MFI ID: missing columns added, missing cells filled, panel values kept, unmatched reported")
    func join() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let panel = try directory.write(
            "panel.csv", text: "MFI ID,Fiscal Year,Region\n1,2010,\n1,2011,Own region\n2,2010,\n3,2010,\n")
        let institutions = try directory.write(
            "mfis.csv", text: "\u{FEFF}MFI ID;Country;Region;Ignored\r\n1;Peru;Latin America;x\r\n2;Kenya;Africa;y\r\n")
        let table = try PanelLoader().load(paths: [panel]).table
        let (joined, report) = try InstitutionDescriptors(contentsOf: institutions).join(onto: table)
        #expect((0..<4).map { joined.text("country")?[$0] } == ["Peru", "Peru", "Kenya", nil])
        #expect((0..<4).map { joined.text("region")?[$0] } == ["Latin America", "Own region", "Africa", nil])
        #expect(report.addedFields == ["country"])
        #expect(report.filledCells == 2)
        #expect(report.matchedInstitutions == 2)
        #expect(report.unmatchedInstitutions == ["3"])
    }

    @Test("an MFI ID twice in the institutions file is an error")
    func duplicateIDs() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let institutions = try directory.write("mfis.csv", text: "MFI ID,Country\n1,Peru\n1,Chile\n")
        let error = #expect(throws: PanelError.self) { _ = try InstitutionDescriptors(contentsOf: institutions) }
        #expect(error?.message.contains("MFI ID '1' appears twice") == true)
    }
}
