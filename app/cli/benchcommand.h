#pragma once

#include <QStringList>

namespace sovereign::cli {

/// sovereign plan --bench [SCENARIO.yaml]: times the four strategies and
/// 10,000 Monte Carlo draws (median of repeated runs) and prints the figures.
int runBench(const QStringList &args);

} // namespace sovereign::cli
