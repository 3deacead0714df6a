// AVX2 + FMA + F16C kernels. This file is compiled with -mavx2 -mfma -mf16c
// and reached only through kAvx2Kernels, which kernels.cpp hands out after
// checking the CPU. Everything here has internal linkage (and uses nothing
// from the standard library that could be instantiated here with AVX2
// instructions and then shared with code that runs on any x86-64).
//
// Loads are unaligned throughout: Q8_0 blocks are 34 bytes, Q4_0 blocks 18.
#include "agents/infer/kernelsimpl.h"

#include <immintrin.h>

namespace sovereign::agent::infer {

namespace {

inline float horizontalSum(__m256 v) {
    __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    s = _mm_add_ss(s, _mm_movehdup_ps(s));
    return _mm_cvtss_f32(s);
}

inline float horizontalMax(__m256 v) {
    __m128 s = _mm_max_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    s = _mm_max_ps(s, _mm_movehl_ps(s, s));
    s = _mm_max_ss(s, _mm_movehdup_ps(s));
    return _mm_cvtss_f32(s);
}

/// A mask of the first `count` (0..8) float lanes, for maskload.
inline __m256i firstLanes(std::int64_t count) {
    alignas(64) static constexpr std::int32_t kMask[16] = {-1, -1, -1, -1, -1, -1, -1, -1,
                                                           0,  0,  0,  0,  0,  0,  0,  0};
    return _mm256_loadu_si256(reinterpret_cast<const __m256i *>(kMask + 8 - count));
}

inline __m256i load256(const void *p) {
    return _mm256_loadu_si256(static_cast<const __m256i *>(p));
}

/// The product of two fp16 scales, broadcast.
inline __m256 scaleProduct(std::uint16_t a, std::uint16_t b) {
    const __m128 ab = _mm_cvtph_ps(_mm_cvtsi32_si128(int(a | (std::uint32_t(b) << 16))));
    return _mm256_broadcastss_ps(_mm_mul_ss(ab, _mm_movehdup_ps(ab)));
}

inline __m256 scaleOf(std::uint16_t d) {
    return _mm256_broadcastss_ps(_mm_cvtph_ps(_mm_cvtsi32_si128(d)));
}

/// Four fp16 scales of consecutive blocks, packed into 64 bits.
template <class Block> inline std::int64_t packScales(const Block *p) {
    return std::int64_t(std::uint64_t(p[0].d) | (std::uint64_t(p[1].d) << 16) |
                        (std::uint64_t(p[2].d) << 32) | (std::uint64_t(p[3].d) << 48));
}

/// The fp16 scales of 8 consecutive blocks, as floats. The halves are packed
/// in general-purpose registers (integer ports, idle in these loops), so the
/// vector side does one conversion per 8 blocks.
template <class Block> inline __m256 scales8(const Block *p) {
    std::int64_t low = packScales(p), high = packScales(p + 4);
    // Left alone, GCC "vectorises" the packing into a dozen vector shuffles,
    // which compete with the loop's real work.
    asm("" : "+r"(low), "+r"(high));
    return _mm256_cvtph_ps(_mm_set_epi64x(high, low));
}

/// Lane k of v in every lane.
inline __m256 lane(__m256 v, int k) {
    return _mm256_permutevar8x32_ps(v, _mm256_set1_epi32(k));
}

/// 32 signed bytes times 32 signed bytes, summed in pairs then quads: 8 int32
/// lanes whose total is the block's dot product. maddubs wants its first
/// operand unsigned, so |a| meets b with a's sign (ggml's scheme). Exact
/// while no quant is -128 (quantizing never makes one: they stay within
/// -127..127, so a pair is at most 2 * 127 * 127 and never saturates).
inline __m256i dotBytes(__m256i a, __m256i b) {
    const __m256i products = _mm256_maddubs_epi16(_mm256_sign_epi8(a, a), _mm256_sign_epi8(b, a));
    return _mm256_madd_epi16(products, _mm256_set1_epi16(1));
}

/// The 32 nibbles of a Q4_0 block as unsigned bytes 0..15, in element order.
inline __m256i nibbles(const std::uint8_t *qs) {
    const __m128i raw = _mm_loadu_si128(reinterpret_cast<const __m128i *>(qs));
    return _mm256_and_si256(_mm256_set_m128i(_mm_srli_epi16(raw, 4), raw), _mm256_set1_epi8(0x0f));
}

/// sum (nibble - 8) * x as 8 int32 lanes: nibble . x - 8 . x in 16-bit pairs
/// (|pair| <= 2 * 15 * 127, no saturation), then widened.
inline __m256i dotQ4(__m256i nib, __m256i x) {
    // x in a register: GCC would otherwise read it from memory for each use,
    // and loads are what these loops run short of.
    asm("" : "+x"(x));
    const __m256i pairs = _mm256_sub_epi16(_mm256_maddubs_epi16(nib, x),
                                           _mm256_maddubs_epi16(_mm256_set1_epi8(8), x));
    return _mm256_madd_epi16(pairs, _mm256_set1_epi16(1));
}

float dotF32(const float *w, const float *x, std::int64_t n) {
    __m256 a0 = _mm256_setzero_ps(), a1 = _mm256_setzero_ps();
    __m256 a2 = _mm256_setzero_ps(), a3 = _mm256_setzero_ps();
    std::int64_t i = 0;
    for (; i + 32 <= n; i += 32) {
        a0 = _mm256_fmadd_ps(_mm256_loadu_ps(w + i), _mm256_loadu_ps(x + i), a0);
        a1 = _mm256_fmadd_ps(_mm256_loadu_ps(w + i + 8), _mm256_loadu_ps(x + i + 8), a1);
        a2 = _mm256_fmadd_ps(_mm256_loadu_ps(w + i + 16), _mm256_loadu_ps(x + i + 16), a2);
        a3 = _mm256_fmadd_ps(_mm256_loadu_ps(w + i + 24), _mm256_loadu_ps(x + i + 24), a3);
    }
    for (; i + 8 <= n; i += 8)
        a0 = _mm256_fmadd_ps(_mm256_loadu_ps(w + i), _mm256_loadu_ps(x + i), a0);
    if (i < n) {
        const __m256i mask = firstLanes(n - i);
        a1 = _mm256_fmadd_ps(_mm256_maskload_ps(w + i, mask), _mm256_maskload_ps(x + i, mask), a1);
    }
    return horizontalSum(_mm256_add_ps(_mm256_add_ps(a0, a1), _mm256_add_ps(a2, a3)));
}

inline __m256 loadF16(const std::uint16_t *p) {
    return _mm256_cvtph_ps(_mm_loadu_si128(reinterpret_cast<const __m128i *>(p)));
}

float dotF16(const std::uint16_t *w, const float *x, std::int64_t n) {
    __m256 a0 = _mm256_setzero_ps(), a1 = _mm256_setzero_ps();
    __m256 a2 = _mm256_setzero_ps(), a3 = _mm256_setzero_ps();
    std::int64_t i = 0;
    for (; i + 32 <= n; i += 32) {
        a0 = _mm256_fmadd_ps(loadF16(w + i), _mm256_loadu_ps(x + i), a0);
        a1 = _mm256_fmadd_ps(loadF16(w + i + 8), _mm256_loadu_ps(x + i + 8), a1);
        a2 = _mm256_fmadd_ps(loadF16(w + i + 16), _mm256_loadu_ps(x + i + 16), a2);
        a3 = _mm256_fmadd_ps(loadF16(w + i + 24), _mm256_loadu_ps(x + i + 24), a3);
    }
    for (; i + 8 <= n; i += 8)
        a0 = _mm256_fmadd_ps(loadF16(w + i), _mm256_loadu_ps(x + i), a0);
    if (i < n) {
        alignas(16) std::uint16_t tail[8] = {};
        for (std::int64_t j = 0; j < n - i; ++j)
            tail[j] = w[i + j];
        const __m256i mask = firstLanes(n - i);
        a1 = _mm256_fmadd_ps(loadF16(tail), _mm256_maskload_ps(x + i, mask), a1);
    }
    return horizontalSum(_mm256_add_ps(_mm256_add_ps(a0, a1), _mm256_add_ps(a2, a3)));
}

/// The total of four accumulators (four, so that consecutive blocks' FMAs
/// do not wait on each other's latency).
inline float total(const __m256 (&acc)[4]) {
    return horizontalSum(
        _mm256_add_ps(_mm256_add_ps(acc[0], acc[1]), _mm256_add_ps(acc[2], acc[3])));
}

float dotQ8_0(const BlockQ8_0 *w, const BlockQ8_0 *x, std::int64_t blocks) {
    __m256 acc[4] = {_mm256_setzero_ps(), _mm256_setzero_ps(), _mm256_setzero_ps(),
                     _mm256_setzero_ps()};
    std::int64_t b = 0;
    for (; b + 8 <= blocks; b += 8) {
        const __m256 s = _mm256_mul_ps(scales8(w + b), scales8(x + b));
        for (int k = 0; k < 8; ++k) {
            const __m256i p = dotBytes(load256(w[b + k].qs), load256(x[b + k].qs));
            acc[k % 4] = _mm256_fmadd_ps(_mm256_cvtepi32_ps(p), lane(s, k), acc[k % 4]);
        }
    }
    for (; b < blocks; ++b) {
        const __m256i p = dotBytes(load256(w[b].qs), load256(x[b].qs));
        acc[b % 4] =
            _mm256_fmadd_ps(_mm256_cvtepi32_ps(p), scaleProduct(w[b].d, x[b].d), acc[b % 4]);
    }
    return total(acc);
}

float dotQ4_0(const BlockQ4_0 *w, const BlockQ8_0 *x, std::int64_t blocks) {
    __m256 acc[4] = {_mm256_setzero_ps(), _mm256_setzero_ps(), _mm256_setzero_ps(),
                     _mm256_setzero_ps()};
    std::int64_t b = 0;
    for (; b + 8 <= blocks; b += 8) {
        const __m256 s = _mm256_mul_ps(scales8(w + b), scales8(x + b));
        for (int k = 0; k < 8; ++k) {
            const __m256i p = dotQ4(nibbles(w[b + k].qs), load256(x[b + k].qs));
            acc[k % 4] = _mm256_fmadd_ps(_mm256_cvtepi32_ps(p), lane(s, k), acc[k % 4]);
        }
    }
    for (; b < blocks; ++b) {
        const __m256i p = dotQ4(nibbles(w[b].qs), load256(x[b].qs));
        acc[b % 4] =
            _mm256_fmadd_ps(_mm256_cvtepi32_ps(p), scaleProduct(w[b].d, x[b].d), acc[b % 4]);
    }
    return total(acc);
}

float dotI8(const std::int8_t *w, const BlockQ8_0 *x, std::int64_t blocks) {
    __m256 acc[4] = {_mm256_setzero_ps(), _mm256_setzero_ps(), _mm256_setzero_ps(),
                     _mm256_setzero_ps()};
    std::int64_t b = 0;
    for (; b + 8 <= blocks; b += 8) {
        const __m256 s = scales8(x + b);
        for (int k = 0; k < 8; ++k) {
            const __m256i p = dotBytes(load256(w + (b + k) * kBlock), load256(x[b + k].qs));
            acc[k % 4] = _mm256_fmadd_ps(_mm256_cvtepi32_ps(p), lane(s, k), acc[k % 4]);
        }
    }
    for (; b < blocks; ++b) {
        const __m256i p = dotBytes(load256(w + b * kBlock), load256(x[b].qs));
        acc[b % 4] = _mm256_fmadd_ps(_mm256_cvtepi32_ps(p), scaleOf(x[b].d), acc[b % 4]);
    }
    return total(acc);
}

void axpyF32(float a, const float *x, float *y, std::int64_t n) {
    const __m256 va = _mm256_set1_ps(a);
    std::int64_t i = 0;
    for (; i + 32 <= n; i += 32) {
        for (int k = 0; k < 32; k += 8)
            _mm256_storeu_ps(y + i + k, _mm256_fmadd_ps(va, _mm256_loadu_ps(x + i + k),
                                                        _mm256_loadu_ps(y + i + k)));
    }
    for (; i + 8 <= n; i += 8)
        _mm256_storeu_ps(y + i,
                         _mm256_fmadd_ps(va, _mm256_loadu_ps(x + i), _mm256_loadu_ps(y + i)));
    if (i < n) {
        const __m256i mask = firstLanes(n - i);
        _mm256_maskstore_ps(
            y + i, mask,
            _mm256_fmadd_ps(va, _mm256_maskload_ps(x + i, mask), _mm256_maskload_ps(y + i, mask)));
    }
}

/// roundf on each lane: to nearest, halves away from zero (not the FPU's
/// halves to even). trunc(v) plus one step away from zero when the dropped
/// fraction is at least a half; v - trunc(v) is exact.
inline __m256 roundHalfAway(__m256 v) {
    const __m256 sign = _mm256_set1_ps(-0.0f);
    const __m256 t = _mm256_round_ps(v, _MM_FROUND_TO_ZERO | _MM_FROUND_NO_EXC);
    const __m256 fraction = _mm256_andnot_ps(sign, _mm256_sub_ps(v, t));
    const __m256 away = _mm256_or_ps(_mm256_and_ps(v, sign), _mm256_set1_ps(1.0f));
    const __m256 up = _mm256_cmp_ps(fraction, _mm256_set1_ps(0.5f), _CMP_GE_OQ);
    return _mm256_add_ps(t, _mm256_and_ps(up, away));
}

void quantizeQ8_0(const float *x, BlockQ8_0 *y, std::int64_t n) {
    const __m256 sign = _mm256_set1_ps(-0.0f);
    const std::int64_t blocks = n / kBlock;
    for (std::int64_t b = 0; b < blocks; ++b) {
        const float *p = x + b * kBlock;
        __m256 v[4];
        for (int k = 0; k < 4; ++k)
            v[k] = _mm256_loadu_ps(p + 8 * k);
        const __m256 m = _mm256_max_ps(
            _mm256_max_ps(_mm256_andnot_ps(sign, v[0]), _mm256_andnot_ps(sign, v[1])),
            _mm256_max_ps(_mm256_andnot_ps(sign, v[2]), _mm256_andnot_ps(sign, v[3])));
        // Scalar from here, as the reference: d = amax / 127, id = 1 / d.
        const float d = horizontalMax(m) / 127;
        const float id = d != 0.0f ? 1.0f / d : 0.0f;
        y[b].d = std::uint16_t(_cvtss_sh(d, _MM_FROUND_TO_NEAREST_INT));
        const __m256 vid = _mm256_set1_ps(id);
        __m256i q[4];
        for (int k = 0; k < 4; ++k) {
            // Non-finite lanes (1 / d infinite for a block of float
            // subnormals) give 0, as ggml's conversion does on x86.
            const __m256 r = roundHalfAway(_mm256_mul_ps(v[k], vid));
            const __m256 finite =
                _mm256_cmp_ps(_mm256_andnot_ps(sign, r), _mm256_set1_ps(2147483648.0f), _CMP_LT_OQ);
            q[k] = _mm256_cvttps_epi32(_mm256_and_ps(r, finite));
        }
        // int32 -> int8 with saturation; packs work per 128-bit lane, the
        // permute puts the four groups of four back in order.
        const __m256i q16 =
            _mm256_packs_epi16(_mm256_packs_epi32(q[0], q[1]), _mm256_packs_epi32(q[2], q[3]));
        const __m256i ordered =
            _mm256_permutevar8x32_epi32(q16, _mm256_setr_epi32(0, 4, 1, 5, 2, 6, 3, 7));
        _mm256_storeu_si256(reinterpret_cast<__m256i *>(y[b].qs), ordered);
    }
}

// ---- many rows times several vectors (gemm) ----
//
// As in kernels_avx512.cpp (which says more): panels of 8 rows repacked so
// that a register holds the same part of each, a row per lane; a vector's 4
// bytes or element broadcast against it; each lane sums its row's dot
// product in the scalar kernel's order, rounding products and sums apart.
// Integer sums: vpmaddubsw (unsigned bytes times signed ones, pairs summed
// in 16 bits) and vpmaddwd. Q4_0's nibbles are the unsigned side, the lane
// starting at -8 times the sum of the vector's quants; int8 weights give
// |w| and the vector's quants with w's sign, as the single-row kernels do
// (exact while no quant is -128; quantizing never makes one).
//
// Measured (on Zen 5, this level forced), 2816 x 1024 rows times 128
// vectors: Q4_0 148 GMAC/s with 6 vectors at a time, 132 with 4, 112 with
// 2; Q8_0 97; floats 38 to 41 with 8 or 12, 32 with 4. The single-row
// kernels: 34, 44, 22.

constexpr int kPanel = 8;
/// Vectors at a time.
constexpr int kQuantTokens = 6, kFloatTokens = 8;

/// v, hidden from the optimiser, which would fuse a product with the sum it
/// goes into (an FMA rounds once where the scalar kernels round twice).
inline __m256 keep(__m256 v) {
    asm("" : "+x"(v));
    return v;
}

inline std::int32_t load32(const void *p) {
    std::int32_t v;
    __builtin_memcpy(&v, p, sizeof v);
    return v;
}

inline __m128i load128(const void *p) {
    return _mm_loadu_si128(static_cast<const __m128i *>(p));
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

/// Stores the first `count` (1..8) lanes.
inline void storeLanes(float *p, __m256 v, std::int64_t count) {
    if (count == kPanel)
        _mm256_storeu_ps(p, v);
    else
        _mm256_maskstore_ps(p, firstLanes(count), v);
}

/// An 8 x 8 transpose, rows to columns.
inline void transpose8(__m256 (&r)[8]) {
    __m256 t[8], u[8];
    for (int i = 0; i < 4; ++i) {
        t[2 * i] = _mm256_unpacklo_ps(r[2 * i], r[2 * i + 1]);
        t[2 * i + 1] = _mm256_unpackhi_ps(r[2 * i], r[2 * i + 1]);
    }
    // t[4h + 2j + s], per 128-bit lane: elements 2s, 2s + 1 of rows 4h + 2j, 4h + 2j + 1.
    for (int h = 0; h < 2; ++h) {
        u[4 * h] = _mm256_shuffle_ps(t[4 * h], t[4 * h + 2], 0x44);
        u[4 * h + 1] = _mm256_shuffle_ps(t[4 * h], t[4 * h + 2], 0xee);
        u[4 * h + 2] = _mm256_shuffle_ps(t[4 * h + 1], t[4 * h + 3], 0x44);
        u[4 * h + 3] = _mm256_shuffle_ps(t[4 * h + 1], t[4 * h + 3], 0xee);
    }
    // u[4h + m]: element m (low lane) and 4 + m (high lane) of rows 4h .. 4h + 3.
    for (int m = 0; m < 4; ++m) {
        r[m] = _mm256_permute2f128_ps(u[m], u[4 + m], 0x20);
        r[4 + m] = _mm256_permute2f128_ps(u[m], u[4 + m], 0x31);
    }
}

/// One block of a Q4_0 panel: q[k] holds weights 4k .. 4k + 3 (nibbles,
/// 0..15) of the 8 rows' blocks, a row per lane; d the rows' scales.
struct NibblePanelBlock {
    __m256i q[8];
    __m256 d;
};

/// One block of an int8 (Q8_0, int8) panel: q[k] holds |w| of weights 4k ..
/// 4k + 3, s[k] the weights themselves (their signs go to the vector's quants).
struct BytePanelBlock {
    __m256i q[8];
    __m256i s[8];
    __m256 d;
};

/// What each vector's block brings: the lane's start (-8 * the sum of its
/// quants, for Q4_0's offset; 0 otherwise) and its scale.
struct VectorBlock {
    std::int32_t start;
    float d;
};

template <class Block>
inline __m256 panelScales(const Block *const (&rows)[kPanel], std::int64_t b) {
    alignas(16) std::uint16_t h[kPanel];
    for (int r = 0; r < kPanel; ++r)
        h[r] = rows[r][b].d;
    return _mm256_cvtph_ps(load128(h));
}

/// Q4_0: dword k (0..3) of a block's 16 bytes holds weights 4k .. 4k + 3 in
/// its low nibbles and 16 + 4k .. 16 + 4k + 3 in its high ones.
void packQ4_0(const BlockQ4_0 *const (&rows)[kPanel], std::int64_t blocks,
              NibblePanelBlock *panel) {
    const __m256i low = _mm256_set1_epi8(0x0f);
    for (std::int64_t b = 0; b < blocks; ++b) {
        __m256i z[4]; // rows i (low 128 bits) and 4 + i (high)
        for (int i = 0; i < 4; ++i)
            z[i] = _mm256_set_m128i(load128(rows[4 + i][b].qs), load128(rows[i][b].qs));
        const __m256i t0 = _mm256_unpacklo_epi32(z[0], z[1]),
                      t1 = _mm256_unpackhi_epi32(z[0], z[1]);
        const __m256i t2 = _mm256_unpacklo_epi32(z[2], z[3]),
                      t3 = _mm256_unpackhi_epi32(z[2], z[3]);
        const __m256i v[4] = {_mm256_unpacklo_epi64(t0, t2), _mm256_unpackhi_epi64(t0, t2),
                              _mm256_unpacklo_epi64(t1, t3), _mm256_unpackhi_epi64(t1, t3)};
        for (int k = 0; k < 4; ++k) {
            panel[b].q[k] = _mm256_and_si256(v[k], low);
            panel[b].q[k + 4] = _mm256_and_si256(_mm256_srli_epi16(v[k], 4), low);
        }
        panel[b].d = panelScales(rows, b);
    }
}

/// 32 signed bytes of each of 8 rows (p[r]) into q (|w|) and s (w).
inline void packBytes(const std::int8_t *const (&p)[kPanel], BytePanelBlock &out) {
    __m256 r[8];
    for (int i = 0; i < 8; ++i)
        r[i] = _mm256_castsi256_ps(load256(p[i]));
    transpose8(r);
    for (int k = 0; k < 8; ++k) {
        const __m256i w = _mm256_castps_si256(r[k]);
        out.s[k] = w;
        out.q[k] = _mm256_sign_epi8(w, w);
    }
}

void packQ8_0(const BlockQ8_0 *const (&rows)[kPanel], std::int64_t blocks, BytePanelBlock *panel) {
    for (std::int64_t b = 0; b < blocks; ++b) {
        const std::int8_t *p[kPanel];
        for (int r = 0; r < kPanel; ++r)
            p[r] = rows[r][b].qs;
        packBytes(p, panel[b]);
        panel[b].d = panelScales(rows, b);
    }
}

void packI8(const std::int8_t *const (&rows)[kPanel], std::int64_t blocks, BytePanelBlock *panel) {
    for (std::int64_t b = 0; b < blocks; ++b) {
        const std::int8_t *p[kPanel];
        for (int r = 0; r < kPanel; ++r)
            p[r] = rows[r] + b * kBlock;
        packBytes(p, panel[b]);
        panel[b].d = _mm256_setzero_ps(); // unused: the caller scales the rows
    }
}

/// Each vector's blocks: the lane start, -offset * the sum of the quants
/// (summed as unsigned bytes x + 128 by vpsadbw), and the scale.
template <std::int32_t kOffset>
void prepareVectors(const BlockQ8_0 *x, std::int64_t xStride, std::int64_t tokens,
                    std::int64_t blocks, VectorBlock *out) {
    const __m256i flip = _mm256_set1_epi8(char(0x80));
    for (std::int64_t t = 0; t < tokens; ++t) {
        for (std::int64_t b = 0; b < blocks; ++b) {
            const BlockQ8_0 &xb = x[t * xStride + b];
            std::int32_t start = 0;
            if constexpr (kOffset != 0) {
                const __m256i sums =
                    _mm256_sad_epu8(_mm256_xor_si256(load256(xb.qs), flip), _mm256_setzero_si256());
                const __m128i pair =
                    _mm_add_epi64(_mm256_castsi256_si128(sums), _mm256_extracti128_si256(sums, 1));
                const std::int64_t sum =
                    _mm_cvtsi128_si64(pair) + _mm_cvtsi128_si64(_mm_unpackhi_epi64(pair, pair));
                start = -kOffset * std::int32_t(sum - 128 * kBlock);
            }
            out[t * blocks + b] = {start, _cvtsh_ss(xb.d)};
        }
    }
}

/// The block's integer sums, a row per lane: Q4_0's nibbles against the
/// vector's quants, 16-bit pairs summed over the block (8 pairs of 2
/// products of at most 15 * 128: no overflow), then widened.
inline __m256i blockSum(const NibblePanelBlock &p, const std::int8_t *qs, std::int32_t start) {
    __m256i pairs = _mm256_maddubs_epi16(p.q[0], _mm256_set1_epi32(load32(qs)));
    for (int k = 1; k < 8; ++k)
        pairs = _mm256_add_epi16(
            pairs, _mm256_maddubs_epi16(p.q[k], _mm256_set1_epi32(load32(qs + 4 * k))));
    return _mm256_add_epi32(_mm256_madd_epi16(pairs, _mm256_set1_epi16(1)),
                            _mm256_set1_epi32(start));
}

/// int8 weights: |w| against the quants with w's sign; each pair (at most
/// 2 * 128 * 127) widened at once.
inline __m256i blockSum(const BytePanelBlock &p, const std::int8_t *qs, std::int32_t) {
    __m256i sum = _mm256_setzero_si256();
    for (int k = 0; k < 8; ++k) {
        const __m256i x = _mm256_sign_epi8(_mm256_set1_epi32(load32(qs + 4 * k)), p.s[k]);
        sum = _mm256_add_epi32(
            sum, _mm256_madd_epi16(_mm256_maddubs_epi16(p.q[k], x), _mm256_set1_epi16(1)));
    }
    return sum;
}

/// T vectors against a quantized panel; the first `rows` lanes are stored.
template <int T, bool kWeightScales, class Panel>
void quantTile(const Panel *panel, std::int64_t blocks, const BlockQ8_0 *x, std::int64_t xStride,
               const VectorBlock *vectors, float *out, std::int64_t outStride, std::int64_t rows) {
    __m256 acc[T];
    for (int t = 0; t < T; ++t)
        acc[t] = _mm256_setzero_ps();
    for (std::int64_t b = 0; b < blocks; ++b) {
        const Panel &p = panel[b];
#pragma GCC unroll 16
        for (int t = 0; t < T; ++t) {
            const VectorBlock &v = vectors[t * blocks + b];
            const __m256i sum = blockSum(p, x[t * xStride + b].qs, v.start);
            const __m256 d =
                kWeightScales ? _mm256_mul_ps(p.d, _mm256_set1_ps(v.d)) : _mm256_set1_ps(v.d);
            acc[t] = _mm256_add_ps(acc[t], keep(_mm256_mul_ps(d, _mm256_cvtepi32_ps(sum))));
        }
    }
    for (int t = 0; t < T; ++t)
        storeLanes(out + t * outStride, acc[t], rows);
}

/// The gemm kernel of quantized rows W: Q4_0's nibbles are kOffset = 8
/// above the true weights (int8 rows: 0); kWeightScales: blocks with scales
/// (Q8_0, Q4_0; int8 rows have one, the caller's).
template <class W, class Panel, std::int32_t kOffset, bool kWeightScales,
          void (*pack)(const W *const (&)[kPanel], std::int64_t, Panel *)>
void gemmQuantized(const W *w, std::int64_t wStride, std::int64_t rows, const BlockQ8_0 *x,
                   std::int64_t xStride, std::int64_t tokens, std::int64_t blocks, float *out,
                   std::int64_t outStride) {
    if (rows <= 0 || tokens <= 0)
        return;
    const std::size_t vectorBytes =
        (std::size_t(tokens * blocks) * sizeof(VectorBlock) + 63) / 64 * 64;
    auto *space = static_cast<unsigned char *>(
        detail::scratch(vectorBytes + std::size_t(blocks) * sizeof(Panel)));
    auto *vectors = reinterpret_cast<VectorBlock *>(space);
    auto *panel = reinterpret_cast<Panel *>(space + vectorBytes);
    prepareVectors<kOffset>(x, xStride, tokens, blocks, vectors);
    for (std::int64_t r0 = 0; r0 < rows; r0 += kPanel) {
        const std::int64_t count = smaller(kPanel, rows - r0);
        const W *panelRowPointers[kPanel];
        panelRows(w + r0 * wStride, wStride, count, panelRowPointers);
        pack(panelRowPointers, blocks, panel);
        for (std::int64_t t0 = 0; t0 < tokens; t0 += kQuantTokens)
            withCount<kQuantTokens>(tokens - t0, [&](auto n) {
                quantTile<decltype(n)::value, kWeightScales>(
                    panel, blocks, x + t0 * xStride, xStride, vectors + t0 * blocks,
                    out + t0 * outStride + r0, outStride, count);
            });
    }
}

inline __m256 loadRow(const float *p, std::int64_t count) {
    return count >= 8 ? _mm256_loadu_ps(p) : _mm256_maskload_ps(p, firstLanes(count));
}

inline __m256 loadRow(const std::uint16_t *p, std::int64_t count) {
    if (count >= 8)
        return loadF16(p);
    alignas(16) std::uint16_t tail[8] = {};
    for (std::int64_t j = 0; j < count; ++j)
        tail[j] = p[j];
    return loadF16(tail);
}

/// Float panel: element i of the 8 rows at panel[i], a row per lane (as
/// floats: fp16 converts exactly). n rounded up to 8; the extra are zero.
template <class W> void packFloats(const W *const (&rows)[kPanel], std::int64_t n, __m256 *panel) {
    for (std::int64_t i = 0; i < n; i += 8) {
        __m256 r[8];
        for (int j = 0; j < 8; ++j)
            r[j] = loadRow(rows[j] + i, n - i);
        transpose8(r);
        for (int j = 0; j < 8; ++j)
            panel[i + j] = r[j];
    }
}

template <int T>
void floatTile(const __m256 *panel, std::int64_t n, const float *x, std::int64_t xStride,
               float *out, std::int64_t outStride, std::int64_t rows) {
    __m256 acc[T];
    for (int t = 0; t < T; ++t)
        acc[t] = _mm256_setzero_ps();
    for (std::int64_t i = 0; i < n; ++i) {
        const __m256 w = panel[i];
#pragma GCC unroll 16
        for (int t = 0; t < T; ++t)
            acc[t] = _mm256_add_ps(
                acc[t], keep(_mm256_mul_ps(w, _mm256_broadcast_ss(x + t * xStride + i))));
    }
    for (int t = 0; t < T; ++t)
        storeLanes(out + t * outStride, acc[t], rows);
}

/// The gemm kernel of float or fp16 rows W.
template <class W>
void gemmFloat(const W *w, std::int64_t wStride, std::int64_t rows, const float *x,
               std::int64_t xStride, std::int64_t tokens, std::int64_t n, float *out,
               std::int64_t outStride) {
    if (rows <= 0 || tokens <= 0)
        return;
    auto *panel = static_cast<__m256 *>(detail::scratch(std::size_t((n + 7) / 8 * 8) * 32));
    for (std::int64_t r0 = 0; r0 < rows; r0 += kPanel) {
        const std::int64_t count = smaller(kPanel, rows - r0);
        const W *panelRowPointers[kPanel];
        panelRows(w + r0 * wStride, wStride, count, panelRowPointers);
        packFloats(panelRowPointers, n, panel);
        for (std::int64_t t0 = 0; t0 < tokens; t0 += kFloatTokens)
            withCount<kFloatTokens>(tokens - t0, [&](auto c) {
                floatTile<decltype(c)::value>(panel, n, x + t0 * xStride, xStride,
                                              out + t0 * outStride + r0, outStride, count);
            });
    }
}

} // namespace

namespace detail {

constinit const Kernels kAvx2Kernels{
    .simd = Simd::Avx2,
    .dotF32 = dotF32,
    .dotF16 = dotF16,
    .dotQ8_0 = dotQ8_0,
    .dotQ4_0 = dotQ4_0,
    .dotI8 = dotI8,
    .axpyF32 = axpyF32,
    .quantizeQ8_0 = quantizeQ8_0,
    .gemmF32 = gemmFloat<float>,
    .gemmF16 = gemmFloat<std::uint16_t>,
    .gemmQ8_0 = gemmQuantized<BlockQ8_0, BytePanelBlock, 0, true, packQ8_0>,
    .gemmQ4_0 = gemmQuantized<BlockQ4_0, NibblePanelBlock, 8, true, packQ4_0>,
    .gemmI8 = gemmQuantized<std::int8_t, BytePanelBlock, 0, false, packI8>,
};

} // namespace detail

} // namespace sovereign::agent::infer
