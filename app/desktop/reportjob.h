#pragma once

#include "planner/base/feedback.h"
#include "planner/catalog.h"
#include "planner/scenario.h"
#include "reports/reportexport.h"

#include <QLocale>
#include <QString>

#include <vector>

namespace sovereign {

/// What the export dialog asks for: the file, and the scenarios as they are
/// now (copies: the document may change while the report is written).
struct ReportRequest {
    ReportFormat format = ReportFormat::Pdf;
    QString path;
    std::vector<Scenario> scenarios;
    QLocale locale;
    int monteCarloDraws = 0;
    std::uint64_t seed = 1;
};

/// Plans every scenario afresh (with the Monte Carlo when asked) and writes
/// the report in the request's language. Runs on any thread: the desktop
/// calls it on a worker. `feedback` gets the progress of the whole export
/// (planning takes 0-90 %, writing the rest) and may cancel it between steps
/// and during the Monte Carlo; a canceled export writes nothing.
Result<void> writeReport(const ReportRequest &request, const Catalog &catalog,
                         Feedback *feedback = nullptr);

} // namespace sovereign
