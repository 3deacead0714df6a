#pragma once

#include <QString>

namespace sovereign::cli {

/// Submits `jobs` short jobs through the REST client, then the same through
/// `sbatch` in a loop, and prints submissions per second and the time until
/// all are complete for both.
int runClusterBench(const QString &stateDir, int jobs);

} // namespace sovereign::cli
