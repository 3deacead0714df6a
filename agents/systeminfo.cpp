#include "agents/systeminfo.h"

#include <algorithm>
#include <cctype>
#include <climits>
#include <cstdlib>
#include <fstream>
#include <string_view>

#include <dlfcn.h>
#include <link.h>
#include <unistd.h>

namespace sovereign::agent {

namespace {

std::string cpuModelName() {
    // x86 says "model name"; some ARM kernels say "Model" or "Hardware".
    std::ifstream in("/proc/cpuinfo");
    std::string line, fallback;
    while (std::getline(in, line)) {
        const auto colon = line.find(':');
        if (colon == std::string::npos)
            continue;
        std::string key = line.substr(0, colon);
        while (!key.empty() && std::isspace(static_cast<unsigned char>(key.back())))
            key.pop_back();
        std::string value = line.substr(colon + 1);
        value.erase(0, value.find_first_not_of(" \t"));
        if (value.empty())
            continue;
        if (key == "model name")
            return value;
        if ((key == "Model" || key == "Hardware") && fallback.empty())
            fallback = value;
    }
    return fallback.empty() ? "unknown" : fallback;
}

void collectSimd(SystemInfo &info) {
    info.simd = "scalar";
#if defined(__x86_64__) || defined(__i386__)
    __builtin_cpu_init();
    // __builtin_cpu_supports takes only string literals, hence the macro.
#define SOVEREIGN_SIMD_FLAG(name)                                                                  \
    if (__builtin_cpu_supports(name))                                                              \
        info.simdFlags.emplace_back(name);
    SOVEREIGN_SIMD_FLAG("sse4.2")
    SOVEREIGN_SIMD_FLAG("avx")
    SOVEREIGN_SIMD_FLAG("f16c")
    SOVEREIGN_SIMD_FLAG("fma")
    SOVEREIGN_SIMD_FLAG("avx2")
    SOVEREIGN_SIMD_FLAG("avxvnni")
    SOVEREIGN_SIMD_FLAG("avx512f")
    SOVEREIGN_SIMD_FLAG("avx512bw")
    SOVEREIGN_SIMD_FLAG("avx512vl")
    SOVEREIGN_SIMD_FLAG("avx512vnni")
    SOVEREIGN_SIMD_FLAG("avx512bf16")
    SOVEREIGN_SIMD_FLAG("amx-tile")
    SOVEREIGN_SIMD_FLAG("amx-int8")
    SOVEREIGN_SIMD_FLAG("amx-bf16")
#undef SOVEREIGN_SIMD_FLAG
    auto has = [&](std::string_view f) {
        return std::find(info.simdFlags.begin(), info.simdFlags.end(), f) != info.simdFlags.end();
    };
    if (has("avx512f") && has("avx512vnni"))
        info.simd = "AVX-512 VNNI";
    else if (has("avx512f"))
        info.simd = "AVX-512";
    else if (has("avx2") && has("fma"))
        info.simd = "AVX2+FMA";
    else if (has("avx"))
        info.simd = "AVX";
    else if (has("sse4.2"))
        info.simd = "SSE4.2";
#endif
}

/// A loaded object that may be the BLAS; rank orders them: the libblas.so.3 that the
/// alternatives system chose says most, then OpenBLAS's own library, then BLIS.
struct LoadedBlas {
    std::string path;
    int rank = 0;
};

int blasRank(std::string_view file) {
    if (file.starts_with("libblas.so"))
        return 0;
    if (file.starts_with("libopenblas") && file.find(".so") != std::string_view::npos)
        return 1;
    if (file.starts_with("libblis") && file.find(".so") != std::string_view::npos)
        return 2;
    return -1;
}

int collectLoaded(dl_phdr_info *info, std::size_t, void *data) {
    const std::string_view path = info->dlpi_name ? info->dlpi_name : "";
    const auto slash = path.rfind('/');
    const int rank = blasRank(slash == std::string_view::npos ? path : path.substr(slash + 1));
    if (rank >= 0)
        static_cast<std::vector<LoadedBlas> *>(data)->push_back({std::string(path), rank});
    return 0;
}

std::vector<LoadedBlas> loadedBlas() {
    std::vector<LoadedBlas> found;
    dl_iterate_phdr(collectLoaded, &found);
    std::stable_sort(found.begin(), found.end(),
                     [](const LoadedBlas &a, const LoadedBlas &b) { return a.rank < b.rank; });
    return found;
}

/// An OpenBLAS function from the loaded objects. A library loaded RTLD_LOCAL (as a dependency
/// of something dlopen()ed) is not in RTLD_DEFAULT's reach, so each is asked by its own handle.
void *openblasSymbol(const std::vector<LoadedBlas> &loaded, const char *name) {
    for (const LoadedBlas &l : loaded) {
        void *handle = dlopen(l.path.c_str(), RTLD_LAZY | RTLD_NOLOAD);
        if (!handle)
            continue;
        void *sym = dlsym(handle, name);
        dlclose(handle); // only drops the count RTLD_NOLOAD added: the object stays loaded
        if (sym)
            return sym;
    }
    return dlsym(RTLD_DEFAULT, name);
}

std::string realPath(const std::string &path) {
    char buf[PATH_MAX];
    return ::realpath(path.c_str(), buf) ? std::string(buf) : path;
}

} // namespace

std::string blasVendor(const std::string &realPath, int openblasParallel,
                       const std::string &openblasConfig) {
    if (realPath.empty())
        return "not loaded";
    const auto slash = realPath.rfind('/');
    const std::string file = slash == std::string::npos ? realPath : realPath.substr(slash + 1);
    const std::string dir = slash == std::string::npos ? std::string() : realPath.substr(0, slash);
    const std::string dirName = dir.substr(dir.rfind('/') + 1);

    if (realPath.find("openblas") != std::string::npos || openblasConfig.starts_with("OpenBLAS")) {
        switch (openblasParallel) {
        case 0:
            return "OpenBLAS (serial)";
        case 1:
            return "OpenBLAS (pthread)";
        case 2:
            return "OpenBLAS (OpenMP)";
        default:
            break;
        }
        if (dirName == "openblas-pthread")
            return "OpenBLAS (pthread)";
        if (dirName == "openblas-openmp" || openblasConfig.find("USE_OPENMP") != std::string::npos)
            return "OpenBLAS (OpenMP)";
        if (dirName == "openblas-serial")
            return "OpenBLAS (serial)";
        return "OpenBLAS";
    }
    if (file.starts_with("libblis") || dirName.starts_with("blis"))
        return "BLIS";
    // Debian's netlib package puts its libblas.so.3 in .../blas/.
    if (dirName == "blas" && file.starts_with("libblas.so"))
        return "reference BLAS (netlib)";
    return "unknown";
}

BlasInfo inspectBlas() {
    BlasInfo blas;
    const std::vector<LoadedBlas> loaded = loadedBlas();
    if (loaded.empty()) {
        blas.vendor = blasVendor({});
        return blas;
    }
    blas.library = realPath(loaded.front().path);

    using ConfigFn = char *(*)();
    using IntFn = int (*)();
    int parallel = -1;
    if (auto config = reinterpret_cast<ConfigFn>(openblasSymbol(loaded, "openblas_get_config")))
        if (const char *text = config())
            blas.config = text;
    if (auto threads = reinterpret_cast<IntFn>(openblasSymbol(loaded, "openblas_get_num_threads")))
        blas.threads = threads();
    if (auto par = reinterpret_cast<IntFn>(openblasSymbol(loaded, "openblas_get_parallel")))
        parallel = par();
    blas.vendor = blasVendor(blas.library, parallel, blas.config);
    blas.slow = blas.vendor == "reference BLAS (netlib)";
    return blas;
}

bool setBlasThreads(int n) {
    using SetFn = void (*)(int);
    const auto set =
        reinterpret_cast<SetFn>(openblasSymbol(loadedBlas(), "openblas_set_num_threads"));
    if (!set || n < 1)
        return false;
    set(n);
    return true;
}

SystemInfo collectSystemInfo() {
    SystemInfo info;
    info.cpuModel = cpuModelName();
    const long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    info.logicalCpus = cpus > 0 ? static_cast<int>(cpus) : 1;
    collectSimd(info);
    info.blas = inspectBlas();
    return info;
}

} // namespace sovereign::agent
