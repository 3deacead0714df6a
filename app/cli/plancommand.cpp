#include "plancommand.h"

#include "clicommon.h"

#include "planner/planner.h"
#include "planner/resultjson.h"
#include "planner/scenarioloader.h"
#include "planner/summarytable.h"

#include <QCommandLineParser>
#include <QJsonDocument>

#include <cstdio>
#include <unistd.h>

namespace sovereign::cli {

namespace {

/// Prints Monte Carlo progress on a terminal's stderr, one line rewritten.
class TerminalProgress : public Feedback {
  protected:
    void progressChanged(double percent) override {
        std::fprintf(stderr, "\rmonte carlo: %3.0f%%", percent);
        if (percent >= 100.0)
            std::fputc('\n', stderr);
        std::fflush(stderr);
    }
};

} // namespace

bool parseMonteCarlo(const QString &drawsText, const QString &seedText, int &draws,
                     std::uint64_t &seed) {
    bool ok = true;
    if (!drawsText.isEmpty()) {
        draws = drawsText.toInt(&ok);
        if (!ok || draws < 1 || draws > 10'000'000) {
            usageError("--monte-carlo: expected a number of draws from 1 to 10000000, got '" +
                       drawsText + "'");
            return false;
        }
    }
    if (!seedText.isEmpty()) {
        seed = seedText.toULongLong(&ok);
        if (!ok) {
            usageError("--seed: expected a whole number >= 0, got '" + seedText + "'");
            return false;
        }
    }
    return true;
}

int runPlan(const QStringList &args) {
    QCommandLineParser parser;
    parser.setApplicationDescription("Plan a scenario: own, lease, hybrid and optimal strategies.");
    parser.addHelpOption();
    parser.addPositionalArgument("scenario", "Scenario YAML file (schema_version: 1).");
    parser.addOption({"json", "Write the full result as JSON to FILE ('-' for stdout).", "FILE"});
    parser.addOption({"monte-carlo", "Run N Monte Carlo draws (e.g. 10000).", "N"});
    parser.addOption({"seed", "Seed of the Monte Carlo draws (default 1).", "S"});
    parser.addOption({"quiet", "Print no summary (useful with --json FILE)."});
    if (auto stop = parseCommand(parser, args))
        return *stop;
    const QStringList positional = parser.positionalArguments();
    if (positional.size() != 1)
        return usageError("plan: expected exactly one scenario file");

    PlanOptions options;
    if (!parseMonteCarlo(parser.value("monte-carlo"), parser.value("seed"), options.monteCarloDraws,
                         options.seed))
        return Usage;

    auto scenario = loadScenarioFile(positional[0].toStdString(), catalog());
    if (!scenario)
        return reportError(scenario.error());

    TerminalProgress terminal;
    Feedback silent;
    Feedback *feedback = isatty(STDERR_FILENO) ? static_cast<Feedback *>(&terminal) : &silent;
    auto plan = planScenario(*scenario, options, feedback);
    if (!plan)
        return reportError(plan.error());

    const QString jsonPath = parser.value("json");
    if (!jsonPath.isEmpty()) {
        const QByteArray json = QJsonDocument(planToJson(*plan)).toJson(QJsonDocument::Indented);
        if (auto ok = writeOutput(jsonPath, json); !ok)
            return reportError(ok.error());
    }
    if (jsonPath != "-" && !parser.isSet("quiet"))
        std::fputs(summaryText(*plan).c_str(), stdout);
    return Ok;
}

} // namespace sovereign::cli
