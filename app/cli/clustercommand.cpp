#include "clustercommand.h"

#include "clicommon.h"
#include "clusterbench.h"

#include "scheduler/cluster/localcluster.h"

#include <QDir>
#include <QStandardPaths>

#include <cstdio>
#include <unistd.h>

namespace sovereign::cli {

namespace {

QString defaultStateDir() {
    // Root's home is private, and slurmrestd runs as another user: keep root's cluster in /var/lib.
    if (::geteuid() == 0)
        return "/var/lib/sovereign/cluster";
    const QString xdg = qEnvironmentVariable("XDG_STATE_HOME");
    return (xdg.isEmpty() ? QDir::homePath() + "/.local/state" : xdg) + "/sovereign/cluster";
}

void say(const QString &line) {
    std::printf("%s\n", qPrintable(line));
    std::fflush(stdout);
}

} // namespace

int runCluster(const QStringList &args) {
    QCommandLineParser parser;
    parser.setApplicationDescription(
        "A real local Slurm cluster (owned + cloud burst partitions).");
    parser.addHelpOption();
    parser.addPositionalArgument("action", "up, down, status, bench, resume or suspend");
    parser.addOption({"state",
                      "State directory (default /var/lib/sovereign/cluster as root, else "
                      "$XDG_STATE_HOME/sovereign/cluster).",
                      "DIR"});
    parser.addOption({"jobs", "bench: number of jobs (default 1000).", "N"});
    parser.addOption(
        {"config", "Cluster YAML (up only; default: 2 owned and 2 burst nodes).", "FILE"});
    if (auto stop = parseCommand(parser, args))
        return *stop;
    QStringList pos = parser.positionalArguments();
    if (pos.isEmpty())
        return usageError("cluster: expected up, down, status, resume or suspend");
    const QString action = pos.takeFirst();
    const QString state = parser.isSet("state") ? parser.value("state") : defaultStateDir();

    if (action == "up") {
        ClusterConfig config;
        if (parser.isSet("config")) {
            auto loaded = loadClusterConfig(parser.value("config"));
            if (!loaded)
                return reportError(loaded.error());
            config = *loaded;
        } else if (auto running = LocalCluster::loadRunning(state)) {
            config = *running;
        }
        config.stateDir = state;
        LocalCluster cluster(config);
        auto message = cluster.up(say);
        if (!message)
            return reportError(message.error());
        say(*message);
        return Ok;
    }
    auto config = LocalCluster::loadRunning(state);
    if (!config)
        return reportError(config.error());
    LocalCluster cluster(*config);
    if (action == "bench")
        return runClusterBench(state, parser.isSet("jobs") ? parser.value("jobs").toInt() : 1000);
    if (action == "down") {
        if (auto ok = cluster.down(say); !ok)
            return reportError(ok.error());
        say("cluster stopped");
        return Ok;
    }
    if (action == "status") {
        const LocalCluster::Status s = cluster.status();
        bool allAlive = true;
        for (const auto &d : s.daemons) {
            say(QString("%1 %2 %3")
                    .arg(d.name, -18)
                    .arg(d.alive ? "running" : "stopped", -8)
                    .arg(d.pid ? QString("pid %1").arg(d.pid) : QString()));
            allAlive = allAlive && (d.alive || d.name.startsWith("slurmd burst"));
        }
        say("nodes:\n  " + QString(s.nodes).replace("\n", "\n  "));
        say(QString("slurmrestd %1: %2")
                .arg(s.restUrl, s.restAnswers ? "answers (" + s.restDetail + ")"
                                              : "DOES NOT ANSWER: " + s.restDetail));
        say(QString("slurmrestd unix:%1: %2")
                .arg(s.socketPath, s.socketAnswers ? "answers (" + s.socketDetail + ")"
                                                   : "DOES NOT ANSWER: " + s.socketDetail));
        return allAlive && s.restAnswers && s.socketAnswers ? Ok : Failed;
    }
    if (action == "resume" || action == "suspend") {
        if (pos.isEmpty())
            return usageError("cluster " + action + ": expected a hostlist, e.g. burst[1-2]");
        QStringList nodes;
        for (const QString &list : pos) {
            auto expanded = expandHostlist(list, cluster.slurmEnvironment());
            if (!expanded)
                return reportError(expanded.error());
            nodes += *expanded;
        }
        auto ok = action == "resume" ? cluster.resume(nodes) : cluster.suspend(nodes);
        if (!ok)
            return reportError(ok.error());
        return Ok;
    }
    return usageError("cluster: unknown action '" + action + "'");
}

} // namespace sovereign::cli
