#include "projectcommand.h"

#include "clicommon.h"
#include "plancommand.h"

#include "planner/planner.h"
#include "planner/projectstore.h"
#include "planner/scenarioloader.h"

#include <QCommandLineParser>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cstdio>

namespace sovereign::cli {

namespace {

int projectNew(const QStringList &pos, const QCommandLineParser &parser) {
    if (pos.size() != 1)
        return usageError("project new: expected FILE.sovereign");
    const QString title =
        parser.isSet("title") ? parser.value("title") : QString("Untitled project");
    auto store = ProjectStore::create(pos[0].toStdString(), title.toStdString());
    if (!store)
        return reportError(store.error());
    std::printf("created %s (schema %d)\n", qPrintable(pos[0]), store->schemaVersion());
    return Ok;
}

int projectImport(const QStringList &pos, const QCommandLineParser &parser) {
    if (pos.size() != 2)
        return usageError("project import: expected FILE.sovereign SCENARIO.yaml");
    PlanOptions options;
    if (!parseMonteCarlo(parser.value("monte-carlo"), parser.value("seed"), options.monteCarloDraws,
                         options.seed))
        return Usage;
    auto scenario = loadScenarioFile(pos[1].toStdString(), catalog());
    if (!scenario)
        return reportError(scenario.error());
    auto plan = planScenario(*scenario, options);
    if (!plan)
        return reportError(plan.error());
    auto store = ProjectStore::open(pos[0].toStdString());
    if (!store)
        return reportError(store.error());
    const std::string name =
        parser.isSet("name") ? parser.value("name").toStdString() : scenario->name;
    if (auto ok = store->saveScenario(name, scenario->yamlText, &*plan, options.monteCarloDraws);
        !ok)
        return reportError(ok.error());
    std::printf("imported '%s' into %s; %s\n", name.c_str(), qPrintable(pos[0]),
                plan->recommendation.c_str());
    return Ok;
}

int projectExport(const QStringList &pos, const QCommandLineParser &parser) {
    if (pos.size() != 2)
        return usageError("project export: expected FILE.sovereign NAME");
    auto store = ProjectStore::open(pos[0].toStdString());
    if (!store)
        return reportError(store.error());
    auto yaml = store->scenarioYaml(pos[1].toStdString());
    if (!yaml)
        return reportError(yaml.error());
    const QString out = parser.isSet("output") ? parser.value("output") : QString("-");
    if (auto ok = writeOutput(out, QByteArray::fromStdString(*yaml)); !ok)
        return reportError(ok.error());
    return Ok;
}

int projectList(const QStringList &pos, const QCommandLineParser &parser) {
    if (pos.size() != 1)
        return usageError("project list: expected FILE.sovereign");
    auto store = ProjectStore::open(pos[0].toStdString());
    if (!store)
        return reportError(store.error());
    auto rows = store->list();
    if (!rows)
        return reportError(rows.error());
    if (parser.isSet("json")) {
        QJsonArray list;
        for (const auto &r : *rows) {
            QJsonObject npv;
            for (const auto &[k, v] : r.npvUsd)
                npv[QString::fromStdString(k)] = v;
            list.append(QJsonObject{{"name", QString::fromStdString(r.name)},
                                    {"updated_at", QString::fromStdString(r.updatedAt)},
                                    {"recommended", QString::fromStdString(r.recommended)},
                                    {"npv_usd", npv}});
        }
        std::fputs(QJsonDocument(list).toJson().constData(), stdout);
        return Ok;
    }
    std::printf("%-36s %-21s %-11s %12s %12s %12s %12s\n", "Scenario", "Updated", "Best",
                "own M USD", "lease M", "hybrid M", "optimal M");
    for (const auto &r : *rows) {
        auto m = [&](const char *k) {
            auto it = r.npvUsd.find(k);
            return it == r.npvUsd.end() ? QString("-") : QString::number(it->second / 1e6, 'f', 2);
        };
        std::printf("%-36s %-21s %-11s %12s %12s %12s %12s\n", r.name.c_str(), r.updatedAt.c_str(),
                    r.recommended.empty() ? "-" : r.recommended.c_str(), qPrintable(m("own")),
                    qPrintable(m("lease")), qPrintable(m("hybrid")), qPrintable(m("optimal")));
    }
    return Ok;
}

int projectRemove(const QStringList &pos) {
    if (pos.size() != 2)
        return usageError("project remove: expected FILE.sovereign NAME");
    auto store = ProjectStore::open(pos[0].toStdString());
    if (!store)
        return reportError(store.error());
    if (auto ok = store->removeScenario(pos[1].toStdString()); !ok)
        return reportError(ok.error());
    return Ok;
}

int projectRename(const QStringList &pos) {
    if (pos.size() != 3)
        return usageError("project rename: expected FILE.sovereign OLD NEW");
    auto store = ProjectStore::open(pos[0].toStdString());
    if (!store)
        return reportError(store.error());
    // Results stay with the scenario; the desktop renames in its document (undoable).
    if (auto ok = store->renameScenario(pos[1].toStdString(), pos[2].trimmed().toStdString()); !ok)
        return reportError(ok.error());
    std::printf("renamed '%s' to '%s' in %s\n", qPrintable(pos[1]), qPrintable(pos[2].trimmed()),
                qPrintable(pos[0]));
    return Ok;
}

} // namespace

int runProject(const QStringList &args) {
    QCommandLineParser parser;
    parser.setApplicationDescription("Manage a project file (.sovereign, SQLite).");
    parser.addHelpOption();
    parser.addPositionalArgument("action", "new, import, export, list, rename or remove");
    parser.addOption({"title", "Project title (new).", "TEXT"});
    parser.addOption({"name", "Scenario name in the project (import; default: its name).", "NAME"});
    parser.addOption({"monte-carlo", "Monte Carlo draws to store with the result (import).", "N"});
    parser.addOption({"seed", "Monte Carlo seed (import).", "S"});
    parser.addOption(
        {{"o", "output"}, "Where to write the YAML (export; default stdout).", "FILE"});
    parser.addOption({"json", "List as JSON (list)."});
    if (auto stop = parseCommand(parser, args))
        return *stop;
    QStringList pos = parser.positionalArguments();
    if (pos.isEmpty())
        return usageError(
            "project: expected an action: new, import, export, list, rename or remove");
    const QString action = pos.takeFirst();
    if (action == "new")
        return projectNew(pos, parser);
    if (action == "import")
        return projectImport(pos, parser);
    if (action == "export")
        return projectExport(pos, parser);
    if (action == "list")
        return projectList(pos, parser);
    if (action == "remove")
        return projectRemove(pos);
    if (action == "rename")
        return projectRename(pos);
    return usageError("project: unknown action '" + action + "'");
}

} // namespace sovereign::cli
