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
#include "agents/infer/avx512util.h"
#include "agents/infer/kernelsimpl.h"

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
    .gemmF32 = avx512::gemmF32,
    .gemmF16 = avx512::gemmF16,
    .gemmQ8_0 = avx512::gemmQ8_0,
    .gemmQ4_0 = avx512::gemmQ4_0,
    .gemmI8 = avx512::gemmI8,
};

} // namespace detail

} // namespace sovereign::agent::infer
