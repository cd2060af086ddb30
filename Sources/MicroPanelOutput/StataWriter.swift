/// Writes a Stata dataset, format 118 (Stata 14 and later; read by pandas, pyreadstat, R's
/// haven, DuckDB): little-endian, UTF-8, no timestamp (the same table is the same bytes).
///
/// Numbers are doubles (missing: Stata's `.`), whole numbers longs, text `str#` up to 244 bytes
/// and `strL` beyond (each distinct string stored once, however many observations hold it: a
/// `flags` column of a few hundred bytes costs 8 bytes a row), a category a byte with its value
/// labels. Names that are not valid
/// Stata names are made valid (lower case, other characters `_`, at most 32, unique) and keep
/// their original as the variable label.
public struct StataWriter {
    let datasetLabel: String
    let variables: [Dataset.Column]
    let names: [String]

    /// A writer of `dataset` (its label cut to 80 bytes; a missing string written as an empty
    /// one, as Stata has no missing string).
    public init(_ dataset: Dataset) {
        datasetLabel = dataset.label
        let variables = dataset.columns
        var taken: Set<String> = []
        var names: [String] = []
        var labelled = variables
        for index in variables.indices {
            let name = Self.stataName(variables[index].name, taken: taken)
            if name != variables[index].name && labelled[index].label.isEmpty {
                labelled[index].label = variables[index].name
            }
            taken.insert(name)
            names.append(name)
        }
        self.variables = labelled
        self.names = names
    }

    /// `raw` as a valid, unused Stata name: lower case, characters other than letters, digits
    /// and `_` as `_`, a leading digit prefixed with `_`, at most 32 bytes, a number appended
    /// when taken.
    public static func stataName(_ raw: String, taken: Set<String>) -> String {
        let valid =
            raw.utf8.count <= 32 && raw.first.map { $0 == "_" || $0.isASCII && $0.isLetter } == true
            && raw.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
        var name =
            valid
            ? raw
            : String(raw.lowercased().map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "_" })
        if name.isEmpty || name.first!.isNumber { name = "_" + name }
        name = String(name.prefix(32))
        var candidate = name
        var number = 2
        while taken.contains(candidate) {
            let suffix = "_\(number)"
            candidate = String(name.prefix(32 - suffix.count)) + suffix
            number += 1
        }
        return candidate
    }

    private static let longMissing: Int32 = 2_147_483_621
    private static let byteMissing: UInt8 = 101
    private static let doubleMissing: UInt64 = 0x7FE0_0000_0000_0000
    /// The longest text stored as `str#` (fixed width in every row); longer text is a `strL`.
    static let maximumStrWidth = 244

    /// How one variable is stored.
    private enum Storage {
        case double, long, byte
        case str(width: Int)
        case strL

        var typeCode: UInt16 {
            switch self {
            case .double: return 65526
            case .long: return 65528
            case .byte: return 65530
            case .str(let width): return UInt16(width)
            case .strL: return 32768
            }
        }

        var width: Int {
            switch self {
            case .double, .strL: return 8
            case .long: return 4
            case .byte: return 1
            case .str(let width): return width
            }
        }

        var format: String {
            switch self {
            case .double: return "%10.0g"
            case .long: return "%12.0g"
            case .byte: return "%8.0g"
            case .str(let width): return "%-\(width)s"
            case .strL: return "%9s"
            }
        }
    }

    /// Writes the dataset to `sink`.
    public func write(to sink: any ByteSink) throws {
        let observations = variables.first?.count ?? 0
        let storage: [Storage] = variables.map { variable in
            switch variable.values {
            case .double: return .double
            case .long: return .long
            case .labelled: return .byte
            case .text(_, let values):
                let width = values.reduce(1) { max($0, $1.utf8.count) }
                return width <= Self.maximumStrWidth ? .str(width: width) : .strL
            }
        }
        // Each distinct string once, padded to its column's width; the empty string last.
        let encoded: [[[UInt8]]] = variables.indices.map { column in
            guard case .text(_, let values) = variables[column].values, case .str(let width) = storage[column] else {
                return []
            }
            return (values + [""]).map { value in
                Array(value.utf8) + [UInt8](repeating: 0, count: width - value.utf8.count)
            }
        }
        // Per strL column, the first observation of each distinct value.
        let firstRows: [[Int]] = variables.indices.map { column in
            guard case .strL = storage[column], case .text(let codes, let values) = variables[column].values else {
                return []
            }
            var first = [Int](repeating: -1, count: values.count)
            for (row, code) in codes.enumerated() where code != UInt32.max && first[Int(code)] < 0 {
                first[Int(code)] = row
            }
            return first
        }
        let strls = strlBlock(storage, firstRows: firstRows)
        let valueLabels = valueLabelBlock()
        // The map holds every section's offset: the sections before the data are built once to
        // measure them, the others follow from the data's size, then the preamble is built again.
        var offsets = preamble(storage, observations: observations, map: [UInt64](repeating: 0, count: 14)).offsets
        let rowWidth = storage.reduce(0) { $0 + $1.width }
        offsets[10] = offsets[9] + UInt64("<data>".utf8.count + observations * rowWidth + "</data>".utf8.count)
        offsets[11] = offsets[10] + UInt64("<strls>".utf8.count + strls.count + "</strls>".utf8.count)
        offsets[12] = offsets[11] + UInt64(valueLabels.count)
        offsets[13] = offsets[12] + UInt64("</stata_dta>".utf8.count)
        var out = preamble(storage, observations: observations, map: offsets).bytes
        out.tag("<data>")
        try out.flush(to: sink)
        try writeData(storage, observations: observations, encoded: encoded, firstRows: firstRows, to: sink)
        out.tag("</data><strls>")
        out.bytes(strls)
        out.tag("</strls>")
        out.bytes(valueLabels)
        out.tag("</stata_dta>")
        try out.flush(to: sink)
    }

    /// The observations, row-major, a block of rows at a time: each block is filled column by
    /// column (one type decision per column and block, not per cell), then written.
    private func writeData(
        _ storage: [Storage], observations: Int, encoded: [[[UInt8]]], firstRows: [[Int]], to sink: any ByteSink
    ) throws {
        let rowWidth = storage.reduce(0) { $0 + $1.width }
        var columnOffsets: [Int] = []
        var offset = 0
        for kind in storage {
            columnOffsets.append(offset)
            offset += kind.width
        }
        let blockRows = max(1, (1 << 20) / max(rowWidth, 1))
        var block = [UInt8](repeating: 0, count: blockRows * rowWidth)
        var first = 0
        while first < observations {
            let count = min(blockRows, observations - first)
            block.withUnsafeMutableBytes { raw in
                for (column, variable) in variables.enumerated() {
                    let base = columnOffsets[column]
                    switch variable.values {
                    case .double(let values):
                        for row in 0..<count {
                            let value = values[first + row]
                            raw.storeBytes(
                                of: (value.isNaN ? Self.doubleMissing : value.bitPattern).littleEndian,
                                toByteOffset: row * rowWidth + base, as: UInt64.self)
                        }
                    case .long(let values):
                        for row in 0..<count {
                            let value = values[first + row].map { Int32(clamping: $0) } ?? Self.longMissing
                            raw.storeBytes(of: value.littleEndian, toByteOffset: row * rowWidth + base, as: Int32.self)
                        }
                    case .labelled(let values, _):
                        for row in 0..<count {
                            raw[row * rowWidth + base] = values[first + row].map(UInt8.init) ?? Self.byteMissing
                        }
                    case .text(let codes, let values):
                        if case .str(let width) = storage[column] {
                            let texts = encoded[column]
                            for row in 0..<count {
                                let code = codes[first + row]
                                let text = texts[code == UInt32.max ? values.count : Int(code)]
                                text.withUnsafeBytes { bytes in
                                    UnsafeMutableRawBufferPointer(
                                        rebasing: raw[(row * rowWidth + base)..<(row * rowWidth + base + width)]
                                    )
                                    .copyMemory(from: bytes)
                                }
                            }
                        } else {
                            // A strL's reference (v, o) — variable and observation, 1-based, v in
                            // the low 2 bytes — names the value's first observation; (0, 0) is "".
                            let firsts = firstRows[column]
                            for row in 0..<count {
                                let code = codes[first + row]
                                let key =
                                    code == UInt32.max ? 0 : UInt64(column + 1) | UInt64(firsts[Int(code)] + 1) << 16
                                raw.storeBytes(
                                    of: key.littleEndian, toByteOffset: row * rowWidth + base, as: UInt64.self)
                            }
                        }
                    }
                }
            }
            try block.withUnsafeBytes { try sink.write(UnsafeRawBufferPointer(rebasing: $0[0..<(count * rowWidth)])) }
            first += count
        }
    }

    /// Everything before the data: header, map, variable types, names, sort list, formats,
    /// value-label names, variable labels, characteristics; and the offsets of those sections.
    private func preamble(_ storage: [Storage], observations: Int, map: [UInt64]) -> (
        bytes: StataBytes, offsets: [UInt64]
    ) {
        var out = StataBytes()
        var offsets = [UInt64](repeating: 0, count: 14)
        out.tag("<stata_dta><header><release>118</release><byteorder>LSF</byteorder><K>")
        out.uint16(UInt16(variables.count))
        out.tag("</K><N>")
        out.uint64(UInt64(observations))
        out.tag("</N><label>")
        let label = Self.prefix(datasetLabel, bytes: 80)
        out.uint16(UInt16(label.count))
        out.bytes(label)
        out.tag("</label><timestamp>")
        out.uint8(0)
        out.tag("</timestamp></header>")
        offsets[1] = UInt64(out.count)
        out.tag("<map>")
        for offset in map { out.uint64(offset) }
        out.tag("</map>")
        offsets[2] = UInt64(out.count)
        out.tag("<variable_types>")
        for kind in storage { out.uint16(kind.typeCode) }
        out.tag("</variable_types>")
        offsets[3] = UInt64(out.count)
        out.tag("<varnames>")
        for name in names { out.fixed(Array(name.utf8), 129) }
        out.tag("</varnames>")
        offsets[4] = UInt64(out.count)
        out.tag("<sortlist>")
        for _ in 0...variables.count { out.uint16(0) }
        out.tag("</sortlist>")
        offsets[5] = UInt64(out.count)
        out.tag("<formats>")
        for kind in storage { out.fixed(Array(kind.format.utf8), 57) }
        out.tag("</formats>")
        offsets[6] = UInt64(out.count)
        out.tag("<value_label_names>")
        for (index, variable) in variables.enumerated() {
            if case .labelled = variable.values { out.fixed(Array(names[index].utf8), 129) } else { out.fixed([], 129) }
        }
        out.tag("</value_label_names>")
        offsets[7] = UInt64(out.count)
        out.tag("<variable_labels>")
        for variable in variables { out.fixed(Self.prefix(variable.label, bytes: 80), 321) }
        out.tag("</variable_labels>")
        offsets[8] = UInt64(out.count)
        out.tag("<characteristics></characteristics>")
        offsets[9] = UInt64(out.count)
        return (out, offsets)
    }

    /// The strL values (GSO entries, each distinct value once, keyed by its first observation, in
    /// the order of the data), the bytes between `<strls>` and `</strls>`.
    private func strlBlock(_ storage: [Storage], firstRows: [[Int]]) -> [UInt8] {
        var entries: [(column: Int, row: Int, text: String)] = []
        for column in storage.indices {
            guard case .text(_, let values) = variables[column].values, !firstRows[column].isEmpty else { continue }
            for (code, row) in firstRows[column].enumerated() where row >= 0 {
                entries.append((column, row, values[code]))
            }
        }
        var out = StataBytes()
        for entry in entries.sorted(by: { ($0.row, $0.column) < ($1.row, $1.column) }) {
            let text = Array(entry.text.utf8) + [0]
            out.tag("GSO")
            out.uint32(UInt32(entry.column + 1))
            out.uint64(UInt64(entry.row + 1))
            out.uint8(130)
            out.uint32(UInt32(text.count))
            out.bytes(text)
        }
        return out.pending
    }

    /// `<value_labels>`…`</value_labels>`: one table per labelled variable, named as it.
    private func valueLabelBlock() -> [UInt8] {
        var out = StataBytes()
        out.tag("<value_labels>")
        for (index, variable) in variables.enumerated() {
            guard case .labelled(_, let labels) = variable.values else { continue }
            var table = StataBytes()
            let texts = labels.map { Array($0.utf8) + [0] }
            table.uint32(UInt32(labels.count))
            table.uint32(UInt32(texts.reduce(0) { $0 + $1.count }))
            var offset = 0
            for text in texts {
                table.uint32(UInt32(offset))
                offset += text.count
            }
            for value in labels.indices { table.uint32(UInt32(value)) }
            for text in texts { table.bytes(text) }
            out.tag("<lbl>")
            out.uint32(UInt32(table.pending.count))
            out.fixed(Array(names[index].utf8), 129)
            out.bytes([0, 0, 0])
            out.bytes(table.pending)
            out.tag("</lbl>")
        }
        out.tag("</value_labels>")
        return out.pending
    }

    /// The first bytes of `text`'s UTF-8 that fit in `bytes`, not cutting a character.
    static func prefix(_ text: String, bytes: Int) -> [UInt8] {
        var result: [UInt8] = []
        for character in text {
            let encoded = Array(String(character).utf8)
            if result.count + encoded.count > bytes { break }
            result += encoded
        }
        return result
    }
}

/// Little-endian bytes, buffered until flushed.
struct StataBytes {
    private(set) var pending: [UInt8] = []

    var count: Int { pending.count }

    mutating func tag(_ text: String) { pending += Array(text.utf8) }
    mutating func bytes(_ bytes: [UInt8]) { pending += bytes }
    mutating func uint8(_ value: UInt8) { pending.append(value) }
    mutating func uint16(_ value: UInt16) { withUnsafeBytes(of: value.littleEndian) { pending += $0 } }
    mutating func uint32(_ value: UInt32) { withUnsafeBytes(of: value.littleEndian) { pending += $0 } }
    mutating func uint64(_ value: UInt64) { withUnsafeBytes(of: value.littleEndian) { pending += $0 } }

    /// `bytes`, cut or padded with zeros to `width`.
    mutating func fixed(_ bytes: [UInt8], _ width: Int) {
        pending += bytes.prefix(width)
        if bytes.count < width { pending += [UInt8](repeating: 0, count: width - bytes.count) }
    }

    /// Writes what is pending to `sink`.
    mutating func flush(to sink: any ByteSink) throws {
        try pending.withUnsafeBytes { try sink.write($0) }
        pending.removeAll(keepingCapacity: true)
    }
}
