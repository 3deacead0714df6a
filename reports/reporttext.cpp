#include "reports/reporttext.h"

#include <QCoreApplication>

namespace {
thread_local const sovereign::ReportLanguage *t_language = nullptr;
}

QString Report::tr(const char *sourceText, const char *disambiguation, int n) {
    if (!t_language)
        return QCoreApplication::translate("Report", sourceText, disambiguation, n);
    QString text;
    if (t_language->m_loaded)
        text = t_language->m_translator.translate("Report", sourceText, disambiguation, n);
    if (text.isEmpty())
        text = QString::fromUtf8(sourceText);
    // What QCoreApplication::translate does after the lookup: %n is the count.
    if (n >= 0)
        text.replace(QLatin1String("%n"), QString::number(n));
    return text;
}

namespace sovereign {

ReportLanguage::ReportLanguage(const QLocale &locale) : m_previous(t_language) {
    if (locale.language() != QLocale::English && locale.language() != QLocale::C)
        m_loaded = m_translator.load(locale, QStringLiteral("sovereign"), QStringLiteral("_"),
                                     QStringLiteral(":/i18n"));
    t_language = this;
}

ReportLanguage::~ReportLanguage() {
    t_language = m_previous;
}

} // namespace sovereign
