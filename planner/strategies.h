#pragma once

#include "planner/fleetmodel.h"

#include <vector>

namespace sovereign {

/// The three rule-based strategies, evaluated for every draw of `in` at once.
struct HeuristicRuns {
    Sizing ownSizing, hybridSizing;
    FleetOutcome own, lease, hybrid;
};
HeuristicRuns runHeuristics(const Scenario &s, const DrawInputs &in, const Demand &demand);

/// The optimal plan's purchases held fixed (one per year) and re-dispatched
/// under every draw's values.
FleetOutcome recostFixedFleet(const Scenario &s, const DrawInputs &in, const Demand &demand,
                              const std::vector<double> &newNodes, SensitiveOverflow overflow);

} // namespace sovereign
