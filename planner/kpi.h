#pragma once

#include <string>
#include <vector>

namespace sovereign {

struct Scenario;
struct StrategyResult;

/// Yearly result fields a KPI target may name (the JSON names of YearResult).
const std::vector<std::string> &kpiMetrics();

/// The roadmap phase names for a plan of `years` years: Seed, Sprout, Scale,
/// Harvest, Flywheel (003, section 14.1); years past the fifth stay Flywheel.
std::vector<std::string> defaultPhases(int years);

/// NotApplicable: the plan has no such figure that year (cost per token
/// without inference): no verdict on a made-up number.
enum class KpiStatus { NoTarget, OnTrack, AtRisk, OffTrack, NotApplicable };
const char *kpiStatusName(KpiStatus s);

struct KpiYear {
    int year = 0;
    std::string phase;
    double value = 0.0;
    bool hasValue = true; ///< false: the metric does not exist for this plan and year
    bool hasTarget = false;
    double target = 0.0;
    KpiStatus status = KpiStatus::NoTarget;
};

struct KpiResult {
    std::string name, metric, strategy;
    bool atLeast = true;
    double tolerance = 0.1;
    std::vector<KpiYear> years;
};

/// Judges one value against its target: on-track when it meets the target,
/// at-risk when it misses by no more than the tolerance (relative), else off-track.
KpiStatus judgeKpi(double value, double target, bool atLeast, double tolerance);

} // namespace sovereign
