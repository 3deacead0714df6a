#pragma once

#include "reports/reportdocument.h"

#include <QList>
#include <QPointF>

#include <optional>
#include <utility>

class QChart;
class QValueAxis;

namespace sovereign {

/// How one series is drawn beyond its colour (the compare view's overlays).
struct SeriesLook {
    Qt::PenStyle line = Qt::SolidLine; ///< a line style per scenario
    bool infeasible = false;           ///< faded line or hatched bars
    bool inLegend = true;              ///< false: a LegendKey explains it instead
};

/// A legend entry that stands for no data of its own: what a colour, a line
/// style or a faded line means (a compact legend instead of one per curve).
struct LegendKey {
    QString name;
    QColor color;
    Qt::PenStyle line = Qt::SolidLine;
};

/// What the desktop views add to a ReportChart's data when they draw it.
struct ChartLook {
    QList<SeriesLook> series; ///< by index into ReportChart::series; missing: defaults
    QList<LegendKey> keys;    ///< appended to the legend, in order
    bool hatched = false;     ///< every bar hatched (an infeasible plan's chart)
    /// The categories are equal-width bins spanning [first, second]: a value
    /// axis with a few round ticks replaces one label per bin.
    std::optional<std::pair<double, double>> binRange;
    QString xLabel; ///< the value axis title with binRange
};

/// Turns report chart data into a Qt Charts chart (the desktop app's views);
/// the PDF and HTML reports draw the same data with ChartPainter. Money and
/// hour figures of a million or more are shown in millions ("M USD").
QChart *toQChart(const ReportChart &chart, const ChartLook &look = {});

/// An x/y line chart (e.g. a breakeven sweep) with one series per curve.
QChart *xyChart(const QString &title, const QString &xLabel, const QString &yLabel,
                const QList<std::pair<ChartSeries, QList<QPointF>>> &curves,
                const ChartLook &look = {});

/// A value axis over [low, high] widened to round ticks (1, 2 or 5 times a
/// power of ten) with as many decimals as the step needs: never "5e+07".
void setReadableRange(QValueAxis *axis, double low, double high);

/// Numbers on the chart's axes in the application's locale ("1 234,5" in
/// French), and narrow margins.
void localizeChart(QChart *chart);

/// The round step (1, 2 or 5 times a power of ten) nearest above `roughStep`.
double niceStep(double roughStep);

} // namespace sovereign
