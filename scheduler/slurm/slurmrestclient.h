#pragma once

#include "scheduler/slurm/clusterbackend.h"

#include <QByteArray>
#include <QJsonObject>
#include <QUrl>

#include <optional>

namespace sovereign {

/// ClusterBackend over slurmrestd's OpenAPI v0.0.38 (Slurm 22.05): over TCP
/// with JWT (X-SLURM-USER-NAME / X-SLURM-USER-TOKEN), or over slurmrestd's UNIX
/// socket, where rest_auth/local takes the caller's uid as its identity.
/// Synchronous and thread-safe: each call is its own exchange, so worker
/// threads can call it.
/// Transient failures (refused, timeout) are retried with exponential backoff;
/// requests Slurm rejected are not.
class SlurmRestClient : public ClusterBackend {
  public:
    struct Options {
        QUrl baseUrl;       ///< e.g. http://127.0.0.1:6820
        QString unixSocket; ///< when set, requests go over it (baseUrl unused, no JWT)
        QByteArray userName = "root";
        QByteArray token; ///< never logged
        int timeoutMs = 5000;
        int maxAttempts = 4;
        int backoffMs = 200; ///< doubles each retry
    };
    explicit SlurmRestClient(Options options) : m_options(std::move(options)) {}

    ClusterResult<QString> ping() override;
    ClusterResult<QMap<QString, qint64>> diag() override;
    ClusterResult<QList<NodeInfo>> nodes() override;
    ClusterResult<QList<PartitionInfo>> partitions() override;
    ClusterResult<qint64> submit(const JobSpec &job) override;
    ClusterResult<JobInfo> job(qint64 id) override;
    ClusterResult<void> cancel(qint64 id) override;
    ClusterResult<void> hold(qint64 id) override;
    ClusterResult<void> release(qint64 id) override;
    ClusterResult<void> setBeginTime(qint64 id, const QDateTime &when) override;

    /// The JSON body `submit` sends (for tests and debugging).
    static QJsonObject submitBody(const JobSpec &job);

  private:
    enum class Method { Get, Post, Delete };
    ClusterResult<QJsonObject> request(Method method, const QString &path,
                                       const QJsonObject &body = {}, bool retry = true);
    ClusterResult<QJsonObject> once(Method method, const QString &path, const QByteArray &body);

    Options m_options;
};

} // namespace sovereign
