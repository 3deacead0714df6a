#pragma once

#include "planner/base/error.h"
#include "planner/base/feedback.h"
#include "planner/montecarlo.h"
#include "planner/planresult.h"
#include "planner/scenario.h"

#include <cstdint>
#include <vector>

namespace sovereign {

struct PlanOptions {
    int monteCarloDraws = 0; ///< 0: no Monte Carlo
    std::uint64_t seed = 1;
};

/// Plans a scenario with all four strategies (own, lease, hybrid, optimal),
/// judges its KPI targets and, when asked, runs the Monte Carlo. This is the
/// one entry point the CLI and the desktop app share.
Result<PlanResult> planScenario(const Scenario &scenario, const PlanOptions &options = {},
                                Feedback *feedback = nullptr);

/// The schedules the `optimal` and `robust` strategies buy (new nodes per
/// year), solved as planScenario solves them, for callers that need the
/// schedules alone: the Monte Carlo of the desktop's uncertainty view, the
/// benchmark. `solves` (when given) counts the MILPs.
Result<FixedFleets> solveFixedFleets(const Scenario &scenario, bool analyseConstraints = false,
                                     int *solves = nullptr);

} // namespace sovereign
