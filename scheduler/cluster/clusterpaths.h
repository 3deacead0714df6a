#pragma once

#include <QString>
#include <QStringList>

namespace sovereign {

/// The one owner of a local cluster's state-directory layout: every file the
/// cluster, its provider, the REST client and the tests read or write is named
/// here, so the layout changes in one place (docs/cluster.md describes it).
struct ClusterPaths {
    explicit ClusterPaths(const QString &stateDir) : root(stateDir) {}
    QString root;

    // etc/: what `up` writes and the provider, the CLI and clients read.
    QString conf() const { return root + "/etc/slurm.conf"; }
    QString clusterConfig() const { return root + "/etc/cluster.yaml"; }
    QString jwtKey() const { return root + "/etc/jwt.key"; }
    QString token() const { return root + "/etc/rest.token"; }
    QString ports() const { return root + "/etc/ports"; }
    /// Shell-style variables for humans and scripts (SLURM_CONF, the REST URL...).
    QString env() const { return root + "/cluster.env"; }

    QString mungeKey() const { return root + "/munge/munge.key"; }
    QString mungeSocket() const { return root + "/munge/munge.socket"; }
    QString mungeSeed() const { return root + "/munge/munged.seed"; }

    // run/: one pid file per process `up` started; `down` stops exactly these.
    QString runDir() const { return root + "/run"; }
    QString mungePid() const { return root + "/run/munged.pid"; }
    QString ctldPid() const { return root + "/run/slurmctld.pid"; }
    QString slurmdPid(const QString &node) const { return root + "/run/slurmd-" + node + ".pid"; }
    QString restPid() const { return root + "/run/slurmrestd.pid"; }
    QString restLocalPid() const { return root + "/run/slurmrestd-local.pid"; }

    QString restSocketDir() const { return root + "/rest"; }
    QString restSocket() const { return root + "/rest/slurmrestd.sock"; }
    QString spool(const QString &node) const { return root + "/spool/" + node; }
    QString stateSave() const { return root + "/state"; }
    QString logDir() const { return root + "/log"; }
    QString log(const QString &name) const { return root + "/log/" + name + ".log"; }
    QString resumeProgram() const { return root + "/bin/resume"; }
    QString suspendProgram() const { return root + "/bin/suspend"; }

    /// The folders `up` creates, in that order.
    QStringList directories() const {
        return {root + "/etc", root + "/munge", runDir(),       logDir(),
                stateSave(),   root + "/bin",   root + "/spool"};
    }

    /// slurm.conf's per-node patterns (%n: the node's name), the same files as
    /// spool(), slurmdPid() and log("slurmd-" + node).
    QString spoolPattern() const { return spool("%n"); }
    QString slurmdPidPattern() const { return slurmdPid("%n"); }
    QString slurmdLogPattern() const { return log("slurmd-%n"); }
};

} // namespace sovereign
