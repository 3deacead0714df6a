#include "reports/pdfwriter.h"

#include "reports/chartpainter.h"
#include "reports/htmlwriter.h"

#include <QAbstractTextDocumentLayout>
#include <QPageLayout>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QTextDocument>

#include <memory>

namespace sovereign {

namespace {

constexpr int kDpi = 144; // layout unit: 1/144 inch
/// Fewest rows of a table worth starting at a page foot; a shorter table moves whole.
constexpr int kMinRowsAtFoot = 3;

// Numbers never wrap inside a cell (td.num); other text wraps at word
// boundaries only (QTextOption::WordWrap below), so a column is at least as
// wide as its longest word instead of splitting "Demande" into "Demand e".
const char *kPdfStyle = "h2{font-size:15pt;margin-top:6pt} h3{font-size:12pt} "
                        "table{border-collapse:collapse} th{background:#f0f0f0} "
                        "td,th{padding:2px 4px} td.num{text-align:right;white-space:nowrap} "
                        "caption{font-weight:bold} pre{font-size:8pt}";

class PageFlow {
  public:
    PageFlow(QPdfWriter &writer, QPainter &painter, const QLocale &locale)
        : writer(writer), painter(painter), locale(locale) {
        const QRect r = writer.pageLayout().paintRectPixels(writer.resolution());
        width = r.width();
        height = r.height();
    }

    double room() const { return height - footer - y; }

    void newPage() {
        writer.newPage();
        y = 0;
        ++page;
        drawFooter();
    }

    void ensure(double h) {
        if (y > 0 && h > room())
            newPage();
    }

    std::unique_ptr<QTextDocument> layout(const QString &html, double pointSize = 9.5) {
        auto doc = std::make_unique<QTextDocument>();
        QFont font("DejaVu Sans");
        font.setPointSizeF(pointSize);
        doc->setDefaultFont(font);
        doc->setDefaultStyleSheet(kPdfStyle);
        QTextOption option = doc->defaultTextOption();
        option.setWrapMode(QTextOption::WordWrap);
        doc->setDefaultTextOption(option);
        doc->documentLayout()->setPaintDevice(&writer);
        doc->setHtml(html);
        doc->setTextWidth(width);
        return doc;
    }

    double measure(const QString &html, double pointSize = 9.5) {
        return layout(html, pointSize)->size().height();
    }

    /// keepWithNext: room that must follow on the same page (headings stay with their content).
    void html(const QString &html, double pointSize = 9.5, double keepWithNext = 0) {
        const auto doc = layout(html, pointSize);
        const double h = doc->size().height();
        ensure(h + keepWithNext);
        painter.save();
        painter.translate(0, y);
        doc->drawContents(&painter);
        painter.restore();
        y += h;
    }

    double chartHeight() const { return width * 0.30; }

    void chart(const ReportChart &c) {
        const double h = chartHeight();
        ensure(h);
        ChartPainter(locale).paint(painter, QRectF(0, y, width, h), c);
        y += h + 10;
    }

    static ReportTable piece(const ReportTable &t, int start, int count) {
        ReportTable p = t;
        p.rows = t.rows.mid(start, count);
        p.rowStatus = t.rowStatus.mid(start, count);
        if (start > 0)
            p.caption += QStringLiteral(" (…)");
        return p;
    }

    /// Height of the table's caption, header and first rows: what must fit
    /// below a heading for the heading to stay on this page.
    double tableStart(const ReportTable &t) {
        return measure(blockHtml(piece(t, 0, std::min<int>(kMinRowsAtFoot, t.rows.size()))));
    }

    /// A table split where the page ends, the header repeated on each piece.
    void table(const ReportTable &t) {
        int start = 0;
        const int total = static_cast<int>(t.rows.size());
        do {
            // The most rows that fit (binary search on measured height).
            int lo = 0, hi = total - start;
            while (lo < hi) {
                const int mid = (lo + hi + 1) / 2;
                if (measure(blockHtml(piece(t, start, mid))) <= room())
                    lo = mid;
                else
                    hi = mid - 1;
            }
            const int left = total - start;
            if (lo < std::min(kMinRowsAtFoot, left) && y > 0) {
                newPage();
                continue;
            }
            const int count =
                std::max(lo, std::min(1, left)); // a row taller than a page still goes
            html(blockHtml(piece(t, start, count)));
            start += count;
            if (start < total)
                newPage();
        } while (start < total);
        y += 4;
    }

    /// The least height that must follow a heading: the next block's start.
    double startOf(const ReportBlock &block) {
        if (std::holds_alternative<ReportChart>(block))
            return chartHeight();
        if (const auto *t = std::get_if<ReportTable>(&block))
            return tableStart(*t);
        return std::min(measure(blockHtml(block)), height * 0.25);
    }

    void drawFooter() {
        painter.save();
        QFont font("DejaVu Sans");
        font.setPointSizeF(7.5);
        painter.setFont(font);
        painter.setPen(QColor(0x70, 0x70, 0x70));
        painter.drawText(QRectF(0, height - footer + 6, width, footer - 6),
                         Qt::AlignRight | Qt::AlignVCenter, footerText + QString("  %1").arg(page));
        painter.restore();
    }

    QPdfWriter &writer;
    QPainter &painter;
    QLocale locale;
    double width = 0, height = 0, y = 0, footer = 24;
    int page = 1;
    QString footerText;
};

} // namespace

Result<void> writePdf(const ReportDocument &doc, const QLocale &locale, const QString &path) {
    QPdfWriter writer(path);
    writer.setResolution(kDpi);
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize::A4), QPageLayout::Landscape,
                                     QMarginsF(15, 12, 15, 12), QPageLayout::Millimeter));
    writer.setTitle(doc.title);
    writer.setCreator("Sovereign");
    QPainter painter;
    if (!painter.begin(&writer))
        return fail(path.toStdString(), 0, 0, "cannot write the PDF (is the folder writable?)");
    PageFlow flow(writer, painter, locale);
    flow.footerText = doc.title;
    flow.drawFooter();
    flow.html("<h1 style='font-size:20pt'>" + doc.title.toHtmlEscaped() +
                  "</h1><p style='color:#666'>" + doc.subtitle.toHtmlEscaped() + "</p>",
              11);
    for (qsizetype i = 0; i < doc.blocks.size(); ++i) {
        const ReportBlock &block = doc.blocks[i];
        if (const auto *c = std::get_if<ReportChart>(&block)) {
            flow.chart(*c);
        } else if (const auto *t = std::get_if<ReportTable>(&block)) {
            flow.table(*t);
        } else if (std::holds_alternative<ReportHeading>(block)) {
            // A heading keeps its own height plus the start of what follows
            // (a heading after a heading: both, and the start of the content).
            double keep = 0;
            for (qsizetype k = i + 1; k < doc.blocks.size(); ++k) {
                const bool heading = std::holds_alternative<ReportHeading>(doc.blocks[k]);
                keep +=
                    heading ? flow.measure(blockHtml(doc.blocks[k])) : flow.startOf(doc.blocks[k]);
                if (!heading)
                    break;
            }
            flow.html(blockHtml(block), 9.5, keep);
        } else {
            flow.html(blockHtml(block));
        }
    }
    if (!painter.end())
        return fail(path.toStdString(), 0, 0, "writing the PDF failed");
    return {};
}

} // namespace sovereign
