#pragma once

#include "planner/base/domain.h"

#include <array>
#include <limits>
#include <optional>
#include <string>
#include <vector>

namespace sovereign {

/// The scenario's numeric inputs the planner reads by position. Workload
/// figures follow them in Scenario::params (see Workload::firstParam).
enum class P : int {
    DiscountRate,
    PriceUsd,
    TdpW,
    H100Equiv,
    ServerOverhead,
    Utilization,
    IdlePowerFraction,
    HostPowerOverhead,
    Pue,
    ElectricityUsdPerKwh,
    CarbonKgPerKwh,
    GridCapMw,
    MaintenanceRate,
    StaffPer100Gpus,
    StaffCostUsd,
    CapexBudgetUsd,
    HybridBaseFraction,
    CloudUsdPerGpuHour,
    CloudH100Equiv,
    CloudEgressUsdPerTb,
    CloudEgressTbPer1000GpuHours,
    Count
};
constexpr int kFixedParams = static_cast<int>(P::Count);

/// The per-workload figures, in their order after Workload::firstParam.
enum class W : int {
    RunsPerYear,
    GpuHoursPerRun,
    TokensPerMonth,
    TokensPerGpuSecond,
    EdgeCpuShare,
    GpuHours,
    Count
};
constexpr int kWorkloadParams = static_cast<int>(W::Count);

/// A range the Monte Carlo draws a parameter from. One draw moves every year
/// of the parameter to the same quantile (a high price path stays high).
struct Distribution {
    enum class Kind { Triangular, Normal } kind = Kind::Triangular;
    std::vector<double> low, mode, high; ///< triangular, per year
    std::vector<double> mean, sd;        ///< normal, per year
    std::string origin;                  ///< "scenario" or the catalog's source ids
};

/// One numeric input, resolved: its value in every year and where it came from.
struct Param {
    std::string key; ///< YAML path, e.g. "cloud.usd_per_gpu_hour"
    Domain domain = Domain::NonNegative;
    Plausible plausible;        ///< refused outside (docs/methodology.md, "Plausible ranges")
    std::vector<double> values; ///< one per year; +inf means "no limit" (caps)
    std::string origin;         ///< "scenario", "catalog:<source id>", "default:<source id>"
    std::optional<Distribution> distribution;
    bool optionalCap = false; ///< grid cap and budget: absent means unlimited
};

struct Workload {
    enum class Kind { Finetune, Inference, Training } kind = Kind::Finetune;
    std::string name;
    bool sensitive = false;
    int firstParam = 0; ///< index in Scenario::params of its W::RunsPerYear
};

/// A yearly target on a planner output, judged on-track / at-risk / off-track.
struct KpiTarget {
    std::string name;
    std::string metric; ///< a yearly result field, e.g. "owned_gpus"
    std::string strategy = "optimal";
    bool atLeast = true;                        ///< direction: at_least or at_most
    double tolerance = 0.1;                     ///< relative band that counts as at-risk
    std::vector<std::optional<double>> targets; ///< per year; empty = no target that year
};

/// A validated scenario with every value resolved (scenario, then catalog,
/// then sourced defaults). Built only by loadScenario().
struct Scenario {
    std::string name;
    std::string file;
    std::string region;
    std::string accelerator;
    int startYear = 2026;
    int years = 5;
    int gpusPerNode = 8;
    int lifetimeYears = 5;
    bool cloudSovereign = false;
    /// The robust strategy (docs/methodology.md): the share of sampled futures
    /// in which sensitive work must stay home, how many futures, and their seed.
    double robustShare = 0.95;
    int robustFutures = 200;
    int robustSeed = 1;
    std::vector<std::string> phases; ///< one name per year
    std::vector<Param> params;       ///< kFixedParams, then kWorkloadParams per workload
    std::vector<Workload> workloads;
    std::vector<KpiTarget> kpis;
    std::string yamlText; ///< the document as read, for the project store

    const Param &param(P p) const { return params[static_cast<int>(p)]; }
    Param &param(P p) { return params[static_cast<int>(p)]; }
    double value(P p, int year) const { return param(p).values[year]; }
    const Param &workloadParam(const Workload &w, W f) const {
        return params[w.firstParam + static_cast<int>(f)];
    }
    /// Index of a parameter by its YAML path, or -1.
    int indexOf(const std::string &key) const;
};

/// YAML key, domain, whether it may vary by year, and plausible range, for
/// each fixed parameter.
struct ParamInfo {
    const char *key;
    Domain domain;
    bool perYear;
    Plausible plausible;
};
const ParamInfo &paramInfo(P p);
const char *workloadFieldKey(W f);
Domain workloadFieldDomain(W f);
Plausible workloadFieldPlausible(W f);

/// Total demand in any year above this is refused: about 11 million H100s
/// busy all year, more than the world's installed fleet.
inline constexpr double kMaxDemandH100HoursPerYear = 1e11;

inline constexpr double kUnlimited = std::numeric_limits<double>::infinity();

} // namespace sovereign
