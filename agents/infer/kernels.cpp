#include "agents/infer/kernels.h"

#include "agents/infer/kernelsimpl.h"

#include <cpuid.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <initializer_list>
#include <new>

namespace sovereign::agent::infer {

namespace detail {

namespace {

/// XCR0, the register state the OS saves and restores; 0 without OSXSAVE.
unsigned long long enabledXState() {
    unsigned eax, ebx, ecx, edx;
    if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx) || !(ecx & bit_OSXSAVE))
        return 0;
    unsigned lo, hi;
    asm volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    return (static_cast<unsigned long long>(hi) << 32) | lo;
}

bool detectAvx2() {
    // GCC's __builtin_cpu_supports already requires the OS to save the YMM
    // state for these (libgcc's cpuinfo: avx_usable); the xgetbv test keeps
    // that true whatever the runtime library.
    __builtin_cpu_init();
    constexpr unsigned long long kSseAvx = 0x6; // XMM and YMM state
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") &&
           __builtin_cpu_supports("f16c") && (enabledXState() & kSseAvx) == kSseAvx;
}

bool detectAvx512Vnni() {
    __builtin_cpu_init();
    constexpr unsigned long long kAvx512State = 0xe6; // XMM, YMM, opmask, ZMM0-15 high, ZMM16-31
    return detectAvx2() && __builtin_cpu_supports("avx512f") &&
           __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512vl") &&
           __builtin_cpu_supports("avx512vnni") && (enabledXState() & kAvx512State) == kAvx512State;
}

Simd detect() {
    if (detectAvx512Vnni())
        return Simd::Avx512Vnni;
    if (detectAvx2())
        return Simd::Avx2;
    return Simd::Scalar;
}

const Kernels &table(Simd simd) {
    switch (simd) {
    case Simd::Avx512Vnni:
        return kAvx512Kernels;
    case Simd::Avx2:
        return kAvx2Kernels;
    case Simd::Scalar:
        break;
    }
    return kScalarKernels;
}

} // namespace

void *scratch(std::size_t bytes) {
    struct Buffer {
        void *data = nullptr;
        std::size_t size = 0;
        ~Buffer() { std::free(data); }
    };
    thread_local Buffer buffer;
    if (bytes > buffer.size || !buffer.data) {
        // Whole cache lines, a page at least.
        const std::size_t size = std::max<std::size_t>((bytes + 63) / 64 * 64, 4096);
        void *data = std::aligned_alloc(64, size);
        if (!data)
            throw std::bad_alloc();
        std::free(buffer.data);
        buffer.data = data;
        buffer.size = size;
    }
    return buffer.data;
}

bool cpuRuns(Simd simd) {
    return int(simd) <= int(bestSimd());
}

SimdChoice chooseSimd(const char *value, Simd best) {
    if (!value || !*value)
        return {best, nullptr};
    for (Simd simd : {Simd::Scalar, Simd::Avx2, Simd::Avx512Vnni}) {
        if (std::strcmp(value, simdName(simd)) != 0)
            continue;
        if (int(simd) > int(best))
            return {best, "this CPU does not run that level"};
        return {simd, nullptr};
    }
    return {best, "not a level (scalar, avx2, avx512-vnni)"};
}

} // namespace detail

const char *simdName(Simd simd) {
    switch (simd) {
    case Simd::Scalar:
        return "scalar";
    case Simd::Avx2:
        return "avx2";
    case Simd::Avx512Vnni:
        return "avx512-vnni";
    }
    return "scalar";
}

Simd bestSimd() {
    static const Simd best = detail::detect();
    return best;
}

const Kernels &kernels(Simd simd) {
    const Simd best = bestSimd();
    return detail::table(int(simd) <= int(best) ? simd : best);
}

const Kernels &bestKernels() {
    static const Kernels &chosen = []() -> const Kernels & {
        const char *value = std::getenv("SOVEREIGN_SIMD");
        const detail::SimdChoice choice = detail::chooseSimd(value, bestSimd());
        if (choice.problem)
            std::fprintf(stderr, "warning: SOVEREIGN_SIMD=%s: %s; using %s\n", value,
                         choice.problem, simdName(choice.simd));
        return kernels(choice.simd);
    }();
    return chosen;
}

} // namespace sovereign::agent::infer
