#pragma once

#include "energy/heuristic.h"
#include "energy/problem.h"

#include <string>
#include <vector>

namespace sovereign::energy {

/// Checks a plan slot by slot, written apart from the planners so it does not
/// share their mistakes: each placed job runs exactly its duration, in slots
/// of the horizon at or after its earliest slot, contiguously unless
/// preemptible (and always contiguously on a burst), from spin-up on for a
/// burst, on sovereign capacity when sensitive; in every slot no partition
/// runs more nodes than it has, no burst more than its limit, and the site's
/// draw (idle nodes + running jobs) stays within the cap; a decision that
/// says "deadline met" meets it. Returns one line per breach (empty: none).
std::vector<std::string> checkPlan(const Problem &problem, const std::vector<Decision> &plan);

} // namespace sovereign::energy
