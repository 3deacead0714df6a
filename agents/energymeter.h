#pragma once

#include <QJsonObject>

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace sovereign::agent {

/// Where an EnergyMeter's joules come from. Only Estimated is not a measurement.
enum class EnergySource { Rapl, Nvml, RaplAndNvml, Estimated };

/// For people: "measured: RAPL", "measured: NVML", "measured: RAPL + NVML" or
/// "estimated: CPU time x TDP".
std::string energySourceText(EnergySource source);
/// For JSON: "rapl", "nvml", "rapl+nvml" or "estimated".
std::string energySourceKey(EnergySource source);

struct EnergyOptions {
    /// The TDP the estimate uses when nothing measures; 0: SOVEREIGN_CPU_TDP_W, else the default
    /// (EnergyMeter::defaultCpuTdpW). The TDP of all the machine's CPU packages together.
    double cpuTdpW = 0;
    /// Where the RAPL zones are; a test points it at a tree of its own.
    std::string powercapRoot = "/sys/class/powercap";
    /// Load libnvidia-ml.so.1 at run time and read the GPUs' energy counters.
    bool useNvml = true;
};

/// Energy used since create(), from the best source the machine offers:
///  - RAPL: the CPU packages' energy counters (powercap `intel-rapl:N`, AMD's too), whole
///    packages, every process on them; often readable by root only.
///  - NVML: the GPUs' total energy counters (Volta and later), every process on them.
///    With NVML alone the CPU's energy is not in the figure.
///  - both added when both are there;
///  - otherwise an estimate, never called a measurement: this process's CPU time (all its
///    threads) x TDP / logical CPUs.
///
/// RAPL counters wrap (max_energy_range_uj, a few minutes at full power on some parts) and
/// only one wrap between two reads can be told apart: callers poll joules() from their
/// progress loop, at least every few seconds. joules() may be called from any thread.
class EnergyMeter {
  public:
    /// CodeCarbon's TDP for a CPU model it does not know (see energymeter.cpp).
    static constexpr double defaultCpuTdpW = 85.0;

    static std::unique_ptr<EnergyMeter> create(const EnergyOptions &options = {});
    ~EnergyMeter();
    EnergyMeter(const EnergyMeter &) = delete;
    EnergyMeter &operator=(const EnergyMeter &) = delete;

    /// Joules since create(); never decreases.
    double joules();
    EnergySource source() const { return source_; }
    /// False for Estimated.
    bool measured() const { return source_ != EnergySource::Estimated; }
    /// What is read, e.g. "RAPL package-0, package-1", "NVML 2 GPUs", or "estimated: 8 logical
    /// CPUs, 85 W TDP (default, CodeCarbon's fallback), process CPU time".
    std::string description() const { return description_; }
    /// The TDP the estimate uses; 0 when measured.
    double cpuTdpW() const { return cpuTdpW_; }

  private:
    EnergyMeter() = default;

    struct RaplZone {
        std::string name;       ///< "package-0"
        std::string energyPath; ///< .../intel-rapl:0/energy_uj
        std::uint64_t maxRangeUj = 0;
        std::uint64_t lastUj = 0;
        std::uint64_t sumUj = 0; ///< since create()
    };
    struct Nvml;

    bool openRapl(const std::string &powercapRoot);
    double raplJoules();
    double cpuSeconds() const;

    EnergySource source_ = EnergySource::Estimated;
    std::string description_;
    double cpuTdpW_ = 0;
    int logicalCpus_ = 1;
    double cpuSecondsAtStart_ = 0;
    std::vector<RaplZone> rapl_;
    std::unique_ptr<Nvml> nvml_;
    double lastJoules_ = 0;
    std::mutex mutex_;
};

/// What a finished job says of its energy: energy_j, j_per_token (when it
/// handled tokens) and where the figure comes from (energy_source,
/// energy_measured, energy_detail), an estimate labelled so.
QJsonObject energyReport(const EnergyMeter &meter, double joules, double tokens);

} // namespace sovereign::agent
