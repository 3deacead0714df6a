#include "reports/markdownblocks.h"

#include <QRegularExpression>

namespace sovereign {

namespace {

bool isTableLine(const QString &line) {
    return line.trimmed().startsWith('|');
}

QStringList tableCells(const QString &line) {
    QString t = line.trimmed();
    if (t.startsWith('|'))
        t.remove(0, 1);
    if (t.endsWith('|'))
        t.chop(1);
    QStringList cells = t.split('|');
    for (QString &c : cells)
        c = c.trimmed();
    return cells;
}

/// A table cell as plain text: ReportTable cells are text, not markup.
QString plainInline(QString text) {
    static const QRegularExpression link(QStringLiteral(R"(\[([^\]]+)\]\(([^)]+)\))"));
    text.replace(link, QStringLiteral("\\1 (\\2)"));
    text.remove(QStringLiteral("**"));
    text.remove('`');
    return text;
}

bool isBullet(const QString &line) {
    const QString t = line.trimmed();
    return (line.startsWith("- ") || line.startsWith("* ")) && t.size() > 2;
}

} // namespace

QString markdownInlineHtml(const QString &text) {
    QString out;
    int i = 0;
    const int n = static_cast<int>(text.size());
    bool bold = false, italic = false;
    while (i < n) {
        const QChar c = text[i];
        if (c == '`') {
            const int end = text.indexOf('`', i + 1);
            if (end > i) {
                out += "<code>" + text.mid(i + 1, end - i - 1).toHtmlEscaped() + "</code>";
                i = end + 1;
                continue;
            }
        } else if (c == '*' && i + 1 < n && text[i + 1] == '*') {
            out += bold ? "</b>" : "<b>";
            bold = !bold;
            i += 2;
            continue;
        } else if (c == '*' && (italic || (i + 1 < n && !text[i + 1].isSpace()))) {
            out += italic ? "</i>" : "<i>";
            italic = !italic;
            ++i;
            continue;
        } else if (c == '[') {
            const int close = text.indexOf("](", i);
            const int end = close > 0 ? text.indexOf(')', close) : -1;
            if (close > i && end > close) {
                const QString url = text.mid(close + 2, end - close - 2);
                out += "<a href=\"" + url.toHtmlEscaped() + "\">" +
                       text.mid(i + 1, close - i - 1).toHtmlEscaped() + "</a>";
                i = end + 1;
                continue;
            }
        }
        out += QString(c).toHtmlEscaped();
        ++i;
    }
    if (italic)
        out += "</i>";
    if (bold)
        out += "</b>";
    return out;
}

QList<ReportBlock> markdownBlocks(const QString &markdown) {
    QList<ReportBlock> blocks;
    const QStringList lines = markdown.split('\n');
    QStringList paragraph;
    auto flushParagraph = [&] {
        if (!paragraph.isEmpty())
            blocks.append(ReportRichText{"<p>" + markdownInlineHtml(paragraph.join(' ')) + "</p>"});
        paragraph.clear();
    };
    for (int i = 0; i < lines.size(); ++i) {
        const QString line = lines[i];
        const QString trimmed = line.trimmed();
        if (trimmed.isEmpty()) {
            flushParagraph();
        } else if (line.startsWith('#')) {
            flushParagraph();
            const int level = static_cast<int>(line.indexOf(' '));
            if (level > 1) // "# Title": the report heads the appendix itself
                blocks.append(ReportHeading{plainInline(line.mid(level + 1).trimmed()), 2});
        } else if (trimmed.startsWith("```") || (line.startsWith("    ") && paragraph.isEmpty())) {
            flushParagraph();
            const bool fenced = trimmed.startsWith("```");
            QStringList code;
            for (int j = fenced ? i + 1 : i; j < lines.size(); ++j, i = j) {
                if (fenced ? lines[j].trimmed().startsWith("```")
                           : !(lines[j].startsWith("    ") || lines[j].trimmed().isEmpty()))
                    break;
                code.append(fenced ? lines[j] : lines[j].mid(4));
            }
            if (!fenced)
                --i; // the line that ended the code is read again
            while (!code.isEmpty() && code.last().trimmed().isEmpty())
                code.removeLast();
            blocks.append(ReportRichText{"<pre>" + code.join('\n').toHtmlEscaped() + "</pre>"});
        } else if (isTableLine(line)) {
            flushParagraph();
            ReportTable table;
            table.headers = tableCells(line);
            for (QString &h : table.headers)
                h = plainInline(h);
            for (++i; i < lines.size() && isTableLine(lines[i]); ++i) {
                const QStringList cells = tableCells(lines[i]);
                static const QRegularExpression rule(QStringLiteral(R"(^[\s:|-]+$)"));
                if (rule.match(lines[i]).hasMatch())
                    continue;
                QStringList row;
                for (const QString &c : cells)
                    row.append(plainInline(c));
                table.rows.append(row);
                table.rowStatus.append(QString());
            }
            --i;
            blocks.append(table);
        } else if (isBullet(line)) {
            flushParagraph();
            QString html = "<ul>";
            while (i < lines.size() && isBullet(lines[i])) {
                QString item = lines[i].mid(2).trimmed();
                // Continuation lines are indented under their item.
                while (i + 1 < lines.size() && lines[i + 1].startsWith("  ") &&
                       !lines[i + 1].trimmed().isEmpty())
                    item += ' ' + lines[++i].trimmed();
                html += "<li>" + markdownInlineHtml(item) + "</li>";
                ++i;
            }
            --i;
            blocks.append(ReportRichText{html + "</ul>"});
        } else {
            paragraph.append(trimmed);
        }
    }
    flushParagraph();
    return blocks;
}

} // namespace sovereign
