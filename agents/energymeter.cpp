#include "agents/energymeter.h"

#include <QJsonObject>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <string_view>
#include <utility>

#include <dlfcn.h>
#include <fcntl.h>
#include <sys/resource.h>
#include <unistd.h>

namespace sovereign::agent {

namespace {

// The TDP when neither the options nor SOVEREIGN_CPU_TDP_W give one is CodeCarbon's for a CPU
// model missing from its TDP table: "POWER_CONSTANT = 85  # default W value for a CPU if no
// model is found in the ref csv", codecarbon/external/hardware.py,
// https://github.com/mlco2/codecarbon/blob/master/codecarbon/external/hardware.py (read at
// commit b05965e4, 2026-08-08). CodeCarbon then assumes half the TDP for the whole machine;
// we charge each second of this process's CPU time a full logical CPU's share of the TDP.
static_assert(EnergyMeter::defaultCpuTdpW == 85.0);

constexpr const char *tdpEnv = "SOVEREIGN_CPU_TDP_W";

std::string readSmallFile(const std::string &path) {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return {};
    char buf[256];
    ssize_t n;
    do {
        n = ::read(fd, buf, sizeof buf);
    } while (n < 0 && errno == EINTR);
    ::close(fd);
    if (n <= 0)
        return {};
    std::string s(buf, static_cast<std::size_t>(n));
    while (!s.empty() && (s.back() == '\n' || s.back() == ' '))
        s.pop_back();
    return s;
}

/// A sysfs counter; nullopt when the file is missing, unreadable (RAPL is often root-only since
/// Linux 5.10, CVE-2020-8694) or not a number.
std::optional<std::uint64_t> readCounter(const std::string &path) {
    const std::string s = readSmallFile(path);
    std::uint64_t v = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (s.empty() || ec != std::errc{} || end != s.data() + s.size())
        return std::nullopt;
    return v;
}

/// N for a top-level zone "intel-rapl:N"; -1 for sub-zones ("intel-rapl:N:M"), the control
/// type folder "intel-rapl", "intel-rapl-mmio:N" (a second door to package 0) and the rest.
int topLevelRaplIndex(std::string_view dir) {
    constexpr std::string_view prefix = "intel-rapl:";
    if (!dir.starts_with(prefix) || dir.size() == prefix.size())
        return -1;
    int n = 0;
    auto [end, ec] = std::from_chars(dir.data() + prefix.size(), dir.data() + dir.size(), n);
    if (ec != std::errc{} || end != dir.data() + dir.size())
        return -1;
    return n;
}

std::string formatWatts(double w) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g W", w);
    return buf;
}

} // namespace

std::string energySourceText(EnergySource source) {
    switch (source) {
    case EnergySource::Rapl:
        return "measured: RAPL";
    case EnergySource::Nvml:
        return "measured: NVML";
    case EnergySource::RaplAndNvml:
        return "measured: RAPL + NVML";
    case EnergySource::Estimated:
        return "estimated: CPU time x TDP";
    }
    return "estimated: CPU time x TDP";
}

std::string energySourceKey(EnergySource source) {
    switch (source) {
    case EnergySource::Rapl:
        return "rapl";
    case EnergySource::Nvml:
        return "nvml";
    case EnergySource::RaplAndNvml:
        return "rapl+nvml";
    case EnergySource::Estimated:
        return "estimated";
    }
    return "estimated";
}

// NVML through dlopen: no NVIDIA headers or link-time dependency, so one build runs on machines
// with and without the driver. The declarations follow nvml.h (NVML_SUCCESS is 0; energy in
// millijoules since the driver was loaded, Volta and later).
struct EnergyMeter::Nvml {
    using Return = int;
    using Device = struct nvmlDevice_st *;

    void *library = nullptr;
    Return (*shutdown)() = nullptr;
    Return (*totalEnergy)(Device, unsigned long long *) = nullptr;
    std::vector<Device> devices;
    std::vector<unsigned long long> startMj, lastMj;

    Nvml() = default;
    Nvml(const Nvml &) = delete;
    Nvml &operator=(const Nvml &) = delete;
    ~Nvml() {
        if (shutdown)
            shutdown();
        if (library)
            dlclose(library);
    }

    /// Null unless the library loads and at least one GPU reports its energy.
    static std::unique_ptr<Nvml> open() {
        auto n = std::make_unique<Nvml>();
        n->library = dlopen("libnvidia-ml.so.1", RTLD_NOW | RTLD_LOCAL);
        if (!n->library)
            return nullptr;
        auto init = reinterpret_cast<Return (*)()>(dlsym(n->library, "nvmlInit_v2"));
        auto count =
            reinterpret_cast<Return (*)(unsigned *)>(dlsym(n->library, "nvmlDeviceGetCount_v2"));
        auto handle = reinterpret_cast<Return (*)(unsigned, Device *)>(
            dlsym(n->library, "nvmlDeviceGetHandleByIndex_v2"));
        auto shutdown = reinterpret_cast<Return (*)()>(dlsym(n->library, "nvmlShutdown"));
        n->totalEnergy = reinterpret_cast<Return (*)(Device, unsigned long long *)>(
            dlsym(n->library, "nvmlDeviceGetTotalEnergyConsumption"));
        if (!init || !count || !handle || !shutdown || !n->totalEnergy || init() != 0)
            return nullptr;
        n->shutdown = shutdown; // from here on the destructor balances nvmlInit
        unsigned devices = 0;
        if (count(&devices) != 0)
            return nullptr;
        for (unsigned i = 0; i < devices; ++i) {
            Device d = nullptr;
            unsigned long long mj = 0;
            if (handle(i, &d) == 0 && n->totalEnergy(d, &mj) == 0) {
                n->devices.push_back(d);
                n->startMj.push_back(mj);
            }
        }
        if (n->devices.empty())
            return nullptr;
        n->lastMj = n->startMj;
        return n;
    }

    double joules() {
        unsigned long long sumMj = 0;
        for (std::size_t i = 0; i < devices.size(); ++i) {
            unsigned long long mj = 0;
            // A failed read or a counter that went back (a driver reload) keeps the last value.
            if (totalEnergy(devices[i], &mj) == 0 && mj >= lastMj[i])
                lastMj[i] = mj;
            sumMj += lastMj[i] - startMj[i];
        }
        return static_cast<double>(sumMj) * 1e-3;
    }
};

EnergyMeter::~EnergyMeter() = default;

std::unique_ptr<EnergyMeter> EnergyMeter::create(const EnergyOptions &options) {
    std::unique_ptr<EnergyMeter> m(new EnergyMeter);
    const bool rapl = m->openRapl(options.powercapRoot);
    if (options.useNvml)
        m->nvml_ = Nvml::open();

    std::string raplText;
    if (rapl) {
        raplText = "RAPL ";
        for (std::size_t i = 0; i < m->rapl_.size(); ++i)
            raplText += (i ? ", " : "") + m->rapl_[i].name;
    }
    std::string nvmlText;
    if (m->nvml_) {
        const std::size_t n = m->nvml_->devices.size();
        nvmlText = "NVML " + std::to_string(n) + (n == 1 ? " GPU" : " GPUs");
    }
    if (rapl && m->nvml_) {
        m->source_ = EnergySource::RaplAndNvml;
        m->description_ = raplText + " + " + nvmlText;
    } else if (rapl) {
        m->source_ = EnergySource::Rapl;
        m->description_ = raplText;
    } else if (m->nvml_) {
        m->source_ = EnergySource::Nvml;
        m->description_ = nvmlText + " (the CPU's energy is not counted)";
    } else {
        m->source_ = EnergySource::Estimated;
        std::string origin = "default, CodeCarbon's fallback";
        std::string warning;
        m->cpuTdpW_ = defaultCpuTdpW;
        if (std::isfinite(options.cpuTdpW) && options.cpuTdpW > 0) {
            m->cpuTdpW_ = options.cpuTdpW;
            origin = "configured";
        } else if (const char *env = std::getenv(tdpEnv)) {
            char *end = nullptr;
            errno = 0;
            const double w = std::strtod(env, &end);
            if (end != env && *end == '\0' && errno == 0 && std::isfinite(w) && w > 0) {
                m->cpuTdpW_ = w;
                origin = tdpEnv;
            } else {
                warning = std::string("; ") + tdpEnv + "=\"" + env +
                          "\" ignored: not a positive number of watts";
            }
        }
        const long cpus = sysconf(_SC_NPROCESSORS_ONLN);
        m->logicalCpus_ = cpus > 0 ? static_cast<int>(cpus) : 1;
        m->cpuSecondsAtStart_ = m->cpuSeconds();
        m->description_ = "estimated: " + std::to_string(m->logicalCpus_) + " logical CPU" +
                          (m->logicalCpus_ == 1 ? "" : "s") + ", " + formatWatts(m->cpuTdpW_) +
                          " TDP (" + origin + "), process CPU time" + warning;
    }
    return m;
}

bool EnergyMeter::openRapl(const std::string &powercapRoot) {
    namespace fs = std::filesystem;
    std::vector<std::pair<int, RaplZone>> found;
    std::error_code ec;
    for (fs::directory_iterator it(powercapRoot, ec), end; !ec && it != end; it.increment(ec)) {
        const std::string dir = it->path().filename().string();
        const int index = topLevelRaplIndex(dir);
        if (index < 0)
            continue;
        const std::string zone = it->path().string();
        RaplZone z;
        z.name = readSmallFile(zone + "/name");
        // "psys" (the platform, on laptops) already holds the packages: adding it counts twice.
        if (z.name.empty())
            z.name = dir;
        else if (!z.name.starts_with("package"))
            continue;
        z.energyPath = zone + "/energy_uj";
        const auto now = readCounter(z.energyPath);
        if (!now)
            continue; // root-only or gone: not usable
        z.lastUj = *now;
        z.maxRangeUj = readCounter(zone + "/max_energy_range_uj").value_or(0);
        found.emplace_back(index, std::move(z));
    }
    std::sort(found.begin(), found.end(),
              [](const auto &a, const auto &b) { return a.first < b.first; });
    for (auto &f : found)
        rapl_.push_back(std::move(f.second));
    return !rapl_.empty();
}

double EnergyMeter::raplJoules() {
    double uj = 0;
    for (RaplZone &z : rapl_) {
        const auto now = readCounter(z.energyPath);
        if (now) {
            if (*now >= z.lastUj)
                z.sumUj += *now - z.lastUj;
            else if (z.maxRangeUj > 0 && z.lastUj <= z.maxRangeUj)
                z.sumUj += z.maxRangeUj - z.lastUj + *now; // one wrap at max_energy_range_uj
            // else: a counter that went back with no known range adds nothing
            z.lastUj = *now;
        }
        uj += static_cast<double>(z.sumUj);
    }
    return uj * 1e-6;
}

double EnergyMeter::cpuSeconds() const {
    // RUSAGE_SELF: every thread of this process, finished ones included (not child processes).
    rusage u{};
    if (getrusage(RUSAGE_SELF, &u) != 0)
        return 0;
    auto seconds = [](const timeval &t) {
        return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) * 1e-6;
    };
    return seconds(u.ru_utime) + seconds(u.ru_stime);
}

double EnergyMeter::joules() {
    std::lock_guard lock(mutex_);
    double j = 0;
    if (source_ == EnergySource::Estimated) {
        j = (cpuSeconds() - cpuSecondsAtStart_) * cpuTdpW_ / logicalCpus_;
    } else {
        if (!rapl_.empty())
            j += raplJoules();
        if (nvml_)
            j += nvml_->joules();
    }
    lastJoules_ = std::max(lastJoules_, j);
    return lastJoules_;
}

QJsonObject energyReport(const EnergyMeter &meter, double joules, double tokens) {
    QJsonObject report{{"energy_j", joules},
                       {"energy_source", QString::fromStdString(energySourceKey(meter.source()))},
                       {"energy_measured", meter.measured()},
                       {"energy_detail", QString::fromStdString(meter.description())}};
    if (tokens > 0)
        report.insert("j_per_token", joules / tokens);
    return report;
}

} // namespace sovereign::agent
