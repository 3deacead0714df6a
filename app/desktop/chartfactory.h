#pragma once

#include "reports/reportdocument.h"

#include <QList>
#include <QPointF>

class QChart;

namespace sovereign {

/// Turns report chart data into a Qt Charts chart (the desktop app's views);
/// the PDF and HTML reports draw the same data with ChartPainter.
QChart *toQChart(const ReportChart &chart);

/// An x/y line chart (e.g. a breakeven sweep) with one series per curve.
QChart *xyChart(const QString &title, const QString &xLabel, const QString &yLabel,
                const QList<std::pair<ChartSeries, QList<QPointF>>> &curves);

} // namespace sovereign
