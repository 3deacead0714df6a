#pragma once

#include "scheduler/cluster/clusterconfig.h"
#include "scheduler/cluster/clusterpaths.h"
#include "scheduler/slurm/slurmrestclient.h"

#include <QList>
#include <QString>

#include <functional>

namespace sovereign {

/// A real Slurm cluster on this host, started from Debian's packages: munged,
/// slurmctld, one slurmd per owned node (`slurmd -N`), slurmrestd (JWT on a
/// loopback TCP port, run as a dedicated system user), and burst nodes that
/// Slurm's power saving brings up through our provider. Everything lives under
/// the state directory; `down` stops exactly the processes whose pid files are there.
class LocalCluster {
  public:
    explicit LocalCluster(ClusterConfig config);

    using Progress = std::function<void(const QString &)>;

    /// Idempotent: starts what is not running, then waits until the owned
    /// nodes are idle and slurmrestd answers. Returns how to reach it.
    Result<QString> up(const Progress &progress = {});
    /// Stops the processes this state directory started (by pid file).
    Result<void> down(const Progress &progress = {});

    struct Daemon {
        QString name;
        qint64 pid = 0;
        bool alive = false;
    };
    struct Status {
        QList<Daemon> daemons;
        QString nodes; ///< sinfo's node list with states
        bool restAnswers = false;
        QString restDetail; ///< HTTP status or why it did not answer (timeouts included)
        QString restUrl;
        bool socketAnswers = false; ///< the UNIX socket (rest_auth/local)
        QString socketDetail;
        QString socketPath;
    };
    Status status() const;

    /// The provider, called by Slurm's ResumeProgram / SuspendProgram.
    Result<void> resume(const QStringList &nodes);
    Result<void> suspend(const QStringList &nodes);

    /// The configuration of a cluster that `up` wrote into stateDir.
    static Result<ClusterConfig> loadRunning(const QString &stateDir);

    const ClusterConfig &config() const { return m_config; }
    const ClusterPaths &paths() const { return m_paths; }
    QString restUrl() const;
    /// How to reach slurmrestd over TCP with the token `up` wrote (the token
    /// is read from its 0600 file, never logged).
    Result<SlurmRestClient::Options> restOptions() const;
    /// How to reach the UNIX-socket slurmrestd (rest_auth/local: no token).
    SlurmRestClient::Options restSocketOptions() const;
    /// `scontrol` and friends need SLURM_CONF pointing at our slurm.conf.
    QStringList slurmEnvironment() const;

  private:
    Result<void> prepareFiles();
    Result<void> startMunge();
    Result<void> startCtld();
    Result<void> startSlurmd(const QString &node);
    Result<void> startRest();
    Result<void> startRestLocal();
    Result<void> ensureRestUser();
    Result<void> waitReady(const Progress &progress);
    Result<QString> issueToken();

    ClusterConfig m_config;
    ClusterPaths m_paths;
};

/// The REST client of the cluster `sovereign cluster up` started in stateDir.
Result<SlurmRestClient> restClientFor(const QString &stateDir);

/// Expands a Slurm hostlist ("burst[1-3],own1") with `scontrol show hostnames`.
Result<QStringList> expandHostlist(const QString &hostlist, const QStringList &env);

} // namespace sovereign
