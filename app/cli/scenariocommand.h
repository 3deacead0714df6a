#pragma once

#include <QStringList>

namespace sovereign::cli {

/// sovereign scenario set|unset SCENARIO.yaml KEY [VALUE[,VALUE...]] [-o OUT.yaml]:
/// the desktop editor's edits from the command line (validated before writing).
int runScenario(const QStringList &args);

} // namespace sovereign::cli
