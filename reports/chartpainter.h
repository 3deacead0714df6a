#pragma once

#include "reports/reportdocument.h"

#include <QLocale>
#include <QRectF>

class QPainter;

namespace sovereign {

/// Draws a ReportChart with QPainter primitives only, so PDF (QPdfWriter) and
/// SVG (QSvgGenerator) output stay vector graphics.
class ChartPainter {
  public:
    explicit ChartPainter(QLocale locale = QLocale()) : m_locale(std::move(locale)) {}
    void paint(QPainter &painter, const QRectF &area, const ReportChart &chart) const;

    /// Axis label for a value: 1.5 k, 2.3 M, 4 bn, in the locale's digits.
    QString shortNumber(double v) const;
    /// Round steps (1, 2 or 5 x 10^n) covering [low, high] with about `ticks` intervals.
    static QList<double> niceTicks(double low, double high, int ticks = 5);

  private:
    void paintTornado(QPainter &painter, const QRectF &area, const ReportChart &chart) const;
    QLocale m_locale;
};

/// The chart as a standalone SVG document (for HTML reports).
QByteArray chartToSvg(const ReportChart &chart, const QLocale &locale, QSize size = {720, 320});

} // namespace sovereign
