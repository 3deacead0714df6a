#include "chartfactory.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QLineSeries>
#include <QObject>
#include <QStackedBarSeries>
#include <QValueAxis>

#include <cmath>

namespace sovereign {

QChart *toQChart(const ReportChart &source) {
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
        c.yLabel = QObject::tr("million %1").arg(c.yLabel);
    }
    auto *chart = new QChart;
    chart->setTitle(c.title);
    chart->legend()->setAlignment(Qt::AlignBottom);
    auto *x = new QBarCategoryAxis;
    x->append(c.categories);
    if (c.categories.size() > 8)
        x->setLabelsAngle(-60); // many bins: keep every label readable
    auto *y = new QValueAxis;
    y->setTitleText(c.yLabel);
    y->setLabelFormat("%.3g");
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    double high = 0;
    if (c.kind == ReportChart::Kind::Line) {
        for (const auto &s : c.series) {
            auto *line = new QLineSeries;
            line->setName(s.name);
            line->setColor(s.color);
            line->setPointsVisible(true);
            for (int i = 0; i < s.values.size(); ++i) {
                line->append(i, s.values[i]);
                high = std::max(high, s.values[i]);
            }
            chart->addSeries(line);
            line->attachAxis(x);
            line->attachAxis(y);
        }
    } else {
        QAbstractBarSeries *bars = c.kind == ReportChart::Kind::StackedBars
                                       ? static_cast<QAbstractBarSeries *>(new QStackedBarSeries)
                                       : new QBarSeries;
        QList<double> stack(c.categories.size(), 0.0);
        for (const auto &s : c.series) {
            auto *set = new QBarSet(s.name);
            set->setColor(s.color);
            for (int i = 0; i < s.values.size(); ++i) {
                set->append(s.values[i]);
                stack[i] = c.kind == ReportChart::Kind::StackedBars
                               ? stack[i] + s.values[i]
                               : std::max(stack[i], s.values[i]);
            }
            bars->append(set);
        }
        for (double v : stack)
            high = std::max(high, v);
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
    y->setRange(0, high > 0 ? high * 1.08 : 1.0);
    y->applyNiceNumbers();
    return chart;
}

QChart *xyChart(const QString &title, const QString &xLabel, const QString &yLabel,
                const QList<std::pair<ChartSeries, QList<QPointF>>> &curves) {
    auto *chart = new QChart;
    chart->setTitle(title);
    chart->legend()->setAlignment(Qt::AlignBottom);
    auto *x = new QValueAxis;
    x->setTitleText(xLabel);
    auto *y = new QValueAxis;
    y->setTitleText(yLabel);
    y->setLabelFormat("%.3g");
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    for (const auto &[s, points] : curves) {
        auto *line = new QLineSeries;
        line->setName(s.name);
        line->setColor(s.color);
        line->append(points);
        chart->addSeries(line);
        line->attachAxis(x);
        line->attachAxis(y);
    }
    x->applyNiceNumbers();
    y->applyNiceNumbers();
    return chart;
}

} // namespace sovereign
