// AVX2 + FMA + F16C gemm kernels: many rows times several vectors, in tiles
// (the single-row kernels and kAvx2Kernels are in kernels_avx2.cpp).
// Compiled with -mavx2 -mfma -mf16c and reached only through kAvx2Kernels;
// the rest has internal linkage.
#include "agents/infer/avx2util.h"
#include "agents/infer/kernelsimpl.h"

namespace sovereign::agent::infer {

namespace {

// ---- many rows times several vectors (gemm) ----
//
// As in gemm_avx512.cpp (which says more): panels of 8 rows repacked so
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

namespace detail::avx2 {

void gemmF32(const float *w, std::int64_t wStride, std::int64_t rows, const float *x,
             std::int64_t xStride, std::int64_t tokens, std::int64_t n, float *out,
             std::int64_t outStride) {
    gemmFloat<float>(w, wStride, rows, x, xStride, tokens, n, out, outStride);
}

void gemmF16(const std::uint16_t *w, std::int64_t wStride, std::int64_t rows, const float *x,
             std::int64_t xStride, std::int64_t tokens, std::int64_t n, float *out,
             std::int64_t outStride) {
    gemmFloat<std::uint16_t>(w, wStride, rows, x, xStride, tokens, n, out, outStride);
}

void gemmQ8_0(const BlockQ8_0 *w, std::int64_t wStride, std::int64_t rows, const BlockQ8_0 *x,
              std::int64_t xStride, std::int64_t tokens, std::int64_t n, float *out,
              std::int64_t outStride) {
    gemmQuantized<BlockQ8_0, BytePanelBlock, 0, true, packQ8_0>(w, wStride, rows, x, xStride,
                                                                tokens, n, out, outStride);
}

void gemmQ4_0(const BlockQ4_0 *w, std::int64_t wStride, std::int64_t rows, const BlockQ8_0 *x,
              std::int64_t xStride, std::int64_t tokens, std::int64_t n, float *out,
              std::int64_t outStride) {
    gemmQuantized<BlockQ4_0, NibblePanelBlock, 8, true, packQ4_0>(w, wStride, rows, x, xStride,
                                                                  tokens, n, out, outStride);
}

void gemmI8(const std::int8_t *w, std::int64_t wStride, std::int64_t rows, const BlockQ8_0 *x,
            std::int64_t xStride, std::int64_t tokens, std::int64_t n, float *out,
            std::int64_t outStride) {
    gemmQuantized<std::int8_t, BytePanelBlock, 0, false, packI8>(w, wStride, rows, x, xStride,
                                                                 tokens, n, out, outStride);
}

} // namespace detail::avx2

} // namespace sovereign::agent::infer
