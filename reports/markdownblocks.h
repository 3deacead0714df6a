#pragma once

#include "reports/reportdocument.h"

namespace sovereign {

/// Report blocks from the Markdown subset our docs use (docs/methodology.md):
/// ATX headings ("## ...", as level-2 headings; the "# " title is dropped:
/// the report gives its own), paragraphs, "- " bullet lists with indented
/// continuation lines, pipe tables (as ReportTable, so the PDF splits them
/// across pages like any table) and indented or fenced code. Inline:
/// `code`, **bold**, *italic*, [text](url). Everything else is plain text,
/// HTML-escaped: the fragment never carries markup from the source.
QList<ReportBlock> markdownBlocks(const QString &markdown);

/// One line of inline Markdown as an HTML fragment (escaped; `code`, **bold**,
/// *italic* and [text](url) become <code>, <b>, <i> and <a href>).
QString markdownInlineHtml(const QString &text);

} // namespace sovereign
