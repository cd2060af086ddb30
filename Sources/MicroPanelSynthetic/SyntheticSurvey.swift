#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A deterministic generator of client poverty surveys, their scorecard and look-up table: the
/// bundled demo of `micropanel poverty` and the benchmarks' surveys of millions of interviews.
///
/// Everything here is SYNTHETIC: the card's ten questions and points, the look-up table's
/// likelihoods and the clients are made up, and say nothing about any country or institution.
/// Each institution interviews `clientsPerRound` clients in each of three rounds (2020, 2022,
/// 2024); about 60% of a round's clients were interviewed in the round before. A client's answers
/// follow a latent wealth that rises a little from round to round; about 1% of interviews leave
/// one question unanswered. The same size and seed always give the same bytes.
public struct SyntheticSurvey: Sendable {
    /// Interviews to write.
    public var interviews: Int
    /// Interviews per institution and round.
    public var clientsPerRound: Int
    /// The random seed.
    public var seed: UInt64

    /// A survey of `interviews` interviews.
    public init(interviews: Int, clientsPerRound: Int = 120, seed: UInt64 = 1) {
        self.interviews = interviews
        self.clientsPerRound = max(1, clientsPerRound)
        self.seed = seed
    }

    /// The rounds.
    public static let rounds = ["2020", "2022", "2024"]

    /// The card's questions, their three answers (poorest first) and the points of the best answer
    /// (the middle answer has half): 100 points in all.
    static let questions: [(name: String, answers: [String], points: Int)] = [
        ("household_members", ["7 or more", "4 to 6", "3 or fewer"], 16),
        ("children_in_school", ["none", "some", "all or no children"], 12),
        ("head_education", ["none", "primary", "secondary or more"], 10),
        ("roof", ["thatch", "iron sheets", "tiles or concrete"], 10),
        ("floor", ["earth", "wood", "cement or tiles"], 10),
        ("cooking_fuel", ["firewood", "charcoal", "gas or electricity"], 10),
        ("toilet", ["none", "shared", "private"], 10),
        ("television", ["none", "one", "two or more"], 8),
        ("refrigerator", ["none", "one", "two or more"], 8),
        ("livestock", ["none", "small animals", "cattle"], 6),
    ]

    /// The poverty lines of the look-up table, and the score at which each likelihood is one half.
    static let povertyLines: [(name: String, midpoint: Double, spread: Double)] = [
        ("synthetic_national", 45, 9), ("synthetic_extreme", 28, 7),
    ]

    /// The scorecard, `indicator,answer,points`.
    public static var scorecardCSV: String {
        var text = "indicator,answer,points\n"
        for question in questions {
            for (level, answer) in question.answers.enumerated() {
                text += "\(question.name),\(answer),\(question.points * level / 2)\n"
            }
        }
        return text
    }

    /// The look-up table, `score,poverty_line,likelihood`: every score from 0 to 100, the
    /// likelihood a logistic curve rounded to three decimals.
    public static var lookupCSV: String {
        var text = "score,poverty_line,likelihood\n"
        for line in povertyLines {
            for score in 0...100 {
                let likelihood = 1 / (1 + exp((Double(score) - line.midpoint) / line.spread))
                let thousandths = Int((likelihood * 1000).rounded())
                let digits = String(thousandths)
                let fraction =
                    thousandths == 1000 ? "1.000" : "0." + String(repeating: "0", count: 3 - digits.count) + digits
                text += "\(score),\(line.name),\(fraction)\n"
            }
        }
        return text
    }

    /// The survey's header.
    public static var header: [String] {
        ["mfi_id", "client_id", "round", "gender", "location"] + questions.map(\.name)
    }

    /// Writes the survey as CSV to `sink`, a megabyte at a time.
    public func write(to sink: (UnsafeRawBufferPointer) throws -> Void) rethrows {
        var out = TextBuffer(capacity: 1 << 20)
        out.append(Self.header.joined(separator: ","))
        out.newline()
        var random = SplitMix64(seed: seed)
        var written = 0
        var institution = 0
        let answerBytes = Self.questions.map { $0.answers.map { Array($0.utf8) } }
        while written < interviews {
            institution += 1
            // Clients of this institution: a latent wealth, gender and location each.
            var clients: [(wealth: Double, female: Bool, rural: Bool)] = []
            var previous: [Int] = []
            let id = "DEMO-\(institution < 10 ? "0" : "")\(institution)"
            for (roundIndex, round) in Self.rounds.enumerated() where written < interviews {
                var current: [Int] = []
                for client in previous where random.unit() < 0.6 { current.append(client) }
                while current.count < clientsPerRound {
                    clients.append((random.normal(), random.unit() < 0.7, random.unit() < 0.55))
                    current.append(clients.count - 1)
                }
                current.sort()
                for client in current where written < interviews {
                    let person = clients[client]
                    out.append("\(id),\(id)-C\(client + 1),\(round),")
                    out.append(person.female ? "female," : "male,")
                    out.append(person.rural ? "rural" : "urban")
                    let skipped = random.unit() < 0.01 ? random.below(Self.questions.count) : -1
                    let wealth = person.wealth + 0.12 * Double(roundIndex) - (person.rural ? 0.4 : 0)
                    for question in 0..<Self.questions.count {
                        out.comma()
                        let signal = wealth + 0.8 * random.normal()
                        let level = signal < -0.5 ? 0 : signal < 0.6 ? 1 : 2
                        if question != skipped { out.bytes(answerBytes[question][level]) }
                    }
                    out.newline()
                    written += 1
                    if out.count >= (1 << 20) - 4096 {
                        try out.withBytes(sink)
                        out.clear()
                    }
                }
                previous = current
            }
        }
        try out.withBytes(sink)
    }
}

extension SplitMix64 {
    /// Standard normal (Box-Muller).
    mutating func normal() -> Double {
        let u1 = max(unit(), 1e-300)
        let u2 = unit()
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }
}
