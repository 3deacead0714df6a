#pragma once

// ggml's block formats, bit for bit (ggml-common.h): a block is 32 weights
// along a row with one fp16 scale.
//   Q8_0: d, then 32 int8 q; x = d * q.
//   Q4_0: d, then 16 bytes; byte j holds weight j in its low nibble and
//         weight j + 16 in its high nibble; x = d * (nibble - 8).
// Quantizing rounds exactly as ggml's reference quantizers do
// (quantize_row_q8_0_ref, quantize_row_q4_0_ref), so our files and
// llama.cpp's are byte-identical for the same float weights.

#include <cstddef>
#include <cstdint>

namespace sovereign::agent::infer {

inline constexpr int kBlock = 32;

struct BlockQ8_0 {
    std::uint16_t d; ///< fp16 scale
    std::int8_t qs[kBlock];
};
static_assert(sizeof(BlockQ8_0) == 34);

struct BlockQ4_0 {
    std::uint16_t d; ///< fp16 scale
    std::uint8_t qs[kBlock / 2];
};
static_assert(sizeof(BlockQ4_0) == 18);

/// IEEE half precision, round to nearest even (as F16C's vcvtps2ph and
/// ggml's GGML_FP32_TO_FP16), with infinities and NaN kept.
float fp16ToFloat(std::uint16_t h);
std::uint16_t floatToFp16(float f);
/// bfloat16 (the top half of a float); rounding to nearest even.
float bf16ToFloat(std::uint16_t h);

/// `n` must be a multiple of kBlock.
void quantizeRowQ8_0(const float *x, BlockQ8_0 *y, std::int64_t n);
void quantizeRowQ4_0(const float *x, BlockQ4_0 *y, std::int64_t n);
void dequantizeRowQ8_0(const BlockQ8_0 *x, float *y, std::int64_t n);
void dequantizeRowQ4_0(const BlockQ4_0 *x, float *y, std::int64_t n);
void convertRowF16(const std::uint16_t *x, float *y, std::int64_t n);

/// Weight-only int8 per output channel (our own format, not in GGUF): a row
/// of int8 with one float scale, scale = max|x| / 127, q = round(x / scale).
void quantizeRowI8(const float *x, std::int8_t *q, float &scale, std::int64_t n);

} // namespace sovereign::agent::infer
