// The reference kernels: plain loops in the obvious order. Integer products
// are summed per block in int32 (exact), then each block adds
// float(d_w) * float(d_x) * float(sum) to a float total, block by block.
// The SIMD kernels must agree with these within a tolerance (they reorder
// the float additions), exactly when every partial sum is exact; the gemm
// kernels of every level add in this very order and agree bit for bit (so
// this file must not be compiled to fuse products into sums: x86-64's
// baseline has no FMA).
#include "agents/infer/kernelsimpl.h"

namespace sovereign::agent::infer {

namespace {

float dotF32(const float *w, const float *x, std::int64_t n) {
    float sum = 0.0f;
    for (std::int64_t i = 0; i < n; ++i)
        sum += w[i] * x[i];
    return sum;
}

float dotF16(const std::uint16_t *w, const float *x, std::int64_t n) {
    float sum = 0.0f;
    for (std::int64_t i = 0; i < n; ++i)
        sum += fp16ToFloat(w[i]) * x[i];
    return sum;
}

float dotQ8_0(const BlockQ8_0 *w, const BlockQ8_0 *x, std::int64_t blocks) {
    float sum = 0.0f;
    for (std::int64_t b = 0; b < blocks; ++b) {
        std::int32_t isum = 0;
        for (int j = 0; j < kBlock; ++j)
            isum += std::int32_t(w[b].qs[j]) * std::int32_t(x[b].qs[j]);
        sum += fp16ToFloat(w[b].d) * fp16ToFloat(x[b].d) * float(isum);
    }
    return sum;
}

float dotQ4_0(const BlockQ4_0 *w, const BlockQ8_0 *x, std::int64_t blocks) {
    float sum = 0.0f;
    for (std::int64_t b = 0; b < blocks; ++b) {
        std::int32_t isum = 0;
        for (int j = 0; j < kBlock / 2; ++j) {
            isum += ((w[b].qs[j] & 0x0f) - 8) * std::int32_t(x[b].qs[j]);
            isum += ((w[b].qs[j] >> 4) - 8) * std::int32_t(x[b].qs[j + kBlock / 2]);
        }
        sum += fp16ToFloat(w[b].d) * fp16ToFloat(x[b].d) * float(isum);
    }
    return sum;
}

float dotI8(const std::int8_t *w, const BlockQ8_0 *x, std::int64_t blocks) {
    float sum = 0.0f;
    for (std::int64_t b = 0; b < blocks; ++b) {
        std::int32_t isum = 0;
        for (int j = 0; j < kBlock; ++j)
            isum += std::int32_t(w[b * kBlock + j]) * std::int32_t(x[b].qs[j]);
        sum += fp16ToFloat(x[b].d) * float(isum);
    }
    return sum;
}

void axpyF32(float a, const float *x, float *y, std::int64_t n) {
    for (std::int64_t i = 0; i < n; ++i)
        y[i] += a * x[i];
}

/// The gemm kernels' reference: each dot product by the kernel above.
template <class W, class X, float (*dot)(const W *, const X *, std::int64_t)>
void gemm(const W *w, std::int64_t wStride, std::int64_t rows, const X *x, std::int64_t xStride,
          std::int64_t tokens, std::int64_t n, float *out, std::int64_t outStride) {
    for (std::int64_t t = 0; t < tokens; ++t)
        for (std::int64_t r = 0; r < rows; ++r)
            out[t * outStride + r] = dot(w + r * wStride, x + t * xStride, n);
}

} // namespace

namespace detail {

constinit const Kernels kScalarKernels{
    .simd = Simd::Scalar,
    .dotF32 = dotF32,
    .dotF16 = dotF16,
    .dotQ8_0 = dotQ8_0,
    .dotQ4_0 = dotQ4_0,
    .dotI8 = dotI8,
    .axpyF32 = axpyF32,
    .quantizeQ8_0 = quantizeRowQ8_0,
    .gemmF32 = gemm<float, float, dotF32>,
    .gemmF16 = gemm<std::uint16_t, float, dotF16>,
    .gemmQ8_0 = gemm<BlockQ8_0, BlockQ8_0, dotQ8_0>,
    .gemmQ4_0 = gemm<BlockQ4_0, BlockQ8_0, dotQ4_0>,
    .gemmI8 = gemm<std::int8_t, BlockQ8_0, dotI8>,
};

} // namespace detail

} // namespace sovereign::agent::infer
