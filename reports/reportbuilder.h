#pragma once

#include "planner/catalog.h"
#include "planner/kpi.h"
#include "planner/planresult.h"
#include "planner/scenario.h"
#include "reports/reportdocument.h"

#include <QLocale>

#include <utility>

#include <vector>

namespace sovereign {

/// A planned scenario to report on.
struct ReportSubject {
    Scenario scenario;
    PlanResult plan;
};

/// Builds the KPI report of one scenario, or a comparison of several:
/// executive summary, yearly tables, charts, roadmap KPIs with status, why
/// (binding constraints), Monte Carlo results, assumptions with their sources
/// and the methodology reference. Text is translated (QCoreApplication::translate,
/// context "Report") and numbers follow `locale`.
ReportDocument buildReport(const std::vector<ReportSubject> &subjects, const Catalog &catalog,
                           const QLocale &locale);

/// The recommendation in the report's language: the feasible strategy with
/// the lowest NPV, its margin over the next, its largest fleet and which
/// constraints bind in which years (or why nothing is feasible).
QString recommendationText(const PlanResult &plan, const QLocale &locale);

/// A binding-constraint note in the report's language.
QString bindingText(const BindingNote &note, const QLocale &locale);

/// A strategy's name in the report's language ("own" -> "Own").
QString strategyLabel(const std::string &name);

/// A KPI status in the report's language ("on track", ...).
QString kpiStatusLabel(KpiStatus status);

/// A yearly field or KPI metric (a JSON name of planner/yearfields.h, e.g.
/// "owned_gpus") as a person reads it, with its unit: "Owned GPUs".
QString yearFieldLabel(const std::string &name);

/// The tornado of the optimal plan's NPV as a horizontal bar chart, the bars
/// starting at the plan's NPV (empty series when there is no tornado).
ReportChart tornadoChart(const PlanResult &plan, const QLocale &locale);

/// Histogram of every strategy's NPV over the Monte Carlo draws (shared bins).
/// The span of every strategy's NPV draws (USD): the histogram's bins cover it.
std::pair<double, double> npvDrawRange(const MonteCarloResult &mc);
ReportChart npvHistogram(const MonteCarloResult &mc, int bins, const QLocale &locale);

/// The charts of one subject (also shown by the desktop app).
QList<ReportChart> planCharts(const PlanResult &plan, const QLocale &locale);

} // namespace sovereign
