// AVX2 + FMA + F16C kernels. This file is compiled with -mavx2 -mfma -mf16c
// and reached only through kAvx2Kernels, which kernels.cpp hands out after
// checking the CPU. Everything here has internal linkage (and uses nothing
// from the standard library that could be instantiated here with AVX2
// instructions and then shared with code that runs on any x86-64).
//
// Loads are unaligned throughout: Q8_0 blocks are 34 bytes, Q4_0 blocks 18.
#include "agents/infer/avx2util.h"
#include "agents/infer/kernelsimpl.h"

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
    .gemmF32 = avx2::gemmF32,
    .gemmF16 = avx2::gemmF16,
    .gemmQ8_0 = avx2::gemmQ8_0,
    .gemmQ4_0 = avx2::gemmQ4_0,
    .gemmI8 = avx2::gemmI8,
};

} // namespace detail

} // namespace sovereign::agent::infer
