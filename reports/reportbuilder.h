#pragma once

#include "planner/catalog.h"
#include "planner/planresult.h"
#include "planner/scenario.h"
#include "reports/reportdocument.h"

#include <QLocale>

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

/// Histogram of every strategy's NPV over the Monte Carlo draws (shared bins).
ReportChart npvHistogram(const MonteCarloResult &mc, int bins, const QLocale &locale);

/// The charts of one subject (also shown by the desktop app).
QList<ReportChart> planCharts(const PlanResult &plan, const QLocale &locale);

} // namespace sovereign
