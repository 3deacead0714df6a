#pragma once

#include "planner/base/error.h"
#include "planner/base/feedback.h"
#include "planner/planresult.h"
#include "planner/scenario.h"

#include <cstdint>
#include <vector>

namespace sovereign {

/// Monte Carlo over every parameter that carries a range (the scenario's
/// `uncertainty:` section and the catalog's low/typical/high figures).
/// Each draw re-runs own, lease and hybrid and re-costs the optimal plan's
/// purchases held fixed; a tornado swings one parameter at a time.
/// Deterministic for a given seed. Cancel through `feedback`.
Result<MonteCarloResult> runMonteCarlo(const Scenario &s,
                                       const std::vector<double> &optimalNewNodes, int draws,
                                       std::uint64_t seed, Feedback *feedback = nullptr);

/// Linear-interpolated percentile (0..100) of unsorted values.
double percentile(std::vector<double> values, double pct);

} // namespace sovereign
