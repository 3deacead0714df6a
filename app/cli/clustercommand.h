#pragma once

#include <QStringList>

namespace sovereign::cli {

/// sovereign cluster up|down|status [--state DIR] [--config FILE], and
/// resume|suspend HOSTLIST (called by Slurm's power saving).
int runCluster(const QStringList &args);

} // namespace sovereign::cli
