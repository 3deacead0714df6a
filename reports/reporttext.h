#pragma once

#include <QLocale>
#include <QString>
#include <QTranslator>

/// Translation context of report text ("Report"), shared by every format so a
/// report's words come from one place in the .ts files. Outside any namespace
/// so lupdate and the runtime agree on the context name.
///
/// A report's language may differ from the application's (the desktop writes
/// a French report from an English window), and reports are written on
/// worker threads: installing a translator on the application would switch
/// the whole GUI and post LanguageChange events across threads. So report
/// text is looked up in the ReportLanguage of the writing thread, and in the
/// application's translators only when none is set.
class Report {
  public:
    static QString tr(const char *sourceText, const char *disambiguation = nullptr, int n = -1);
};

namespace sovereign {

/// While alive, Report::tr on this thread speaks `locale`'s language: its
/// translation from the built-in catalogue (resources/i18n), or the English
/// source when there is none (English, or a language we do not ship).
class ReportLanguage {
  public:
    explicit ReportLanguage(const QLocale &locale);
    ~ReportLanguage();
    ReportLanguage(const ReportLanguage &) = delete;
    ReportLanguage &operator=(const ReportLanguage &) = delete;

  private:
    QTranslator m_translator;
    bool m_loaded = false;
    const ReportLanguage *m_previous;
    friend class ::Report;
};

} // namespace sovereign
