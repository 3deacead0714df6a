// sovereign-desktop: the Qt Widgets app for policymakers and analysts.
#include "mainwindow.h"
#include "projectdocument.h"
#include "uibench.h"

#include "planner/projectstore.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QFile>
#include <QLibraryInfo>
#include <QMessageBox>
#include <QSettings>
#include <QStandardPaths>
#include <QTimer>
#include <QTranslator>

#include <cstdio>

using namespace sovereign;

namespace {

void installTranslations(QApplication &app) {
    const QString chosen = QSettings().value("language").toString();
    const QLocale locale = chosen.isEmpty() ? QLocale() : QLocale(chosen);
    QLocale::setDefault(locale);
    auto *qt = new QTranslator(&app);
    if (qt->load(locale, "qtbase", "_", QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        app.installTranslator(qt);
    auto *ours = new QTranslator(&app);
    if (ours->load(locale, "sovereign", "_", ":/i18n"))
        app.installTranslator(ours);
}

/// The bundled demo project, created on first use from the demo scenario.
QString demoProject() {
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    QDir().mkpath(dir);
    const QString path = QDir(dir).filePath("demo.sovereign");
    if (QFile::exists(path))
        return path;
    QFile demo(":/sovereign/scenarios/demo.yaml");
    demo.open(QIODevice::ReadOnly);
    auto store = ProjectStore::create(path.toStdString(), "Demo");
    if (store)
        (void)store->saveScenario("Kenya roadmap (demo)", demo.readAll().toStdString());
    return path;
}

} // namespace

int main(int argc, char **argv) {
    QApplication app(argc, argv);
    QApplication::setOrganizationName("Sovereign");
    QApplication::setApplicationName("Sovereign");
    QApplication::setApplicationVersion(QStringLiteral(SOVEREIGN_VERSION));
    QApplication::setDesktopFileName("sovereign-desktop");
    QApplication::setWindowIcon(QIcon(":/sovereign/icons/sovereign.svg"));
    installTranslations(app);

    QCommandLineParser parser;
    parser.setApplicationDescription(QApplication::translate("main", "Plan national AI compute."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(
        "project", QApplication::translate("main", "Project file (.sovereign) to open."));
    parser.addOption({"screenshots",
                      QApplication::translate("main", "Save a PNG of each view into DIR and quit."),
                      "DIR"});
    parser.addOption({"bench-ui",
                      QApplication::translate(
                          "main", "Measure GUI stalls during an N-draw Monte Carlo and quit."),
                      "N"});
    parser.process(app);

    auto catalog = Catalog::builtIn();
    if (!catalog) {
        QMessageBox::critical(nullptr, "Sovereign",
                              QString::fromStdString(catalog.error().toString()));
        return 1;
    }
    ProjectDocument doc(*catalog);
    MainWindow window(&doc);
    const QStringList positional = parser.positionalArguments();
    const bool scripted = parser.isSet("screenshots") || parser.isSet("bench-ui");
    if (!window.openProject(positional.isEmpty() ? demoProject() : positional[0], !scripted) &&
        scripted)
        return 1;

    if (parser.isSet("bench-ui")) {
        window.show();
        return runUiBench(window, parser.value("bench-ui").toInt());
    }
    if (parser.isSet("screenshots")) {
        window.resize(1400, 900);
        window.show();
        int code = 0;
        QTimer::singleShot(300, [&] {
            for (const QString &f : window.saveScreenshots(parser.value("screenshots")))
                std::printf("wrote %s\n", qPrintable(f));
            QApplication::quit();
        });
        app.exec();
        return code;
    }
    window.show();
    return app.exec();
}
