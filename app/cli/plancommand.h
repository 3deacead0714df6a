#pragma once

#include <QStringList>

#include <cstdint>

namespace sovereign::cli {

/// sovereign plan SCENARIO.yaml [--json FILE|-] [--monte-carlo N] [--seed S]
int runPlan(const QStringList &args);

/// Parses "--monte-carlo N --seed S"; false (after printing why) when malformed.
bool parseMonteCarlo(const QString &drawsText, const QString &seedText, int &draws,
                     std::uint64_t &seed);

} // namespace sovereign::cli
