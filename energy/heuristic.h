#pragma once

#include "energy/problem.h"

#include <string>
#include <vector>

namespace sovereign::energy {

/// What the planner decided for one job, and why it could not do better.
struct Decision {
    Placement placement;
    bool deadlineMet = true;
    std::string problem; ///< empty, or why the deadline is missed / the job is not placed
};

/// The fast planner: jobs in order of urgency (least slack first, then
/// priority), each put where and when it costs least (energy + carbon price x
/// CO2 + cloud) among the placements that keep every constraint: node
/// capacity, the power cap in every slot, spin-up, sovereignty, deadlines.
/// A job no placement lets meet its deadline is placed as early as it can run
/// and flagged; one that cannot run in the horizon at all is left out, flagged.
std::vector<Decision> planHeuristic(const Problem &problem);

/// The baselines a plan is compared with: every job at its earliest slot in
/// arrival order, on the first owned partition with free nodes (bursting only
/// when none has), ignoring prices, carbon and, unless `capped`, the power cap.
std::vector<Decision> planAtOnce(const Problem &problem, bool capped);

} // namespace sovereign::energy
