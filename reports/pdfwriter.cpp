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
constexpr int kRowsPerTablePiece = 22;

const char *kPdfStyle = "h2{font-size:15pt;margin-top:6pt} h3{font-size:12pt} "
                        "table{border-collapse:collapse} th{background:#f0f0f0} "
                        "td,th{padding:2px 4px} caption{font-weight:bold}";

class PageFlow {
  public:
    PageFlow(QPdfWriter &writer, QPainter &painter, const QLocale &locale)
        : writer(writer), painter(painter), locale(locale) {
        const QRect r = writer.pageLayout().paintRectPixels(writer.resolution());
        width = r.width();
        height = r.height();
    }

    void ensure(double h) {
        if (y > 0 && y + h > height - footer) {
            writer.newPage();
            y = 0;
            ++page;
            drawFooter();
        }
    }

    /// keepWithNext: room that must follow on the same page (headings stay with their content).
    void html(const QString &html, double pointSize = 9.5, double keepWithNext = 0) {
        QTextDocument doc;
        QFont font("DejaVu Sans");
        font.setPointSizeF(pointSize);
        doc.setDefaultFont(font);
        doc.setDefaultStyleSheet(kPdfStyle);
        doc.documentLayout()->setPaintDevice(&writer);
        doc.setHtml(html);
        doc.setTextWidth(width);
        const double h = doc.size().height();
        ensure(h + keepWithNext);
        painter.save();
        painter.translate(0, y);
        doc.drawContents(&painter);
        painter.restore();
        y += h;
    }

    void chart(const ReportChart &c) {
        const double h = width * 0.30;
        ensure(h);
        ChartPainter(locale).paint(painter, QRectF(0, y, width * 0.75, h), c);
        y += h + 10;
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
    for (const auto &block : doc.blocks) {
        if (const auto *c = std::get_if<ReportChart>(&block)) {
            flow.chart(*c);
        } else if (const auto *t = std::get_if<ReportTable>(&block);
                   t && t->rows.size() > kRowsPerTablePiece) {
            // Long tables continue on the next page with their header repeated.
            for (int start = 0; start < t->rows.size(); start += kRowsPerTablePiece) {
                ReportTable piece = *t;
                piece.rows = t->rows.mid(start, kRowsPerTablePiece);
                piece.rowStatus = t->rowStatus.mid(start, kRowsPerTablePiece);
                if (start > 0)
                    piece.caption += " (" + QString::number(start / kRowsPerTablePiece + 1) + ")";
                flow.html(blockHtml(piece));
            }
        } else {
            const bool heading = std::holds_alternative<ReportHeading>(block);
            flow.html(blockHtml(block), 9.5, heading ? flow.height * 0.25 : 0);
        }
    }
    if (!painter.end())
        return fail(path.toStdString(), 0, 0, "writing the PDF failed");
    return {};
}

} // namespace sovereign
