#include "reports/chartpainter.h"

#include <QBuffer>
#include <QPainter>
#include <QPainterPath>
#include <QSvgGenerator>

#include <algorithm>
#include <cmath>

namespace sovereign {

QList<double> ChartPainter::niceTicks(double low, double high, int ticks) {
    if (!(high > low))
        high = low + 1.0;
    const double raw = (high - low) / std::max(1, ticks);
    const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
    double step = magnitude;
    for (double m : {1.0, 2.0, 5.0, 10.0})
        if (m * magnitude >= raw) {
            step = m * magnitude;
            break;
        }
    QList<double> out;
    for (double v = std::floor(low / step) * step; v <= high + step * 0.999; v += step)
        out.append(std::abs(v) < step * 1e-9 ? 0.0 : v);
    return out;
}

QString ChartPainter::shortNumber(double v) const {
    const double a = std::abs(v);
    if (a >= 1e9)
        return m_locale.toString(v / 1e9, 'g', 3) + QStringLiteral(" bn");
    if (a >= 1e6)
        return m_locale.toString(v / 1e6, 'g', 3) + QStringLiteral(" M");
    if (a >= 1e3)
        return m_locale.toString(v / 1e3, 'g', 3) + QStringLiteral(" k");
    return m_locale.toString(v, 'g', 3);
}

namespace {

/// The chart font: a sans-serif family named explicitly, so an SVG does not
/// carry Qt's generic "Sans Serif" (unknown to browsers, which then use serif).
QFont chartFont(double unit) {
    QFont font(QStringLiteral("DejaVu Sans"));
    font.setStyleHint(QFont::SansSerif);
    font.setPixelSize(std::max(1, static_cast<int>(std::round(11 * unit))));
    return font;
}

/// The chart's title in bold at the top left of `area`; leaves `font` set.
void paintTitle(QPainter &p, const QRectF &area, const QString &title, const QFont &font) {
    const QFontMetricsF fm(font);
    QFont titleFont = font;
    titleFont.setBold(true);
    p.setFont(titleFont);
    p.setPen(Qt::black);
    p.drawText(QRectF(area.left(), area.top(), area.width(), fm.height() * 1.4),
               Qt::AlignLeft | Qt::AlignVCenter, title);
    p.setFont(font);
}

} // namespace

void ChartPainter::paintTornado(QPainter &p, const QRectF &area, const ReportChart &chart) const {
    const double unit = std::min(area.height() / 320.0, area.width() / 720.0);
    const QFont font = chartFont(unit);
    const QFontMetricsF fm(font);
    paintTitle(p, area, chart.title, font);

    // Legend: the two ends, then the baseline.
    double lx = area.left();
    const double ly = area.top() + fm.height() * 1.6;
    for (const auto &s : chart.series) {
        p.fillRect(QRectF(lx, ly + fm.height() * 0.2, 12 * unit, fm.height() * 0.6), s.color);
        p.setPen(Qt::black);
        p.drawText(QPointF(lx + 16 * unit, ly + fm.ascent()), s.name);
        lx += 28 * unit + fm.horizontalAdvance(s.name);
    }
    if (!chart.baselineLabel.isEmpty()) {
        p.setPen(QPen(Qt::black, 1.5 * unit, Qt::DashLine));
        p.drawLine(QPointF(lx + 6 * unit, ly), QPointF(lx + 6 * unit, ly + fm.height()));
        p.setPen(Qt::black);
        p.drawText(QPointF(lx + 16 * unit, ly + fm.ascent()), chart.baselineLabel);
    }

    double low = chart.baseline, high = chart.baseline;
    for (const auto &s : chart.series)
        for (double v : s.values) {
            low = std::min(low, v);
            high = std::max(high, v);
        }
    const QList<double> ticks = niceTicks(low, high, 6);
    low = ticks.front();
    high = ticks.back();

    double nameWidth = 0;
    for (const auto &c : chart.categories)
        nameWidth = std::max(nameWidth, fm.horizontalAdvance(c));
    nameWidth = std::min(nameWidth, area.width() * 0.4);
    const double top = ly + fm.height() * 1.8;
    const QRectF plot(area.left() + nameWidth + 10 * unit, top,
                      area.width() - nameWidth - 14 * unit,
                      area.bottom() - top - fm.height() * (chart.yLabel.isEmpty() ? 1.6 : 3.0));
    auto xOf = [&](double v) { return plot.left() + (v - low) / (high - low) * plot.width(); };

    for (double t : ticks) {
        p.setPen(QPen(QColor(0xDD, 0xDD, 0xDD), 0.8 * unit));
        p.drawLine(QPointF(xOf(t), plot.top()), QPointF(xOf(t), plot.bottom()));
        p.setPen(QColor(0x44, 0x44, 0x44));
        p.drawText(QRectF(xOf(t) - 40 * unit, plot.bottom() + 2 * unit, 80 * unit, fm.height()),
                   Qt::AlignHCenter | Qt::AlignTop, shortNumber(t));
    }
    if (!chart.yLabel.isEmpty())
        p.drawText(
            QRectF(plot.left(), plot.bottom() + fm.height() * 1.4, plot.width(), fm.height() * 1.4),
            Qt::AlignHCenter | Qt::AlignVCenter, chart.yLabel);

    const int n = static_cast<int>(chart.categories.size());
    const double slot = n > 0 ? plot.height() / n : plot.height();
    for (int i = 0; i < n; ++i) {
        const double y = plot.top() + i * slot;
        p.setPen(QColor(0x22, 0x22, 0x22));
        p.drawText(QRectF(area.left(), y, nameWidth, slot), Qt::AlignRight | Qt::AlignVCenter,
                   fm.elidedText(chart.categories[i], Qt::ElideMiddle, nameWidth));
        for (const auto &s : chart.series) {
            const double v = s.values.value(i, chart.baseline);
            p.fillRect(QRectF(QPointF(xOf(chart.baseline), y + slot * 0.18),
                              QPointF(xOf(v), y + slot * 0.82))
                           .normalized(),
                       s.color);
        }
    }
    p.setPen(QPen(Qt::black, 1.5 * unit, Qt::DashLine));
    p.drawLine(QPointF(xOf(chart.baseline), plot.top() - 2 * unit),
               QPointF(xOf(chart.baseline), plot.bottom()));
    p.setPen(QPen(QColor(0x44, 0x44, 0x44), 1.0 * unit));
    p.drawLine(plot.bottomLeft(), plot.bottomRight());
}

void ChartPainter::paint(QPainter &p, const QRectF &area, const ReportChart &chart) const {
    p.save();
    p.setRenderHint(QPainter::Antialiasing);
    if (chart.kind == ReportChart::Kind::Tornado) {
        paintTornado(p, area, chart);
        p.restore();
        return;
    }
    const double unit = area.height() / 320.0; // layout scales with the chart's height
    const QFont font = chartFont(unit);
    p.setFont(font);
    const QFontMetricsF fm(font);

    // Title and legend.
    paintTitle(p, area, chart.title, font);
    double lx = area.left();
    const double ly = area.top() + fm.height() * 1.6;
    auto legendEntry = [&](const QString &name, const QColor &color, bool dashed) {
        QPen pen(color, 2.5 * unit, dashed ? Qt::DashLine : Qt::SolidLine);
        p.setPen(pen);
        p.drawLine(QPointF(lx, ly + fm.height() / 2),
                   QPointF(lx + 16 * unit, ly + fm.height() / 2));
        p.setPen(Qt::black);
        p.drawText(QPointF(lx + 20 * unit, ly + fm.ascent()), name);
        lx += 28 * unit + fm.horizontalAdvance(name);
    };
    for (const auto &s : chart.series)
        legendEntry(s.name, s.color, false);
    if (chart.limit)
        legendEntry(chart.limit->name, chart.limit->color, true);

    // Value range.
    double low = 0, high = 0;
    const int n = static_cast<int>(chart.categories.size());
    for (int i = 0; i < n; ++i) {
        if (chart.kind == ReportChart::Kind::StackedBars) {
            double pos = 0, neg = 0;
            for (const auto &s : chart.series)
                (s.values.value(i) >= 0 ? pos : neg) += s.values.value(i);
            high = std::max(high, pos);
            low = std::min(low, neg);
        } else {
            for (const auto &s : chart.series) {
                high = std::max(high, s.values.value(i));
                low = std::min(low, s.values.value(i));
            }
        }
        if (chart.limit && std::isfinite(chart.limit->values.value(i)))
            high = std::max(high, chart.limit->values.value(i));
    }
    const QList<double> ticks = niceTicks(low, high);
    low = ticks.front();
    high = ticks.back();

    double labelWidth = 0;
    for (double t : ticks)
        labelWidth = std::max(labelWidth, fm.horizontalAdvance(shortNumber(t)));
    // The rotated axis title gets a column of its own inside the area: drawn
    // left of it, an SVG (whose viewport is the area) clipped it.
    const double titleColumn = chart.yLabel.isEmpty() ? 0 : fm.height() * 1.3;
    const double axisLeft = area.left() + titleColumn;
    const QRectF plot(axisLeft + labelWidth + 10 * unit, ly + fm.height() * 1.8,
                      area.width() - titleColumn - labelWidth - 14 * unit,
                      area.bottom() - (ly + fm.height() * 1.8) - fm.height() * 1.8);
    auto yOf = [&](double v) { return plot.bottom() - (v - low) / (high - low) * plot.height(); };

    // Grid and axis labels.
    for (double t : ticks) {
        p.setPen(QPen(QColor(0xDD, 0xDD, 0xDD), 0.8 * unit));
        p.drawLine(QPointF(plot.left(), yOf(t)), QPointF(plot.right(), yOf(t)));
        p.setPen(QColor(0x44, 0x44, 0x44));
        p.drawText(QRectF(axisLeft, yOf(t) - fm.height() / 2, labelWidth, fm.height()),
                   Qt::AlignRight | Qt::AlignVCenter, shortNumber(t));
    }
    if (!chart.yLabel.isEmpty()) {
        p.save();
        p.translate(area.left() + fm.height(), plot.center().y());
        p.rotate(-90);
        p.drawText(QRectF(-plot.height() / 2, -fm.height(), plot.height(), fm.height()),
                   Qt::AlignCenter, chart.yLabel);
        p.restore();
    }
    const double slot = n > 0 ? plot.width() / n : plot.width();
    for (int i = 0; i < n; ++i)
        p.drawText(
            QRectF(plot.left() + i * slot, plot.bottom() + 2 * unit, slot, fm.height() * 1.5),
            Qt::AlignHCenter | Qt::AlignTop, chart.categories[i]);
    p.setPen(QPen(QColor(0x44, 0x44, 0x44), 1.0 * unit));
    p.drawLine(plot.bottomLeft(), plot.bottomRight());
    p.drawLine(QPointF(plot.left(), yOf(0)), QPointF(plot.right(), yOf(0)));

    // Data.
    auto xOf = [&](int i) { return plot.left() + (i + 0.5) * slot; };
    switch (chart.kind) {
    case ReportChart::Kind::Line:
        for (const auto &s : chart.series) {
            QPainterPath path;
            for (int i = 0; i < n; ++i) {
                const QPointF pt(xOf(i), yOf(s.values.value(i)));
                i == 0 ? path.moveTo(pt) : path.lineTo(pt);
            }
            p.setPen(QPen(s.color, 2.5 * unit));
            p.setBrush(Qt::NoBrush);
            p.drawPath(path);
            p.setBrush(s.color);
            for (int i = 0; i < n; ++i)
                p.drawEllipse(QPointF(xOf(i), yOf(s.values.value(i))), 2.5 * unit, 2.5 * unit);
        }
        break;
    case ReportChart::Kind::StackedBars:
        for (int i = 0; i < n; ++i) {
            double pos = 0, neg = 0;
            for (const auto &s : chart.series) {
                const double v = s.values.value(i);
                double &base = v >= 0 ? pos : neg;
                const QRectF bar(QPointF(xOf(i) - slot * 0.3, yOf(base + v)),
                                 QPointF(xOf(i) + slot * 0.3, yOf(base)));
                p.fillRect(bar.normalized(), s.color);
                base += v;
            }
        }
        break;
    case ReportChart::Kind::Tornado: // drawn by paintTornado
        break;
    case ReportChart::Kind::Bars: {
        const int k = std::max<int>(1, chart.series.size());
        const double width = slot * 0.8 / k;
        for (int j = 0; j < chart.series.size(); ++j)
            for (int i = 0; i < n; ++i) {
                const double v = chart.series[j].values.value(i);
                const double x = plot.left() + i * slot + slot * 0.1 + j * width;
                p.fillRect(
                    QRectF(QPointF(x, yOf(v)), QPointF(x + width * 0.92, yOf(0))).normalized(),
                    chart.series[j].color);
            }
        break;
    }
    }
    if (chart.limit) {
        QPen pen(chart.limit->color, 2.0 * unit, Qt::DashLine);
        p.setPen(pen);
        for (int i = 0; i < n; ++i) {
            const double v = chart.limit->values.value(i);
            if (std::isfinite(v))
                p.drawLine(QPointF(plot.left() + i * slot, yOf(v)),
                           QPointF(plot.left() + (i + 1) * slot, yOf(v)));
        }
    }
    p.restore();
}

QByteArray chartToSvg(const ReportChart &chart, const QLocale &locale, QSize size) {
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    QSvgGenerator svg;
    svg.setOutputDevice(&buffer);
    svg.setSize(size);
    svg.setViewBox(QRect(QPoint(0, 0), size));
    svg.setTitle(chart.title);
    {
        QPainter painter(&svg);
        ChartPainter(locale).paint(painter, QRectF(QPointF(8, 4), QSizeF(size) - QSizeF(16, 8)),
                                   chart);
    }
    // QSvgGenerator names single families (and Qt's generic "Sans Serif" for
    // its initial state), which a browser without them renders in serif.
    QByteArray out = buffer.data();
    out.replace("font-family=\"Sans Serif\"", "font-family=\"DejaVu Sans, sans-serif\"");
    out.replace("font-family=\"DejaVu Sans\"", "font-family=\"DejaVu Sans, sans-serif\"");
    return out;
}

} // namespace sovereign
