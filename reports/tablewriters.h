#pragma once

#include "planner/base/error.h"
#include "reports/reportbuilder.h"

#include <QByteArray>
#include <QString>

namespace sovereign {

/// Every strategy's yearly figures as one CSV table (RFC 4180, '.' decimals,
/// full precision: for spreadsheets and scripts): scenario, strategy, year,
/// phase, then the JSON field names of docs/methodology.md.
QByteArray renderCsv(const std::vector<ReportSubject> &subjects);

/// An XLSX workbook (libxlsxwriter): a summary sheet, one sheet per strategy
/// with the yearly table, a KPI sheet, an assumptions sheet with sources, and
/// the Monte Carlo results when present. Numbers are stored as numbers.
Result<void> writeXlsx(const std::vector<ReportSubject> &subjects, const Catalog &catalog,
                       const QString &path);

} // namespace sovereign
