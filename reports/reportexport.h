#pragma once

#include "planner/base/error.h"
#include "reports/reportbuilder.h"

#include <QString>

#include <optional>

namespace sovereign {

enum class ReportFormat { Pdf, Xlsx, Csv, Html };

/// "pdf", "xlsx", "csv", "html" (case-insensitive), or nothing.
std::optional<ReportFormat> reportFormatFromName(const QString &name);

/// Writes a report of one scenario (or a comparison) in a format. The one
/// entry point for the CLI's `sovereign report` and the desktop export dialog.
/// PDF needs a QGuiApplication; the other formats need only QCoreApplication.
Result<void> exportReport(const std::vector<ReportSubject> &subjects, const Catalog &catalog,
                          ReportFormat format, const QString &path, const QLocale &locale);

} // namespace sovereign
