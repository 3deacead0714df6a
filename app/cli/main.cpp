// sovereign: the headless command line. Every action of the desktop app is
// here too, calling the same library functions.
#include "benchcommand.h"
#include "breakevencommand.h"
#include "clicommon.h"
#include "clustercommand.h"
#include "plancommand.h"
#include "projectcommand.h"
#include "reportcommand.h"
#include "scenariocommand.h"
#include "schedulecommand.h"

#include <QDir>
#include <QGuiApplication>

#include <cerrno>
#include <memory>
#include <sys/stat.h>
#include <unistd.h>

#include <QCoreApplication>

#include <cstdio>
#include <string_view>

namespace {

const char *kHelp = R"(Usage: sovereign COMMAND [ARGS]

Plan national / institutional AI compute: own, lease, hybrid and optimal
five-year plans with NPV, energy, carbon, KPIs and Monte Carlo.

Commands:
  plan SCENARIO.yaml [--json FILE|-] [--monte-carlo N] [--seed S]
                        plan a scenario and print its summary
  plan --bench [SCENARIO.yaml]
                        time the four strategies and 10,000 Monte Carlo draws
  breakeven SCENARIO.yaml [--sweep utilization|cloud-price] [--json]
                        own vs lease NPV as one input varies
  project new FILE.sovereign [--title TEXT]
  project import FILE.sovereign SCENARIO.yaml [--name NAME] [--monte-carlo N] [--seed S]
  project export FILE.sovereign NAME [-o OUT.yaml]
  project list FILE.sovereign [--json]
  project remove FILE.sovereign NAME
  scenario set SCENARIO.yaml KEY VALUE[,VALUE...] [-o OUT.yaml]
  scenario unset SCENARIO.yaml KEY [-o OUT.yaml]
                        edit one key (as the desktop editor does), validated
  schedule plan --site SITE.yaml --jobs JOBS.csv [--start T] [--horizon 48h] [--json FILE|-]
  schedule bench [--site SITE.yaml] [--jobs JOBS.csv] [--weeks N] [--milp-instances K]
  schedule bench --gaia [--zone DE|GB|FR] [--start-hour H] [--gaia-results DIR] [--json FILE]
                        when and where each job runs: cheap, low-carbon hours under the power cap
  cluster up|down|status [--state DIR] [--config CLUSTER.yaml]
                        a real local Slurm cluster (owned + cloud burst nodes)
  report PROJECT.sovereign|SCENARIO.yaml --format pdf|xlsx|csv|html -o FILE
         [--scenario NAME]... [--monte-carlo N] [--seed S] [--lang en|fr|pt]

Run 'sovereign COMMAND --help' for a command's options.
)";

} // namespace

int main(int argc, char **argv) {
    // Reports paint text and charts (PDF), which needs Qt Gui; without a
    // display they render offscreen. Every other command stays GUI-free.
    const bool painting = argc > 1 && std::string_view(argv[1]) == "report";
    if (painting && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM") &&
        qEnvironmentVariableIsEmpty("DISPLAY") && qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    if (painting && qEnvironmentVariableIsEmpty("XDG_RUNTIME_DIR")) {
        // Qt Gui wants a private runtime folder and warns on every run without one.
        const QByteArray dir = QDir::tempPath().toUtf8() + "/sovereign-runtime-" +
                               QByteArray::number(static_cast<qulonglong>(getuid()));
        if (mkdir(dir.constData(), 0700) == 0 || errno == EEXIST)
            qputenv("XDG_RUNTIME_DIR", dir);
    }
    std::unique_ptr<QCoreApplication> app = painting
                                                ? std::make_unique<QGuiApplication>(argc, argv)
                                                : std::make_unique<QCoreApplication>(argc, argv);
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
    if (command == "report")
        return sovereign::cli::runReport(args);
    if (command == "cluster")
        return sovereign::cli::runCluster(args);
    if (command == "breakeven")
        return sovereign::cli::runBreakeven(args);
    if (command == "scenario")
        return sovereign::cli::runScenario(args);
    if (command == "schedule")
        return sovereign::cli::runSchedule(args);
    return sovereign::cli::usageError("unknown command '" + command + "'");
}
