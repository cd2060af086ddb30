/// Parquet's RLE / bit-packing hybrid encoding of small integers (definition levels,
/// dictionary indices): values in groups of eight; a group equal throughout extends a run
/// (`varint(count << 1)`, the value in whole bytes), other groups are bit-packed, least
/// significant bit first (`varint(groups << 1 | 1)`, `bitWidth` bytes a group). Only the last
/// group is padded, with zeros.
enum RunLengthBitPacking {
    /// The bits an index into `count` values needs (at least one).
    static func bitWidth(forCount count: Int) -> Int {
        max(1, Int.bitWidth - (max(count, 1) - 1).leadingZeroBitCount)
    }

    /// `values` (each below `1 << bitWidth`, `bitWidth` at most 32), encoded.
    static func encode(_ values: [UInt32], bitWidth: Int) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(values.count * bitWidth / 8 + 16)
        var runValue: UInt32 = 0
        var runCount = 0
        var packed: [UInt8] = []
        var packedGroups = 0

        func varint(_ value: Int) {
            var rest = UInt64(value)
            while rest >= 0x80 {
                out.append(UInt8(truncatingIfNeeded: rest) | 0x80)
                rest >>= 7
            }
            out.append(UInt8(rest))
        }
        func closeRun() {
            guard runCount > 0 else { return }
            varint(runCount << 1)
            for byte in 0..<(bitWidth + 7) / 8 { out.append(UInt8(truncatingIfNeeded: runValue >> (8 * UInt32(byte)))) }
            runCount = 0
        }
        func closePacked() {
            guard packedGroups > 0 else { return }
            varint(packedGroups << 1 | 1)
            out += packed
            packed.removeAll(keepingCapacity: true)
            packedGroups = 0
        }
        func pack(_ group: ArraySlice<UInt32>) {
            var accumulator: UInt64 = 0
            var bits = 0
            for index in 0..<8 {
                let value = group.startIndex + index < group.endIndex ? group[group.startIndex + index] : 0
                accumulator |= UInt64(value) << UInt64(bits)
                bits += bitWidth
                while bits >= 8 {
                    packed.append(UInt8(truncatingIfNeeded: accumulator))
                    accumulator >>= 8
                    bits -= 8
                }
            }
            packedGroups += 1
            // At most 63 groups a run: the header stays one byte.
            if packedGroups == 63 { closePacked() }
        }

        var start = 0
        while start + 8 <= values.count {
            let group = values[start..<start + 8]
            let first = group[start]
            if group.allSatisfy({ $0 == first }) {
                if runCount > 0 && runValue == first {
                    runCount += 8
                } else {
                    closeRun()
                    closePacked()
                    runValue = first
                    runCount = 8
                }
            } else {
                closeRun()
                pack(group)
            }
            start += 8
        }
        let tail = values[start...]
        if !tail.isEmpty {
            if runCount > 0 && tail.allSatisfy({ $0 == runValue }) {
                runCount += tail.count
            } else if packedGroups == 0 && tail.allSatisfy({ $0 == tail.first! }) {
                closeRun()
                runValue = tail.first!
                runCount = tail.count
            } else {
                closeRun()
                pack(tail)
            }
        }
        closeRun()
        closePacked()
        return out
    }
}
