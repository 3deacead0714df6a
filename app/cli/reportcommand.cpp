#include "reportcommand.h"

#include "clicommon.h"
#include "plancommand.h"

#include "planner/planner.h"
#include "planner/projectstore.h"
#include "planner/scenarioloader.h"
#include "reports/reportexport.h"

#include <QCommandLineParser>
#include <QFile>

#include <cstdio>

namespace sovereign::cli {

int runReport(const QStringList &args) {
    QCommandLineParser parser;
    parser.setApplicationDescription(
        "Write the KPI report of a scenario, or a comparison of a project's scenarios.");
    parser.addHelpOption();
    parser.addPositionalArgument("input", "A scenario (.yaml) or a project (.sovereign).");
    parser.addOption(
        {"format", "pdf, xlsx, csv or html (default: from the output's extension).", "FORMAT"});
    parser.addOption({{"o", "output"}, "The report file to write.", "FILE"});
    parser.addOption({"scenario",
                      "With a project: the scenario(s) to report (repeatable; default all).",
                      "NAME"});
    parser.addOption({"monte-carlo", "Include N Monte Carlo draws.", "N"});
    parser.addOption({"seed", "Monte Carlo seed (default 1).", "S"});
    parser.addOption(
        {"lang", "Report language and number format: en, fr or pt (default: system).", "LANG"});
    if (auto stop = parseCommand(parser, args))
        return *stop;
    const QStringList pos = parser.positionalArguments();
    if (pos.size() != 1)
        return usageError("report: expected one scenario or project file");
    const QString output = parser.value("output");
    if (output.isEmpty())
        return usageError("report: -o FILE is required");
    const QString formatName =
        parser.isSet("format") ? parser.value("format") : output.section('.', -1);
    const auto format = reportFormatFromName(formatName);
    if (!format)
        return usageError("report: unknown format '" + formatName +
                          "'; expected pdf, xlsx, csv or html");
    PlanOptions options;
    if (!parseMonteCarlo(parser.value("monte-carlo"), parser.value("seed"), options.monteCarloDraws,
                         options.seed))
        return Usage;
    const QLocale locale = parser.isSet("lang") ? QLocale(parser.value("lang")) : QLocale();
    installTranslations(locale);

    std::vector<std::pair<std::string, std::string>> inputs; // (file name for errors, yaml)
    const std::string input = pos[0].toStdString();
    if (pos[0].endsWith(".sovereign")) {
        auto store = ProjectStore::open(input);
        if (!store)
            return reportError(store.error());
        QStringList names = parser.values("scenario");
        if (names.isEmpty()) {
            auto rows = store->list();
            if (!rows)
                return reportError(rows.error());
            for (const auto &r : *rows)
                names.append(QString::fromStdString(r.name));
        }
        for (const auto &name : names) {
            auto yaml = store->scenarioYaml(name.toStdString());
            if (!yaml)
                return reportError(yaml.error());
            inputs.emplace_back(input + ":" + name.toStdString(), *yaml);
        }
    } else {
        QFile file(pos[0]);
        if (!file.open(QIODevice::ReadOnly))
            return reportError(Error{input, 0, 0, "cannot open the scenario file"});
        inputs.emplace_back(input, file.readAll().toStdString());
    }

    std::vector<ReportSubject> subjects;
    for (const auto &[name, yaml] : inputs) {
        auto scenario = loadScenarioText(yaml, name, catalog());
        if (!scenario)
            return reportError(scenario.error());
        auto plan = planScenario(*scenario, options);
        if (!plan)
            return reportError(plan.error());
        subjects.push_back({std::move(*scenario), std::move(*plan)});
    }
    if (auto ok = exportReport(subjects, catalog(), *format, output, locale); !ok)
        return reportError(ok.error());
    std::printf("wrote %s\n", qPrintable(output));
    return Ok;
}

} // namespace sovereign::cli
