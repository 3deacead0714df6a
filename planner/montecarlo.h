#pragma once

#include "planner/base/error.h"
#include "planner/base/feedback.h"
#include "planner/planresult.h"
#include "planner/scenario.h"

#include <cstddef>
#include <cstdint>
#include <vector>

namespace sovereign {

/// Most bytes the draws x years tables of one chunk of draws may take; peak
/// memory is this plus 4 x draws doubles of NPVs, whatever the draw count.
inline constexpr std::size_t kMonteCarloChunkBytes = std::size_t{32} << 20;

/// Draws evaluated at a time for `s`: as many as keep one chunk's tables within
/// kMonteCarloChunkBytes (fewer for long horizons), at most 4,096.
int monteCarloChunkRows(const Scenario &s);

/// The purchase schedules the Monte Carlo holds fixed in every draw (whole
/// nodes bought per year): the optimal and the robust strategy's.
struct FixedFleets {
    FixedFleets(std::vector<double> optimalNodes, std::vector<double> robustNodes)
        : optimal(std::move(optimalNodes)), robust(std::move(robustNodes)) {}
    /// One schedule for both (when they coincide, and in tests).
    FixedFleets(std::vector<double> both) : optimal(both), robust(std::move(both)) {}
    std::vector<double> optimal, robust;
};

/// Monte Carlo over every parameter that carries a range (the scenario's
/// `uncertainty:` section and the catalog's low/typical/high figures).
/// Each draw re-runs own, lease and hybrid and re-costs the optimal and robust
/// plans' purchases held fixed; a tornado swings one parameter at a time.
/// Deterministic for a given seed, whatever the chunk size: each parameter has
/// its own random stream and draw i takes the i-th value(s) of each.
/// Progress and cancel through `feedback`, once per chunk.
/// `chunkRows` is for tests only: 0 means monteCarloChunkRows(s).
Result<MonteCarloResult> runMonteCarlo(const Scenario &s, const FixedFleets &fleets, int draws,
                                       std::uint64_t seed, Feedback *feedback = nullptr,
                                       int chunkRows = 0);

/// Linear-interpolated percentile (0..100) of unsorted values.
double percentile(std::vector<double> values, double pct);

} // namespace sovereign
