import Foundation
import MicroPanelOutput
import Testing

/// The Stata writer's file structure (format 118) and rules; reading back by pandas and
/// pyreadstat is `scripts/dataset-check`'s.
@Suite struct StataWriterTests {
    final class Bytes: ByteSink {
        var data: [UInt8] = []
        func write(_ bytes: UnsafeRawBufferPointer) throws { data += bytes }
    }

    static func write(_ variables: [Dataset.Column], label: String = "test") throws -> [UInt8] {
        let sink = Bytes()
        try StataWriter(Dataset(label: label, columns: variables)).write(to: sink)
        return sink.data
    }

    static func find(_ tag: String, in data: [UInt8], from start: Int = 0) -> Int? {
        let pattern = Array(tag.utf8)
        guard data.count >= pattern.count else { return nil }
        for offset in start...(data.count - pattern.count) where Array(data[offset..<offset + pattern.count]) == pattern
        {
            return offset
        }
        return nil
    }

    static func uint64(_ data: [UInt8], at offset: Int) -> UInt64 {
        (0..<8).reduce(UInt64(0)) { $0 | UInt64(data[offset + $1]) << (8 * UInt64($1)) }
    }

    @Test func theMapPointsAtEverySection() throws {
        let data = try Self.write([
            .init(name: "mfi_id", label: "MFI ID", values: .text(codes: [0, 1, UInt32.max], values: ["A", "Bé"])),
            .init(name: "fiscal_year", label: "Fiscal year", values: .long([2001, nil, 2003])),
            .init(name: "roa", label: "Return on assets", values: .double([0.1, .nan, -2.5])),
            .init(name: "depth_tier", label: "", values: .labelled([0, nil, 3], labels: ["a", "b", "c", "d"])),
        ])
        #expect(data.starts(with: Array("<stata_dta><header><release>118</release><byteorder>LSF</byteorder>".utf8)))
        let map = try #require(Self.find("<map>", in: data)) + 5
        let tags = [
            "<stata_dta>", "<map>", "<variable_types>", "<varnames>", "<sortlist>", "<formats>", "<value_label_names>",
            "<variable_labels>", "<characteristics>", "<data>", "<strls>", "<value_labels>", "</stata_dta>",
        ]
        for (index, tag) in tags.enumerated() {
            let offset = Int(Self.uint64(data, at: map + 8 * index))
            #expect(Array(data[offset..<offset + tag.utf8.count]) == Array(tag.utf8), "\(tag)")
        }
        #expect(Int(Self.uint64(data, at: map + 8 * 13)) == data.count)
        // Data: a row is 3 (str3: "Bé" is 3 bytes) + 4 + 8 + 1 bytes; a missing double is 2^1023.
        let start = try #require(Self.find("<data>", in: data)) + 6
        #expect(Array(data[start..<start + 3]) == Array("A\0\0".utf8))
        let secondDouble = start + (3 + 4 + 8 + 1) + 3 + 4
        #expect(Self.uint64(data, at: secondDouble) == 0x7FE0_0000_0000_0000)
        #expect(data[start + 3 * 16 - 1] == 3) // the last row's depth_tier
        #expect(data[start + 2 * 16 - 1] == 101) // missing byte
    }

    @Test func namesBecomeValidStataNames() {
        #expect(StataWriter.stataName("roa", taken: []) == "roa")
        #expect(StataWriter.stataName("Percent.of.female borrowers", taken: []) == "percent_of_female_borrowers")
        #expect(StataWriter.stataName("2010 value", taken: []) == "_2010_value")
        let long = "female_loan_officer_share_weighted"
        #expect(StataWriter.stataName(long, taken: []) == "female_loan_officer_share_weight")
        #expect(
            StataWriter.stataName(long, taken: ["female_loan_officer_share_weight"])
                == "female_loan_officer_share_weig_2")
    }

    @Test func textBeyondTwoThousandBytesIsAStrL() throws {
        let long = String(repeating: "x", count: 3000)
        let data = try Self.write([
            .init(name: "note", label: "", values: .text(codes: [0, 1], values: ["short", long]))
        ])
        let types = try #require(Self.find("<variable_types>", in: data)) + 16
        #expect(data[types] == 0x00 && data[types + 1] == 0x80) // 32768: strL
        let strls = try #require(Self.find("<strls>", in: data)) + 7
        #expect(Array(data[strls..<strls + 3]) == Array("GSO".utf8))
        #expect(Self.find(long, in: data) != nil)
    }
}
