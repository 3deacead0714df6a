#include "reports/htmlwriter.h"

#include "reports/chartpainter.h"

namespace sovereign {

namespace {

const char *kStyle = R"css(
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", "Noto Sans",
       "Liberation Sans", "DejaVu Sans", Arial, sans-serif; margin: 2em auto; max-width: 1100px;
       padding: 0 1em; color: #222; }
h1 { font-size: 1.6em; margin-bottom: 0.1em; }
h2 { font-size: 1.3em; border-bottom: 1px solid #ccc; margin-top: 1.6em; }
h3 { font-size: 1.1em; margin-top: 1.2em; }
.subtitle { color: #666; margin-top: 0; }
table { border-collapse: collapse; margin: 0.6em 0 1.2em; font-size: 0.85em; max-width: 100%; }
caption { text-align: left; font-weight: bold; padding: 0.3em 0; }
th, td { border: 1px solid #ccc; padding: 0.25em 0.5em; vertical-align: top; overflow-wrap: anywhere; }
th { background: #f0f0f0; }
td.num { text-align: right; white-space: nowrap; overflow-wrap: normal; }
td a { word-break: break-all; }
code, pre { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 0.9em; }
pre { background: #f6f6f6; padding: 0.5em; overflow-x: auto; }
.chart { margin: 0.5em 0 1em; }
.chart svg { max-width: 100%; height: auto; }
/* The charts' SVG names Qt's font family; the page's own stack wins (CSS
   beats SVG presentation attributes), so no browser falls back to serif. */
.chart svg, .chart svg * { font-family: system-ui, -apple-system, "Segoe UI", Roboto,
       "Helvetica Neue", "Noto Sans", "Liberation Sans", "DejaVu Sans", Arial, sans-serif; }
)css";

bool looksNumeric(const QString &cell) {
    if (cell.isEmpty())
        return false;
    for (QChar c : cell)
        if (!(c.isDigit() || c == '.' || c == ',' || c == '-' || c == ' ' || c == QChar(0x202F) ||
              c == QChar(0xA0) || c == '%' || c == '*'))
            return false;
    return true;
}

/// A cell's text as HTML: escaped, with a web address made a link.
QString cellHtml(const QString &text) {
    const QString t = text.trimmed();
    if ((t.startsWith("https://") || t.startsWith("http://")) && !t.contains(' ')) {
        const QString escaped = t.toHtmlEscaped();
        return "<a href=\"" + escaped + "\">" + escaped + "</a>";
    }
    return text.toHtmlEscaped();
}

} // namespace

QString blockHtml(const ReportBlock &block) {
    if (const auto *h = std::get_if<ReportHeading>(&block))
        return QString("<h%1>%2</h%1>\n").arg(h->level + 1).arg(h->text.toHtmlEscaped());
    if (const auto *p = std::get_if<ReportParagraph>(&block))
        return "<p>" + p->text.toHtmlEscaped() + "</p>\n";
    if (const auto *t = std::get_if<ReportTable>(&block)) {
        QString html = "<table border=\"1\" cellspacing=\"0\" cellpadding=\"3\">\n<caption>" +
                       t->caption.toHtmlEscaped() + "</caption>\n<tr>";
        for (const auto &h : t->headers)
            html += "<th>" + h.toHtmlEscaped() + "</th>";
        html += "</tr>\n";
        for (int r = 0; r < t->rows.size(); ++r) {
            html += "<tr>";
            const QStringList &row = t->rows[r];
            const QString status = t->rowStatus.value(r);
            for (int c = 0; c < row.size(); ++c) {
                const bool last = c == row.size() - 1;
                QString attrs = looksNumeric(row[c]) ? " class=\"num\"" : "";
                if (last && !status.isEmpty())
                    attrs += QString(" style=\"color:white;font-weight:bold;background:%1\"")
                                 .arg(statusColor(status).name());
                html += "<td" + attrs + ">" + cellHtml(row[c]) + "</td>";
            }
            html += "</tr>\n";
        }
        return html + "</table>\n";
    }
    if (const auto *r = std::get_if<ReportRichText>(&block))
        return r->html + "\n";
    return {};
}

QByteArray renderHtml(const ReportDocument &doc, const QLocale &locale) {
    QString html = "<!DOCTYPE html>\n<html lang=\"" + doc.language.toHtmlEscaped() +
                   "\">\n<head>\n<meta charset=\"utf-8\">\n<title>" + doc.title.toHtmlEscaped() +
                   "</title>\n<style>" + kStyle + "</style>\n</head>\n<body>\n<h1>" +
                   doc.title.toHtmlEscaped() + "</h1>\n<p class=\"subtitle\">" +
                   doc.subtitle.toHtmlEscaped() + "</p>\n";
    for (const auto &block : doc.blocks) {
        if (const auto *c = std::get_if<ReportChart>(&block)) {
            // As wide as the text column (max-width 1100px less padding).
            QString svg = QString::fromUtf8(chartToSvg(*c, locale, {1040, 400}));
            svg = svg.mid(svg.indexOf("<svg")); // drop the XML prolog: inline in HTML
            html += "<div class=\"chart\">\n" + svg + "\n</div>\n";
        } else {
            html += blockHtml(block);
        }
    }
    html += "</body>\n</html>\n";
    return html.toUtf8();
}

} // namespace sovereign
