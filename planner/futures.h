#pragma once

#include "planner/drawinputs.h"

#include <cstdint>

namespace sovereign {

/// The first `draws` Monte Carlo draws for `seed`, whole (every parameter as
/// a draws x years table): the futures the robust plan is chosen against and
/// every strategy is tested on. Same streams as runMonteCarlo, so these are
/// the draws a Monte Carlo with this seed starts with.
DrawInputs sampleFutures(const Scenario &s, int draws, std::uint64_t seed);

/// Whether any parameter carries a range (else every future is the same).
bool hasUncertainty(const Scenario &s);

} // namespace sovereign
