#pragma once

#include "planner/catalog.h"
#include "planner/kpi.h"
#include "planner/planresult.h"
#include "planner/scenario.h"
#include "reports/plancharts.h"
#include "reports/plantext.h"
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

} // namespace sovereign
