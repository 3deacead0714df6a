#include "planner/summarytable.h"

#include "planner/base/displaynumber.h"

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <sstream>

namespace sovereign {

namespace {

std::string fixed(double v, int decimals) {
    if (!std::isfinite(v))
        return "none";
    std::ostringstream os;
    os << std::fixed << std::setprecision(decimals) << displayValue(v, decimals);
    return os.str();
}

std::string millions(double usd) {
    return fixed(usd / 1e6, 2);
}

} // namespace

std::string summaryText(const PlanResult &plan) {
    std::ostringstream os;
    os << "Scenario: " << plan.scenarioName << "  (region " << plan.region << ", accelerator "
       << plan.accelerator << ", " << plan.startYear << "-" << plan.startYear + plan.years - 1
       << ")\n\n";

    os << std::left << std::setw(9) << "Strategy" << std::right << std::setw(14) << "NPV M USD"
       << std::setw(12) << "Salvage M" << std::setw(10) << "Feasible" << std::setw(12) << "Max GPUs"
       << std::setw(16) << "Cloud GPU-h" << std::setw(12) << "CO2 t" << std::setw(12)
       << "Futures ok"
       << "\n";
    for (const auto &s : plan.strategies) {
        double gpus = 0, cloud = 0, co2 = 0;
        for (const auto &y : s.years) {
            gpus = std::max(gpus, y.ownedGpus);
            cloud += y.cloudGpuHours;
            co2 += y.co2T;
        }
        os << std::left << std::setw(9) << s.name << std::right << std::setw(14)
           << millions(s.npvUsd) << std::setw(12) << millions(s.salvageUsd) << std::setw(10)
           << (s.feasible ? "yes" : "NO") << std::setw(12) << fixed(gpus, 0) << std::setw(16)
           << fixed(cloud, 0) << std::setw(12) << fixed(co2, 0) << std::setw(11)
           << fixed(100 * s.futuresHeldShare, 0) << "%\n";
    }
    os << "\n" << plan.recommendation << "\n";

    const StrategyResult *shown =
        plan.strategy(plan.recommended.empty() ? "optimal" : plan.recommended);
    os << "\nYear by year (" << shown->name << "):\n";
    os << std::left << std::setw(6) << "Year" << std::setw(10) << "Phase" << std::right
       << std::setw(13) << "Demand H100h" << std::setw(7) << "GPUs" << std::setw(15)
       << "On-prem H100h" << std::setw(12) << "Cloud GPUh" << std::setw(10) << "Capex M"
       << std::setw(10) << "Total M" << std::setw(9) << "Peak MW" << std::setw(8) << "Cap MW"
       << std::setw(9) << "CO2 t" << std::setw(10) << "Sovereign"
       << "\n";
    for (const auto &y : shown->years) {
        os << std::left << std::setw(6) << y.year << std::setw(10) << y.phase << std::right
           << std::setw(13) << fixed(y.demandH100Hours, 0) << std::setw(7) << fixed(y.ownedGpus, 0)
           << std::setw(15) << fixed(y.onpremH100Hours, 0) << std::setw(12)
           << fixed(y.cloudGpuHours, 0) << std::setw(10) << millions(y.capexUsd) << std::setw(10)
           << millions(y.totalCostUsd) << std::setw(9) << fixed(y.peakFacilityMw, 2) << std::setw(8)
           << fixed(y.gridCapMw, 2) << std::setw(9) << fixed(y.co2T, 0) << std::setw(9)
           << fixed(100 * y.sovereignShare, 0) << "%\n";
    }

    bool anyBinding = false;
    for (const auto &s : plan.strategies)
        anyBinding =
            anyBinding || !s.binding.empty() || !s.constraintCosts.empty() || !s.shortfalls.empty();
    if (anyBinding) {
        os << "\nWhy (binding constraints and infeasibilities):\n";
        for (const auto &s : plan.strategies) {
            // Notes that differ only by year are printed once with their years.
            for (std::size_t i = 0; i < s.binding.size();) {
                const auto &b = s.binding[i];
                std::string years = std::to_string(b.year);
                std::size_t j = i + 1;
                for (; j < s.binding.size() && s.binding[j].constraint == b.constraint &&
                       s.binding[j].detail == b.detail;
                     ++j)
                    years += "," + std::to_string(s.binding[j].year);
                os << "  " << std::left << std::setw(8) << s.name << std::setw(12) << b.constraint
                   << years << ": " << b.detail << "\n";
                i = j;
            }
            for (const auto &c : s.constraintCosts) {
                std::string years;
                for (int y : c.years)
                    years += (years.empty() ? "" : ",") + std::to_string(y);
                os << "  " << std::left << std::setw(8) << s.name << std::setw(12) << c.constraint
                   << years << ": " << c.detail << "\n";
            }
            // Sensitive work abroad is already a sovereignty note above.
            for (const auto &r : s.shortfalls)
                if (r.kind != Shortfall::Kind::SensitiveAbroad)
                    os << "  " << std::left << std::setw(8) << s.name << "infeasible: " << r.detail
                       << "\n";
        }
    }

    if (!plan.kpis.empty()) {
        os << "\nRoadmap KPIs:\n";
        for (const auto &k : plan.kpis) {
            os << "  " << k.name << " (" << k.metric << ", " << k.strategy << ", "
               << (k.atLeast ? ">=" : "<=") << " target)\n";
            for (const auto &y : k.years) {
                os << "    " << y.year << " " << std::left << std::setw(9) << y.phase << std::right
                   << std::setw(14) << fixed(y.value, 2);
                if (y.hasTarget)
                    os << "  target " << std::setw(12) << fixed(y.target, 2) << "  "
                       << kpiStatusName(y.status);
                os << "\n";
            }
        }
    }

    if (plan.monteCarlo) {
        const auto &mc = *plan.monteCarlo;
        os << "\nMonte Carlo: " << mc.draws << " draws, seed " << mc.seed << ", "
           << mc.uncertainKeys.size() << " uncertain inputs\n";
        os << std::left << std::setw(9) << "Strategy" << std::right << std::setw(12) << "P10 M"
           << std::setw(12) << "P50 M" << std::setw(12) << "P90 M" << std::setw(12) << "Feasible"
           << "\n";
        for (const auto &s : mc.strategies)
            os << std::left << std::setw(9) << s.name << std::right << std::setw(12)
               << millions(s.npv.p10) << std::setw(12) << millions(s.npv.p50) << std::setw(12)
               << millions(s.npv.p90) << std::setw(11) << fixed(100 * s.feasibleShare, 1) << "%\n";
        os << "P(own beats lease) = " << fixed(mc.probOwnBeatsLease, 3)
           << "; P(optimal fleet sends sensitive work abroad) = "
           << fixed(mc.probOptimalSensitiveShortfall, 3) << "\n";
        const StrategyUncertainty &opt = mc.strategies[3];
        if (!opt.tornado.empty()) {
            os << "Tornado (optimal plan NPV, M USD, low -> high input):\n";
            for (std::size_t i = 0; i < opt.tornado.size() && i < 8; ++i) {
                const auto &b = opt.tornado[i];
                os << "  " << std::left << std::setw(44) << b.key << std::right << std::setw(10)
                   << millions(b.npvAtLow) << " -> " << std::setw(10) << millions(b.npvAtHigh)
                   << "  (swing " << millions(b.swing()) << ")\n";
            }
        }
    }
    return os.str();
}

} // namespace sovereign
