import CMicroPanelSIMD
import CZlib

/// CRC-32 as gzip uses it: by carry-less multiplication where the CPU has it (several times
/// faster than zlib's tables, which matters when members are inflated on every core), zlib's
/// `crc32` otherwise and for the last few bytes. The same value as zlib's either way.
package enum CRC32 {
    /// The CRC-32 of the `count` bytes at `bytes`, continuing `crc` (0 to start).
    package static func checksum(_ bytes: UnsafeRawPointer, count: Int, continuing crc: UInt32 = 0) -> UInt32 {
        var crc = crc
        let folded = mp_crc32_bulk(&crc, bytes.assumingMemoryBound(to: UInt8.self), count)
        let rest = (bytes + folded).assumingMemoryBound(to: Bytef.self)
        return UInt32(truncatingIfNeeded: crc32_z(uLong(crc), rest, z_size_t(count - folded)))
    }
}
