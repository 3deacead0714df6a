#pragma once

#include <QDateTime>
#include <QMap>
#include <QString>
#include <QStringList>

#include <expected>
#include <optional>

namespace sovereign {

/// What went wrong talking to a cluster, typed so callers can decide to retry.
struct ClusterError {
    enum class Kind {
        Rejected,     ///< the cluster refused the request (Slurm's errors array, HTTP 4xx/5xx with
                      ///< errors)
        Unauthorized, ///< bad or expired token (HTTP 401/403)
        ConnectionRefused, ///< nothing listens
        Timeout, ///< no answer in time (slurmrestd 22.05.8 can stop accepting connections)
        Network, ///< another transport failure
        Protocol ///< an answer we cannot read
    };
    Kind kind = Kind::Network;
    int httpStatus = 0;
    int slurmErrorCode = 0; ///< Slurm's error_code / error_number, when it gave one
    QString message;        ///< Slurm's own words where it gave them
    int attempts = 1;       ///< how many times the request was sent

    /// Transient failures are retried with backoff; a rejected submission never is.
    bool transient() const {
        return kind == Kind::ConnectionRefused || kind == Kind::Timeout || kind == Kind::Network;
    }
    QString toString() const;
};

template <class T> using ClusterResult = std::expected<T, ClusterError>;

struct NodeInfo {
    QString name;
    QStringList state; ///< e.g. IDLE, ALLOCATED, CLOUD, POWERED_DOWN, DRAIN
    QStringList partitions;
    int cpus = 0;
};

struct PartitionInfo {
    QString name;
    QString nodes;
    bool isDefault = false;
};

/// A batch job to submit. Arguments reach the job as its script and
/// environment: nothing passes through a shell on our side.
struct JobSpec {
    QString name;
    QString script; ///< must start with #!
    QString partition;
    int nodes = 1;
    int cpusPerTask = 1;
    QString gres; ///< e.g. "gpu:1"; empty for none
    std::optional<QDateTime> beginTime;
    int timeLimitMinutes = 0; ///< 0: the partition's limit
    QString comment;          ///< free text, e.g. JSON metadata
    QMap<QString, QString>
        environment; ///< at least one entry is sent (v0.0.38 refuses an empty one)
    QString workingDirectory;
    QString standardOutput; ///< path pattern, e.g. /tmp/job-%j.out
    bool hold = false;
    bool requeue = true;
};

struct JobInfo {
    qint64 id = 0;
    QString name;
    QString state;  ///< PENDING, RUNNING, COMPLETED, FAILED, CANCELLED...
    QString reason; ///< e.g. BeginTime, JobHeldUser
    QString partition;
    QString nodes;
    int exitCode = 0;
    int restarts = 0;
    QDateTime eligibleTime;
    bool finished() const {
        return state == "COMPLETED" || state == "FAILED" || state == "CANCELLED" ||
               state == "TIMEOUT" || state == "NODE_FAIL" || state == "OUT_OF_MEMORY" ||
               state == "BOOT_FAIL" || state == "DEADLINE";
    }
};

/// A workload manager we drive. The Slurm REST implementation sits behind it;
/// libslurm or another cluster API can sit beside it.
class ClusterBackend {
  public:
    virtual ~ClusterBackend() = default;
    virtual ClusterResult<QString> ping() = 0; ///< the controller's state, e.g. "UP"
    /// Scheduler statistics (Slurm's diag): jobs submitted, started, completed, cycle times...
    virtual ClusterResult<QMap<QString, qint64>> diag() = 0;
    virtual ClusterResult<QList<NodeInfo>> nodes() = 0;
    virtual ClusterResult<QList<PartitionInfo>> partitions() = 0;
    virtual ClusterResult<qint64> submit(const JobSpec &job) = 0;
    virtual ClusterResult<JobInfo> job(qint64 id) = 0;
    virtual ClusterResult<void> cancel(qint64 id) = 0;
    virtual ClusterResult<void> hold(qint64 id) = 0;
    virtual ClusterResult<void> release(qint64 id) = 0;
    virtual ClusterResult<void> setBeginTime(qint64 id, const QDateTime &when) = 0;
};

} // namespace sovereign
