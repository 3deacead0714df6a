#pragma once

// Helpers shared by kernels_avx2.cpp and gemm_avx2.cpp; include only from
// files compiled with -mavx2 -mfma -mf16c. Internal linkage (an anonymous namespace),
// so no copy built with these instruction sets is shared with other files.

#include <immintrin.h>

#include <cstdint>

namespace sovereign::agent::infer {

namespace {

/// A mask of the first `count` (0..8) float lanes, for maskload.
inline __m256i firstLanes(std::int64_t count) {
    alignas(64) static constexpr std::int32_t kMask[16] = {-1, -1, -1, -1, -1, -1, -1, -1,
                                                           0,  0,  0,  0,  0,  0,  0,  0};
    return _mm256_loadu_si256(reinterpret_cast<const __m256i *>(kMask + 8 - count));
}

inline __m256i load256(const void *p) {
    return _mm256_loadu_si256(static_cast<const __m256i *>(p));
}

inline __m256 loadF16(const std::uint16_t *p) {
    return _mm256_cvtph_ps(_mm_loadu_si128(reinterpret_cast<const __m128i *>(p)));
}

} // namespace

} // namespace sovereign::agent::infer
