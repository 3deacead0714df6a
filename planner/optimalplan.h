#pragma once

#include "planner/base/error.h"
#include "planner/drawinputs.h"

#include <string>
#include <vector>

namespace sovereign {

/// A constraint of the optimal plan that raises its NPV, found by solving the
/// MILP again without it: the saving is what the constraint costs.
struct ConstraintCost {
    std::string constraint;  ///< "grid", "budget" or "sovereignty"
    double npvSavingUsd = 0; ///< NPV lower by this much without the constraint
    std::vector<int> years;  ///< plan years (0-based) where the relaxed plan crosses it
};

/// The `optimal` strategy's decisions: whole nodes bought per year, chosen by
/// COIN-OR CBC to minimise NPV (see docs/methodology.md, "optimal").
struct OptimalPlan {
    std::vector<double> newNodes;            ///< per year, whole numbers
    bool feasible = true;                    ///< all sensitive demand can be placed
    std::vector<double> unmetSensitiveHours; ///< per year, when not feasible
    std::vector<std::string> infeasibleReasons;
    std::vector<ConstraintCost> binding;
    int solves = 0; ///< MILPs solved (for the benchmark)
};

/// Solves on draw 0 of `in`. Fails only when CBC itself fails.
Result<OptimalPlan> planOptimal(const Scenario &s, const DrawInputs &in, const Demand &demand,
                                bool analyseConstraints = true);

} // namespace sovereign
