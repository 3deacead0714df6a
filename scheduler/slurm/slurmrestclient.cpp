#include "scheduler/slurm/slurmrestclient.h"

#include "scheduler/slurm/httpclient.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QThread>

Q_LOGGING_CATEGORY(lcRest, "sovereign.scheduler.slurmrest", QtInfoMsg)

namespace sovereign {

namespace {

const QString kApi = "/slurm/v0.0.38";

QString slurmTime(const QDateTime &t) {
    // sbatch's --begin syntax; slurmrestd v0.0.38 parses begin_time as such a string.
    return t.toLocalTime().toString("yyyy-MM-ddTHH:mm:ss");
}

QStringList strings(const QJsonValue &v) {
    QStringList out;
    for (const auto &x : v.toArray())
        out.append(x.toString());
    return out;
}

/// Slurm's own explanation from an answer's errors array, or nothing.
std::optional<ClusterError> slurmErrors(const QJsonObject &answer, int httpStatus) {
    const QJsonArray errors = answer["errors"].toArray();
    if (errors.isEmpty())
        return std::nullopt;
    ClusterError e;
    e.kind = ClusterError::Kind::Rejected;
    e.httpStatus = httpStatus;
    QStringList parts;
    for (const auto &v : errors) {
        const QJsonObject o = v.toObject();
        QString text = o["error"].toString();
        if (o.contains("description"))
            text += " (" + o["description"].toString() + ")";
        parts.append(text);
        if (!e.slurmErrorCode)
            e.slurmErrorCode = o.contains("error_code")     ? o["error_code"].toInt()
                               : o.contains("error_number") ? o["error_number"].toInt()
                                                            : o["errno"].toInt();
    }
    e.message = parts.join("; ");
    return e;
}

/// Why slurmctld cannot accept a JWT, as far as that can be judged without
/// its key: it is no JWT at all, or it has expired.
std::optional<QString> tokenProblem(const QByteArray &token) {
    const QList<QByteArray> parts = token.split('.');
    if (parts.size() != 3)
        return QString("the token is not a JWT (header.payload.signature)");
    const auto payload = QByteArray::fromBase64Encoding(
        parts[1], QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals |
                      QByteArray::AbortOnBase64DecodingErrors);
    const QJsonDocument claims = QJsonDocument::fromJson(*payload);
    if (!payload || !claims.isObject())
        return QString("the token's payload is not base64url JSON");
    const QJsonValue exp = claims.object()["exp"];
    if (exp.isDouble() && exp.toInteger() <= QDateTime::currentSecsSinceEpoch())
        return QString("the token expired at %1 (make another with `scontrol token`, or run "
                       "`sovereign cluster up`)")
            .arg(QDateTime::fromSecsSinceEpoch(exp.toInteger()).toString(Qt::ISODate));
    return std::nullopt;
}

} // namespace

QString ClusterError::toString() const {
    static const char *kinds[] = {"rejected", "unauthorized",  "connection refused",
                                  "timeout",  "network error", "unreadable answer"};
    QString s = QString("slurmrestd: %1").arg(kinds[static_cast<int>(kind)]);
    if (httpStatus)
        s += QString(" (HTTP %1)").arg(httpStatus);
    if (!message.isEmpty())
        s += ": " + message;
    if (attempts > 1)
        s += QString(" [after %1 attempts]").arg(attempts);
    return s;
}

ClusterResult<QJsonObject> SlurmRestClient::once(Method method, const QString &path,
                                                 const QByteArray &body) {
    HttpRequest http;
    http.method = method == Method::Get    ? HttpRequest::Method::Get
                  : method == Method::Post ? HttpRequest::Method::Post
                                           : HttpRequest::Method::Delete;
    if (m_options.unixSocket.isEmpty()) {
        QUrl url = m_options.baseUrl;
        url.setPath(kApi + path);
        http.url = url.toString(QUrl::FullyEncoded);
        http.headers = {{"X-SLURM-USER-NAME", m_options.userName},
                        {"X-SLURM-USER-TOKEN", m_options.token}};
    } else {
        http.url = "http://localhost" + kApi + path;
        http.unixSocket = m_options.unixSocket;
    }
    http.headers.emplaceBack("Content-Type", "application/json");
    http.body = body;
    http.timeoutMs = m_options.timeoutMs;
    const HttpAnswer answer = httpExchange(http);
    const QByteArray &data = answer.body;
    const int status = answer.status;

    ClusterError e;
    e.httpStatus = status;
    if (answer.failure != HttpAnswer::Failure::None) {
        e.kind = answer.failure == HttpAnswer::Failure::ConnectionRefused
                     ? ClusterError::Kind::ConnectionRefused
                 : answer.failure == HttpAnswer::Failure::Timeout ? ClusterError::Kind::Timeout
                                                                  : ClusterError::Kind::Network;
        e.message = e.kind == ClusterError::Kind::Timeout
                        ? QString("no answer within %1 ms").arg(m_options.timeoutMs)
                        : answer.transportError;
        if (!m_options.unixSocket.isEmpty())
            e.message = m_options.unixSocket + ": " + e.message;
        return std::unexpected(e);
    }
    if (status == 401 || status == 403) {
        e.kind = ClusterError::Kind::Unauthorized;
        e.message = QString::fromUtf8(data).trimmed().left(200);
        return std::unexpected(e);
    }
    QJsonParseError parse;
    const QJsonDocument doc = QJsonDocument::fromJson(data, &parse);
    // A submission that got a job id succeeded; errors beside it are notes
    // (e.g. "Job is in held state" for a held submission).
    const bool accepted = status < 400 && doc.isObject() && doc.object()["job_id"].toInteger() > 0;
    if (doc.isObject() && !accepted)
        if (auto slurm = slurmErrors(doc.object(), status)) {
            // slurmrestd 22.05 answers a token slurmctld refused exactly as it
            // answers when slurmctld is unreachable: HTTP 500, "Unspecified
            // error" (-1). A token that is no JWT or has expired is judged here;
            // the rest may pass, so it is transient.
            if (status >= 500 && slurm->slurmErrorCode == -1) {
                const auto why =
                    m_options.unixSocket.isEmpty() ? tokenProblem(m_options.token) : std::nullopt;
                slurm->kind = why ? ClusterError::Kind::Unauthorized : ClusterError::Kind::Network;
                slurm->message = (why ? *why
                                      : QString("slurmctld did not take the request: it is "
                                                "unreachable, or it refused the token (slurmrestd "
                                                "22.05 says the same for both)")) +
                                 "; slurmrestd: " + slurm->message;
            }
            return std::unexpected(*slurm);
        }
    if (status >= 400) {
        e.kind = status >= 500 ? ClusterError::Kind::Network : ClusterError::Kind::Rejected;
        e.message = QString::fromUtf8(data).trimmed().left(200);
        return std::unexpected(e);
    }
    if (!doc.isObject()) {
        e.kind = ClusterError::Kind::Protocol;
        e.message = parse.errorString();
        return std::unexpected(e);
    }
    return doc.object();
}

ClusterResult<QJsonObject> SlurmRestClient::request(Method method, const QString &path,
                                                    const QJsonObject &body, bool retry) {
    const QByteArray data =
        body.isEmpty() ? QByteArray() : QJsonDocument(body).toJson(QJsonDocument::Compact);
    int delay = m_options.backoffMs;
    for (int attempt = 1;; ++attempt) {
        auto r = once(method, path, data);
        if (r || !retry || !r.error().transient() || attempt >= m_options.maxAttempts) {
            if (!r)
                r.error().attempts = attempt;
            return r;
        }
        qCInfo(lcRest) << "retrying" << path << "after" << r.error().toString();
        QThread::msleep(static_cast<unsigned long>(delay));
        delay *= 2;
    }
}

ClusterResult<QString> SlurmRestClient::ping() {
    auto r = request(Method::Get, "/ping");
    if (!r)
        return std::unexpected(r.error());
    const QJsonArray pings = (*r)["pings"].toArray();
    if (pings.isEmpty())
        return std::unexpected(
            ClusterError{ClusterError::Kind::Protocol, 200, 0, "no pings in the answer", 1});
    return pings.first().toObject()["ping"].toString();
}

ClusterResult<QMap<QString, qint64>> SlurmRestClient::diag() {
    auto r = request(Method::Get, "/diag");
    if (!r)
        return std::unexpected(r.error());
    QMap<QString, qint64> out;
    const QJsonObject stats = (*r)["statistics"].toObject();
    for (auto it = stats.begin(); it != stats.end(); ++it)
        if (it.value().isDouble())
            out[it.key()] = it.value().toInteger();
    return out;
}

ClusterResult<QList<NodeInfo>> SlurmRestClient::nodes() {
    auto r = request(Method::Get, "/nodes");
    if (!r)
        return std::unexpected(r.error());
    QList<NodeInfo> out;
    for (const auto &v : (*r)["nodes"].toArray()) {
        const QJsonObject n = v.toObject();
        QStringList state = strings(n["state_flags"]);
        state.prepend(n["state"].toString().toUpper());
        out.append({n["name"].toString(), state, strings(n["partitions"]), n["cpus"].toInt()});
    }
    return out;
}

ClusterResult<QList<PartitionInfo>> SlurmRestClient::partitions() {
    auto r = request(Method::Get, "/partitions");
    if (!r)
        return std::unexpected(r.error());
    QList<PartitionInfo> out;
    for (const auto &v : (*r)["partitions"].toArray()) {
        const QJsonObject p = v.toObject();
        out.append(
            {p["name"].toString(), p["nodes"].toString(), strings(p["flags"]).contains("default")});
    }
    return out;
}

QJsonObject SlurmRestClient::submitBody(const JobSpec &job) {
    QJsonObject desc;
    if (!job.name.isEmpty())
        desc["name"] = job.name;
    if (!job.partition.isEmpty())
        desc["partition"] = job.partition;
    desc["nodes"] = job.nodes;
    desc["cpus_per_task"] = job.cpusPerTask;
    if (!job.gres.isEmpty())
        desc["gres"] = job.gres;
    if (job.beginTime)
        desc["begin_time"] = slurmTime(*job.beginTime);
    if (job.timeLimitMinutes > 0)
        desc["time_limit"] = job.timeLimitMinutes;
    if (!job.comment.isEmpty())
        desc["comment"] = job.comment;
    // v0.0.38 refuses an empty environment object: send at least one variable.
    QJsonObject env;
    for (auto it = job.environment.begin(); it != job.environment.end(); ++it)
        env[it.key()] = it.value();
    if (env.isEmpty())
        env["SOVEREIGN_JOB"] = "1";
    desc["environment"] = env;
    desc["current_working_directory"] =
        job.workingDirectory.isEmpty() ? QString("/tmp") : job.workingDirectory;
    if (!job.standardOutput.isEmpty())
        desc["standard_output"] = job.standardOutput;
    if (job.hold)
        desc["hold"] = true;
    desc["requeue"] = job.requeue;
    return QJsonObject{{"script", job.script}, {"job", desc}};
}

ClusterResult<qint64> SlurmRestClient::submit(const JobSpec &job) {
    // Never retried: a submission Slurm refused stays refused, and a resent
    // one after a lost answer could run twice.
    auto r = request(Method::Post, "/job/submit", submitBody(job), false);
    if (!r)
        return std::unexpected(r.error());
    if (!r->contains("job_id"))
        return std::unexpected(
            ClusterError{ClusterError::Kind::Protocol, 200, 0, "no job_id in the answer", 1});
    return (*r)["job_id"].toInteger();
}

ClusterResult<JobInfo> SlurmRestClient::job(qint64 id) {
    auto r = request(Method::Get, QString("/job/%1").arg(id));
    if (!r)
        return std::unexpected(r.error());
    const QJsonArray jobs = (*r)["jobs"].toArray();
    if (jobs.isEmpty())
        return std::unexpected(
            ClusterError{ClusterError::Kind::Rejected, 200, 0, QString("no job %1").arg(id), 1});
    const QJsonObject j = jobs.first().toObject();
    JobInfo info;
    info.id = j["job_id"].toInteger();
    info.name = j["name"].toString();
    info.state = j["job_state"].toString();
    info.reason = j["state_reason"].toString();
    info.partition = j["partition"].toString();
    info.nodes = j["nodes"].toString();
    info.exitCode = j["exit_code"].toInt();
    info.restarts = j["restart_cnt"].toInt();
    info.eligibleTime = QDateTime::fromSecsSinceEpoch(j["eligible_time"].toInteger());
    return info;
}

ClusterResult<void> SlurmRestClient::cancel(qint64 id) {
    auto r = request(Method::Delete, QString("/job/%1").arg(id));
    if (!r)
        return std::unexpected(r.error());
    return {};
}

ClusterResult<void> SlurmRestClient::hold(qint64 id) {
    auto r = request(Method::Post, QString("/job/%1").arg(id), QJsonObject{{"hold", true}});
    if (!r)
        return std::unexpected(r.error());
    return {};
}

ClusterResult<void> SlurmRestClient::release(qint64 id) {
    auto r = request(Method::Post, QString("/job/%1").arg(id), QJsonObject{{"hold", false}});
    if (!r)
        return std::unexpected(r.error());
    return {};
}

ClusterResult<void> SlurmRestClient::setBeginTime(qint64 id, const QDateTime &when) {
    auto r = request(Method::Post, QString("/job/%1").arg(id),
                     QJsonObject{{"begin_time", slurmTime(when)}});
    if (!r)
        return std::unexpected(r.error());
    return {};
}

} // namespace sovereign
