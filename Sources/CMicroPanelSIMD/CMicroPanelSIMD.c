// The scanner's byte classification is header-only (include/CMicroPanelSIMD.h); this file holds
// the CRC-32 folding, which needs its own target attributes and a runtime CPU check.
#include "CMicroPanelSIMD.h"

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
#include <immintrin.h>
#include <stdatomic.h>

#define MP_CRC_TARGET __attribute__((target("pclmul,sse4.1")))

// Folds `length` bytes (at least 64, a multiple of 16) into the bit-reflected CRC-32 state
// `crc` (the inverted form: pre- and post-conditioning are the caller's). The method and the
// constants are those of "Fast CRC Computation for Generic Polynomials Using PCLMULQDQ
// Instruction" (V. Gopal, E. Ozturk et al., Intel, 2009) for the gzip polynomial, as used by
// the Linux kernel's crc32-pclmul and Chromium's zlib: four 128-bit lanes folded 64 bytes at a
// time, then folded to one lane, to 64 bits, and Barrett-reduced to 32.
MP_CRC_TARGET
static uint32_t mp_crc32_fold(const uint8_t *data, size_t length, uint32_t crc) {
    const __m128i k1k2 = _mm_set_epi64x(0x01c6e41596, 0x0154442bd4);
    const __m128i k3k4 = _mm_set_epi64x(0x00ccaa009e, 0x01751997d0);
    const __m128i k5k0 = _mm_set_epi64x(0, 0x0163cd6124);
    const __m128i poly = _mm_set_epi64x(0x01f7011641, 0x01db710641);
    const __m128i low32 = _mm_setr_epi32(~0, 0, ~0, 0);

    __m128i x1 = _mm_loadu_si128((const __m128i *)(data + 0x00));
    __m128i x2 = _mm_loadu_si128((const __m128i *)(data + 0x10));
    __m128i x3 = _mm_loadu_si128((const __m128i *)(data + 0x20));
    __m128i x4 = _mm_loadu_si128((const __m128i *)(data + 0x30));
    x1 = _mm_xor_si128(x1, _mm_cvtsi32_si128((int)crc));
    data += 64;
    length -= 64;

    while (length >= 64) {
        __m128i x5 = _mm_clmulepi64_si128(x1, k1k2, 0x00);
        __m128i x6 = _mm_clmulepi64_si128(x2, k1k2, 0x00);
        __m128i x7 = _mm_clmulepi64_si128(x3, k1k2, 0x00);
        __m128i x8 = _mm_clmulepi64_si128(x4, k1k2, 0x00);
        x1 = _mm_clmulepi64_si128(x1, k1k2, 0x11);
        x2 = _mm_clmulepi64_si128(x2, k1k2, 0x11);
        x3 = _mm_clmulepi64_si128(x3, k1k2, 0x11);
        x4 = _mm_clmulepi64_si128(x4, k1k2, 0x11);
        x1 = _mm_xor_si128(_mm_xor_si128(x1, x5), _mm_loadu_si128((const __m128i *)(data + 0x00)));
        x2 = _mm_xor_si128(_mm_xor_si128(x2, x6), _mm_loadu_si128((const __m128i *)(data + 0x10)));
        x3 = _mm_xor_si128(_mm_xor_si128(x3, x7), _mm_loadu_si128((const __m128i *)(data + 0x20)));
        x4 = _mm_xor_si128(_mm_xor_si128(x4, x8), _mm_loadu_si128((const __m128i *)(data + 0x30)));
        data += 64;
        length -= 64;
    }

    // Four lanes into one.
    __m128i x5 = _mm_clmulepi64_si128(x1, k3k4, 0x00);
    x1 = _mm_xor_si128(_mm_xor_si128(_mm_clmulepi64_si128(x1, k3k4, 0x11), x2), x5);
    x5 = _mm_clmulepi64_si128(x1, k3k4, 0x00);
    x1 = _mm_xor_si128(_mm_xor_si128(_mm_clmulepi64_si128(x1, k3k4, 0x11), x3), x5);
    x5 = _mm_clmulepi64_si128(x1, k3k4, 0x00);
    x1 = _mm_xor_si128(_mm_xor_si128(_mm_clmulepi64_si128(x1, k3k4, 0x11), x4), x5);

    // The remaining 16-byte blocks, one at a time.
    while (length >= 16) {
        x5 = _mm_clmulepi64_si128(x1, k3k4, 0x00);
        x1 = _mm_clmulepi64_si128(x1, k3k4, 0x11);
        x1 = _mm_xor_si128(_mm_xor_si128(x1, _mm_loadu_si128((const __m128i *)data)), x5);
        data += 16;
        length -= 16;
    }

    // 128 bits to 64.
    x2 = _mm_clmulepi64_si128(x1, k3k4, 0x10);
    x1 = _mm_xor_si128(_mm_srli_si128(x1, 8), x2);
    x2 = _mm_srli_si128(x1, 4);
    x1 = _mm_and_si128(x1, low32);
    x1 = _mm_xor_si128(_mm_clmulepi64_si128(x1, k5k0, 0x00), x2);

    // Barrett reduction to 32 bits.
    x2 = _mm_and_si128(x1, low32);
    x2 = _mm_clmulepi64_si128(x2, poly, 0x10);
    x2 = _mm_and_si128(x2, low32);
    x2 = _mm_clmulepi64_si128(x2, poly, 0x00);
    x1 = _mm_xor_si128(x1, x2);
    return (uint32_t)_mm_extract_epi32(x1, 1);
}

size_t mp_crc32_bulk(uint32_t *crc, const uint8_t *data, size_t length) {
    // -1 until the first call looks; threads racing to look store the same answer.
    static _Atomic int supported = -1;
    int known = atomic_load_explicit(&supported, memory_order_relaxed);
    if (known < 0) {
        __builtin_cpu_init();
        known = __builtin_cpu_supports("pclmul") && __builtin_cpu_supports("sse4.1");
        atomic_store_explicit(&supported, known, memory_order_relaxed);
    }
    if (!known || length < 64) return 0;
    size_t bulk = length & ~(size_t)15;
    *crc = ~mp_crc32_fold(data, bulk, ~*crc);
    return bulk;
}
#else
size_t mp_crc32_bulk(uint32_t *crc, const uint8_t *data, size_t length) {
    (void)crc;
    (void)data;
    (void)length;
    return 0;
}
#endif
