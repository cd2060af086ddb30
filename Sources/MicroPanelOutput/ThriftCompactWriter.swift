/// Thrift's compact protocol, the encoding of Parquet's page headers and footer (writer side):
/// fields as a delta-coded header then the value, integers as zigzag varints, a struct ended
/// by a stop byte.
struct ThriftCompactWriter {
    enum FieldType: UInt8 {
        case boolTrue = 1
        case boolFalse = 2
        case i16 = 4
        case i32 = 5
        case i64 = 6
        case binary = 8
        case list = 9
        case structure = 12
    }

    private(set) var bytes: [UInt8] = []
    /// Per open struct, the id of the last field written (field headers are deltas from it).
    private var lastFieldIDs: [Int16] = [0]

    mutating func i16(_ id: Int16, _ value: Int16) {
        header(id, .i16)
        varint(zigzag(Int64(value)))
    }

    mutating func i32(_ id: Int16, _ value: Int32) {
        header(id, .i32)
        varint(zigzag(Int64(value)))
    }

    mutating func i64(_ id: Int16, _ value: Int64) {
        header(id, .i64)
        varint(zigzag(value))
    }

    mutating func bool(_ id: Int16, _ value: Bool) { header(id, value ? .boolTrue : .boolFalse) }

    mutating func binary(_ id: Int16, _ value: [UInt8]) {
        header(id, .binary)
        binaryElement(value)
    }

    mutating func string(_ id: Int16, _ value: String) { binary(id, Array(value.utf8)) }

    /// A struct field: `body` writes its fields.
    mutating func structure(_ id: Int16, _ body: (inout ThriftCompactWriter) -> Void) {
        header(id, .structure)
        structElement(body)
    }

    /// A list field of `count` elements of `type`; `body` writes them (with the `…Element` calls).
    mutating func list(_ id: Int16, of type: FieldType, count: Int, _ body: (inout ThriftCompactWriter) -> Void) {
        header(id, .list)
        if count < 15 {
            bytes.append(UInt8(count) << 4 | type.rawValue)
        } else {
            bytes.append(0xF0 | type.rawValue)
            varint(UInt64(count))
        }
        body(&self)
    }

    /// A struct in a list (or at the top level, without ``end()``): its fields, then a stop byte.
    mutating func structElement(_ body: (inout ThriftCompactWriter) -> Void) {
        lastFieldIDs.append(0)
        body(&self)
        bytes.append(0)
        lastFieldIDs.removeLast()
    }

    mutating func i32Element(_ value: Int32) { varint(zigzag(Int64(value))) }

    mutating func binaryElement(_ value: [UInt8]) {
        varint(UInt64(value.count))
        bytes += value
    }

    /// Ends the top-level struct.
    mutating func end() { bytes.append(0) }

    private mutating func header(_ id: Int16, _ type: FieldType) {
        let delta = Int(id) - Int(lastFieldIDs[lastFieldIDs.count - 1])
        if delta > 0 && delta <= 15 {
            bytes.append(UInt8(delta) << 4 | type.rawValue)
        } else {
            bytes.append(type.rawValue)
            varint(zigzag(Int64(id)))
        }
        lastFieldIDs[lastFieldIDs.count - 1] = id
    }

    private func zigzag(_ value: Int64) -> UInt64 { UInt64(bitPattern: (value << 1) ^ (value >> 63)) }

    private mutating func varint(_ value: UInt64) {
        var rest = value
        while rest >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }
}
