#pragma once

// Helpers shared by kernels_avx512.cpp and gemm_avx512.cpp; include only from
// files compiled with -mavx512f -mavx512bw -mavx512vl -mavx512vnni (and AVX2, FMA, F16C). Internal
// linkage (an anonymous namespace), so no copy built with these instruction sets is shared with
// other files.

// GCC 12's AVX-512 headers fill don't-care operands with self-initialised
// variables (_mm512_undefined_ps and kin), which -W(maybe-)uninitialized
// flags once inlined (GCC bug 105593, fixed in GCC 13). Diagnostics follow
// the pragmas in force at the header's own lines, so this silences only them.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <immintrin.h>
#pragma GCC diagnostic pop

#include <cstdint>

namespace sovereign::agent::infer {

namespace {

inline __m256i load256(const void *p) {
    return _mm256_loadu_si256(static_cast<const __m256i *>(p));
}

inline __m128i load128(const void *p) {
    return _mm_loadu_si128(static_cast<const __m128i *>(p));
}

} // namespace

} // namespace sovereign::agent::infer
