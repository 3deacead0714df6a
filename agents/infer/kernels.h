#pragma once

// The inner loops of inference: dot products of one weight row with one
// activation vector. Quantized weights meet activations quantized to Q8_0
// blocks: integer products summed per block, one scale multiply per block
// (ggml's scheme). Each kernel comes in a scalar version (the reference the
// tests compare against, and the fallback) and SIMD versions compiled for
// AVX2+FMA+F16C and for AVX-512 (F, BW, VL, VNNI); the best one the CPU runs
// is chosen at run time.
//
// Prompts and batches multiply each row by several vectors: the gemm kernels
// take many rows and several vectors at once, so that a row's weights are
// unpacked once for all of them (Kernels::gemmF32 and the rest).

#include "agents/infer/quant.h"

#include <cstdint>

namespace sovereign::agent::infer {

enum class Simd { Scalar, Avx2, Avx512Vnni };
/// "scalar", "avx2", "avx512-vnni".
const char *simdName(Simd simd);
/// The best level this CPU and this build can run.
Simd bestSimd();

/// out[t * outStride + r] = dot(row r, vector t) for r < rows, t < tokens;
/// row r at w + r * wStride, vector t at x + t * xStride (strides in elements
/// of their type: floats, halves, blocks, bytes); n as for the single-row
/// kernel of the same weights (values, or blocks for quantized rows).
template <class W, class X>
using GemmKernel = void (*)(const W *w, std::int64_t wStride, std::int64_t rows, const X *x,
                            std::int64_t xStride, std::int64_t tokens, std::int64_t n, float *out,
                            std::int64_t outStride);

struct Kernels {
    Simd simd = Simd::Scalar;
    /// sum_i w[i] * x[i]
    float (*dotF32)(const float *w, const float *x, std::int64_t n) = nullptr;
    /// fp16 weights, float activations.
    float (*dotF16)(const std::uint16_t *w, const float *x, std::int64_t n) = nullptr;
    /// sum_b d_w[b] * d_x[b] * sum_j w.qs[j] * x.qs[j]
    float (*dotQ8_0)(const BlockQ8_0 *w, const BlockQ8_0 *x, std::int64_t blocks) = nullptr;
    /// sum_b d_w[b] * d_x[b] * sum_j (nibble_j - 8) * x.qs[j]
    float (*dotQ4_0)(const BlockQ4_0 *w, const BlockQ8_0 *x, std::int64_t blocks) = nullptr;
    /// int8 row (its scale applied by the caller): sum_b d_x[b] * sum_j w[32b+j] * x.qs[j]
    float (*dotI8)(const std::int8_t *w, const BlockQ8_0 *x, std::int64_t blocks) = nullptr;
    /// y[i] += a * x[i] (attention's weighted sum of values)
    void (*axpyF32)(float a, const float *x, float *y, std::int64_t n) = nullptr;
    /// Activations to Q8_0 (same rounding as quantizeRowQ8_0).
    void (*quantizeQ8_0)(const float *x, BlockQ8_0 *y, std::int64_t n) = nullptr;

    /// Many rows times several vectors (a prompt, a batch): the dot products
    /// above for every row and vector (GemmKernel says where each goes).
    /// Each call repacks its rows, a row per lane of a register, and runs
    /// every vector past them, so each row's weights are unpacked once; for
    /// one vector, the single-row kernels are faster. A lane sums its row's
    /// dot product in the scalar kernel's order: element by element (float
    /// rows), or block by block, exact integer sums times the scales
    /// (quantized rows). Every value is therefore bit for bit what
    /// kernels(Simd::Scalar)'s single-row kernel returns, at every level; the
    /// SIMD single-row kernels differ from both by rounding (within the
    /// tolerance tst_quantkernels allows them).
    GemmKernel<float, float> gemmF32 = nullptr;
    GemmKernel<std::uint16_t, float> gemmF16 = nullptr;
    GemmKernel<BlockQ8_0, BlockQ8_0> gemmQ8_0 = nullptr;
    GemmKernel<BlockQ4_0, BlockQ8_0> gemmQ4_0 = nullptr;
    /// As dotI8, the rows' scales left to the caller.
    GemmKernel<std::int8_t, BlockQ8_0> gemmI8 = nullptr;
};

/// The kernels of one level; a level the CPU lacks falls back to the best it
/// has (so kernels(Simd::Avx512Vnni) on an AVX2 machine gives AVX2's).
const Kernels &kernels(Simd simd);
/// kernels(bestSimd()), or the level SOVEREIGN_SIMD names (scalar, avx2,
/// avx512-vnni) when that variable is set, for comparisons.
const Kernels &bestKernels();

} // namespace sovereign::agent::infer
