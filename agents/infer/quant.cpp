#include "agents/infer/quant.h"

#include <bit>
#include <cmath>

// Portable C++ only: this file is built for any x86-64, so no F16C here.
//
// The quantizers follow the semantics of ggml's reference quantizers
// (ggml-quants.c, quantize_row_q8_0_ref and quantize_row_q4_0_ref, as
// llama.cpp builds them: ggml-base for plain x86-64, so without FMA):
// every float operation below rounds where the C reference rounds, in the
// same order, so the bytes come out the same.

namespace sovereign::agent::infer {

namespace {

/// Stops the compiler from fusing the rounding of a product into a later
/// addition (-ffp-contract=fast would make x * id + 8.5f one FMA when the
/// file is built with FMA enabled; ggml's reference rounds twice).
inline float rounded(float v) {
    asm("" : "+x"(v));
    return v;
}

/// float -> int8 as ggml's casts compile on x86-64: cvttss2si to 32 bits
/// (truncation toward zero; NaN and anything outside int32 give 0x80000000),
/// then the low byte. Only non-finite products (1 / d infinite for a block of
/// float subnormals, or infinite input) reach the odd cases: they give 0.
inline std::int8_t toInt8LikeX86(float v) {
    const std::int32_t i =
        v >= -2147483648.0f && v < 2147483648.0f ? std::int32_t(v) : std::int32_t(0x80000000u);
    return std::int8_t(i); // the low byte (conversion is modular since C++20)
}

/// A float -> int clamped to [lo, hi], NaN to 0 (our own int8 format).
inline int clampToInt(float v, int lo, int hi) {
    if (v != v)
        return 0;
    return v <= float(lo) ? lo : v >= float(hi) ? hi : int(v);
}

} // namespace

float fp16ToFloat(std::uint16_t h) {
    const std::uint32_t sign = std::uint32_t(h & 0x8000u) << 16;
    const std::uint32_t exponent = (h >> 10) & 0x1fu;
    const std::uint32_t mantissa = h & 0x3ffu;
    if (exponent == 0x1f) // infinity or NaN: payload kept, quiet bit set as vcvtph2ps does
        return std::bit_cast<float>(sign | 0x7f800000u | (mantissa << 13) |
                                    (mantissa ? 0x00400000u : 0u));
    if (exponent != 0)
        return std::bit_cast<float>(sign | ((exponent + 112) << 23) | (mantissa << 13));
    // Zero or subnormal: mantissa * 2^-24, exact in float.
    const float magnitude = float(mantissa) * 0x1p-24f;
    return std::bit_cast<float>(sign | std::bit_cast<std::uint32_t>(magnitude));
}

std::uint16_t floatToFp16(float f) {
    const std::uint32_t bits = std::bit_cast<std::uint32_t>(f);
    const std::uint16_t sign = std::uint16_t((bits >> 16) & 0x8000u);
    const std::uint32_t magnitude = bits & 0x7fffffffu;

    if (magnitude > 0x7f800000u) // NaN: quieted, top of the payload kept (as vcvtps2ph)
        return std::uint16_t(sign | 0x7e00u | ((magnitude >> 13) & 0x3ffu));
    if (magnitude >= 0x477ff000u) // >= 65520: rounds to infinity (or is one)
        return std::uint16_t(sign | 0x7c00u);
    if (magnitude >= 0x38800000u) { // >= 2^-14: a normal half
        // Rebias the exponent (127 -> 15) and round the 13 dropped bits to
        // nearest even; a carry out of the mantissa bumps the exponent, as it should.
        std::uint32_t v = magnitude - 0x38000000u;
        v += 0x0fffu + ((v >> 13) & 1u);
        return std::uint16_t(sign | (v >> 13));
    }
    if (magnitude <= 0x33000000u) // <= 2^-25: zero (2^-25 itself ties to even, to zero)
        return sign;
    // Subnormal half: the value in units of 2^-24, rounded to nearest even.
    // The float is normal here (>= 2^-25): value = m * 2^(e - 150), m with its implicit bit.
    const std::uint32_t e = magnitude >> 23;
    const std::uint32_t m = (magnitude & 0x7fffffu) | 0x800000u;
    const std::uint32_t shift = 126 - e; // 14 .. 24
    std::uint32_t h = m >> shift;
    const std::uint32_t rest = m & ((1u << shift) - 1);
    const std::uint32_t half = 1u << (shift - 1);
    if (rest > half || (rest == half && (h & 1u)))
        ++h; // may become 0x400, the smallest normal: right
    return std::uint16_t(sign | h);
}

float bf16ToFloat(std::uint16_t h) {
    return std::bit_cast<float>(std::uint32_t(h) << 16);
}

void quantizeRowQ8_0(const float *x, BlockQ8_0 *y, std::int64_t n) {
    const std::int64_t blocks = n / kBlock;
    for (std::int64_t b = 0; b < blocks; ++b) {
        const float *v = x + b * kBlock;
        float amax = 0.0f;
        for (int j = 0; j < kBlock; ++j) {
            const float a = std::fabs(v[j]);
            amax = amax > a ? amax : a; // ggml's MAX(amax, fabsf(v)), NaN included
        }
        const float d = amax / 127;
        const float id = d != 0.0f ? 1.0f / d : 0.0f;
        y[b].d = floatToFp16(d);
        for (int j = 0; j < kBlock; ++j) {
            y[b].qs[j] = toInt8LikeX86(std::round(v[j] * id)); // roundf: halves away from zero
        }
    }
}

void quantizeRowQ4_0(const float *x, BlockQ4_0 *y, std::int64_t n) {
    const std::int64_t blocks = n / kBlock;
    for (std::int64_t b = 0; b < blocks; ++b) {
        const float *v = x + b * kBlock;
        // The value of largest magnitude, with its sign; the first one on a tie.
        float amax = 0.0f, max = 0.0f;
        for (int j = 0; j < kBlock; ++j) {
            if (amax < std::fabs(v[j])) {
                amax = std::fabs(v[j]);
                max = v[j];
            }
        }
        const float d = max / -8;
        const float id = d != 0.0f ? 1.0f / d : 0.0f;
        y[b].d = floatToFp16(d);
        for (int j = 0; j < kBlock / 2; ++j) {
            const float x0 = rounded(v[j] * id);
            const float x1 = rounded(v[j + kBlock / 2] * id);
            // uint8_t xi = MIN(15, (int8_t)(x + 8.5f)); qs = xi0 | xi1 << 4
            const int q0 = toInt8LikeX86(x0 + 8.5f), q1 = toInt8LikeX86(x1 + 8.5f);
            const std::uint8_t xi0 = std::uint8_t(q0 < 15 ? q0 : 15);
            const std::uint8_t xi1 = std::uint8_t(q1 < 15 ? q1 : 15);
            y[b].qs[j] = std::uint8_t(xi0 | (xi1 << 4));
        }
    }
}

void dequantizeRowQ8_0(const BlockQ8_0 *x, float *y, std::int64_t n) {
    const std::int64_t blocks = n / kBlock;
    for (std::int64_t b = 0; b < blocks; ++b) {
        const float d = fp16ToFloat(x[b].d);
        for (int j = 0; j < kBlock; ++j)
            y[b * kBlock + j] = d * float(x[b].qs[j]);
    }
}

void dequantizeRowQ4_0(const BlockQ4_0 *x, float *y, std::int64_t n) {
    const std::int64_t blocks = n / kBlock;
    for (std::int64_t b = 0; b < blocks; ++b) {
        const float d = fp16ToFloat(x[b].d);
        for (int j = 0; j < kBlock / 2; ++j) {
            y[b * kBlock + j] = d * float((x[b].qs[j] & 0x0f) - 8);
            y[b * kBlock + j + kBlock / 2] = d * float((x[b].qs[j] >> 4) - 8);
        }
    }
}

void convertRowF16(const std::uint16_t *x, float *y, std::int64_t n) {
    for (std::int64_t i = 0; i < n; ++i)
        y[i] = fp16ToFloat(x[i]);
}

void quantizeRowI8(const float *x, std::int8_t *q, float &scale, std::int64_t n) {
    float amax = 0.0f;
    for (std::int64_t i = 0; i < n; ++i) {
        const float a = std::fabs(x[i]);
        amax = amax > a ? amax : a;
    }
    scale = amax / 127;
    for (std::int64_t i = 0; i < n; ++i)
        q[i] = scale != 0.0f ? std::int8_t(clampToInt(std::round(x[i] / scale), -127, 127)) : 0;
}

} // namespace sovereign::agent::infer
