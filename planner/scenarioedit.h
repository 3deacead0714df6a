#pragma once

#include "planner/base/error.h"

#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace sovereign {

/// An `uncertainty:` entry: a triangular range (low, high; the mode is the
/// scenario's value) or a normal law (sd; the mean is the value). Per-year
/// lists whose values are all equal are written as scalars.
struct RangeValue {
    bool normal = false;
    std::vector<double> low, high, sd;
};

/// A value written into a scenario document: nothing (remove the key, so the
/// catalog or default applies again), a number, one number per year, a per-year
/// list with gaps (KPI targets), a text or a flag.
using ScenarioValue =
    std::variant<std::monostate, double, std::vector<double>, std::vector<std::optional<double>>,
                 std::string, bool, RangeValue>;

/// Returns the scenario YAML with one key set, e.g. "utilization",
/// "cloud.usd_per_gpu_hour", "workloads.chat.tokens_per_month", "kpis[1].target",
/// "uncertainty.cloud.usd_per_gpu_hour" (with a RangeValue).
/// A per-year list whose values are all equal is written as a scalar.
/// The result is re-emitted by yaml-cpp: comments of the original are not kept.
Result<std::string> setScenarioValue(const std::string &yaml, const std::string &path,
                                     const ScenarioValue &value);

/// Appends a workload (as YAML mapping text) to the scenario's workloads list.
Result<std::string> addScenarioWorkload(const std::string &yaml, const std::string &workloadYaml);

} // namespace sovereign
