import MicroPanelCSV
import MicroPanelColumns
import MicroPanelSupport

/// Scores a survey's interviews batch by batch as the loader reads them, and keeps only what the
/// estimates need: per institution × round × segment the sums of weights and weighted
/// likelihoods, and per interview its client, round, segment and score (``ClientRounds``). The
/// loaded rows are removed after each batch, so the survey's text never accumulates.
///
/// `@unchecked Sendable`: used by the loading thread alone, then read once loading is over.
public final class SurveyTally: @unchecked Sendable {
    /// One institution, round (its code in the round column) and segment.
    struct GroupKey: Hashable {
        var institution: UInt32
        var round: UInt32
        var segment: UInt32
    }

    /// The survey's columns.
    public let columns: SurveyColumns
    let card: Scorecard?
    let table: LikelihoodTable
    private let skipsBadInterviews: Bool

    /// Groups in order of first appearance, and their sums.
    private(set) var groupKeys: [GroupKey] = []
    private var groupIndex: [GroupKey: Int] = [:]
    private var lastGroup: (key: GroupKey, index: Int)?
    /// Per group: scored interviews, Σw, Σw².
    private(set) var scoredCounts: [Int] = []
    private(set) var weightSums: [Double] = []
    private(set) var weightSquareSums: [Double] = []
    /// Per group × poverty line: Σ w · likelihood.
    private(set) var weightedLikelihoodSums: [Double] = []

    /// Per segment: the codes of its `--by` values, in the order segments first appear.
    private(set) var segmentCodes: [[UInt32]] = []
    private var segmentIndex: [[UInt32]: UInt32] = [:]
    private var segmentScratch: [UInt32]

    /// Per card indicator: the points of each answer code of its column (NaN: not on the card).
    private var answerPoints: [[Double]]

    /// Every interview kept.
    let visits = ClientRounds()

    /// Interviews read, whether kept or not.
    public private(set) var interviews = 0
    /// Interviews kept without a score (an answer or the score missing): left out of the rates.
    public private(set) var unscored = 0
    /// Interviews left out by `--on-bad-row skip`, per reason: how many, and where the first was.
    public private(set) var skipped: [(reason: String, count: Int, first: String)] = []

    /// A tally of a survey whose columns are `columns`, scored with `card` (nil: the survey's
    /// score column) and `table`; bad interviews stop the load unless `skipBadInterviews`.
    public init(columns: SurveyColumns, card: Scorecard?, table: LikelihoodTable, skipBadInterviews: Bool) {
        self.columns = columns
        self.card = card
        self.table = table
        skipsBadInterviews = skipBadInterviews
        segmentScratch = [UInt32](repeating: 0, count: columns.segments.count)
        answerPoints = columns.answers.map { _ in [] }
    }

    /// Scores the rows `builder` holds (read from `input`), then removes them.
    package func consume(_ builder: TableBuilder, input: String) throws(SurveyError) {
        let rows = builder.appendedRowCount
        guard rows > 0 else { return }
        defer { builder.removeAppendedRows() }
        let batch = Batch(
            institutions: builder.textCodes(columns.institution)!, clients: builder.textCodes(columns.client)!,
            rounds: builder.textCodes(columns.round)!, weights: columns.weight.flatMap { builder.numberValues($0) },
            scores: columns.score.flatMap { builder.numberValues($0) },
            answers: columns.answers.map { builder.textCodes($0)! },
            segments: columns.segments.map { builder.textCodes($0)! }, builder: builder)
        let lines = builder.lines.base
        for row in 0..<rows {
            interviews += 1
            do throws(SurveyError) {
                try take(row, of: batch)
            } catch var error {
                error.file = input
                error.line = lines[row]
                guard skipsBadInterviews && error.isSkippable else { throw error }
                noteSkip(error)
            }
        }
    }

    /// The columns of one batch.
    private struct Batch {
        let institutions: UnsafePointer<UInt32>
        let clients: UnsafePointer<UInt32>
        let rounds: UnsafePointer<UInt32>
        let weights: UnsafePointer<Double>?
        let scores: UnsafePointer<Double>?
        let answers: [UnsafePointer<UInt32>]
        let segments: [UnsafePointer<UInt32>]
        let builder: TableBuilder

        func client(_ row: Int, _ columns: SurveyColumns) -> String? {
            clients[row] == TextColumn.missing ? nil : builder.textValue(columns.client, code: clients[row])
        }
    }

    private func take(_ row: Int, of batch: Batch) throws(SurveyError) {
        let institution = batch.institutions[row]
        let client = batch.clients[row]
        let round = batch.rounds[row]
        if institution == TextColumn.missing || client == TextColumn.missing || round == TextColumn.missing {
            let column =
                institution == TextColumn.missing
                ? columns.institution : client == TextColumn.missing ? columns.client : columns.round
            throw SurveyError(.missingValue(column: column, client: batch.client(row, columns)))
        }
        guard round < UInt32(UInt16.max) else { throw SurveyError(.tooManyRounds(limit: Int(UInt16.max) - 1)) }
        let score = try scoreIndex(row, of: batch)
        var weight = 1.0
        if let weights = batch.weights {
            weight = weights[row]
            guard weight > 0 && weight.isFinite else {
                throw SurveyError(
                    .badWeight(
                        client: batch.client(row, columns)!, weight: weight.isNaN ? "" : NumberText.plain(weight)))
            }
        }
        let segment = segment(row, of: batch)
        let visit = ClientRounds.Visit(
            client: client, institution: institution, segment: segment, round: UInt16(round),
            score: score.map(UInt16.init) ?? ClientRounds.unscored)
        guard visits.insert(visit) else {
            throw SurveyError(
                .duplicateClient(
                    client: batch.client(row, columns)!,
                    round: batch.builder.textValue(columns.round, code: round) ?? ""))
        }
        guard let score else {
            unscored += 1
            return
        }
        let group = self.group(GroupKey(institution: institution, round: round, segment: segment))
        scoredCounts[group] += 1
        weightSums[group] += weight
        weightSquareSums[group] += weight * weight
        let lines = table.povertyLines.count
        for line in 0..<lines {
            weightedLikelihoodSums[group * lines + line] += weight * table.likelihood(scoreIndex: score, line: line)
        }
    }

    /// The look-up index of the row's score; nil when an answer (or the score) is missing.
    private func scoreIndex(_ row: Int, of batch: Batch) throws(SurveyError) -> Int? {
        var total: Double
        if let scores = batch.scores {
            total = scores[row]
            if total.isNaN { return nil }
        } else {
            total = 0
            var complete = true
            for (indicator, codes) in batch.answers.enumerated() {
                let code = codes[row]
                if code == TextColumn.missing {
                    complete = false
                    continue
                }
                let points = points(indicator: indicator, code: code, batch.builder)
                guard !points.isNaN else {
                    let card = card!
                    throw SurveyError(
                        .answerNotOnCard(
                            client: batch.client(row, columns)!, indicator: card.indicators[indicator],
                            answer: batch.builder.textValue(columns.answers[indicator], code: code) ?? "",
                            known: card.answers(of: indicator)))
                }
                total += points
            }
            if !complete { return nil }
            // Points with decimals add up with rounding errors: 0.1 + 0.2 is the table's 0.3.
            total = (total * 1e6).rounded() / 1e6
        }
        guard let index = table.index(ofScore: total) else {
            throw SurveyError(.scoreNotInTable(client: batch.client(row, columns)!, score: NumberText.plain(total)))
        }
        return index
    }

    /// The points of answer `code` to card indicator number `indicator` (NaN: not on the card),
    /// looked up on the card once per distinct answer.
    @inline(__always)
    private func points(indicator: Int, code: UInt32, _ builder: TableBuilder) -> Double {
        while answerPoints[indicator].count <= Int(code) {
            let next = UInt32(answerPoints[indicator].count)
            let answer = builder.textValue(columns.answers[indicator], code: next) ?? ""
            answerPoints[indicator].append(card!.points(indicator: indicator, answer: answer) ?? .nan)
        }
        return answerPoints[indicator][Int(code)]
    }

    private func segment(_ row: Int, of batch: Batch) -> UInt32 {
        guard !batch.segments.isEmpty else { return 0 }
        for (index, codes) in batch.segments.enumerated() { segmentScratch[index] = codes[row] }
        if let known = segmentIndex[segmentScratch] { return known }
        let code = UInt32(segmentCodes.count)
        segmentCodes.append(segmentScratch)
        segmentIndex[segmentScratch] = code
        return code
    }

    private func group(_ key: GroupKey) -> Int {
        if let last = lastGroup, last.key == key { return last.index }
        let index: Int
        if let known = groupIndex[key] {
            index = known
        } else {
            index = groupKeys.count
            groupIndex[key] = index
            groupKeys.append(key)
            scoredCounts.append(0)
            weightSums.append(0)
            weightSquareSums.append(0)
            weightedLikelihoodSums += [Double](repeating: 0, count: table.povertyLines.count)
        }
        lastGroup = (key, index)
        return index
    }

    private func noteSkip(_ error: SurveyError) {
        let reason = error.skipReason
        if let index = skipped.firstIndex(where: { $0.reason == reason }) {
            skipped[index].count += 1
        } else {
            skipped.append((reason, 1, error.location.prefix.dropLast(2).description))
        }
    }
}
