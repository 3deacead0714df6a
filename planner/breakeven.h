#pragma once

#include "planner/base/error.h"
#include "planner/scenario.h"

#include <optional>
#include <vector>

namespace sovereign {

/// Own vs lease NPV as one input varies (the same value in every year), all
/// points evaluated in one vectorised pass.
struct BreakevenCurve {
    enum class Input { Utilization, CloudPrice };
    Input input = Input::Utilization;
    std::vector<double> x; ///< the swept values
    std::vector<double> ownNpvUsd;
    std::vector<double> leaseNpvUsd;
    std::optional<double> crossing; ///< where own and lease NPV meet (linear interpolation)
};

/// Sweeps utilization over [0.1, 1.0] or the cloud price over [0.5, 10] USD/GPU-h.
BreakevenCurve breakeven(const Scenario &s, BreakevenCurve::Input input, int points = 41);

} // namespace sovereign
