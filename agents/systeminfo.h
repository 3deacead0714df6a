#pragma once

#include <string>
#include <vector>

namespace sovereign::agent {

/// The BLAS this process has loaded: CPU training speed depends on it more than on anything
/// else we control (Debian's reference BLAS is an order of magnitude slower than OpenBLAS).
struct BlasInfo {
    /// realpath of the loaded libblas.so.3 (or libopenblas/libblis); empty when none is loaded.
    std::string library;
    /// "OpenBLAS (pthread)", "OpenBLAS (OpenMP)", "OpenBLAS (serial)", "OpenBLAS",
    /// "reference BLAS (netlib)", "BLIS", "unknown", or "not loaded".
    std::string vendor;
    std::string config; ///< openblas_get_config() when available
    int threads = 0;    ///< openblas_get_num_threads() when available, else 0
    /// Reference BLAS: tell the user to install libopenblas0-pthread.
    bool slow = false;
};

struct SystemInfo {
    std::string cpuModel; ///< /proc/cpuinfo's "model name"; "unknown" when it has none
    int logicalCpus = 0;  ///< online logical CPUs of the machine
    /// The best of "AVX-512 VNNI", "AVX-512", "AVX2+FMA", "AVX", "SSE4.2", "scalar".
    std::string simd;
    std::vector<std::string> simdFlags; ///< cpuid names the CPU has: "avx2", "fma", ...
    BlasInfo blas;
};

/// The facts the agent reports with a job's results (hardware, SIMD level, BLAS).
SystemInfo collectSystemInfo();

/// Finds the BLAS among the loaded objects (dl_iterate_phdr: libblas.so.3, libopenblas*.so*,
/// libblis*.so*) and asks OpenBLAS for its configuration and thread count.
BlasInfo inspectBlas();

/// The vendor named by a BLAS library's real path (Debian's alternatives put OpenBLAS in
/// .../openblas-pthread/, .../openblas-openmp/, .../openblas-serial/, reference BLAS in
/// .../blas/, BLIS in .../blis-*/) and, for OpenBLAS, by openblas_get_parallel() (0 serial,
/// 1 pthread, 2 OpenMP; -1 when unknown) and openblas_get_config().
std::string blasVendor(const std::string &realPath, int openblasParallel = -1,
                       const std::string &openblasConfig = {});

/// openblas_set_num_threads(n) when the loaded BLAS is OpenBLAS; false otherwise.
bool setBlasThreads(int n);

} // namespace sovereign::agent
