#pragma once

#include "reports/reportdocument.h"

#include <QByteArray>
#include <QLocale>

namespace sovereign {

/// A self-contained HTML page: inline CSS, charts as inline SVG, no external links needed.
QByteArray renderHtml(const ReportDocument &doc, const QLocale &locale);

/// The HTML of one block without charts (the PDF writer lays these out).
QString blockHtml(const ReportBlock &block);

} // namespace sovereign
