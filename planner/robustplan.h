#pragma once

#include "planner/base/error.h"
#include "planner/drawinputs.h"

#include <string>
#include <vector>

namespace sovereign {

/// The `robust` strategy's decisions: one schedule of whole nodes bought per
/// year, chosen against many sampled futures at once (docs/methodology.md,
/// "robust"): least expected NPV, with sensitive work kept at home in at
/// least the target share of the futures.
struct RobustPlan {
    std::vector<double> newNodes; ///< per year, whole numbers
    int futures = 0;              ///< futures it was chosen against
    double targetShare = 0;       ///< share of futures that had to hold
    double heldShare = 0;         ///< share the schedule holds in (exact accounting)
    bool targetMet = true;        ///< false: no schedule within the limits reaches the target
    bool provenOptimal = true;    ///< false: CBC stopped at its time limit with this schedule
    int solves = 0;
};

/// Solves the sample-average MILP over `futures` (draws x years inputs, one
/// row per future) for a scenario whose grid cap and budget are those of
/// `base` (row 0): limits the site sets, not outcomes it draws.
Result<RobustPlan> planRobust(const Scenario &s, const DrawInputs &base, const Demand &baseDemand,
                              const DrawInputs &futures, const Demand &futureDemand,
                              double targetShare);

} // namespace sovereign
