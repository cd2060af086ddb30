#ifndef MICROPANEL_SIMD_H
#define MICROPANEL_SIMD_H

// Byte classification of 64-byte blocks for the CSV scanner: one bit per byte, bit i for byte i.
// Swift has no portable "movemask"; these few lines give the scanner SSE2 / NEON speed.
// And CRC-32 by carry-less multiplication for the gzip reader (CMicroPanelSIMD.c).

#include <stddef.h>
#include <stdint.h>

/// CRC-32 with gzip's polynomial over a prefix of the `length` bytes at `data`, continuing `*crc`
/// (a value as zlib's crc32() returns, 0 to start): folds the longest prefix that is a multiple of
/// 16 bytes with carry-less multiplication when the CPU has PCLMULQDQ and SSE4.1 and `length` is
/// at least 64, updates `*crc` and returns how many bytes it took (0: none; the caller goes on
/// with zlib's crc32 for the rest).
size_t mp_crc32_bulk(uint32_t *crc, const uint8_t *data, size_t length);

#if defined(__SSE2__)
#include <emmintrin.h>
#elif defined(__ARM_NEON)
#include <arm_neon.h>
#endif

/// Bit masks of one 64-byte block: bit i is set when byte i is that character.
typedef struct {
    uint64_t quotes;
    uint64_t delimiters;
    uint64_t newlines;
} mp_block_masks;

#if defined(__SSE2__)
static inline uint64_t mp_movemask16(__m128i v, __m128i c) {
    return (uint64_t)(uint16_t)_mm_movemask_epi8(_mm_cmpeq_epi8(v, c));
}
#elif defined(__ARM_NEON)
static inline uint64_t mp_movemask16(uint8x16_t v, uint8x16_t c) {
    static const uint8_t weights[16] = {1, 2, 4, 8, 16, 32, 64, 128, 1, 2, 4, 8, 16, 32, 64, 128};
    uint8x16_t bits = vandq_u8(vceqq_u8(v, c), vld1q_u8(weights));
    uint8x8_t folded = vpadd_u8(vget_low_u8(bits), vget_high_u8(bits));
    folded = vpadd_u8(folded, folded);
    folded = vpadd_u8(folded, folded);
    return (uint64_t)vget_lane_u16(vreinterpret_u16_u8(folded), 0);
}
#endif

/// Classifies the 64 bytes at `p` (all readable) into quote, delimiter and line-feed masks.
static inline mp_block_masks mp_classify64(const uint8_t *p, uint8_t delimiter) {
    mp_block_masks m = {0, 0, 0};
#if defined(__SSE2__)
    const __m128i q = _mm_set1_epi8('"');
    const __m128i d = _mm_set1_epi8((char)delimiter);
    const __m128i n = _mm_set1_epi8('\n');
    for (int i = 0; i < 4; i++) {
        __m128i v = _mm_loadu_si128((const __m128i *)(p + 16 * i));
        m.quotes |= mp_movemask16(v, q) << (16 * i);
        m.delimiters |= mp_movemask16(v, d) << (16 * i);
        m.newlines |= mp_movemask16(v, n) << (16 * i);
    }
#elif defined(__ARM_NEON)
    const uint8x16_t q = vdupq_n_u8('"');
    const uint8x16_t d = vdupq_n_u8(delimiter);
    const uint8x16_t n = vdupq_n_u8('\n');
    for (int i = 0; i < 4; i++) {
        uint8x16_t v = vld1q_u8(p + 16 * i);
        m.quotes |= mp_movemask16(v, q) << (16 * i);
        m.delimiters |= mp_movemask16(v, d) << (16 * i);
        m.newlines |= mp_movemask16(v, n) << (16 * i);
    }
#else
    for (int i = 0; i < 64; i++) {
        uint64_t bit = (uint64_t)1 << i;
        if (p[i] == '"') m.quotes |= bit;
        else if (p[i] == delimiter) m.delimiters |= bit;
        else if (p[i] == '\n') m.newlines |= bit;
    }
#endif
    return m;
}

/// Bit i set when an odd number of bits 0...i of `x` are set (inside-quotes mask from quote bits).
static inline uint64_t mp_prefix_xor(uint64_t x) {
    x ^= x << 1;
    x ^= x << 2;
    x ^= x << 4;
    x ^= x << 8;
    x ^= x << 16;
    x ^= x << 32;
    return x;
}

#endif
