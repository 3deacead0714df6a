#pragma once

#include "planner/base/error.h"
#include "planner/drawinputs.h"
#include "planner/planresult.h"

#include <string>
#include <vector>

namespace sovereign {

/// The `optimal` strategy's decisions: whole nodes bought per year, chosen by
/// COIN-OR CBC to minimise NPV (see docs/methodology.md, "optimal").
struct OptimalPlan {
    std::vector<double> newNodes;            ///< per year, whole numbers
    bool feasible = true;                    ///< all sensitive demand can be placed
    std::vector<double> unmetSensitiveHours; ///< per year, when not feasible
    std::vector<Shortfall> shortfalls;       ///< when not feasible
    std::vector<ConstraintCost> binding;     ///< constraints that raise the NPV
    int solves = 0;                          ///< MILPs solved (for the benchmark)
};

/// Solves on draw 0 of `in`. Fails only when CBC itself fails.
Result<OptimalPlan> planOptimal(const Scenario &s, const DrawInputs &in, const Demand &demand,
                                bool analyseConstraints = true);

} // namespace sovereign
