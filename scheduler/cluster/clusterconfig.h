#pragma once

#include "planner/base/error.h"

#include <QString>
#include <QStringList>

namespace sovereign {

/// A burst (cloud) node type as our cluster config describes it; Slurm keeps
/// these nodes in State=CLOUD and powers them up through our provider.
struct CloudNodes {
    int count = 2;
    int cpus = 2;
    int memoryMb = 1000;
    double usdPerHour = 2.99; ///< what a node-hour costs (scheduler input)
    int spinupSeconds = 2;    ///< how long the provider's "VM" takes to boot
    bool sovereign = false;   ///< may sensitive jobs run here
};

/// The local Slurm cluster `sovereign cluster up` starts: an `owned`
/// partition of always-on nodes and a `cloud` partition of burst nodes.
struct ClusterConfig {
    QString name = "sovereign";
    QString stateDir;                    ///< everything the cluster writes lives here
    int ctldPort = 0;                    ///< 0: pick a free loopback port at `up`
    int slurmdBasePort = 0;              ///< node i listens on base + i (0: pick free ports)
    int restPort = 0;                    ///< slurmrestd TCP port (JWT); 0: pick a free port
    QString restUser = "sovereign-rest"; ///< slurmrestd refuses root: this system user runs it
    int ownedNodes = 2;
    int ownedCpus = 2;
    int ownedMemoryMb = 1000;
    CloudNodes cloud;
    QString provider = "local"; ///< local | command
    QStringList resumeCommand;  ///< command provider: run with the node name appended
    QStringList suspendCommand;
    int suspendTimeSeconds = 20; ///< idle time before Slurm suspends a burst node
    int resumeTimeoutSeconds = 60;

    QStringList ownedNodeNames() const;
    QStringList cloudNodeNames() const;
    QStringList allNodeNames() const { return ownedNodeNames() + cloudNodeNames(); }
    int slurmdPort(const QString &node) const;
};

/// Reads a cluster YAML (see docs/cluster.md); unknown keys and bad values are
/// refused with file:line:column.
Result<ClusterConfig> loadClusterConfig(const QString &path);

} // namespace sovereign
