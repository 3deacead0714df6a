#pragma once

#include <QCommandLineParser>

namespace sovereign::cli {

/// `schedule bench --gaia`: the planner in GAIA's simulation setting beside
/// GAIA's own schedules (energy/gaiasetting.h; bench/gaia_compare.py runs GAIA).
void addGaiaOptions(QCommandLineParser &parser);
int runGaiaBench(const QCommandLineParser &parser);

} // namespace sovereign::cli
