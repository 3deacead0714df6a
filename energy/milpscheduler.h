#pragma once

#include "energy/heuristic.h"
#include "energy/problem.h"
#include "planner/base/error.h"

#include <vector>

namespace sovereign::energy {

struct MilpOptions {
    double timeLimitS = 60;
    /// Refuse larger models (a time-indexed MILP grows as jobs x places x slots).
    long maxBinaries = 2'000'000;
    /// A plan to start from (e.g. planHeuristic's): CBC then always has a
    /// solution at least this good when the time limit stops it. Only a plan
    /// that places every job before its deadline is used.
    const std::vector<Decision> *start = nullptr;
};

struct MilpResult {
    std::vector<Decision> plan; ///< every job placed, deadlines met (else no result)
    double objectiveUsd = 0;    ///< the sum of the placements' marginalUsd (costmodel.h)
    bool optimal = false;       ///< proven within CBC's gap; false when the time limit stopped it
};

/// The exact plan of a small instance: a time-indexed MILP solved by CBC with
/// the costs of costmodel.h and the constraints plancheck.h checks. Every job
/// must be placed before its deadline (and within the horizon); when that is
/// impossible the result is an error saying so.
Result<MilpResult> planExact(const Problem &problem, const MilpOptions &options = {});

} // namespace sovereign::energy
