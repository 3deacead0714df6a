#pragma once

#include "energy/heuristic.h"
#include "energy/problem.h"

#include <QDateTime>
#include <QJsonObject>

#include <string>
#include <vector>

namespace sovereign::energy {

/// What a plan costs and emits in all (costmodel.h's figures, summed over jobs).
struct PlanTotals {
    double energyKwh = 0;
    double costUsd = 0; ///< electricity + cloud + carbon price
    double co2Kg = 0;
    int deadlineMisses = 0; ///< late or not placed
    int bursts = 0;
};
PlanTotals planTotals(const Problem &problem, const std::vector<Decision> &plan);

/// Why a job runs where and when it does, in words and numbers, against
/// running it at once on the same place: "waits 6 h: 41 % less
/// carbon, 0.80 USD less; deadline met with 3 h spare", "bursts to cloud: the
/// owned nodes are full until 02:00", or the reason a deadline is missed.
std::string explain(const Problem &problem, const std::vector<Decision> &plan, std::size_t job,
                    const QDateTime &start, int slotMinutes);

/// The plan as `sovereign schedule plan --json` prints it (docs/scheduler.md):
/// jobs with place, runs [[start, end], ...] in clock time, energy, cost, CO2,
/// deadline_met and why; the site's draw per slot; totals; the two baselines
/// (run at once, and at once under the power cap); solve_ms.
QJsonObject planJson(const Problem &problem, const std::vector<Decision> &plan,
                     const QDateTime &start, int slotMinutes, double solveMs);

/// The place's name: a partition's or a burst provider's.
std::string placeName(const SiteSlots &site, int place);

} // namespace sovereign::energy
