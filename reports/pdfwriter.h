#pragma once

#include "planner/base/error.h"
#include "reports/reportdocument.h"

#include <QLocale>
#include <QString>

namespace sovereign {

/// Writes the report as an A4 landscape PDF: text and tables through
/// QTextDocument, charts drawn as vectors by ChartPainter. Needs a QGuiApplication.
Result<void> writePdf(const ReportDocument &doc, const QLocale &locale, const QString &path);

} // namespace sovereign
