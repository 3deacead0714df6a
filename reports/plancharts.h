#pragma once

#include "planner/planresult.h"
#include "reports/reportdocument.h"

#include <QLocale>

#include <utility>

namespace sovereign {

/// The charts of one planned scenario (the reports' and the desktop app's):
/// cumulative spending, yearly cost, facility power, CO2, sovereign share and
/// where compute runs.
QList<ReportChart> planCharts(const PlanResult &plan, const QLocale &locale);

/// The tornado of the optimal plan's NPV as a horizontal bar chart, the bars
/// starting at the plan's NPV (empty series when there is no tornado).
ReportChart tornadoChart(const PlanResult &plan, const QLocale &locale);

/// The span of every strategy's NPV draws (USD): the histogram's bins cover it.
std::pair<double, double> npvDrawRange(const MonteCarloResult &mc);

/// Histogram of every strategy's NPV over the Monte Carlo draws (shared bins).
ReportChart npvHistogram(const MonteCarloResult &mc, int bins, const QLocale &locale);

} // namespace sovereign
