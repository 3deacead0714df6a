#pragma once

#include "planner/base/error.h"
#include "planner/base/feedback.h"
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

/// The fleet the `optimal` strategy buys (new nodes per year), solved on the
/// scenario's own figures as planScenario solves it, for callers that need
/// the fleet alone: the Monte Carlo of the desktop's uncertainty view, the
/// benchmark. `solves` counts the MILPs (more with the binding analysis).
struct OptimalFleet {
    std::vector<double> newNodes;
    int solves = 0;
};
Result<OptimalFleet> solveOptimalFleet(const Scenario &scenario, bool analyseConstraints = false);

} // namespace sovereign
