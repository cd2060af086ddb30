import Foundation
import MicroPanel
import MicroPanelSynthetic
import MicroPanelTestSupport
import Testing

/// `micropanel portfolio --partial` and `micropanel merge`: shards of a tape, however cut,
/// merge into the bytes one process gives; a partial that cannot be merged is one clear error.
@Suite struct PortfolioMergeTests {
    /// A generated tape (amounts in cents) as a header and its rows.
    static func tape(rows: Int = 12_000) -> (header: String, rows: [String]) {
        var text: [UInt8] = []
        SyntheticTape(rows: rows, seed: 11).write { text += $0 }
        let lines = String(decoding: text, as: UTF8.self).split(separator: "\n").map(String.init)
        return (lines[0], Array(lines.dropFirst()))
    }

    /// Writes each shard, runs `portfolio --partial` on it, merges the partials in order; the
    /// merged panel and the one-process panel of the shards.
    static func shardsAndOneProcess(
        _ shards: [[String]], header: String, options: [String], in directory: TemporaryDirectory
    ) throws -> (merged: String, one: String) {
        var shardPaths: [String] = []
        var partials: [String] = []
        for (index, rows) in shards.enumerated() {
            let path = directory.path("shard-\(index).csv")
            try Data((([header] + rows).joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: path))
            shardPaths.append(path)
            let partial = directory.path("shard-\(index).part")
            let run = try CommandLineTool.run(["portfolio", path, "--partial", "-o", partial, "-q"] + options)
            #expect(run.status == 0, "\(run.error)")
            partials.append(partial)
        }
        let merged = try CommandLineTool.run(["merge"] + partials + ["-q"])
        #expect(merged.status == 0, "\(merged.error)")
        let one = try CommandLineTool.run(["portfolio"] + shardPaths + ["-q"] + options)
        #expect(one.status == 0, "\(one.error)")
        return (merged.output, one.output)
    }

    @Test(arguments: [
        [], ["--by", "branch,client_gender", "--period", "quarter"],
        ["--period", "month", "--fiscal-year-end", "06-30"],
    ])
    func shardsMergeIntoTheBytesOfOneProcess(options: [String]) throws {
        let (header, rows) = Self.tape()
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        // By institution, by report month, and row by row alternately (every snapshot, and
        // clients, in both shards).
        let byInstitution = Dictionary(grouping: rows) { $0.prefix(9) }.sorted { $0.key < $1.key }.map(\.value)
        let byMonth = Dictionary(grouping: rows) { $0.dropFirst(10).prefix(7) }.sorted { $0.key < $1.key }.map(\.value)
        let alternately = [
            rows.enumerated().filter { $0.offset % 2 == 0 }.map(\.element),
            rows.enumerated().filter { $0.offset % 2 == 1 }.map(\.element),
        ]
        #expect(byInstitution.count == 10 && byMonth.count > 12)
        for shards in [byInstitution, byMonth, alternately] {
            let (merged, one) = try Self.shardsAndOneProcess(shards, header: header, options: options, in: directory)
            #expect(!merged.isEmpty)
            #expect(merged == one)
        }
    }

    /// A client with a loan in each of two shards on one date is one borrower; a loan disbursed
    /// in one shard's month and repeated in the next is one disbursement; the client's first
    /// disbursement is the earliest across shards.
    @Test func clientsAndLoansSpanningShardsAreCountedOnce() throws {
        let header =
            "institution_id,loan_id,client_id,report_date,principal_outstanding,days_late,disbursed_on,disbursed_amount"
        let shards = [
            ["A,L1,C1,2023-06-30,100.10,0,2023-02-01,500", "A,L3,C2,2023-06-30,50.05,40,2022-12-01,90"],
            ["A,L2,C1,2023-06-30,200.20,0,2023-05-01,300", "A,L3,C2,2023-07-31,40.04,70,2022-12-01,90"],
        ]
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let (merged, one) = try Self.shardsAndOneProcess(shards, header: header, options: [], in: directory)
        #expect(merged == one)
        let table = try ByteStreams.scan(Array(merged.utf8), chunkSize: 1 << 20)
        let row = Dictionary(uniqueKeysWithValues: zip(table.header, table.rows[0]))
        #expect(table.rows.count == 1)
        #expect(row["As of Date"] == "2023-07-31")
        #expect(row["Number of active borrowers"] == "1")
        #expect(row["Gross Loan Portfolio"] == "40.04")
        #expect(row["Number of loans disbursed"] == "2") // L1, L2 in 2023; L3 in 2022 once
        #expect(row["Value of loans disbursed"] == "800")
        #expect(row["Number of new borrowers"] == "1") // C1; C2's first loan is of 2022
        // On the snapshot both shards share, C1's two loans make one borrower.
        let june = try Self.shardsAndOneProcess(
            shards.map { Array($0.prefix(1)) }, header: header, options: ["--period", "month"], in: directory)
        #expect(june.merged == june.one)
        let juneTable = try ByteStreams.scan(Array(june.merged.utf8), chunkSize: 1 << 20)
        let juneRow = Dictionary(uniqueKeysWithValues: zip(juneTable.header, juneTable.rows[0]))
        #expect(juneRow["Number of active borrowers"] == "1")
        #expect(juneRow["Number of loans outstanding"] == "2")
        #expect(juneRow["Gross Loan Portfolio"] == "300.3")
    }

    /// Partials of partials (merges in stages), a gzip partial, and the order of the partials.
    @Test func mergesInStagesAndGzipPartials() throws {
        let (header, rows) = Self.tape()
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let quarters = stride(from: 0, to: rows.count, by: rows.count / 4).map {
            Array(rows[$0..<min($0 + rows.count / 4, rows.count)])
        }
        var partials: [String] = []
        for (index, rows) in quarters.enumerated() {
            let path = directory.path("q\(index).csv")
            try Data((([header] + rows).joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: path))
            partials.append(directory.path("q\(index).part"))
            #expect(try CommandLineTool.run(["portfolio", path, "--partial", "-o", partials[index]]).status == 0)
        }
        let whole = try CommandLineTool.run(["merge"] + partials + ["-q"])
        let first = try CommandLineTool.run([
            "merge", partials[0], partials[1], "--partial", "-o", directory.path("a.part"),
        ])
        let second = try CommandLineTool.run(["merge", partials[2], partials[3], "--partial", "-o", "-"])
        #expect(first.status == 0 && second.status == 0)
        let gzipped = directory.path("b.part.gz")
        try Data(GzipTool.compress(Array(second.outputBytes))).write(to: URL(fileURLWithPath: gzipped))
        let staged = try CommandLineTool.run(["merge", directory.path("a.part"), gzipped, "-q"])
        #expect(staged.status == 0, "\(staged.error)")
        #expect(staged.output == whole.output)
        let reversed = try CommandLineTool.run(["merge"] + partials.reversed() + ["-q"])
        #expect(reversed.output == whole.output)
        #expect(whole.output.split(separator: "\n").count > 10)
    }

    /// Every way a partial can be unusable: one line naming the file and byte, exit 3, no output.
    @Test func anUnusablePartialIsOneClearError() throws {
        let (header, rows) = Self.tape(rows: 3_000)
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let tape = directory.path("tape.csv")
        try Data((([header] + rows).joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: tape))
        let partial = directory.path("shard.part")
        #expect(try CommandLineTool.run(["portfolio", tape, "--partial", "-o", partial]).status == 0)
        let quarterly = directory.path("quarterly.part")
        #expect(
            try CommandLineTool.run(["portfolio", tape, "--partial", "--period", "quarter", "-o", quarterly]).status
                == 0)
        let good = try [UInt8](Data(contentsOf: URL(fileURLWithPath: partial)))
        var damaged = good
        damaged[damaged.count / 2] ^= 0x40
        // Version 2, with a checksum that matches: only the version is wrong.
        var later = good
        later[29] = 2
        let body = later.count - 16
        let crc = CRC32Reference.checksum(later[0..<body])
        for index in 0..<4 { later[body + index] = UInt8(truncatingIfNeeded: crc >> (8 * index)) }
        let cases: [(bytes: [UInt8]?, others: [String], message: String)] = [
            (
                Array(good.prefix(good.count / 3)), [],
                "bad.part (byte \(good.count / 3)): not a usable partial result: it ends early"
            ),
            (damaged, [], "its checksum does not match (damaged in transit?)"),
            (Array(header.utf8), [], "bad.part (byte 0): not a usable partial result: it does not start as one"),
            (later, [], "format version 2; this micropanel reads version 1"),
            (nil, [quarterly], "made differently: --period quarter where"),
            (good, [partial], "in two partials (the same shard merged twice?)"),
        ]
        for (bytes, others, message) in cases {
            let bad = directory.path("bad.part")
            try Data(bytes ?? []).write(to: URL(fileURLWithPath: bad))
            let inputs = bytes == nil ? [partial] + others : others + [bad]
            let output = directory.path("out.csv")
            let result = try CommandLineTool.run(["merge"] + inputs + ["-o", output])
            #expect(result.status == 3, "\(message)")
            #expect(result.error.contains(message), "\(result.error)")
            #expect(result.error.split(separator: "\n").count == 1)
            #expect(!FileManager.default.fileExists(atPath: output))
        }
        // Any byte changed, the checksum made to match: a merge or an error line, never a crash.
        var random = SeededGenerator(seed: 5)
        for round in 0..<60 {
            var mutated = good
            for _ in 0..<(1 + round % 3) {
                let index = Int.random(in: 33..<(good.count - 16), using: &random)
                mutated[index] = UInt8.random(in: 0...255, using: &random)
            }
            let body = mutated.count - 16
            let crc = CRC32Reference.checksum(mutated[0..<body])
            for index in 0..<4 { mutated[body + index] = UInt8(truncatingIfNeeded: crc >> (8 * index)) }
            let path = directory.path("mutated.part")
            try Data(mutated).write(to: URL(fileURLWithPath: path))
            let result = try CommandLineTool.run(["merge", path, "-o", directory.path("m.csv")])
            #expect(result.status == 0 || result.status == 3, "round \(round): \(result.error)")
            #expect(result.status == 0 || result.error.split(separator: "\n").count == 1, "round \(round)")
        }
        // Usage: no partial; a format for a partial; the output over an input.
        #expect(try CommandLineTool.run(["merge"]).status == 2)
        #expect(try CommandLineTool.run(["portfolio", tape, "--partial", "--format", "tsv"]).status == 2)
        let overwrite = try CommandLineTool.run(["merge", partial, "--partial", "-o", partial])
        #expect(overwrite.status == 2)
        #expect(overwrite.error.contains("writing it would destroy the input"))
    }
}

extension PortfolioMergeTests {
    /// A partial written by hand from docs/partial-format.md: one lender, one loan of 100 on
    /// 2023-12-31 disbursed for 500. `lie` changes one thing no tape can give.
    static func handMadePartial(_ lie: HandMadeLie?) -> [UInt8] {
        var bytes: [UInt8] = []
        func integer<Value: FixedWidthInteger>(_ value: Value) {
            withUnsafeBytes(of: value.littleEndian) { bytes += $0 }
        }
        func text(_ value: String) {
            integer(UInt32(value.utf8.count))
            bytes += value.utf8
        }
        func texts(_ values: [String]) {
            integer(UInt32(values.count))
            values.forEach(text)
        }
        let day2023End = Int32(19_722) // 2023-12-31
        bytes += Array("MicroPanel portfolio partial\n".utf8)
        integer(UInt32(1))
        text("year")
        integer(UInt8(12))
        texts([
            "client_id", "days_late", "disbursed_amount", "disbursed_on", "institution_id", "loan_id",
            "principal_outstanding", "report_date",
        ])
        texts([]) // --by
        integer(UInt64(1))
        integer(UInt64(0))
        text("")
        texts(["A"])
        texts(["L1"])
        texts(["C1"])
        integer(UInt32(1))
        integer(UInt8(12))
        integer(UInt32(lie == .groupsWithoutBy ? 1 : 0)) // groups: none without --by
        let snapshots = lie == .periodTwice ? 2 : 1
        integer(UInt32(snapshots))
        for _ in 0..<snapshots {
            integer(UInt32(0))
            integer(Int32(2023))
            integer(UInt8(1))
            integer(day2023End)
            integer(UInt32(1))
            integer(UInt32(0)) // loan L1
            let groups = lie == .groupTwice ? 2 : 1
            integer(UInt32(groups))
            for _ in 0..<groups {
                integer(UInt32(0))
                integer(UInt64(lie == .moreLoansThanListed ? 5 : 1))
                integer(UInt64(0))
                integer(UInt128(100_000_000))
                for _ in 1..<13 { integer(UInt128(0)) }
                integer(UInt32(1))
                integer(UInt32(0)) // C1
                integer(UInt32(0))
                integer(UInt32(0))
            }
        }
        let amount: Double = lie == .negativeAmount ? -1 : lie == .hugeAmount ? 1e300 : 500
        for ledger in 0..<3 {
            integer(UInt32(ledger == 1 ? 0 : 1))
            if ledger == 1 { continue }
            integer(UInt32(0))
            integer(UInt32(0))
            integer(lie == .eventInYear30000 ? Int32(10_000_000) : Int32(19_358)) // 2023-01-01
            integer(amount.bitPattern)
            integer(UInt32(0))
        }
        let body = bytes.count
        integer(CRC32Reference.checksum(bytes[0..<body]))
        integer(UInt64(body))
        bytes += Array("end\n".utf8)
        return bytes
    }

    enum HandMadeLie: CaseIterable {
        case negativeAmount, hugeAmount, eventInYear30000, groupsWithoutBy, periodTwice, groupTwice,
            moreLoansThanListed
    }

    /// The hand-made partial merges into the panel it describes; each lie in it (checksum
    /// right) is one error line and exit 3, not a trap or a wrong figure.
    @Test func aPartialThatNoTapeGivesIsRefused() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("hand.part")
        try Data(Self.handMadePartial(nil)).write(to: URL(fileURLWithPath: path))
        let merged = try CommandLineTool.run(["merge", path, "-q"])
        #expect(merged.status == 0, "\(merged.error)")
        let table = try ByteStreams.scan(Array(merged.output.utf8), chunkSize: 1 << 20)
        let row = Dictionary(uniqueKeysWithValues: zip(table.header, table.rows[0]))
        #expect(row["Gross Loan Portfolio"] == "100")
        #expect(row["Value of loans disbursed"] == "500")
        #expect(row["Number of active borrowers"] == "1")
        let reasons: [HandMadeLie: String] = [
            .negativeAmount: "an event of day 19358 or amount -1.0 no tape has",
            .hugeAmount: "no tape has",
            .eventInYear30000: "an event of day 10000000",
            .groupsWithoutBy: "breakdown groups without --by",
            .periodTwice: "an institution's period twice",
            .groupTwice: "a breakdown group twice in one snapshot",
            .moreLoansThanListed: "more loans counted than the snapshot lists",
        ]
        for lie in HandMadeLie.allCases {
            try Data(Self.handMadePartial(lie)).write(to: URL(fileURLWithPath: path))
            let result = try CommandLineTool.run(["merge", path, "-o", directory.path("out.csv")])
            #expect(result.status == 3, "\(lie)")
            #expect(result.error.contains(reasons[lie]!), "\(lie): \(result.error)")
            #expect(result.error.split(separator: "\n").count == 1)
        }
    }
}

/// CRC-32 (gzip's), bit by bit: an independent check of the partial's trailer.
enum CRC32Reference {
    static func checksum(_ bytes: ArraySlice<UInt8>) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }
}
