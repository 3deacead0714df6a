#include "reports/reportexport.h"

#include "reports/htmlwriter.h"
#include "reports/pdfwriter.h"
#include "reports/tablewriters.h"

#include <QSaveFile>

namespace sovereign {

namespace {

Result<void> saveAtomically(const QString &path, const QByteArray &data) {
    // QSaveFile writes beside the target and renames: a failed export never
    // leaves a half-written report in place of a good one.
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(data) != data.size() || !file.commit())
        return fail(path.toStdString(), 0, 0, "cannot write: " + file.errorString().toStdString());
    return {};
}

} // namespace

std::optional<ReportFormat> reportFormatFromName(const QString &name) {
    const QString n = name.toLower();
    if (n == "pdf")
        return ReportFormat::Pdf;
    if (n == "xlsx")
        return ReportFormat::Xlsx;
    if (n == "csv")
        return ReportFormat::Csv;
    if (n == "html")
        return ReportFormat::Html;
    return std::nullopt;
}

Result<void> exportReport(const std::vector<ReportSubject> &subjects, const Catalog &catalog,
                          ReportFormat format, const QString &path, const QLocale &locale) {
    if (subjects.empty())
        return fail(path.toStdString(), 0, 0, "nothing to report: no planned scenario");
    switch (format) {
    case ReportFormat::Csv:
        return saveAtomically(path, renderCsv(subjects));
    case ReportFormat::Html:
        return saveAtomically(path, renderHtml(buildReport(subjects, catalog, locale), locale));
    case ReportFormat::Pdf:
        return writePdf(buildReport(subjects, catalog, locale), locale, path);
    case ReportFormat::Xlsx:
        return writeXlsx(subjects, catalog, path);
    }
    return fail("unknown report format");
}

} // namespace sovereign
