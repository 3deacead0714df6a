#pragma once

#include "planner/planresult.h"

#include <string>

namespace sovereign {

/// The readable plain-text summary `sovereign plan` prints.
std::string summaryText(const PlanResult &plan);

} // namespace sovereign
