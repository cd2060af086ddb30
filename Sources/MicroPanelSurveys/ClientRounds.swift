import MicroPanelSupport

/// Every interview a survey kept: institution, client and round (the key: one interview per
/// client per round of an institution), with the client's segment and score. A flat,
/// open-addressing table of 16-byte entries in input order: about 24 bytes per interview and no
/// allocation per interview. It finds a client's second interview in a round, and the same
/// client in another round for the panel estimates.
final class ClientRounds {
    /// One interview.
    struct Visit {
        var client: UInt32
        var institution: UInt32
        var segment: UInt32
        var round: UInt16
        /// The score's index in the look-up table, or ``unscored``.
        var score: UInt16
    }

    /// The score of an interview with a missing answer.
    static let unscored = UInt16.max

    private let visits = GrowableBuffer<Visit>(capacity: 1 << 12)
    /// Per slot: 1 + the index of a visit, 0 for empty; the count is a power of two.
    private let slots = GrowableBuffer<UInt32>(filledWith: 0, count: 1 << 13)

    /// Interviews kept.
    var count: Int { visits.count }

    /// The interview number `index`, in input order.
    @inline(__always)
    func visit(_ index: Int) -> Visit { visits.base[index] }

    /// Keeps `visit`; false (and nothing kept) when its client already has an interview in that
    /// round of that institution.
    func insert(_ visit: Visit) -> Bool {
        let mask = slots.count - 1
        var slot = Self.hash(visit.client, visit.institution, visit.round) & mask
        while true {
            let entry = slots.base[slot]
            if entry == 0 { break }
            let other = visits.base[Int(entry - 1)]
            if other.client == visit.client && other.institution == visit.institution && other.round == visit.round {
                return false
            }
            slot = (slot + 1) & mask
        }
        visits.append(visit)
        slots.base[slot] = UInt32(visits.count)
        if visits.count * 2 > slots.count { rehash() }
        return true
    }

    /// The interview of `client` of `institution` in `round`, if any.
    func find(client: UInt32, institution: UInt32, round: UInt16) -> Visit? {
        let mask = slots.count - 1
        var slot = Self.hash(client, institution, round) & mask
        while true {
            let entry = slots.base[slot]
            if entry == 0 { return nil }
            let other = visits.base[Int(entry - 1)]
            if other.client == client && other.institution == institution && other.round == round { return other }
            slot = (slot + 1) & mask
        }
    }

    private func rehash() {
        let count = slots.count * 2
        slots.reserve(count)
        slots.count = count
        slots.base.update(repeating: 0, count: count)
        let mask = count - 1
        for index in 0..<visits.count {
            let visit = visits.base[index]
            var slot = Self.hash(visit.client, visit.institution, visit.round) & mask
            while slots.base[slot] != 0 { slot = (slot + 1) & mask }
            slots.base[slot] = UInt32(index + 1)
        }
    }

    @inline(__always)
    private static func hash(_ client: UInt32, _ institution: UInt32, _ round: UInt16) -> Int {
        var hash = (UInt64(client) | UInt64(institution) << 32) &* 0x9E37_79B9_7F4A_7C15
        hash ^= UInt64(round) &* 0xBF58_476D_1CE4_E5B9
        hash ^= hash >> 29
        return Int(truncatingIfNeeded: hash)
    }
}
