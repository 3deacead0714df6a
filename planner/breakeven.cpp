#include "planner/breakeven.h"

#include "planner/strategies.h"

namespace sovereign {

BreakevenCurve breakeven(const Scenario &s, BreakevenCurve::Input input, int points) {
    BreakevenCurve curve;
    curve.input = input;
    const bool utilization = input == BreakevenCurve::Input::Utilization;
    const double lo = utilization ? 0.1 : 0.5, hi = utilization ? 1.0 : 10.0;
    DrawInputs in = baseInputs(s, points);
    for (int i = 0; i < points; ++i) {
        const double x = lo + (hi - lo) * i / std::max(1, points - 1);
        curve.x.push_back(x);
        in[utilization ? P::Utilization : P::CloudUsdPerGpuHour].row(i).setConstant(x);
    }
    const Demand demand = computeDemand(s, in);
    const HeuristicRuns runs = runHeuristics(s, in, demand);
    for (int i = 0; i < points; ++i) {
        curve.ownNpvUsd.push_back(runs.own.npvUsd[i]);
        curve.leaseNpvUsd.push_back(runs.lease.npvUsd[i]);
    }
    for (int i = 1; i < points && !curve.crossing; ++i) {
        const double a = curve.ownNpvUsd[i - 1] - curve.leaseNpvUsd[i - 1];
        const double b = curve.ownNpvUsd[i] - curve.leaseNpvUsd[i];
        if ((a > 0) != (b > 0))
            curve.crossing = curve.x[i - 1] + (curve.x[i] - curve.x[i - 1]) * a / (a - b);
    }
    return curve;
}

} // namespace sovereign
