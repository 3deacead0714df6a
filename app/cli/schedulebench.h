#pragma once

#include <QStringList>

namespace sovereign::cli {

/// sovereign schedule bench [--site SITE.yaml] [--jobs JOBS.csv] [--weeks N]
/// [--jobs-count N] [--seed S] [--milp-instances K]: a week of real series and
/// the Alibaba PAI jobs of that week (folded from more weeks up to 10,000),
/// planned by the heuristic beside running at once, capped and not; then the
/// heuristic against the exact MILP on 100-job instances.
int runScheduleBench(const QStringList &args);

} // namespace sovereign::cli
