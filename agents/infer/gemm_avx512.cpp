// AVX-512 (F, BW, VL) + VNNI gemm kernels: many rows times several vectors,
// in tiles (the single-row kernels and kAvx512Kernels are in
// kernels_avx512.cpp). Compiled with the same instruction sets as that file
// and reached only through kAvx512Kernels; the rest has internal linkage.
#include "agents/infer/avx512util.h"
#include "agents/infer/kernelsimpl.h"

namespace sovereign::agent::infer {

namespace {

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

namespace detail::avx512 {

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
    gemmQuantized<BlockQ8_0, 128, true, packQ8_0>(w, wStride, rows, x, xStride, tokens, n, out,
                                                  outStride);
}

void gemmQ4_0(const BlockQ4_0 *w, std::int64_t wStride, std::int64_t rows, const BlockQ8_0 *x,
              std::int64_t xStride, std::int64_t tokens, std::int64_t n, float *out,
              std::int64_t outStride) {
    gemmQuantized<BlockQ4_0, 8, true, packQ4_0>(w, wStride, rows, x, xStride, tokens, n, out,
                                                outStride);
}

void gemmI8(const std::int8_t *w, std::int64_t wStride, std::int64_t rows, const BlockQ8_0 *x,
            std::int64_t xStride, std::int64_t tokens, std::int64_t n, float *out,
            std::int64_t outStride) {
    gemmQuantized<std::int8_t, 128, false, packI8>(w, wStride, rows, x, xStride, tokens, n, out,
                                                   outStride);
}

} // namespace detail::avx512

} // namespace sovereign::agent::infer
