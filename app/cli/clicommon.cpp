#include "clicommon.h"

#include <QCoreApplication>
#include <QFile>
#include <QLibraryInfo>
#include <QTextStream>
#include <QTranslator>

#include <cstdio>
#include <cstdlib>

namespace sovereign::cli {

int reportError(const Error &e) {
    std::fprintf(stderr, "sovereign: %s\n", e.toString().c_str());
    return Failed;
}

int usageError(const QString &message) {
    std::fprintf(stderr, "sovereign: %s\nTry 'sovereign --help'.\n", qPrintable(message));
    return Usage;
}

std::optional<int> parseCommand(QCommandLineParser &parser, const QStringList &args) {
    if (!parser.parse(args))
        return usageError(parser.errorText());
    if (parser.isSet("help")) {
        std::fputs(qPrintable(parser.helpText()), stdout);
        return Ok;
    }
    return std::nullopt;
}

const Catalog &catalog() {
    static const Catalog c = [] {
        auto loaded = Catalog::builtIn();
        if (!loaded) {
            reportError(loaded.error());
            std::exit(Failed);
        }
        return *loaded;
    }();
    return c;
}

void installTranslations(const QLocale &locale) {
    auto *qt = new QTranslator(QCoreApplication::instance());
    if (qt->load(locale, "qtbase", "_", QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(qt);
    auto *ours = new QTranslator(QCoreApplication::instance());
    if (ours->load(locale, "sovereign", "_", ":/i18n"))
        QCoreApplication::installTranslator(ours);
}

Result<void> writeOutput(const QString &path, const QByteArray &data) {
    if (path == "-") {
        std::fwrite(data.constData(), 1, data.size(), stdout);
        std::fflush(stdout);
        return {};
    }
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(data) != data.size())
        return fail(path.toStdString(), 0, 0, "cannot write: " + file.errorString().toStdString());
    return {};
}

} // namespace sovereign::cli
