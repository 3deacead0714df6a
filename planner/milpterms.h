#pragma once

#include "planner/drawinputs.h"

#include <vector>

namespace sovereign {

/// The coefficients of the fleet MILP (docs/methodology.md, "optimal") for
/// one row of draw inputs: the optimal plan reads row 0, the robust plan one
/// row per sampled future. Money is discounted USD; hours are H100-hours.
struct MilpTerms {
    MilpTerms(const Scenario &s, const DrawInputs &in, const Demand &d, int row);

    const Scenario &s;
    int Y;
    std::vector<double> disc;        ///< discount factor per year
    std::vector<double> S, N;        ///< sensitive and other demand (crumbs below the tolerance: 0)
    std::vector<double> nodeHours;   ///< H100-hours a node delivers per year
    std::vector<double> gridLimit;   ///< nodes in service the grid cap allows (inf: no cap)
    std::vector<double> budgetLimit; ///< nodes the year's budget buys (inf: no budget)
    std::vector<double> onpremCost;  ///< discounted USD per owned H100-hour used
    std::vector<double> cloudCost;   ///< discounted USD per cloud H100-hour
    std::vector<double> heldCostPerNode; ///< discounted USD per node in service, used or not
    std::vector<double> maintRate;
    std::vector<double>
        nodeObjective; ///< discounted lifetime cost of a node bought in year b, net of salvage

    bool inService(int b, int y) const { return b <= y && y < b + s.lifetimeYears; }
};

} // namespace sovereign
