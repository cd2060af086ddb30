/// A poverty rate of one institution, round, segment and poverty line.
public struct PovertyRate: Sendable, Equatable {
    /// Indexes into ``PovertyEstimates``' institutions, rounds (round order), segments and lines.
    public var institution: Int, round: Int, segment: Int, line: Int
    /// Clients with a score.
    public var n: Int
    /// (Σw)² / Σw²: equal to `n` without weights.
    public var effectiveN: Double
    /// The mean of the clients' likelihoods, weighted when the survey has weights.
    public var rate: Double
    /// α · √(rate (1 − rate) / effective n).
    public var se: Double
    /// rate ∓ z · se.
    public var low: Double, high: Double
}

/// The change of a poverty rate between two rounds. Change is not impact.
public struct PovertyChange: Sendable, Equatable {
    /// Indexes into ``PovertyEstimates``' institutions, segments, lines and rounds (round order).
    public var institution: Int, segment: Int, line: Int
    public var from: Int, to: Int
    /// Clients with a score in each round.
    public var nFrom: Int, nTo: Int
    /// rate_to − rate_from, over every client of each round.
    public var change: Double
    /// α_change · √(p₁(1 − p₁)/n₁ + p₂(1 − p₂)/n₂) (effective n with weights): the
    /// independent-samples formula, also when some clients appear in both rounds.
    public var se: Double
    /// change ∓ z · se.
    public var low: Double, high: Double
    /// Clients scored in both rounds (in the same segment).
    public var nPanel: Int
    /// Their mean change of likelihood, mean(l₂ − l₁), unweighted; nil without such clients.
    public var changePanel: Double?
    /// α_change · sd(l₂ − l₁) / √n_panel, sd with n − 1; nil below two such clients.
    public var sePanel: Double?
}

/// Poverty rates and their changes from a tallied survey (outreach contract §2): a rate is the
/// mean of the clients' likelihoods, never the share above a cut-off.
public struct PovertyEstimates: Sendable {
    /// The institutions' ids.
    public let institutions: [String]
    /// The rounds, in round order (with their years when every round is a year or a date).
    public let rounds: SurveyRounds
    /// The `--by` fields' headers, and per segment its values (empty for a missing value).
    public let segmentFields: [String]
    public let segments: [[String]]
    /// The look-up table's poverty lines.
    public let povertyLines: [String]
    /// Whether the survey weights its clients.
    public let weighted: Bool
    /// Per institution × round × segment × poverty line, sorted by institution, round, segment
    /// values, line.
    public let rates: [PovertyRate]
    /// Per institution × segment × poverty line × pair of rounds (consecutive, or each against
    /// the baseline), sorted by institution, segment values, line, rounds.
    public let changes: [PovertyChange]

    /// Estimates from `tally`, once its survey is read: `institutionIds`, `roundLabels` and
    /// `segmentValues` (per `--by` column) are the loaded columns' dictionaries, in code order.
    public init(
        tally: SurveyTally, institutionIds: [String], roundLabels: [String], segmentValues: [[String]],
        options: PovertyOptions
    ) throws(SurveyError) {
        let lines = tally.table.povertyLines
        let alpha = try options.alpha.values(for: lines)
        let alphaChange = try options.alphaChange.values(for: lines)
        let z = options.confidence.z
        let rounds = SurveyRounds(labels: roundLabels)
        var baseline: Int?
        if let label = options.baseline {
            guard let index = roundLabels.firstIndex(of: label) else {
                throw SurveyError(.unknownRound(label, known: rounds.labels))
            }
            baseline = rounds.positions[index]
        }
        institutions = institutionIds
        self.rounds = rounds
        segmentFields = tally.columns.segments
        // Without --by, every interview is in segment 0, which has no values.
        let segments =
            tally.segmentCodes.isEmpty
            ? [[]]
            : tally.segmentCodes.map { codes in
                codes.enumerated().map { column, code in
                    Int(code) < segmentValues[column].count ? segmentValues[column][Int(code)] : ""
                }
            }
        self.segments = segments
        povertyLines = lines
        weighted = tally.columns.weight != nil

        // Rates, group by group in output order.
        let keys = tally.groupKeys
        let order = keys.indices.sorted { a, b in
            let (x, y) = (keys[a], keys[b])
            if x.institution != y.institution {
                return institutionIds[Int(x.institution)] < institutionIds[Int(y.institution)]
            }
            let (rx, ry) = (rounds.positions[Int(x.round)], rounds.positions[Int(y.round)])
            if rx != ry { return rx < ry }
            return segments[Int(x.segment)].lexicographicallyPrecedes(segments[Int(y.segment)])
        }
        var rates: [PovertyRate] = []
        var rateOfGroup = [Int](repeating: 0, count: keys.count)
        for group in order {
            rateOfGroup[group] = rates.count
            let key = keys[group]
            let n = tally.scoredCounts[group]
            let weights = tally.weightSums[group]
            let effectiveN = weights * weights / tally.weightSquareSums[group]
            for line in lines.indices {
                let rate = tally.weightedLikelihoodSums[group * lines.count + line] / weights
                let se = alpha[line] * (rate * (1 - rate) / effectiveN).squareRoot()
                rates.append(
                    PovertyRate(
                        institution: Int(key.institution), round: rounds.positions[Int(key.round)],
                        segment: Int(key.segment), line: line, n: n, effectiveN: effectiveN, rate: rate, se: se,
                        low: rate - z * se, high: rate + z * se))
            }
        }
        self.rates = rates

        // Pairs of rounds per institution and segment: consecutive rounds with scored clients,
        // or each such round against the baseline.
        struct Series: Hashable {
            var institution: UInt32, segment: UInt32
        }
        struct Pair {
            var from: Int, to: Int
            /// Rounds as coded in the survey (the keys of its interviews).
            var fromCode: UInt16, toCode: UInt16
            /// The first rate row of each round's group.
            var fromRates: Int, toRates: Int
        }
        var groupsOfSeries: [Series: [Int]] = [:]
        var seriesOrder: [Series] = []
        for group in order {
            let series = Series(institution: keys[group].institution, segment: keys[group].segment)
            if groupsOfSeries[series] == nil { seriesOrder.append(series) }
            groupsOfSeries[series, default: []].append(group)
        }
        var pairs: [Pair] = []
        var pairsOfSeries: [Series: Range<Int>] = [:]
        for series in seriesOrder {
            let groups = groupsOfSeries[series]!
            func pair(_ a: Int, _ b: Int) -> Pair {
                Pair(
                    from: rates[rateOfGroup[a]].round, to: rates[rateOfGroup[b]].round,
                    fromCode: UInt16(keys[a].round), toCode: UInt16(keys[b].round), fromRates: rateOfGroup[a],
                    toRates: rateOfGroup[b])
            }
            let start = pairs.count
            if let baseline {
                if let base = groups.first(where: { rates[rateOfGroup[$0]].round == baseline }) {
                    pairs += groups.filter { $0 != base }.map { pair(base, $0) }
                }
            } else {
                pairs += zip(groups, groups.dropFirst()).map { pair($0, $1) }
            }
            pairsOfSeries[series] = start..<pairs.count
        }

        // The panel: every scored interview against the same client's in the pair's later round.
        var panel = [Welford](repeating: Welford(), count: pairs.count * lines.count)
        let table = tally.table
        for index in 0..<tally.visits.count {
            let visit = tally.visits.visit(index)
            guard visit.score != ClientRounds.unscored,
                let range = pairsOfSeries[Series(institution: visit.institution, segment: visit.segment)]
            else { continue }
            for pairIndex in range where pairs[pairIndex].fromCode == visit.round {
                guard
                    let later = tally.visits.find(
                        client: visit.client, institution: visit.institution, round: pairs[pairIndex].toCode),
                    later.segment == visit.segment, later.score != ClientRounds.unscored
                else { continue }
                for line in lines.indices {
                    panel[pairIndex * lines.count + line].add(
                        table.likelihood(scoreIndex: Int(later.score), line: line)
                            - table.likelihood(scoreIndex: Int(visit.score), line: line))
                }
            }
        }

        var changes: [PovertyChange] = []
        for series in seriesOrder {
            for line in lines.indices {
                for pairIndex in pairsOfSeries[series]! {
                    let pair = pairs[pairIndex]
                    let first = rates[pair.fromRates + line]
                    let second = rates[pair.toRates + line]
                    let (p1, p2) = (first.rate, second.rate)
                    let se =
                        alphaChange[line]
                        * (p1 * (1 - p1) / first.effectiveN + p2 * (1 - p2) / second.effectiveN).squareRoot()
                    let change = p2 - p1
                    let differences = panel[pairIndex * lines.count + line]
                    changes.append(
                        PovertyChange(
                            institution: first.institution, segment: first.segment, line: line, from: pair.from,
                            to: pair.to, nFrom: first.n, nTo: second.n, change: change, se: se, low: change - z * se,
                            high: change + z * se, nPanel: differences.count,
                            changePanel: differences.count > 0 ? differences.mean : nil,
                            sePanel: differences.count > 1
                                ? alphaChange[line] * differences.sampleVariance.squareRoot()
                                    / Double(differences.count).squareRoot() : nil))
                }
            }
        }
        self.changes = changes
    }
}

/// A running mean and sum of squared deviations (Welford), exact enough for millions of terms.
struct Welford {
    private(set) var count = 0
    private(set) var mean = 0.0
    private var squaredDeviations = 0.0

    mutating func add(_ value: Double) {
        count += 1
        let delta = value - mean
        mean += delta / Double(count)
        squaredDeviations += delta * (value - mean)
    }

    /// The variance with n − 1 in the denominator.
    var sampleVariance: Double { squaredDeviations / Double(count - 1) }
}
