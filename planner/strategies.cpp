#include "planner/strategies.h"

namespace sovereign {

HeuristicRuns runHeuristics(const Scenario &s, const DrawInputs &in, const Demand &demand) {
    HeuristicRuns r;
    r.ownSizing = sizeFleet(s, in, demand.total);
    r.own = evaluateFleet(s, in, demand, r.ownSizing.newNodes, Dispatch::OwnOnly);

    r.lease = evaluateFleet(s, in, demand, Table::Zero(in.draws, in.years), Dispatch::CloudOnly);

    const Table hybridTarget =
        demand.sensitive + in[P::HybridBaseFraction] * (demand.total - demand.sensitive);
    r.hybridSizing = sizeFleet(s, in, hybridTarget);
    r.hybrid = evaluateFleet(s, in, demand, r.hybridSizing.newNodes, Dispatch::OnPremFirst);
    return r;
}

FleetOutcome recostFixedFleet(const Scenario &s, const DrawInputs &in, const Demand &demand,
                              const std::vector<double> &newNodes, SensitiveOverflow overflow) {
    Eigen::Map<const Eigen::ArrayXd> row(newNodes.data(),
                                         static_cast<Eigen::Index>(newNodes.size()));
    const Table nodes = row.transpose().replicate(in.draws, 1);
    return evaluateFleet(s, in, demand, nodes, Dispatch::CheapestFirst, overflow);
}

} // namespace sovereign
