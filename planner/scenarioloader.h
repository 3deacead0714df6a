#pragma once

#include "planner/catalog.h"
#include "planner/scenario.h"

namespace sovereign {

/// Reads, validates and resolves a scenario (schema_version 1). Every
/// problem comes back as an Error with file:line:column and what was expected.
Result<Scenario> loadScenarioText(const std::string &yaml, const std::string &fileName,
                                  const Catalog &catalog);
Result<Scenario> loadScenarioFile(const std::string &path, const Catalog &catalog);

} // namespace sovereign
