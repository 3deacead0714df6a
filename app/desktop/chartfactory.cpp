#include "chartfactory.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QCursor>
#include <QGraphicsLayout>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QLocale>
#include <QObject>
#include <QStackedBarSeries>
#include <QToolTip>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

namespace sovereign {

namespace {

// An infeasible plan's curve: its colour, faded, so it reads as "not a plan".
constexpr int kFadedAlpha = 90;

int decimalsFor(double step) {
    return step >= 1 ? 0 : std::clamp(static_cast<int>(std::ceil(-std::log10(step) - 1e-9)), 0, 4);
}

QPen linePen(const QColor &color, const SeriesLook &look) {
    QColor c = color;
    if (look.infeasible)
        c.setAlpha(kFadedAlpha);
    QPen pen(c, 2.5, look.line);
    return pen;
}

/// The series' full name as a tooltip while the pointer is on it (the legend
/// may show only a key for it).
void showNameOnHover(QLineSeries *line) {
    QObject::connect(line, &QLineSeries::hovered, line, [line](const QPointF &, bool state) {
        if (state)
            QToolTip::showText(QCursor::pos(), line->name());
        else
            QToolTip::hideText();
    });
}

void addLegendKeys(QChart *chart, const QList<LegendKey> &keys, QAbstractAxis *x,
                   QAbstractAxis *y) {
    for (const LegendKey &key : keys) {
        auto *line = new QLineSeries; // no points: only its legend marker shows
        line->setName(key.name);
        line->setPen(QPen(key.color, 2.5, key.line));
        chart->addSeries(line);
        line->attachAxis(x);
        line->attachAxis(y);
    }
}

void hideFromLegend(QChart *chart, QAbstractSeries *series) {
    for (QLegendMarker *m : chart->legend()->markers(series))
        m->setVisible(false);
}

/// Below the chart a legend has one row: past four entries each is cut to a
/// letter and "...". Beside the chart each entry has its own line.
void placeLegend(QChart *chart, int entries, bool lines) {
    // Lines show as a short stretch of their own pen: colour and dash both.
    // Bars keep filled squares: Qt Charts 6.4 draws a bar set's "from series"
    // marker without its brush, an empty square that says nothing.
    chart->legend()->setMarkerShape(lines ? QLegend::MarkerShapeFromSeries
                                          : QLegend::MarkerShapeRectangle);
    chart->legend()->setAlignment(entries > 4 ? Qt::AlignRight : Qt::AlignBottom);
}

} // namespace

double niceStep(double roughStep) {
    if (!(roughStep > 0) || !std::isfinite(roughStep))
        return 1;
    const double power = std::pow(10.0, std::floor(std::log10(roughStep)));
    for (double m : {1.0, 2.0, 5.0})
        if (m * power >= roughStep * (1 - 1e-9))
            return m * power;
    return 10 * power;
}

void setReadableRange(QValueAxis *axis, double low, double high) {
    if (!(high > low)) {
        high = low + 1;
        low = std::min(low, 0.0);
    }
    const double step = niceStep((high - low) / 5);
    const double min = std::floor(low / step + 1e-9) * step;
    const double max = std::ceil(high / step - 1e-9) * step;
    axis->setRange(min, max);
    axis->setTickType(QValueAxis::TicksFixed);
    axis->setTickCount(static_cast<int>(std::lround((max - min) / step)) + 1);
    axis->setMinorTickCount(0);
    axis->setLabelFormat(QString("%.%1f").arg(decimalsFor(step)));
}

void localizeChart(QChart *chart) {
    chart->setLocalizeNumbers(true);
    chart->setLocale(QLocale());
    // The default margins cost a small chart a fifth of its width.
    chart->layout()->setContentsMargins(0, 0, 0, 0);
    chart->setMargins(QMargins(6, 6, 6, 6));
    chart->setBackgroundRoundness(0);
}

QChart *toQChart(const ReportChart &source, const ChartLook &look) {
    // Large money and hour figures read better in millions on a chart axis.
    ReportChart c = source;
    double peak = 0;
    for (const auto &s : c.series)
        for (double v : s.values)
            peak = std::max(peak, std::abs(v));
    if (peak >= 1e6) {
        for (auto &s : c.series)
            for (double &v : s.values)
                v /= 1e6;
        if (c.limit)
            for (double &v : c.limit->values)
                v /= 1e6;
        //: an axis title in millions, e.g. "M USD"
        c.yLabel = QObject::tr("M %1").arg(c.yLabel);
    }
    auto *chart = new QChart;
    localizeChart(chart);
    chart->setTitle(c.title);
    chart->legend()->setAlignment(Qt::AlignBottom);
    auto *x = new QBarCategoryAxis;
    x->append(c.categories);
    if (!look.binRange && c.categories.size() > 8)
        x->setLabelsAngle(-60); // many categories: keep every label readable
    auto *y = new QValueAxis;
    y->setTitleText(c.yLabel);
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    double low = 0, high = 0;
    const auto lookOf = [&](int i) { return look.series.value(i); };
    if (c.kind == ReportChart::Kind::Line) {
        for (int k = 0; k < c.series.size(); ++k) {
            const auto &s = c.series[k];
            auto *line = new QLineSeries;
            line->setName(s.name);
            line->setPen(linePen(s.color, lookOf(k)));
            line->setPointsVisible(true);
            for (int i = 0; i < s.values.size(); ++i) {
                line->append(i, s.values[i]);
                high = std::max(high, s.values[i]);
                low = std::min(low, s.values[i]);
            }
            chart->addSeries(line);
            line->attachAxis(x);
            line->attachAxis(y);
            showNameOnHover(line);
            if (!lookOf(k).inLegend)
                hideFromLegend(chart, line);
        }
    } else {
        QAbstractBarSeries *bars = c.kind == ReportChart::Kind::StackedBars
                                       ? static_cast<QAbstractBarSeries *>(new QStackedBarSeries)
                                       : new QBarSeries;
        QList<double> stack(c.categories.size(), 0.0);
        for (int k = 0; k < c.series.size(); ++k) {
            const auto &s = c.series[k];
            auto *set = new QBarSet(s.name);
            set->setColor(s.color);
            set->setBorderColor(s.color); // thin bars: a white border would hide them
            if (look.hatched || lookOf(k).infeasible) {
                // Hatched: the figures of a plan that does not hold.
                set->setBrush(QBrush(s.color, Qt::BDiagPattern));
                set->setBorderColor(s.color);
            }
            for (int i = 0; i < s.values.size() && i < stack.size(); ++i) {
                set->append(s.values[i]);
                stack[i] = c.kind == ReportChart::Kind::StackedBars
                               ? stack[i] + s.values[i]
                               : std::max(stack[i], s.values[i]);
                low = std::min(low, s.values[i]);
            }
            bars->append(set);
        }
        for (double v : stack)
            high = std::max(high, v);
        if (look.binRange)
            bars->setBarWidth(1.0); // a histogram: bins side by side
        chart->addSeries(bars);
        bars->attachAxis(x);
        bars->attachAxis(y);
    }
    if (c.limit) {
        auto *line = new QLineSeries;
        line->setName(c.limit->name);
        QPen pen(c.limit->color, 2, Qt::DashLine);
        line->setPen(pen);
        for (int i = 0; i < c.limit->values.size(); ++i)
            if (std::isfinite(c.limit->values[i])) {
                line->append(i, c.limit->values[i]);
                high = std::max(high, c.limit->values[i]);
            }
        chart->addSeries(line);
        line->attachAxis(x);
        line->attachAxis(y);
    }
    addLegendKeys(chart, look.keys, x, y);
    int entries = static_cast<int>(look.keys.size()) + (c.limit ? 1 : 0);
    for (int k = 0; k < c.series.size(); ++k)
        entries += c.kind != ReportChart::Kind::Line || lookOf(k).inLegend ? 1 : 0;
    placeLegend(chart, entries, c.kind == ReportChart::Kind::Line);
    setReadableRange(y, low, high > low ? high * 1.05 : low + 1);
    if (look.binRange) {
        // One label per bin does not fit (every label became "..."): the bins
        // sit under a value axis spanning the same range, with round ticks.
        const auto [binLow, binHigh] = *look.binRange;
        x->setVisible(false);
        auto *values = new QValueAxis;
        values->setTitleText(look.xLabel);
        values->setRange(binLow, binHigh);
        const double step = niceStep((binHigh - binLow) / 6);
        values->setTickType(QValueAxis::TicksDynamic);
        values->setTickAnchor(std::ceil(binLow / step) * step);
        values->setTickInterval(step);
        values->setMinorTickCount(0);
        values->setLabelFormat(QString("%.%1f").arg(decimalsFor(step)));
        chart->addAxis(values, Qt::AlignBottom);
    }
    return chart;
}

QChart *xyChart(const QString &title, const QString &xLabel, const QString &yLabel,
                const QList<std::pair<ChartSeries, QList<QPointF>>> &curves,
                const ChartLook &look) {
    auto *chart = new QChart;
    localizeChart(chart);
    chart->setTitle(title);
    chart->legend()->setAlignment(Qt::AlignBottom);
    auto *x = new QValueAxis;
    x->setTitleText(xLabel);
    auto *y = new QValueAxis;
    y->setTitleText(yLabel);
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    double xLow = INFINITY, xHigh = -INFINITY, yLow = INFINITY, yHigh = -INFINITY;
    for (int k = 0; k < curves.size(); ++k) {
        const auto &[s, points] = curves[k];
        auto *line = new QLineSeries;
        line->setName(s.name);
        line->setPen(linePen(s.color, look.series.value(k)));
        line->append(points);
        for (const QPointF &p : points) {
            xLow = std::min(xLow, p.x());
            xHigh = std::max(xHigh, p.x());
            yLow = std::min(yLow, p.y());
            yHigh = std::max(yHigh, p.y());
        }
        chart->addSeries(line);
        line->attachAxis(x);
        line->attachAxis(y);
        showNameOnHover(line);
        if (!look.series.value(k).inLegend)
            hideFromLegend(chart, line);
    }
    addLegendKeys(chart, look.keys, x, y);
    int entries = static_cast<int>(look.keys.size());
    for (int k = 0; k < curves.size(); ++k)
        entries += look.series.value(k).inLegend ? 1 : 0;
    placeLegend(chart, entries, true);
    if (xLow <= xHigh) {
        setReadableRange(x, xLow, xHigh);
        setReadableRange(y, yLow, yHigh);
    }
    return chart;
}

} // namespace sovereign
