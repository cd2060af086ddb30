import Foundation
import MicroPanel
import MicroPanelTestSupport
import Testing

/// Collects what is written.
private final class CollectingSink: ByteSink {
    var bytes: [UInt8] = []
    func write(_ more: UnsafeRawBufferPointer) throws { bytes += more }
}

/// The indicator table of `source`, written by the pipeline twice: once computing every row
/// after the load, once with rows computed and formatted while loading (as a loading thread
/// behind on every `busyEvery`-th batch, when given); and how many rows were kept.
private func bothWays(
    _ source: PanelSource, format: OutputFormat = .csv, indicators: [Indicator] = Indicator.allCases,
    busyEvery: Int? = nil
) throws -> (after: [UInt8], during: [UInt8], kept: Int, rows: Int) {
    func run(_ preformatting: Preformatting) throws -> ([UInt8], RunSummary) {
        let sink = CollectingSink()
        var configuration = try ComputeConfiguration(
            source: source, indicators: indicators, output: TableOutput(sink: sink, format: format))
        configuration.preformatting = preformatting
        let run = try Pipeline.compute(configuration)
        return (sink.bytes, run)
    }
    let (after, plain) = try run(.never)
    let (during, streamed) = try run(busyEvery.map(Preformatting.busyEvery) ?? .always)
    #expect(plain.rowsFormattedWhileLoading == 0)
    return (after, during, streamed.rowsFormattedWhileLoading, streamed.report?.panelRows ?? 0)
}

@Suite("rows formatted while loading")
struct PreformattingTests {
    @Test(
        "the bundled sample: every row formatted while loading, the same bytes",
        arguments: OutputFormat.allCases.filter(\.isText))
    func bundledSample(format: OutputFormat) throws {
        let result = try bothWays(PanelSource(inputs: [.bundledSample]), format: format)
        #expect(result.during == result.after)
        #expect(result.kept == 254)
    }

    @Test("a generated panel, grouped by institution, then shuffled: the same bytes either way")
    func generatedAndShuffled() throws {
        let text = try generatedText(rows: 6000)
        let grouped = try bothWays(PanelSource(inputs: [.memory(name: "grouped", bytes: text)], threads: Threads(1)))
        #expect(grouped.during == grouped.after)
        #expect(grouped.kept == grouped.rows)
        // Checked in two slices of the panel on two threads: every row still kept.
        let twoThreads = try bothWays(PanelSource(inputs: [.memory(name: "grouped", bytes: text)], threads: Threads(2)))
        #expect(twoThreads.during == grouped.after)
        #expect(twoThreads.kept == twoThreads.rows)
        let busy = try bothWays(
            PanelSource(inputs: [.memory(name: "busy", bytes: text)], reading: LoadOptions(readSize: 64 * 1024)),
            busyEvery: 2)
        #expect(busy.during == grouped.after)
        #expect(busy.kept > 0 && busy.kept < busy.rows)

        var lines = text.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
        let header = lines.removeFirst()
        if lines.last?.isEmpty == true { lines.removeLast() }
        var random = SeededGenerator(seed: 99)
        for index in stride(from: lines.count - 1, to: 0, by: -1) {
            lines.swapAt(index, Int(random.next() >> 33) % (index + 1))
        }
        let shuffled = Array(([header] + lines).joined(separator: [0x0A])) + [0x0A]
        let result = try bothWays(
            PanelSource(inputs: [.memory(name: "shuffled", bytes: shuffled)], threads: Threads(3)))
        #expect(result.during == result.after)
        #expect(result.during == grouped.during)
        #expect(result.kept < result.rows / 2)
    }

    @Test("gaps, interim rows, duplicates, missing years, other currencies, inflation, closing averages")
    func awkwardPanel() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let panel = try directory.write(
            "panel.csv",
            text: """
                MFI ID,Fiscal Year,Period Type,Currency,Country,Gross Loan Portfolio,Number of active borrowers,Assets,\
                Equity,Net operating income,Operating expense,Financial revenue from loans
                A,2010,ANN,USD,Peru,100,10,200,50,5,12,30
                A,2011,QTR,USD,Peru,110,11,210,52,6,13,31
                A,2011,ANN,USD,Peru,120,12,220,55,7,14,33
                A,2013,ANN,USD,Peru,150,14,260,60,8,16,40
                B,2011,ANN,PEN,Peru,300,20,500,90,9,30,70
                B,2012,ANN,USD,Narnia,320,21,520,95,10,31,75
                B,2012,ANN,USD,Bolivia,330,22,530,96,11,32,76
                C,,ANN,USD,Kenya,50,5,80,20,1,5,9
                C,2012,ANN,USD,Kenya,55,6,85,21,2,6,10
                D,2012,ANN,,Vietnam,70,7,90,30,3,8,12
                C,2011,ANN,USD,Kenya,45,4,75,19,1,5,8

                """)
        let inflation = try directory.write(
            "cpi.csv", text: "country,year,rate\nPER,2011,3.4\nKEN,2012,9.4\nVNM,2012,9.1\n")
        let source = PanelSource(
            paths: [panel], panel: PanelOptions(duplicates: .keepLast, averaging: .closing),
            references: ReferenceFiles(inflation: inflation), threads: Threads(2))
        for format in OutputFormat.allCases where format.isText {
            let result = try bothWays(source, format: format)
            #expect(result.during == result.after, "\(format)")
            #expect(result.kept > 0 && result.kept < result.rows)
        }
    }

    @Test("the real MIX panel with country from MIX's metadata: the same bytes")
    func realPanel() throws {
        let result = try bothWays(
            PanelSource(paths: [Fixtures.mixPanel()], references: ReferenceFiles(institutions: Fixtures.mixMetadata())),
            indicators: [.roa, .oer, .avgLoanBalanceGNI, .depthTier, .costPerBorrowerGNI])
        #expect(result.during == result.after)
        #expect(result.kept > result.rows * 9 / 10)
    }

    private func generatedText(rows: Int) throws -> [UInt8] {
        var text: [UInt8] = []
        try ScaledPanel.bundledSample().write(rows: rows, seed: 5) { text.append(contentsOf: $0) }
        return text
    }
}
