// AVX-512 (F, BW, VL) + VNNI kernels. This file is compiled with those
// instruction sets (and AVX2, FMA, F16C) and reached only through
// kAvx512Kernels, which kernels.cpp hands out after checking the CPU.
// Everything here has internal linkage, and nothing from the standard
// library is instantiated here (see kernels_avx2.cpp).
//
// Quantized blocks go two to a 512-bit register: lanes 0-7 (int32) hold the
// first block's partial sums, lanes 8-15 the second's, and one vector of
// per-block scales multiplies both. vpdpbusd multiplies unsigned bytes by
// signed bytes: Q4_0 nibbles are unsigned (0..15) already, so those blocks
// compute sum(nibble * x) - 8 * sum(x); signed weights (Q8_0, int8) give
// |w| and x with w's sign.
#include "agents/infer/kernelsimpl.h"

// GCC 12's AVX-512 headers fill don't-care operands with self-initialised
// variables (_mm512_undefined_ps and kin), which -W(maybe-)uninitialized
// flags once inlined (GCC bug 105593, fixed in GCC 13). Diagnostics follow
// the pragmas in force at the header's own lines, so this silences only them.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <immintrin.h>
#pragma GCC diagnostic pop

namespace sovereign::agent::infer {

namespace {

inline float horizontalSum(__m256 v) {
    __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    s = _mm_add_ss(s, _mm_movehdup_ps(s));
    return _mm_cvtss_f32(s);
}

inline float horizontalSum(__m512 v) {
    return horizontalSum(
        _mm256_add_ps(_mm512_castps512_ps256(v),
                      _mm256_castpd_ps(_mm512_extractf64x4_pd(_mm512_castps_pd(v), 1))));
}

inline __mmask16 firstLanes16(std::int64_t count) {
    return __mmask16((1u << count) - 1u);
}

inline __m256i load256(const void *p) {
    return _mm256_loadu_si256(static_cast<const __m256i *>(p));
}

inline __m128i load128(const void *p) {
    return _mm_loadu_si128(static_cast<const __m128i *>(p));
}

// ---- float kernels ----

float dotF32(const float *w, const float *x, std::int64_t n) {
    __m512 a0 = _mm512_setzero_ps(), a1 = _mm512_setzero_ps();
    __m512 a2 = _mm512_setzero_ps(), a3 = _mm512_setzero_ps();
    std::int64_t i = 0;
    for (; i + 64 <= n; i += 64) {
        a0 = _mm512_fmadd_ps(_mm512_loadu_ps(w + i), _mm512_loadu_ps(x + i), a0);
        a1 = _mm512_fmadd_ps(_mm512_loadu_ps(w + i + 16), _mm512_loadu_ps(x + i + 16), a1);
        a2 = _mm512_fmadd_ps(_mm512_loadu_ps(w + i + 32), _mm512_loadu_ps(x + i + 32), a2);
        a3 = _mm512_fmadd_ps(_mm512_loadu_ps(w + i + 48), _mm512_loadu_ps(x + i + 48), a3);
    }
    for (; i + 16 <= n; i += 16)
        a0 = _mm512_fmadd_ps(_mm512_loadu_ps(w + i), _mm512_loadu_ps(x + i), a0);
    if (i < n) {
        const __mmask16 m = firstLanes16(n - i);
        a1 = _mm512_fmadd_ps(_mm512_maskz_loadu_ps(m, w + i), _mm512_maskz_loadu_ps(m, x + i), a1);
    }
    return horizontalSum(_mm512_add_ps(_mm512_add_ps(a0, a1), _mm512_add_ps(a2, a3)));
}

inline __m512 loadF16(const std::uint16_t *p) {
    return _mm512_cvtph_ps(load256(p));
}

float dotF16(const std::uint16_t *w, const float *x, std::int64_t n) {
    __m512 a0 = _mm512_setzero_ps(), a1 = _mm512_setzero_ps();
    __m512 a2 = _mm512_setzero_ps(), a3 = _mm512_setzero_ps();
    std::int64_t i = 0;
    for (; i + 64 <= n; i += 64) {
        a0 = _mm512_fmadd_ps(loadF16(w + i), _mm512_loadu_ps(x + i), a0);
        a1 = _mm512_fmadd_ps(loadF16(w + i + 16), _mm512_loadu_ps(x + i + 16), a1);
        a2 = _mm512_fmadd_ps(loadF16(w + i + 32), _mm512_loadu_ps(x + i + 32), a2);
        a3 = _mm512_fmadd_ps(loadF16(w + i + 48), _mm512_loadu_ps(x + i + 48), a3);
    }
    for (; i + 16 <= n; i += 16)
        a0 = _mm512_fmadd_ps(loadF16(w + i), _mm512_loadu_ps(x + i), a0);
    if (i < n) {
        const __mmask16 m = firstLanes16(n - i);
        const __m512 wt = _mm512_cvtph_ps(_mm256_maskz_loadu_epi16(m, w + i));
        a1 = _mm512_fmadd_ps(wt, _mm512_maskz_loadu_ps(m, x + i), a1);
    }
    return horizontalSum(_mm512_add_ps(_mm512_add_ps(a0, a1), _mm512_add_ps(a2, a3)));
}

void axpyF32(float a, const float *x, float *y, std::int64_t n) {
    const __m512 va = _mm512_set1_ps(a);
    std::int64_t i = 0;
    for (; i + 64 <= n; i += 64) {
        for (int k = 0; k < 64; k += 16)
            _mm512_storeu_ps(y + i + k, _mm512_fmadd_ps(va, _mm512_loadu_ps(x + i + k),
                                                        _mm512_loadu_ps(y + i + k)));
    }
    for (; i + 16 <= n; i += 16)
        _mm512_storeu_ps(y + i,
                         _mm512_fmadd_ps(va, _mm512_loadu_ps(x + i), _mm512_loadu_ps(y + i)));
    if (i < n) {
        const __mmask16 m = firstLanes16(n - i);
        _mm512_mask_storeu_ps(
            y + i, m,
            _mm512_fmadd_ps(va, _mm512_maskz_loadu_ps(m, x + i), _mm512_maskz_loadu_ps(m, y + i)));
    }
}

// ---- quantized rows, 8 blocks at a time ----
//
// Loads dominate these loops (two per cycle, and a 64-byte load that
// crosses a cache line costs two), so a group of 8 blocks is read with a few
// full-width loads of consecutive memory: 144 bytes of Q4_0 in 3 registers,
// 272 bytes of Q8_0 in 5 (the last ones masked to the group's end). The
// pieces are then picked out with word permutes (vpermw/vpermt2w, AVX512BW):
// every field of these blocks starts at an even byte, so words suffice.
//
// A pair of blocks (2p, 2p + 1) lies within two consecutive registers: for
// Q8_0, registers p and p + 1; for Q4_0, 0-1 (pairs 0, 1) or 1-2 (pairs 2, 3).
// The scales of the 8 blocks come out of the same registers.

/// 32 words, for permute indices.
struct WordTable {
    alignas(64) std::int16_t v[32];
};

template <class F> constexpr WordTable makeWords(F f) {
    WordTable t{};
    for (int i = 0; i < 32; ++i)
        t.v[i] = std::int16_t(f(i));
    return t;
}

inline __m512i load(const WordTable &t) {
    return _mm512_load_si512(t.v);
}

/// Q8_0 (34 bytes, 17 words; qs at words 1..16): pair p's 64 quants from
/// registers p and p + 1 (table words 32p .. 32p + 63), block 2p in the low half.
constexpr WordTable kQ8Pair[4] = {
    makeWords([](int i) { return 17 * (0 + i / 16) + 1 + i % 16 - 0; }),
    makeWords([](int i) { return 17 * (2 + i / 16) + 1 + i % 16 - 32; }),
    makeWords([](int i) { return 17 * (4 + i / 16) + 1 + i % 16 - 64; }),
    makeWords([](int i) { return 17 * (6 + i / 16) + 1 + i % 16 - 96; }),
};

/// Q4_0 (18 bytes, 9 words; qs at words 1..8): pair p's 32 bytes of nibbles,
/// each block's 16 bytes twice, [a, a, b, b] by 128-bit lane, so that a
/// shift by 0 or 4 per lane and a mask give the quants in element order.
/// Pairs 0 and 1 come from registers 0-1, pairs 2 and 3 from 1-2.
constexpr WordTable kQ4Pair[4] = {
    makeWords([](int i) { return 9 * (0 + i / 16) + 1 + i % 8 - 0; }),
    makeWords([](int i) { return 9 * (2 + i / 16) + 1 + i % 8 - 0; }),
    makeWords([](int i) { return 9 * (4 + i / 16) + 1 + i % 8 - 32; }),
    makeWords([](int i) { return 9 * (6 + i / 16) + 1 + i % 8 - 32; }),
};

/// Scales: Q4_0 d's (words 9k) of registers 0-1 into words 0..7; Q8_0 d's
/// (words 17k) of registers 0-1 (blocks 0..3) and 2-3 (blocks 4..7) into
/// words `at` .. `at` + 3 and `at` + 4 .. `at` + 7.
constexpr WordTable kQ4Scales = makeWords([](int i) { return i < 8 ? 9 * i : 0; });
constexpr WordTable makeQ8Scales(int at, int half) {
    return makeWords([=](int i) {
        const int k = i - at - 4 * half; // block within this half
        return k >= 0 && k < 4 ? 17 * k + 17 * 4 * half - 64 * half : 0;
    });
}
constexpr WordTable kQ8ScalesLow0 = makeQ8Scales(0, 0), kQ8ScalesHigh0 = makeQ8Scales(0, 1);
constexpr WordTable kQ8ScalesLow8 = makeQ8Scales(8, 0), kQ8ScalesHigh8 = makeQ8Scales(8, 1);

/// Lanes 0-7 from scale 2p, lanes 8-15 from scale 2p + 1.
inline __m512 pairScale(__m512 scales, int p) {
    const __m512i index = _mm512_set_epi32(2 * p + 1, 2 * p + 1, 2 * p + 1, 2 * p + 1, 2 * p + 1,
                                           2 * p + 1, 2 * p + 1, 2 * p + 1, 2 * p, 2 * p, 2 * p,
                                           2 * p, 2 * p, 2 * p, 2 * p, 2 * p);
    return _mm512_permutexvar_ps(index, scales);
}

/// Loads for a group of 8 blocks. Left alone, the compiler folds these loads
/// into the permutes that use them and repeats each up to three times; the
/// empty asm keeps one load per register. (Plain locals, not an array in a
/// struct, which GCC would also store to the stack.)
inline void loadQ8Group(const void *p, __m512i &r0, __m512i &r1, __m512i &r2, __m512i &r3,
                        __m512i &r4) {
    const char *c = static_cast<const char *>(p);
    r0 = _mm512_loadu_si512(c);
    r1 = _mm512_loadu_si512(c + 64);
    r2 = _mm512_loadu_si512(c + 128);
    r3 = _mm512_loadu_si512(c + 192);
    r4 = _mm512_maskz_loadu_epi16(0xff, c + 256); // 16 bytes: the group's end
    asm("" : "+v"(r0), "+v"(r1), "+v"(r2), "+v"(r3), "+v"(r4));
}

inline void loadQ4Group(const void *p, __m512i &r0, __m512i &r1, __m512i &r2) {
    const char *c = static_cast<const char *>(p);
    r0 = _mm512_loadu_si512(c);
    r1 = _mm512_loadu_si512(c + 64);
    r2 = _mm512_maskz_loadu_epi16(0xff, c + 128); // 16 bytes: the group's end
    asm("" : "+v"(r0), "+v"(r1), "+v"(r2));
}

inline __m512i permute(__m512i a, const WordTable &index, __m512i b) {
    return _mm512_permutex2var_epi16(a, load(index), b);
}

/// A Q8_0 group's 8 scales as halves in words at .. at + 7 (the tables say
/// where), from registers 0-1 (blocks 0..3) and 2-3 (blocks 4..7).
inline __m512i q8Scales(__m512i r0, __m512i r1, __m512i r2, __m512i r3, const WordTable &low,
                        const WordTable &high, __mmask32 highWords) {
    return _mm512_mask_blend_epi16(highWords, permute(r0, low, r1), permute(r2, high, r3));
}

/// Products of fp16 scales: halves in words 0..7 times halves in words 8..15,
/// as floats in lanes 0..7.
inline __m512 scaleProducts(__m512i halves) {
    const __m512 f = _mm512_cvtph_ps(_mm512_castsi512_si256(halves));
    return _mm512_mul_ps(f, _mm512_shuffle_f32x4(f, f, 0x4e));
}

// ---- integer dot products ----

/// Signed bytes a . b per 32-bit lane (4 products each): |a| (unsigned) times
/// b with a's sign. Exact while no a or b is -128 (quantizing never makes one).
inline __m512i dotSigned(__m512i a, __m512i b) {
    const __m512i bSigned =
        _mm512_mask_sub_epi8(b, _mm512_movepi8_mask(a), _mm512_setzero_si512(), b);
    return _mm512_dpbusd_epi32(_mm512_setzero_si512(), _mm512_abs_epi8(a), bSigned);
}

inline __m256i dotSigned(__m256i a, __m256i b) {
    return _mm256_dpbusd_epi32(_mm256_setzero_si256(), _mm256_sign_epi8(a, a),
                               _mm256_sign_epi8(b, a));
}

/// sum (nibble - 8) * x per lane: nibble . x, then 8 . (-x).
inline __m512i dotQ4(__m512i nib, __m512i x) {
    const __m512i dot = _mm512_dpbusd_epi32(_mm512_setzero_si512(), nib, x);
    return _mm512_dpbusd_epi32(dot, _mm512_set1_epi8(8),
                               _mm512_sub_epi8(_mm512_setzero_si512(), x));
}

inline __m256i dotQ4(__m256i nib, __m256i x) {
    const __m256i dot = _mm256_dpbusd_epi32(_mm256_setzero_si256(), nib, x);
    return _mm256_dpbusd_epi32(dot, _mm256_set1_epi8(8),
                               _mm256_sub_epi8(_mm256_setzero_si256(), x));
}

/// The 32 nibbles of one Q4_0 block as bytes 0..15 in element order.
inline __m256i nibbles(const std::uint8_t *qs) {
    const __m128i raw = load128(qs);
    return _mm256_and_si256(_mm256_set_m128i(_mm_srli_epi16(raw, 4), raw), _mm256_set1_epi8(0x0f));
}

/// [a, a, b, b] (128-bit lanes of packed nibbles) to the quants of blocks a
/// and b: lanes shifted by 0, 4, 0, 4, then masked.
inline __m512i unpackPair(__m512i twice) {
    const __m512i shifts = _mm512_set_epi64(4, 4, 0, 0, 4, 4, 0, 0);
    return _mm512_and_si512(_mm512_srlv_epi64(twice, shifts), _mm512_set1_epi8(0x0f));
}

inline __m256 scaleOf(std::uint16_t d) {
    return _mm256_broadcastss_ps(_mm_cvtph_ps(_mm_cvtsi32_si128(d)));
}

inline __m256 scaleProduct(std::uint16_t a, std::uint16_t b) {
    const __m128 ab = _mm_cvtph_ps(_mm_cvtsi32_si128(int(a | (std::uint32_t(b) << 16))));
    return _mm256_broadcastss_ps(_mm_mul_ss(ab, _mm_movehdup_ps(ab)));
}

/// The total of four 512-bit accumulators and one 256-bit one.
inline float total(const __m512 (&acc)[4], __m256 tail) {
    const __m512 sum = _mm512_add_ps(_mm512_add_ps(acc[0], acc[1]), _mm512_add_ps(acc[2], acc[3]));
    return horizontalSum(sum) + horizontalSum(tail);
}

float dotQ8_0(const BlockQ8_0 *w, const BlockQ8_0 *x, std::int64_t blocks) {
    __m512 acc[4] = {_mm512_setzero_ps(), _mm512_setzero_ps(), _mm512_setzero_ps(),
                     _mm512_setzero_ps()};
    std::int64_t b = 0;
    for (; b + 8 <= blocks; b += 8) {
        __m512i w0, w1, w2, w3, w4, x0, x1, x2, x3, x4;
        loadQ8Group(w + b, w0, w1, w2, w3, w4);
        loadQ8Group(x + b, x0, x1, x2, x3, x4);
        const __m512i halves = _mm512_mask_blend_epi16(
            0xff00, q8Scales(w0, w1, w2, w3, kQ8ScalesLow0, kQ8ScalesHigh0, 0xf0),
            q8Scales(x0, x1, x2, x3, kQ8ScalesLow8, kQ8ScalesHigh8, 0xf000));
        const __m512 s = scaleProducts(halves);
        const __m512i d0 = dotSigned(permute(w0, kQ8Pair[0], w1), permute(x0, kQ8Pair[0], x1));
        const __m512i d1 = dotSigned(permute(w1, kQ8Pair[1], w2), permute(x1, kQ8Pair[1], x2));
        const __m512i d2 = dotSigned(permute(w2, kQ8Pair[2], w3), permute(x2, kQ8Pair[2], x3));
        const __m512i d3 = dotSigned(permute(w3, kQ8Pair[3], w4), permute(x3, kQ8Pair[3], x4));
        acc[0] = _mm512_fmadd_ps(_mm512_cvtepi32_ps(d0), pairScale(s, 0), acc[0]);
        acc[1] = _mm512_fmadd_ps(_mm512_cvtepi32_ps(d1), pairScale(s, 1), acc[1]);
        acc[2] = _mm512_fmadd_ps(_mm512_cvtepi32_ps(d2), pairScale(s, 2), acc[2]);
        acc[3] = _mm512_fmadd_ps(_mm512_cvtepi32_ps(d3), pairScale(s, 3), acc[3]);
    }
    __m256 tail = _mm256_setzero_ps();
    for (; b < blocks; ++b) {
        const __m256i d = dotSigned(load256(w[b].qs), load256(x[b].qs));
        tail = _mm256_fmadd_ps(_mm256_cvtepi32_ps(d), scaleProduct(w[b].d, x[b].d), tail);
    }
    return total(acc, tail);
}

float dotQ4_0(const BlockQ4_0 *w, const BlockQ8_0 *x, std::int64_t blocks) {
    __m512 acc[4] = {_mm512_setzero_ps(), _mm512_setzero_ps(), _mm512_setzero_ps(),
                     _mm512_setzero_ps()};
    std::int64_t b = 0;
    for (; b + 8 <= blocks; b += 8) {
        __m512i w0, w1, w2, x0, x1, x2, x3, x4;
        loadQ4Group(w + b, w0, w1, w2);
        loadQ8Group(x + b, x0, x1, x2, x3, x4);
        const __m512i halves = _mm512_mask_blend_epi16(
            0xff00, permute(w0, kQ4Scales, w1),
            q8Scales(x0, x1, x2, x3, kQ8ScalesLow8, kQ8ScalesHigh8, 0xf000));
        const __m512 s = scaleProducts(halves);
        const __m512i d0 =
            dotQ4(unpackPair(permute(w0, kQ4Pair[0], w1)), permute(x0, kQ8Pair[0], x1));
        const __m512i d1 =
            dotQ4(unpackPair(permute(w0, kQ4Pair[1], w1)), permute(x1, kQ8Pair[1], x2));
        const __m512i d2 =
            dotQ4(unpackPair(permute(w1, kQ4Pair[2], w2)), permute(x2, kQ8Pair[2], x3));
        const __m512i d3 =
            dotQ4(unpackPair(permute(w1, kQ4Pair[3], w2)), permute(x3, kQ8Pair[3], x4));
        acc[0] = _mm512_fmadd_ps(_mm512_cvtepi32_ps(d0), pairScale(s, 0), acc[0]);
        acc[1] = _mm512_fmadd_ps(_mm512_cvtepi32_ps(d1), pairScale(s, 1), acc[1]);
        acc[2] = _mm512_fmadd_ps(_mm512_cvtepi32_ps(d2), pairScale(s, 2), acc[2]);
        acc[3] = _mm512_fmadd_ps(_mm512_cvtepi32_ps(d3), pairScale(s, 3), acc[3]);
    }
    __m256 tail = _mm256_setzero_ps();
    for (; b < blocks; ++b) {
        const __m256i d = dotQ4(nibbles(w[b].qs), load256(x[b].qs));
        tail = _mm256_fmadd_ps(_mm256_cvtepi32_ps(d), scaleProduct(w[b].d, x[b].d), tail);
    }
    return total(acc, tail);
}

float dotI8(const std::int8_t *w, const BlockQ8_0 *x, std::int64_t blocks) {
    __m512 acc[4] = {_mm512_setzero_ps(), _mm512_setzero_ps(), _mm512_setzero_ps(),
                     _mm512_setzero_ps()};
    std::int64_t b = 0;
    for (; b + 8 <= blocks; b += 8) {
        __m512i x0, x1, x2, x3, x4;
        loadQ8Group(x + b, x0, x1, x2, x3, x4);
        const __m512i halves = q8Scales(x0, x1, x2, x3, kQ8ScalesLow0, kQ8ScalesHigh0, 0xf0);
        const __m512 s = _mm512_cvtph_ps(_mm512_castsi512_si256(halves));
        const std::int8_t *wb = w + b * kBlock;
        const __m512i d0 = dotSigned(_mm512_loadu_si512(wb), permute(x0, kQ8Pair[0], x1));
        const __m512i d1 = dotSigned(_mm512_loadu_si512(wb + 64), permute(x1, kQ8Pair[1], x2));
        const __m512i d2 = dotSigned(_mm512_loadu_si512(wb + 128), permute(x2, kQ8Pair[2], x3));
        const __m512i d3 = dotSigned(_mm512_loadu_si512(wb + 192), permute(x3, kQ8Pair[3], x4));
        acc[0] = _mm512_fmadd_ps(_mm512_cvtepi32_ps(d0), pairScale(s, 0), acc[0]);
        acc[1] = _mm512_fmadd_ps(_mm512_cvtepi32_ps(d1), pairScale(s, 1), acc[1]);
        acc[2] = _mm512_fmadd_ps(_mm512_cvtepi32_ps(d2), pairScale(s, 2), acc[2]);
        acc[3] = _mm512_fmadd_ps(_mm512_cvtepi32_ps(d3), pairScale(s, 3), acc[3]);
    }
    __m256 tail = _mm256_setzero_ps();
    for (; b < blocks; ++b) {
        const __m256i d = dotSigned(load256(w + b * kBlock), load256(x[b].qs));
        tail = _mm256_fmadd_ps(_mm256_cvtepi32_ps(d), scaleOf(x[b].d), tail);
    }
    return total(acc, tail);
}

// ---- activations to Q8_0 ----

/// roundf on each lane (halves away from zero): trunc(v), plus one step away
/// from zero when the dropped fraction (exact) is at least a half.
inline __m512 roundHalfAway(__m512 v) {
    const __m512 t = _mm512_roundscale_ps(v, _MM_FROUND_TO_ZERO | _MM_FROUND_NO_EXC);
    const __m512 fraction = _mm512_abs_ps(_mm512_sub_ps(v, t));
    const __mmask16 up = _mm512_cmp_ps_mask(fraction, _mm512_set1_ps(0.5f), _CMP_GE_OQ);
    const __m512 away = _mm512_castsi512_ps(_mm512_or_si512(
        _mm512_and_si512(_mm512_castps_si512(v), _mm512_set1_epi32(std::int32_t(0x80000000u))),
        _mm512_castps_si512(_mm512_set1_ps(1.0f))));
    return _mm512_mask_add_ps(t, up, t, away);
}

void quantizeQ8_0(const float *x, BlockQ8_0 *y, std::int64_t n) {
    const std::int64_t blocks = n / kBlock;
    for (std::int64_t b = 0; b < blocks; ++b) {
        const __m512 v0 = _mm512_loadu_ps(x + b * kBlock);
        const __m512 v1 = _mm512_loadu_ps(x + b * kBlock + 16);
        const __m512 m = _mm512_max_ps(_mm512_abs_ps(v0), _mm512_abs_ps(v1));
        const __m256 m8 =
            _mm256_max_ps(_mm512_castps512_ps256(m),
                          _mm256_castpd_ps(_mm512_extractf64x4_pd(_mm512_castps_pd(m), 1)));
        __m128 s = _mm_max_ps(_mm256_castps256_ps128(m8), _mm256_extractf128_ps(m8, 1));
        s = _mm_max_ps(s, _mm_movehl_ps(s, s));
        s = _mm_max_ss(s, _mm_movehdup_ps(s));
        // Scalar from here, as the reference: d = amax / 127, id = 1 / d.
        const float d = _mm_cvtss_f32(s) / 127;
        const float id = d != 0.0f ? 1.0f / d : 0.0f;
        y[b].d = std::uint16_t(_cvtss_sh(d, _MM_FROUND_TO_NEAREST_INT));
        const __m512 vid = _mm512_set1_ps(id);
        // Non-finite lanes (1 / d infinite for a block of float subnormals)
        // give 0, as ggml's conversion does on x86.
        const __m512 r0 = roundHalfAway(_mm512_mul_ps(v0, vid));
        const __m512 r1 = roundHalfAway(_mm512_mul_ps(v1, vid));
        const __m512 limit = _mm512_set1_ps(2147483648.0f);
        const __m512i q0 =
            _mm512_maskz_cvttps_epi32(_mm512_cmp_ps_mask(_mm512_abs_ps(r0), limit, _CMP_LT_OQ), r0);
        const __m512i q1 =
            _mm512_maskz_cvttps_epi32(_mm512_cmp_ps_mask(_mm512_abs_ps(r1), limit, _CMP_LT_OQ), r1);
        _mm_storeu_si128(reinterpret_cast<__m128i *>(y[b].qs), _mm512_cvtsepi32_epi8(q0));
        _mm_storeu_si128(reinterpret_cast<__m128i *>(y[b].qs + 16), _mm512_cvtsepi32_epi8(q1));
    }
}

// ---- many rows times several vectors (gemm) ----
//
// Rows are repacked 16 at a time (a group) so that one register holds the
// same part of all 16, a row per lane: 4 bytes of a block (quantized rows)
// or one element (float rows). A vector's 4 bytes, or its element, are
// broadcast against it, so each lane sums its own row's dot product, and in
// the scalar kernel's order:
// - quantized rows, block by block: the exact integer sum (vpdpbusd, which
//   multiplies unsigned bytes by signed ones: the unsigned side is Q4_0's
//   nibbles, or int8 weights + 128, and the lane starts at -8 or -128 times
//   the sum of the vector's quants, taking that offset back; exact for any
//   quants, -128 included), then total += (d_w * d_x) * float(sum);
// - float rows, element by element: total += w[i] * x[i].
// Products and sums are rounded apart, as in the scalar file: keep() hides
// each product from GCC, which would otherwise fuse it with its sum into an
// FMA (contraction is GCC's default for C++).
//
// A call repacks each panel of two groups (32 rows) once and runs every
// vector past it, a few at a time with their sums in registers. Measured on
// Zen 5, one core, 1024 x 1024 Q4_0 rows times 128 vectors: 16-row panels
// 330 GMAC/s, 32-row 380 (a broadcast then feeds two vpdpbusd; with one
// each, vpdpbusd ran at two thirds of its speed), 48 and 64 rows 340 and 330
// (out of registers); 4 to 8 vectors at a time alike, 2 slower. Float rows:
// 32-row panels 119 GMAC/s, 16-row 102 to 113. The single-row kernels: 48.

constexpr int kPanel = 16; // rows in a group
/// Groups per panel, quantized and float rows.
constexpr int kGroups = 2, kFloatGroups = 2;
/// Vectors at a time.
constexpr int kQuantTokens = 4, kFloatTokens = 8;

/// v, hidden from the optimiser (see above).
inline __m512 keep(__m512 v) {
    asm("" : "+v"(v));
    return v;
}

inline std::int32_t load32(const void *p) {
    std::int32_t v;
    __builtin_memcpy(&v, p, sizeof v);
    return v;
}

inline std::int64_t smaller(std::int64_t a, std::int64_t b) {
    return a < b ? a : b;
}

/// A compile-time count, for choosing a tile's template by a run-time one.
template <int N> struct Count { static constexpr int value = N; };

/// f(Count<count>{}) for count in 1..N.
template <int N, class F> inline void withCount(std::int64_t count, F &&f) {
    if constexpr (N > 1) {
        if (count < N)
            return withCount<N - 1>(count, f);
    }
    f(Count<N>{});
}

/// The panel's rows from r0: the first `count` real, the rest repeating the
/// last one (read but never stored, so nothing past the matrix is touched).
template <class W>
inline void panelRows(const W *w, std::int64_t wStride, std::int64_t count,
                      const W *(&rows)[kPanel]) {
    for (int r = 0; r < kPanel; ++r)
        rows[r] = w + (r < count ? r : count - 1) * wStride;
}

inline __mmask16 laneMask(std::int64_t count) {
    return count >= 16 ? __mmask16(0xffff) : __mmask16((1u << count) - 1u);
}

struct DwordTable {
    alignas(64) std::int32_t v[16];
};

template <class F> constexpr DwordTable makeDwords(F f) {
    DwordTable t{};
    for (int i = 0; i < 16; ++i)
        t.v[i] = f(i);
    return t;
}

/// vpermt2d indices: from rows 0-3 (first register) and 4-7 (second), 4
/// dwords each, 128 bits a row, to dwords k0 and k0 + 1 of rows 0..7.
constexpr DwordTable fourDwords(int k0) {
    return makeDwords([=](int j) {
        const int row = j % 8, k = k0 + j / 8;
        return row < 4 ? 4 * row + k : 16 + 4 * (row - 4) + k;
    });
}
constexpr DwordTable kFourDwords[2] = {fourDwords(0), fourDwords(2)};

/// vpermt2d indices: from rows 0-1 (first register) and 2-3 (second), 8
/// dwords each, 256 bits a row, to dwords k0 .. k0 + 3 of rows 0..3, 128
/// bits a dword.
constexpr DwordTable eightDwords(int k0) {
    return makeDwords([=](int j) {
        const int row = j % 4, k = k0 + j / 4;
        return row < 2 ? 8 * row + k : 16 + 8 * (row - 2) + k;
    });
}
constexpr DwordTable kEightDwords[2] = {eightDwords(0), eightDwords(4)};

/// One block of a quantized panel: q[k] holds unsigned weights 4k .. 4k + 3
/// of the 16 rows' blocks (the ones that meet the vector's quants 4k ..
/// 4k + 3), a row per lane; d the rows' scales.
struct PanelBlock {
    __m512i q[8];
    __m512 d;
};

/// What each vector's block brings: the lane's start (-offset * the sum of
/// its quants) and its scale.
struct VectorBlock {
    std::int32_t start;
    float d;
};

/// The 16 rows' fp16 scales of block b.
template <class Block>
inline __m512 panelScales(const Block *const (&rows)[kPanel], std::int64_t b) {
    alignas(32) std::uint16_t h[kPanel];
    for (int r = 0; r < kPanel; ++r)
        h[r] = rows[r][b].d;
    return _mm512_cvtph_ps(load256(h));
}

// Packing 16 rows: block b goes to panel[b * stride] (a panel's groups
// take turns, block by block).

/// Q4_0: dword k (0..3) of a block's 16 bytes holds weights 4k .. 4k + 3 in
/// its low nibbles and 16 + 4k .. 16 + 4k + 3 in its high ones.
void packQ4_0(const BlockQ4_0 *const (&rows)[kPanel], std::int64_t blocks, std::int64_t stride,
              PanelBlock *panel) {
    const __m512i low = _mm512_set1_epi8(0x0f);
    for (std::int64_t b = 0; b < blocks; ++b) {
        __m512i z[4]; // rows 4i .. 4i + 3, 128 bits each
        for (int i = 0; i < 4; ++i) {
            __m512i v = _mm512_castsi128_si512(load128(rows[4 * i][b].qs));
            v = _mm512_inserti32x4(v, load128(rows[4 * i + 1][b].qs), 1);
            v = _mm512_inserti32x4(v, load128(rows[4 * i + 2][b].qs), 2);
            z[i] = _mm512_inserti32x4(v, load128(rows[4 * i + 3][b].qs), 3);
        }
        for (int half = 0; half < 2; ++half) {
            const __m512i index = _mm512_load_si512(kFourDwords[half].v);
            const __m512i top = _mm512_permutex2var_epi32(z[0], index, z[1]);    // rows 0-7
            const __m512i bottom = _mm512_permutex2var_epi32(z[2], index, z[3]); // rows 8-15
            const __m512i first = _mm512_shuffle_i64x2(top, bottom, 0x44);
            const __m512i second = _mm512_shuffle_i64x2(top, bottom, 0xee);
            const int k = 2 * half;
            panel[b * stride].q[k] = _mm512_and_si512(first, low);
            panel[b * stride].q[k + 1] = _mm512_and_si512(second, low);
            panel[b * stride].q[k + 4] = _mm512_and_si512(_mm512_srli_epi16(first, 4), low);
            panel[b * stride].q[k + 5] = _mm512_and_si512(_mm512_srli_epi16(second, 4), low);
        }
        panel[b * stride].d = panelScales(rows, b);
    }
}

/// 32 signed bytes of each of 16 rows (p[r]) to q[0..7], plus 128 (so unsigned).
inline void packBytes(const std::int8_t *const (&p)[kPanel], __m512i (&q)[8]) {
    __m512i z[8]; // rows 2i and 2i + 1, 256 bits each
    for (int i = 0; i < 8; ++i)
        z[i] =
            _mm512_inserti64x4(_mm512_castsi256_si512(load256(p[2 * i])), load256(p[2 * i + 1]), 1);
    const __m512i offset = _mm512_set1_epi8(char(0x80));
    for (int half = 0; half < 2; ++half) {
        const __m512i index = _mm512_load_si512(kEightDwords[half].v);
        __m512i a[4]; // rows 4g .. 4g + 3; 128-bit lane L: their dword 4 * half + L
        for (int g = 0; g < 4; ++g)
            a[g] = _mm512_permutex2var_epi32(z[2 * g], index, z[2 * g + 1]);
        const __m512i c01 = _mm512_shuffle_i64x2(a[0], a[1], 0x44);
        const __m512i d01 = _mm512_shuffle_i64x2(a[2], a[3], 0x44);
        const __m512i c23 = _mm512_shuffle_i64x2(a[0], a[1], 0xee);
        const __m512i d23 = _mm512_shuffle_i64x2(a[2], a[3], 0xee);
        const int k = 4 * half;
        q[k] = _mm512_xor_si512(_mm512_shuffle_i64x2(c01, d01, 0x88), offset);
        q[k + 1] = _mm512_xor_si512(_mm512_shuffle_i64x2(c01, d01, 0xdd), offset);
        q[k + 2] = _mm512_xor_si512(_mm512_shuffle_i64x2(c23, d23, 0x88), offset);
        q[k + 3] = _mm512_xor_si512(_mm512_shuffle_i64x2(c23, d23, 0xdd), offset);
    }
}

void packQ8_0(const BlockQ8_0 *const (&rows)[kPanel], std::int64_t blocks, std::int64_t stride,
              PanelBlock *panel) {
    for (std::int64_t b = 0; b < blocks; ++b) {
        const std::int8_t *p[kPanel];
        for (int r = 0; r < kPanel; ++r)
            p[r] = rows[r][b].qs;
        packBytes(p, panel[b * stride].q);
        panel[b * stride].d = panelScales(rows, b);
    }
}

void packI8(const std::int8_t *const (&rows)[kPanel], std::int64_t blocks, std::int64_t stride,
            PanelBlock *panel) {
    for (std::int64_t b = 0; b < blocks; ++b) {
        const std::int8_t *p[kPanel];
        for (int r = 0; r < kPanel; ++r)
            p[r] = rows[r] + b * kBlock;
        packBytes(p, panel[b * stride].q);
        panel[b * stride].d = _mm512_setzero_ps(); // unused: the caller scales the rows
    }
}

/// Each vector's blocks: the lane start, -offset * sum of the quants (summed
/// as unsigned bytes x + 128 by vpsadbw), and the scale.
void prepareVectors(const BlockQ8_0 *x, std::int64_t xStride, std::int64_t tokens,
                    std::int64_t blocks, std::int32_t offset, VectorBlock *out) {
    const __m256i flip = _mm256_set1_epi8(char(0x80));
    for (std::int64_t t = 0; t < tokens; ++t) {
        for (std::int64_t b = 0; b < blocks; ++b) {
            const BlockQ8_0 &xb = x[t * xStride + b];
            const __m256i sums =
                _mm256_sad_epu8(_mm256_xor_si256(load256(xb.qs), flip), _mm256_setzero_si256());
            const __m128i pair =
                _mm_add_epi64(_mm256_castsi256_si128(sums), _mm256_extracti128_si256(sums, 1));
            const std::int64_t sum =
                _mm_cvtsi128_si64(pair) + _mm_cvtsi128_si64(_mm_unpackhi_epi64(pair, pair));
            out[t * blocks + b] = {-offset * std::int32_t(sum - 128 * kBlock), _cvtsh_ss(xb.d)};
        }
    }
}

/// T vectors against a quantized panel of G groups of 16 rows (G
/// PanelBlocks a block); the first `rows` (1 .. 16G) of its lanes are stored.
template <int G, int T, bool kWeightScales>
void quantTile(const PanelBlock *panel, std::int64_t blocks, const BlockQ8_0 *x,
               std::int64_t xStride, const VectorBlock *vectors, float *out, std::int64_t outStride,
               std::int64_t rows) {
    __m512 acc[G][T];
    for (int g = 0; g < G; ++g)
        for (int t = 0; t < T; ++t)
            acc[g][t] = _mm512_setzero_ps();
    for (std::int64_t b = 0; b < blocks; ++b) {
        const PanelBlock *p = panel + b * G;
#pragma GCC unroll 16
        for (int t = 0; t < T; ++t) {
            const std::int8_t *qs = x[t * xStride + b].qs;
            const VectorBlock &v = vectors[t * blocks + b];
            __m512i sum[G];
            for (int g = 0; g < G; ++g)
                sum[g] = _mm512_set1_epi32(v.start);
            for (int k = 0; k < 8; ++k) {
                const __m512i xk = _mm512_set1_epi32(load32(qs + 4 * k));
                for (int g = 0; g < G; ++g)
                    sum[g] = _mm512_dpbusd_epi32(sum[g], p[g].q[k], xk);
            }
            for (int g = 0; g < G; ++g) {
                const __m512 d = kWeightScales ? _mm512_mul_ps(p[g].d, _mm512_set1_ps(v.d))
                                               : _mm512_set1_ps(v.d);
                acc[g][t] =
                    _mm512_add_ps(acc[g][t], keep(_mm512_mul_ps(d, _mm512_cvtepi32_ps(sum[g]))));
            }
        }
    }
    for (int g = 0; g < G; ++g)
        for (int t = 0; t < T; ++t)
            _mm512_mask_storeu_ps(out + t * outStride + 16 * g, laneMask(rows - 16 * g), acc[g][t]);
}

/// The gemm kernel of quantized rows W: their unsigned bytes are kOffset
/// (8 or 128) above the true weights; kWeightScales: blocks with scales
/// (Q8_0, Q4_0; int8 rows have one, the caller's).
template <class W, std::int32_t kOffset, bool kWeightScales,
          void (*pack)(const W *const (&)[kPanel], std::int64_t, std::int64_t, PanelBlock *)>
void gemmQuantized(const W *w, std::int64_t wStride, std::int64_t rows, const BlockQ8_0 *x,
                   std::int64_t xStride, std::int64_t tokens, std::int64_t blocks, float *out,
                   std::int64_t outStride) {
    if (rows <= 0 || tokens <= 0)
        return;
    const std::size_t vectorBytes =
        (std::size_t(tokens * blocks) * sizeof(VectorBlock) + 63) / 64 * 64;
    auto *space = static_cast<unsigned char *>(
        detail::scratch(vectorBytes + std::size_t(blocks * kGroups) * sizeof(PanelBlock)));
    auto *vectors = reinterpret_cast<VectorBlock *>(space);
    auto *panel = reinterpret_cast<PanelBlock *>(space + vectorBytes);
    prepareVectors(x, xStride, tokens, blocks, kOffset, vectors);
    for (std::int64_t r0 = 0; r0 < rows; r0 += kGroups * kPanel) {
        const std::int64_t count = smaller(kGroups * kPanel, rows - r0);
        const std::int64_t groups = (count + kPanel - 1) / kPanel;
        for (std::int64_t g = 0; g < groups; ++g) {
            const W *panelRowPointers[kPanel];
            panelRows(w + (r0 + g * kPanel) * wStride, wStride, count - g * kPanel,
                      panelRowPointers);
            pack(panelRowPointers, blocks, groups, panel + g);
        }
        for (std::int64_t t0 = 0; t0 < tokens; t0 += kQuantTokens)
            withCount<kQuantTokens>(tokens - t0, [&](auto n) {
                const auto tile = [&](auto g) {
                    quantTile<decltype(g)::value, decltype(n)::value, kWeightScales>(
                        panel, blocks, x + t0 * xStride, xStride, vectors + t0 * blocks,
                        out + t0 * outStride + r0, outStride, count);
                };
                withCount<kGroups>(groups, tile);
            });
    }
}

/// Float rows: a 16 x 16 transpose, rows to columns.
inline void transpose16(__m512 (&r)[16]) {
    __m512 t[16];
    for (int i = 0; i < 8; ++i) {
        t[2 * i] = _mm512_unpacklo_ps(r[2 * i], r[2 * i + 1]);
        t[2 * i + 1] = _mm512_unpackhi_ps(r[2 * i], r[2 * i + 1]);
    }
    // t[2i], per 128-bit lane: elements 0, 1 of rows 2i, 2i + 1 interleaved;
    // t[2i + 1]: elements 2, 3.
    for (int i = 0; i < 4; ++i) {
        const __m512d a = _mm512_castps_pd(t[4 * i]), b = _mm512_castps_pd(t[4 * i + 1]);
        const __m512d c = _mm512_castps_pd(t[4 * i + 2]), d = _mm512_castps_pd(t[4 * i + 3]);
        r[4 * i] = _mm512_castpd_ps(_mm512_unpacklo_pd(a, c));
        r[4 * i + 1] = _mm512_castpd_ps(_mm512_unpackhi_pd(a, c));
        r[4 * i + 2] = _mm512_castpd_ps(_mm512_unpacklo_pd(b, d));
        r[4 * i + 3] = _mm512_castpd_ps(_mm512_unpackhi_pd(b, d));
    }
    // r[4i + m], 128-bit lane L: element 4L + m of rows 4i .. 4i + 3.
    __m512 out[16];
    for (int m = 0; m < 4; ++m) {
        const __m512 e = _mm512_shuffle_f32x4(r[m], r[4 + m], 0x44);
        const __m512 f = _mm512_shuffle_f32x4(r[8 + m], r[12 + m], 0x44);
        const __m512 g = _mm512_shuffle_f32x4(r[m], r[4 + m], 0xee);
        const __m512 h = _mm512_shuffle_f32x4(r[8 + m], r[12 + m], 0xee);
        out[m] = _mm512_shuffle_f32x4(e, f, 0x88);
        out[4 + m] = _mm512_shuffle_f32x4(e, f, 0xdd);
        out[8 + m] = _mm512_shuffle_f32x4(g, h, 0x88);
        out[12 + m] = _mm512_shuffle_f32x4(g, h, 0xdd);
    }
    for (int i = 0; i < 16; ++i)
        r[i] = out[i];
}

inline __m512 loadRow(const float *p, __mmask16 m) {
    return _mm512_maskz_loadu_ps(m, p);
}

inline __m512 loadRow(const std::uint16_t *p, __mmask16 m) {
    return _mm512_cvtph_ps(_mm256_maskz_loadu_epi16(m, p));
}

/// Float panel: element i of the 16 rows at panel[i], a row per lane (as
/// floats: fp16 converts exactly). n rounded up to 16; the extra are zero.
template <class W>
void packFloats(const W *const (&rows)[kPanel], std::int64_t n, std::int64_t stride,
                __m512 *panel) {
    for (std::int64_t i = 0; i < n; i += 16) {
        const __mmask16 m = laneMask(n - i);
        __m512 r[16];
        for (int j = 0; j < 16; ++j)
            r[j] = loadRow(rows[j] + i, m);
        transpose16(r);
        for (int j = 0; j < 16; ++j)
            panel[(i + j) * stride] = r[j];
    }
}

/// T vectors against a float panel of G groups of 16 rows (G registers an
/// element); the first `rows` (1 .. 16G) of its lanes are stored.
template <int G, int T>
void floatTile(const __m512 *panel, std::int64_t n, const float *x, std::int64_t xStride,
               float *out, std::int64_t outStride, std::int64_t rows) {
    __m512 acc[G][T];
    for (int g = 0; g < G; ++g)
        for (int t = 0; t < T; ++t)
            acc[g][t] = _mm512_setzero_ps();
    for (std::int64_t i = 0; i < n; ++i) {
        const __m512 *w = panel + i * G;
#pragma GCC unroll 16
        for (int t = 0; t < T; ++t) {
            const __m512 xi = keep(_mm512_set1_ps(x[t * xStride + i]));
            for (int g = 0; g < G; ++g)
                acc[g][t] = _mm512_add_ps(acc[g][t], keep(_mm512_mul_ps(w[g], xi)));
        }
    }
    for (int g = 0; g < G; ++g)
        for (int t = 0; t < T; ++t)
            _mm512_mask_storeu_ps(out + t * outStride + 16 * g, laneMask(rows - 16 * g), acc[g][t]);
}

/// The gemm kernel of float or fp16 rows W.
template <class W>
void gemmFloat(const W *w, std::int64_t wStride, std::int64_t rows, const float *x,
               std::int64_t xStride, std::int64_t tokens, std::int64_t n, float *out,
               std::int64_t outStride) {
    if (rows <= 0 || tokens <= 0)
        return;
    auto *panel = static_cast<__m512 *>(
        detail::scratch(std::size_t((n + 15) / 16 * 16 * kFloatGroups) * sizeof(__m512)));
    for (std::int64_t r0 = 0; r0 < rows; r0 += kFloatGroups * kPanel) {
        const std::int64_t count = smaller(kFloatGroups * kPanel, rows - r0);
        const std::int64_t groups = (count + kPanel - 1) / kPanel;
        for (std::int64_t g = 0; g < groups; ++g) {
            const W *panelRowPointers[kPanel];
            panelRows(w + (r0 + g * kPanel) * wStride, wStride, count - g * kPanel,
                      panelRowPointers);
            packFloats(panelRowPointers, n, groups, panel + g);
        }
        for (std::int64_t t0 = 0; t0 < tokens; t0 += kFloatTokens)
            withCount<kFloatTokens>(tokens - t0, [&](auto c) {
                const auto tile = [&](auto g) {
                    floatTile<decltype(g)::value, decltype(c)::value>(
                        panel, n, x + t0 * xStride, xStride, out + t0 * outStride + r0, outStride,
                        count);
                };
                withCount<kFloatGroups>(groups, tile);
            });
    }
}

} // namespace

namespace detail {

constinit const Kernels kAvx512Kernels{
    .simd = Simd::Avx512Vnni,
    .dotF32 = dotF32,
    .dotF16 = dotF16,
    .dotQ8_0 = dotQ8_0,
    .dotQ4_0 = dotQ4_0,
    .dotI8 = dotI8,
    .axpyF32 = axpyF32,
    .quantizeQ8_0 = quantizeQ8_0,
    .gemmF32 = gemmFloat<float>,
    .gemmF16 = gemmFloat<std::uint16_t>,
    .gemmQ8_0 = gemmQuantized<BlockQ8_0, 128, true, packQ8_0>,
    .gemmQ4_0 = gemmQuantized<BlockQ4_0, 8, true, packQ4_0>,
    .gemmI8 = gemmQuantized<std::int8_t, 128, false, packI8>,
};

} // namespace detail

} // namespace sovereign::agent::infer
