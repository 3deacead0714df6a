#include "clusterbench.h"

#include "clicommon.h"

#include "scheduler/cluster/localcluster.h"
#include "scheduler/cluster/processutil.h"
#include "scheduler/slurm/slurmrestclient.h"

#include <QElapsedTimer>
#include <QThread>

#include <cstdio>

namespace sovereign::cli {

namespace {

/// Seconds until no job named `name` is left in the queue (or -1 after the limit).
double secondsUntilDrained(const QStringList &env, const QString &name, QElapsedTimer &clock,
                           int limitSeconds) {
    while (clock.elapsed() < limitSeconds * 1000) {
        auto q = runProgram("squeue", {"-h", "-n", name, "-o", "%i"}, 30000, env);
        if (q && q->exitCode == 0 && q->out.trimmed().isEmpty())
            return clock.nsecsElapsed() / 1e9;
        QThread::msleep(250);
    }
    return -1;
}

} // namespace

int runClusterBench(const QString &stateDir, int jobs) {
    auto config = LocalCluster::loadRunning(stateDir);
    if (!config)
        return reportError(config.error());
    const LocalCluster cluster(*config);
    auto options = cluster.restOptions();
    if (!options)
        return reportError(options.error());
    SlurmRestClient client(*options);
    const QStringList env = cluster.slurmEnvironment();
    constexpr int kLimitSeconds = 1800;

    JobSpec job;
    job.name = "bench-rest";
    job.partition = "owned";
    job.script = "#!/bin/sh\nsleep 0.1\n";
    job.standardOutput = "/dev/null";
    QElapsedTimer clock;
    clock.start();
    for (int i = 0; i < jobs; ++i) {
        auto id = client.submit(job);
        if (!id)
            return reportError(Error{"", 0, 0, id.error().toString().toStdString()});
    }
    const double restSubmit = clock.nsecsElapsed() / 1e9;
    const double restDrained = secondsUntilDrained(env, job.name, clock, kLimitSeconds);

    clock.restart();
    for (int i = 0; i < jobs; ++i) {
        auto r = runProgram(
            "sbatch",
            {"-p", "owned", "-J", "bench-sbatch", "-o", "/dev/null", "--wrap", "sleep 0.1"}, 30000,
            env);
        if (!r || r->exitCode != 0)
            return reportError(Error{
                "", 0, 0, "sbatch failed: " + (r ? r->err.toStdString() : r.error().message)});
    }
    const double sbatchSubmit = clock.nsecsElapsed() / 1e9;
    const double sbatchDrained = secondsUntilDrained(env, "bench-sbatch", clock, kLimitSeconds);

    std::printf("bench-cluster: %d jobs of 'sleep 0.1' on partition owned (%d nodes x %d CPUs)\n",
                jobs, config->ownedNodes, config->ownedCpus);
    std::printf("bench-cluster: REST client: %.1f submissions/s (%.2f s to submit), all complete "
                "after %.1f s\n",
                jobs / restSubmit, restSubmit, restDrained);
    std::printf("bench-cluster: sbatch loop: %.1f submissions/s (%.2f s to submit), all complete "
                "after %.1f s\n",
                jobs / sbatchSubmit, sbatchSubmit, sbatchDrained);
    return restDrained >= 0 && sbatchDrained >= 0 ? Ok : Failed;
}

} // namespace sovereign::cli
