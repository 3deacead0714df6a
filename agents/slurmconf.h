#pragma once

#include "agents/clusterconfig.h"

#include <QString>

namespace sovereign {

/// Where the running cluster's pieces live inside its state directory.
struct ClusterPaths {
    explicit ClusterPaths(const QString &stateDir) : root(stateDir) {}
    QString root;
    QString conf() const { return root + "/etc/slurm.conf"; }
    QString mungeKey() const { return root + "/munge/munge.key"; }
    QString mungeSocket() const { return root + "/munge/munge.socket"; }
    QString mungePid() const { return root + "/run/munged.pid"; }
    QString jwtKey() const { return root + "/etc/jwt.key"; }
    QString token() const { return root + "/etc/rest.token"; }
    QString ctldPid() const { return root + "/run/slurmctld.pid"; }
    QString slurmdPid(const QString &node) const { return root + "/run/slurmd-" + node + ".pid"; }
    QString restPid() const { return root + "/run/slurmrestd.pid"; }
    QString restLocalPid() const { return root + "/run/slurmrestd-local.pid"; }
    QString restSocketDir() const { return root + "/rest"; }
    QString restSocket() const { return root + "/rest/slurmrestd.sock"; }
    QString spool(const QString &node) const { return root + "/spool/" + node; }
    QString stateSave() const { return root + "/state"; }
    QString log(const QString &name) const { return root + "/log/" + name + ".log"; }
    QString resumeProgram() const { return root + "/bin/resume"; }
    QString suspendProgram() const { return root + "/bin/suspend"; }
    QString ports() const { return root + "/etc/ports"; }
    QString env() const { return root + "/cluster.env"; }
};

/// The slurm.conf for a config whose ports are all chosen.
QString renderSlurmConf(const ClusterConfig &config, const ClusterPaths &paths,
                        const QList<int> &slurmdPorts);

} // namespace sovereign
