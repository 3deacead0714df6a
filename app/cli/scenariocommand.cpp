#include "scenariocommand.h"

#include "clicommon.h"

#include "planner/scenarioedit.h"
#include "planner/scenarioloader.h"

#include <QCommandLineParser>
#include <QFile>

#include <cstdio>

namespace sovereign::cli {

int runScenario(const QStringList &args) {
    QCommandLineParser parser;
    parser.setApplicationDescription("Set or unset one key of a scenario file.");
    parser.addHelpOption();
    parser.addPositionalArgument("action", "set or unset");
    parser.addPositionalArgument("scenario", "Scenario YAML file.");
    parser.addPositionalArgument(
        "key", "e.g. utilization, cloud.usd_per_gpu_hour, workloads.NAME.gpu_hours");
    parser.addPositionalArgument(
        "value", "set: a number, comma-separated numbers (one per year), true/false or text");
    parser.addOption({{"o", "output"}, "Write here instead of in place ('-' for stdout).", "FILE"});
    if (auto stop = parseCommand(parser, args))
        return *stop;
    const QStringList pos = parser.positionalArguments();
    const bool set = !pos.isEmpty() && pos[0] == "set";
    if (pos.isEmpty() || (pos[0] != "set" && pos[0] != "unset") || pos.size() != (set ? 4 : 3))
        return usageError("scenario: expected 'set FILE KEY VALUE' or 'unset FILE KEY'");
    QFile file(pos[1]);
    if (!file.open(QIODevice::ReadOnly))
        return reportError(Error{pos[1].toStdString(), 0, 0, "cannot open the scenario file"});
    const std::string yaml = file.readAll().toStdString();
    file.close();

    ScenarioValue value;
    if (set) {
        const QString text = pos[3];
        QList<double> numbers;
        bool allNumbers = true;
        for (const QString &part : text.split(',')) {
            bool ok = false;
            numbers.append(part.trimmed().toDouble(&ok));
            allNumbers = allNumbers && ok;
        }
        if (allNumbers && numbers.size() == 1)
            value = numbers[0];
        else if (allNumbers)
            value = std::vector<double>(numbers.begin(), numbers.end());
        else if (text == "true" || text == "false")
            value = text == "true";
        else
            value = text.toStdString();
    }
    auto edited = setScenarioValue(yaml, pos[2].toStdString(), value);
    if (!edited)
        return reportError(edited.error());
    // Refuse to write what the planner would refuse, naming the problem.
    const QString out = parser.isSet("output") ? parser.value("output") : pos[1];
    if (auto s = loadScenarioText(*edited, pos[1].toStdString(), catalog()); !s)
        return reportError(s.error());
    if (auto ok = writeOutput(out, QByteArray::fromStdString(*edited)); !ok)
        return reportError(ok.error());
    return Ok;
}

} // namespace sovereign::cli
