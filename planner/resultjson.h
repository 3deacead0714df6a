#pragma once

#include "planner/planresult.h"

#include <QJsonObject>

namespace sovereign {

/// The plan as the JSON document `sovereign plan --json` writes (see
/// docs/methodology.md, "Output"). Infinite caps become null.
QJsonObject planToJson(const PlanResult &plan);

} // namespace sovereign
