#pragma once

#include <QColor>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>
#include <variant>

namespace sovereign {

/// A data series of a report chart: one value per category (year, bin...).
struct ChartSeries {
    QString name;
    QList<double> values;
    QColor color;
};

/// A chart described by its data; drawn as vectors by ChartPainter into a
/// PDF page or an SVG (the desktop app draws the same data with Qt Charts).
struct ReportChart {
    /// Tornado: one horizontal bar per category, from `baseline` to series[0]'s
    /// value (the input at its low end) and to series[1]'s (at its high end).
    enum class Kind { Line, StackedBars, Bars, Tornado };
    Kind kind = Kind::Line;
    QString title;
    QString yLabel;
    QStringList categories;
    QList<ChartSeries> series;
    std::optional<ChartSeries> limit; ///< a dashed reference line, e.g. the grid cap
    double baseline = 0;              ///< Tornado: the value the bars start from
    QString baselineLabel;            ///< Tornado: what the baseline is, for the legend
};

/// A table of already formatted cells (locale-aware numbers).
struct ReportTable {
    QString caption;
    QStringList headers;
    QList<QStringList> rows;
    /// Per row, an optional status used for the traffic-light colour of the last cell.
    QList<QString> rowStatus;
};

struct ReportHeading {
    QString text;
    int level = 1; ///< 1 or 2
};

struct ReportParagraph {
    QString text; ///< plain text
};

/// Rich text as an HTML fragment that the report built itself from escaped
/// text (paragraphs, lists, code): the methodology appendix. Only <p>, <ul>,
/// <li>, <pre>, <code>, <b>, <i> appear.
struct ReportRichText {
    QString html;
};

using ReportBlock =
    std::variant<ReportHeading, ReportParagraph, ReportTable, ReportChart, ReportRichText>;

/// The content of a KPI report, independent of the output format.
struct ReportDocument {
    QString title;
    QString subtitle;
    QString language; ///< BCP 47, e.g. "en", "fr", "pt"
    QList<ReportBlock> blocks;
};

/// Colours of the four strategies, shared by every chart.
QColor strategyColor(const QString &strategy);
/// Colour of a KPI status (on-track green, at-risk amber, off-track red).
QColor statusColor(const QString &status);

} // namespace sovereign
