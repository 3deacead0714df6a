#pragma once

// Inside the kernels: one table per level, each defined in its own file
// (kernels_scalar.cpp, kernels_avx2.cpp, kernels_avx512.cpp; the last two,
// and gemm_avx2.cpp and gemm_avx512.cpp, whose gemm kernels they take, are
// compiled for their instruction sets, so nothing in them may run before
// kernels.cpp has checked the CPU), and the parts of the run-time choice that
// tests call directly.
//
// Only declarations here: the SIMD files include this header, and an inline
// function they instantiated could be the copy the linker keeps for everyone.

#include "agents/infer/kernels.h"

#include <cstddef>

namespace sovereign::agent::infer::detail {

extern const Kernels kScalarKernels;
extern const Kernels kAvx2Kernels;
extern const Kernels kAvx512Kernels;

/// The gemm kernels of kAvx2Kernels (gemm_avx2.cpp), for Kernels::gemmF32
/// and the rest; call them only through that table.
namespace avx2 {
void gemmF32(const float *w, std::int64_t wStride, std::int64_t rows, const float *x,
             std::int64_t xStride, std::int64_t tokens, std::int64_t n, float *out,
             std::int64_t outStride);
void gemmF16(const std::uint16_t *w, std::int64_t wStride, std::int64_t rows, const float *x,
             std::int64_t xStride, std::int64_t tokens, std::int64_t n, float *out,
             std::int64_t outStride);
void gemmQ8_0(const BlockQ8_0 *w, std::int64_t wStride, std::int64_t rows, const BlockQ8_0 *x,
              std::int64_t xStride, std::int64_t tokens, std::int64_t n, float *out,
              std::int64_t outStride);
void gemmQ4_0(const BlockQ4_0 *w, std::int64_t wStride, std::int64_t rows, const BlockQ8_0 *x,
              std::int64_t xStride, std::int64_t tokens, std::int64_t n, float *out,
              std::int64_t outStride);
void gemmI8(const std::int8_t *w, std::int64_t wStride, std::int64_t rows, const BlockQ8_0 *x,
            std::int64_t xStride, std::int64_t tokens, std::int64_t n, float *out,
            std::int64_t outStride);
} // namespace avx2

/// The gemm kernels of kAvx512Kernels (gemm_avx512.cpp), likewise.
namespace avx512 {
void gemmF32(const float *w, std::int64_t wStride, std::int64_t rows, const float *x,
             std::int64_t xStride, std::int64_t tokens, std::int64_t n, float *out,
             std::int64_t outStride);
void gemmF16(const std::uint16_t *w, std::int64_t wStride, std::int64_t rows, const float *x,
             std::int64_t xStride, std::int64_t tokens, std::int64_t n, float *out,
             std::int64_t outStride);
void gemmQ8_0(const BlockQ8_0 *w, std::int64_t wStride, std::int64_t rows, const BlockQ8_0 *x,
              std::int64_t xStride, std::int64_t tokens, std::int64_t n, float *out,
              std::int64_t outStride);
void gemmQ4_0(const BlockQ4_0 *w, std::int64_t wStride, std::int64_t rows, const BlockQ8_0 *x,
              std::int64_t xStride, std::int64_t tokens, std::int64_t n, float *out,
              std::int64_t outStride);
void gemmI8(const std::int8_t *w, std::int64_t wStride, std::int64_t rows, const BlockQ8_0 *x,
            std::int64_t xStride, std::int64_t tokens, std::int64_t n, float *out,
            std::int64_t outStride);
} // namespace avx512

/// The level SOVEREIGN_SIMD asks for, and what was wrong with it.
struct SimdChoice {
    Simd simd = Simd::Scalar;
    /// Null when the value was honoured; else why not, for the warning.
    const char *problem = nullptr;
};

/// The level for a SOVEREIGN_SIMD value (`value` null or empty: unset) on a
/// CPU whose best level is `best`: the named level, or `best` when the value
/// names none or a level above `best`.
SimdChoice chooseSimd(const char *value, Simd best);

/// This thread's scratch memory for the gemm kernels: at least `bytes`,
/// 64-byte aligned, kept (and grown) from call to call; valid until this
/// thread's next call. Defined in kernels.cpp, away from the SIMD files.
void *scratch(std::size_t bytes);

/// Whether the CPU and the OS (xgetbv: AVX and AVX-512 register state
/// enabled) run each level; bestSimd() is the highest.
bool cpuRuns(Simd simd);

} // namespace sovereign::agent::infer::detail
