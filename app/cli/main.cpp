// sovereign: the headless command line. Every action of the desktop app is
// here too, calling the same library functions.
#include "benchcommand.h"
#include "clicommon.h"
#include "plancommand.h"
#include "projectcommand.h"

#include <QCoreApplication>

#include <cstdio>

namespace {

const char *kHelp = R"(Usage: sovereign COMMAND [ARGS]

Plan national / institutional AI compute: own, lease, hybrid and optimal
five-year plans with NPV, energy, carbon, KPIs and Monte Carlo.

Commands:
  plan SCENARIO.yaml [--json FILE|-] [--monte-carlo N] [--seed S]
                        plan a scenario and print its summary
  plan --bench [SCENARIO.yaml]
                        time the four strategies and 10,000 Monte Carlo draws
  project new FILE.sovereign [--title TEXT]
  project import FILE.sovereign SCENARIO.yaml [--name NAME] [--monte-carlo N] [--seed S]
  project export FILE.sovereign NAME [-o OUT.yaml]
  project list FILE.sovereign [--json]
  project remove FILE.sovereign NAME

Run 'sovereign COMMAND --help' for a command's options.
)";

} // namespace

int main(int argc, char **argv) {
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName("sovereign");
    QCoreApplication::setApplicationVersion(QStringLiteral(SOVEREIGN_VERSION));
    QStringList args = QCoreApplication::arguments();
    if (args.size() < 2 || args[1] == "--help" || args[1] == "-h") {
        std::fputs(kHelp, args.size() < 2 ? stderr : stdout);
        return args.size() < 2 ? sovereign::cli::Usage : sovereign::cli::Ok;
    }
    if (args[1] == "--version") {
        std::printf("sovereign %s\n", SOVEREIGN_VERSION);
        return 0;
    }
    const QString command = args[1];
    args.removeAt(1); // the parsers see "sovereign ARGS..."
    if (command == "plan") {
        if (args.contains("--bench"))
            return sovereign::cli::runBench(args);
        return sovereign::cli::runPlan(args);
    }
    if (command == "project")
        return sovereign::cli::runProject(args);
    return sovereign::cli::usageError("unknown command '" + command + "'");
}
