import MicroPanelSupport
import MicroPanelTestSupport
import Testing

/// ``ExactSum``: the same sum in any order, cents adding up as decimals, overflow refused.
@Suite struct ExactSumTests {
    @Test func theSumDoesNotDependOnTheOrder() {
        var random = SeededGenerator(seed: 7)
        var amounts: [Double] = []
        for _ in 0..<10_000 {
            let cents = Int.random(in: 0..<10_000_000, using: &random)
            let halfCent = Int.random(in: 0..<2, using: &random)
            amounts.append(Double(cents) / 100 + 0.005 * Double(halfCent))
        }
        var forward = ExactSum()
        var backward = ExactSum()
        var fits = true
        for amount in amounts { fits = forward.add(amount) && fits }
        for amount in amounts.reversed() { fits = backward.add(amount) && fits }
        #expect(fits)
        #expect(forward == backward)
        // Against the millionths summed as integers here.
        let millionths = amounts.reduce(0) { $0 + Int(($1 * 1_000_000).rounded()) }
        #expect(forward.value == Double(millionths) / 1_000_000)
        // A running double sum of the same amounts depends on the order.
        let naive = (amounts.reduce(0, +), amounts.reversed().reduce(0, +))
        #expect(naive.0 != naive.1)
    }

    @Test func centsAddUpAsDecimals() {
        var sum = ExactSum()
        var fits = true
        for amount in [0.1, 0.2, 0.3, 100.10, 200.20] { fits = sum.add(amount) && fits }
        #expect(sum.value == 300.9)
        var two = ExactSum()
        fits = two.add(100.10) && two.add(200.20) && fits
        #expect(two.value == 300.3)
        let running: Double = [100.10, 200.20].reduce(0, +)
        #expect(running == 300.29999999999995)
        var doubled = ExactSum()
        fits = doubled.add(sum) && doubled.add(sum) && fits
        #expect(fits)
        #expect(doubled.value == 601.8)
    }

    @Test func largeAmountsAndOverflow() {
        var sum = ExactSum()
        let fits = sum.add(4e18) && sum.add(4e18)
        #expect(fits)
        #expect(sum.value == 8e18)
        var full = ExactSum(millionths: 99_999_999_999_999_999_999_999_999_999_999_999_999)
        let before = full
        let overflows = !full.add(1)
        #expect(overflows)
        #expect(full == before)
    }
}

/// ``KeyIndex``: dense numbers in insertion order, found again after growing.
@Suite struct KeyIndexTests {
    @Test func keysAreNumberedInOrderAndFound() {
        let index = KeyIndex()
        var random = SeededGenerator(seed: 3)
        var keys: [UInt64] = []
        var seen: Set<UInt64> = []
        while keys.count < 50_000 {
            let key = KeyIndex.key(
                UInt32.random(in: 0..<4, using: &random), UInt32.random(in: 0..<(1 << 20), using: &random))
            let (number, inserted) = index.insert(key)
            #expect(inserted == !seen.contains(key))
            if inserted {
                #expect(number == keys.count)
                keys.append(key)
                seen.insert(key)
            } else {
                #expect(keys[number] == key)
            }
        }
        #expect(index.count == keys.count)
        for (number, key) in keys.enumerated() {
            #expect(index.index(of: key) == number)
            #expect(index.key(at: number) == key)
        }
        #expect(index.index(of: KeyIndex.key(9, 9)) == nil)
    }
}
