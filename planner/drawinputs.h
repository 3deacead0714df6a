#pragma once

#include "planner/scenario.h"

#include <Eigen/Core>

#include <functional>
#include <vector>

namespace sovereign {

using Table = Eigen::ArrayXXd; ///< rows: draws, columns: years

/// Every scenario parameter as a draws x years table, so one pass of array
/// arithmetic evaluates a strategy for all Monte Carlo draws at once; the
/// deterministic plan is the one-draw case.
struct DrawInputs {
    int draws = 1;
    int years = 0;
    std::vector<Table> params; ///< same order as Scenario::params

    const Table &operator[](P p) const { return params[static_cast<int>(p)]; }
    Table &operator[](P p) { return params[static_cast<int>(p)]; }
};

/// The scenario's values repeated for `draws` rows.
DrawInputs baseInputs(const Scenario &scenario, int draws = 1);

/// Demand derived from the workloads (methodology: Demand), H100-equivalent hours.
struct Demand {
    Table total;          ///< all workloads
    Table sensitive;      ///< the part from sensitive workloads
    Table inferenceHours; ///< the part from inference workloads
    Table gpuTokens;      ///< inference tokens a year served by accelerators (not edge CPUs)
};

Demand computeDemand(const Scenario &scenario, const DrawInputs &inputs);

/// Demand with every table zero, draws x years.
Demand zeroDemand(int draws, int years);

/// Adds one workload's hours to `demand` (computeDemand is this over every
/// workload). `field(f)` gives the workload's figure f as a draws x years
/// table; only the figures its kind uses are asked for, each once. Lets the
/// Monte Carlo build one workload's tables at a time instead of all of them.
void addWorkloadDemand(Demand &demand, const Workload &w,
                       const std::function<const Table &(W)> &field);

} // namespace sovereign
