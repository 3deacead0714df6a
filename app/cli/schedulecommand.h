#pragma once

#include <QStringList>

namespace sovereign::cli {

/// sovereign schedule plan --site SITE.yaml --jobs JOBS.csv [--start T]
/// [--horizon 48h] [--json FILE|-]: when and where each job runs
/// (energy/heuristic.h), with the reasons and the run-at-once baselines.
int runSchedule(const QStringList &args);

} // namespace sovereign::cli
