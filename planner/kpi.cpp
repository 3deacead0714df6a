#include "planner/kpi.h"

#include "planner/yearfields.h"

#include <algorithm>
#include <cmath>

namespace sovereign {

const std::vector<std::string> &kpiMetrics() {
    static const std::vector<std::string> names = [] {
        std::vector<std::string> out;
        for (const auto &f : yearFields())
            if (std::string(f.name) != "grid_cap_mw")
                out.push_back(f.name);
        return out;
    }();
    return names;
}

std::vector<std::string> defaultPhases(int years) {
    static const char *names[] = {"Seed", "Sprout", "Scale", "Harvest", "Flywheel"};
    std::vector<std::string> out;
    for (int y = 0; y < years; ++y)
        out.push_back(names[std::min(y, 4)]);
    return out;
}

const char *kpiStatusName(KpiStatus s) {
    switch (s) {
    case KpiStatus::NoTarget:
        return "no-target";
    case KpiStatus::OnTrack:
        return "on-track";
    case KpiStatus::AtRisk:
        return "at-risk";
    case KpiStatus::OffTrack:
        return "off-track";
    case KpiStatus::NotApplicable:
        return "n/a";
    }
    return "no-target";
}

KpiStatus judgeKpi(double value, double target, bool atLeast, double tolerance) {
    const double band = tolerance * std::abs(target);
    if (atLeast) {
        if (value >= target)
            return KpiStatus::OnTrack;
        return value >= target - band ? KpiStatus::AtRisk : KpiStatus::OffTrack;
    }
    if (value <= target)
        return KpiStatus::OnTrack;
    return value <= target + band ? KpiStatus::AtRisk : KpiStatus::OffTrack;
}

} // namespace sovereign
