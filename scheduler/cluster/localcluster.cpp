#include "scheduler/cluster/localcluster.h"

#include "scheduler/cluster/processutil.h"
#include "scheduler/cluster/slurmconf.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QProcess>
#include <QThread>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include <sys/stat.h>
#include <unistd.h>

Q_LOGGING_CATEGORY(lcCluster, "sovereign.scheduler.cluster", QtInfoMsg)

namespace sovereign {

namespace {

/// Writes a new file beside `path`, created with `perms` (a key or token is
/// never readable by others, not even for a moment), then renames it over
/// `path`: readers see the old file or the new one, never half of one.
Result<void> writeFile(const QString &path, const QByteArray &data, QFile::Permissions perms) {
    const QString temporary = path + ".new";
    QFile::remove(temporary);
    QFile f(temporary);
    if (!f.open(QIODevice::WriteOnly | QIODevice::NewOnly, perms) || f.write(data) != data.size() ||
        !f.flush()) {
        const std::string why = f.errorString().toStdString();
        f.remove();
        return fail(path.toStdString(), 0, 0, "cannot write: " + why);
    }
    f.close();
    // The umask may have narrowed a file others must read (slurm.conf for
    // slurmrestd's user): widen it then. A key or token is created 0600 and
    // left alone.
    constexpr QFile::Permissions kUserBits = QFile::ReadUser | QFile::WriteUser | QFile::ExeUser;
    if ((QFile::permissions(temporary) & ~kUserBits) != perms &&
        !QFile::setPermissions(temporary, perms)) {
        QFile::remove(temporary);
        return fail(path.toStdString(), 0, 0, "cannot set its permissions");
    }
    if (::rename(QFile::encodeName(temporary).constData(), QFile::encodeName(path).constData()) !=
        0) {
        QFile::remove(temporary);
        return fail(path.toStdString(), 0, 0, "cannot replace: " + std::string(strerror(errno)));
    }
    return {};
}

constexpr QFile::Permissions kOwnerOnly = QFile::ReadOwner | QFile::WriteOwner;
constexpr QFile::Permissions kReadable = kOwnerOnly | QFile::ReadGroup | QFile::ReadOther;
constexpr QFile::Permissions kExecutable =
    kReadable | QFile::ExeOwner | QFile::ExeGroup | QFile::ExeOther;

} // namespace

LocalCluster::LocalCluster(ClusterConfig config)
    : m_config(std::move(config)), m_paths(QDir(m_config.stateDir).absolutePath()) {}

QString LocalCluster::restUrl() const {
    return QString("http://127.0.0.1:%1").arg(m_config.restPort);
}

Result<SlurmRestClient::Options> LocalCluster::restOptions() const {
    QFile token(m_paths.token());
    if (!token.open(QIODevice::ReadOnly))
        return fail(m_paths.token().toStdString(), 0, 0,
                    "no REST token: run `sovereign cluster up --state " +
                        m_paths.root.toStdString() + "` first");
    SlurmRestClient::Options o;
    o.baseUrl = QUrl(restUrl());
    o.token = token.readAll().trimmed();
    return o;
}

SlurmRestClient::Options LocalCluster::restSocketOptions() const {
    SlurmRestClient::Options o;
    o.unixSocket = m_paths.restSocket();
    return o;
}

Result<SlurmRestClient> restClientFor(const QString &stateDir) {
    auto config = LocalCluster::loadRunning(stateDir);
    if (!config)
        return std::unexpected(config.error());
    auto options = LocalCluster(*config).restOptions();
    if (!options)
        return std::unexpected(options.error());
    return SlurmRestClient(*options);
}

namespace {

/// One quick ping (no retries): probes must not hide a hung slurmrestd
/// (22.05.8 can stop accepting connections; fixed in 22.05.9).
ClusterResult<QString> probe(SlurmRestClient::Options options) {
    options.timeoutMs = 3000;
    options.maxAttempts = 1;
    return SlurmRestClient(std::move(options)).ping();
}

} // namespace

QStringList LocalCluster::slurmEnvironment() const {
    return {"SLURM_CONF=" + m_paths.conf()};
}

Result<ClusterConfig> LocalCluster::loadRunning(const QString &stateDir) {
    const ClusterPaths paths(QDir(stateDir).absolutePath());
    auto config = loadClusterConfig(paths.clusterConfig());
    if (!config)
        return std::unexpected(Error{stateDir.toStdString(), 0, 0,
                                     "no cluster here: run `sovereign cluster up --state " +
                                         stateDir.toStdString() + "` first"});
    QFile ports(paths.ports());
    if (!ports.open(QIODevice::ReadOnly))
        return fail(paths.ports().toStdString(), 0, 0, "missing: the cluster was not started here");
    for (const QByteArray &line : ports.readAll().split('\n')) {
        const QList<QByteArray> kv = line.trimmed().split('=');
        if (kv.size() != 2)
            continue;
        if (kv[0] == "slurmctld")
            config->ctldPort = kv[1].toInt();
        else if (kv[0] == "rest")
            config->restPort = kv[1].toInt();
        else if (kv[0] == "slurmd_base")
            config->slurmdBasePort = kv[1].toInt();
    }
    config->stateDir = paths.root;
    return config;
}

Result<void> LocalCluster::prepareFiles() {
    const QString root = m_paths.root;
    if (root.contains('\'') || root.contains('\n'))
        return fail(root.toStdString(), 0, 0,
                    "the state directory's path may not contain quotes or newlines");
    for (const QString &dir : m_paths.directories())
        if (!QDir().mkpath(dir))
            return fail(root.toStdString(), 0, 0, "cannot create " + dir.toStdString());
    // slurmrestd runs as an unprivileged user and must reach slurm.conf.
    for (const QString &dir :
         {root, QFileInfo(m_paths.conf()).path(), m_paths.runDir(), m_paths.logDir()})
        ::chmod(dir.toLocal8Bit().constData(), 0755);
    for (QDir up(root); !up.isRoot(); up.cdUp()) {
        struct stat st {};
        if (::stat(up.absolutePath().toLocal8Bit().constData(), &st) == 0 &&
            !(st.st_mode & S_IXOTH))
            return fail(root.toStdString(), 0, 0,
                        "slurmrestd runs as '" + m_config.restUser.toStdString() +
                            "' and cannot reach " + up.absolutePath().toStdString() +
                            " (no search permission for other users): chmod o+x it or choose "
                            "another --state");
    }
    // rest_auth/local makes slurmrestd sign requests with munge as the
    // connecting user: the socket must be reachable (the key stays 0600).
    ::chmod(QFileInfo(m_paths.mungeSocket()).path().toLocal8Bit().constData(), 0755);

    // Ports: chosen once and kept, so a second `up` finds the same cluster.
    if (QFile::exists(m_paths.ports())) {
        auto running = loadRunning(root);
        if (running) {
            m_config.ctldPort = running->ctldPort;
            m_config.restPort = running->restPort;
            m_config.slurmdBasePort = running->slurmdBasePort;
        }
    }
    const int nodes = static_cast<int>(m_config.allNodeNames().size());
    if (m_config.ctldPort == 0)
        m_config.ctldPort = freeLoopbackPort();
    if (m_config.restPort == 0)
        m_config.restPort = freeLoopbackPort();
    if (m_config.slurmdBasePort == 0) {
        // A run of consecutive free ports for the nodes (slurm.conf gives node i base + i).
        for (int attempt = 0; attempt < 50 && m_config.slurmdBasePort == 0; ++attempt) {
            const int base = freeLoopbackPort();
            bool free = base > 1024 && base + nodes < 65535;
            for (int i = 0; free && i < nodes; ++i)
                free = loopbackPortFree(base + i);
            if (free)
                m_config.slurmdBasePort = base;
        }
        if (m_config.slurmdBasePort == 0)
            return fail("no run of free loopback ports for the slurmd daemons");
    }
    if (auto ok = writeFile(m_paths.ports(),
                            QString("slurmctld=%1\nrest=%2\nslurmd_base=%3\n")
                                .arg(m_config.ctldPort)
                                .arg(m_config.restPort)
                                .arg(m_config.slurmdBasePort)
                                .toUtf8(),
                            kReadable);
        !ok)
        return ok;
    QList<int> slurmdPorts;
    for (int i = 0; i < nodes; ++i)
        slurmdPorts.append(m_config.slurmdBasePort + i);
    if (auto ok = writeFile(m_paths.conf(),
                            renderSlurmConf(m_config, m_paths, slurmdPorts).toUtf8(), kReadable);
        !ok)
        return ok;

    if (!QFile::exists(m_paths.jwtKey())) {
        QFile random("/dev/urandom");
        if (!random.open(QIODevice::ReadOnly))
            return fail("/dev/urandom: cannot read");
        if (auto ok = writeFile(m_paths.jwtKey(), random.read(32), kOwnerOnly); !ok)
            return ok;
    }
    const QString self = QCoreApplication::applicationFilePath();
    for (const auto &[path, verb] : {std::pair{m_paths.resumeProgram(), QString("resume")},
                                     {m_paths.suspendProgram(), QString("suspend")}}) {
        const QString script = QString("#!/bin/sh\n# Slurm power saving calls this with a "
                                       "hostlist; our provider does the work.\n"
                                       "exec '%1' cluster %2 --state '%3' \"$@\"\n")
                                   .arg(self, verb, m_paths.root);
        if (auto ok = writeFile(path, script.toUtf8(), kExecutable); !ok)
            return ok;
    }
    return {};
}

Result<void> LocalCluster::startMunge() {
    if (processAlive(readPidFile(m_paths.mungePid()), "munged"))
        return {};
    if (!QFile::exists(m_paths.mungeKey())) {
        auto key = runProgram("mungekey", {"--create", "--keyfile", m_paths.mungeKey()});
        if (!key)
            return std::unexpected(key.error());
        if (key->exitCode != 0)
            return fail("mungekey: " + key->err.toStdString());
        QFile::setPermissions(m_paths.mungeKey(), kOwnerOnly);
    }
    auto run =
        runProgram("munged", {"--key-file", m_paths.mungeKey(), "--socket", m_paths.mungeSocket(),
                              "--pid-file", m_paths.mungePid(), "--log-file", m_paths.log("munged"),
                              "--seed-file", m_paths.mungeSeed(), "--force"});
    if (!run)
        return std::unexpected(run.error());
    if (run->exitCode != 0)
        return fail("munged failed to start: " + run->err.trimmed().toStdString() + " (see " +
                    m_paths.log("munged").toStdString() + ")");
    return {};
}

Result<void> LocalCluster::startCtld() {
    if (processAlive(readPidFile(m_paths.ctldPid()), "slurmctld"))
        return {};
    auto run = runProgram("slurmctld", {"-f", m_paths.conf()}, 30000, slurmEnvironment());
    if (!run)
        return std::unexpected(run.error());
    if (run->exitCode != 0)
        return fail("slurmctld failed to start: " + run->err.trimmed().toStdString() + " (see " +
                    m_paths.log("slurmctld").toStdString() + ")");
    return {};
}

Result<void> LocalCluster::startSlurmd(const QString &node) {
    if (processAlive(readPidFile(m_paths.slurmdPid(node)), "slurmd"))
        return {};
    // A node's spool must exist before its slurmd starts (burst nodes included).
    QDir().mkpath(m_paths.spool(node));
    QStringList args = {"-f", m_paths.conf(), "-N", node};
    // A burst node must look freshly booted, or slurmctld keeps it POWERING_UP
    // until ResumeTimeout: -b reports the daemon's start as the boot time.
    if (m_config.cloudNodeNames().contains(node))
        args.prepend("-b");
    auto run = runProgram("slurmd", args, 30000, slurmEnvironment());
    if (!run)
        return std::unexpected(run.error());
    if (run->exitCode != 0)
        return fail("slurmd " + node.toStdString() +
                    " failed to start: " + run->err.trimmed().toStdString());
    return {};
}

Result<void> LocalCluster::ensureRestUser() {
    auto user = runProgram("getent", {"passwd", m_config.restUser});
    if (user && user->exitCode == 0)
        return {};
    if (::geteuid() != 0)
        return fail("slurmrestd refuses to run as root and needs the system user '" +
                    m_config.restUser.toStdString() +
                    "': create it or run `sovereign cluster up` as root");
    auto add = runProgram("useradd", {"--system", "--no-create-home", "--user-group", "--shell",
                                      "/usr/sbin/nologin", m_config.restUser});
    if (!add)
        return std::unexpected(add.error());
    if (add->exitCode != 0)
        return fail("useradd " + m_config.restUser.toStdString() + ": " +
                    add->err.trimmed().toStdString());
    return {};
}

Result<void> LocalCluster::startRest() {
    if (processAlive(readPidFile(m_paths.restPid()), "slurmrestd"))
        return {};
    if (auto ok = ensureRestUser(); !ok)
        return ok;
    QProcess rest;
    rest.setProgram(systemProgram("slurmrestd"));
    rest.setArguments({"-f", m_paths.conf(), "-u", m_config.restUser, "-g", m_config.restUser, "-a",
                       "rest_auth/jwt", "-s", "openapi/v0.0.38",
                       QString("127.0.0.1:%1").arg(m_config.restPort)});
    QStringList env = QProcess::systemEnvironment();
    env << "SLURM_JWT=daemon" << slurmEnvironment();
    rest.setEnvironment(env);
    rest.setStandardOutputFile(m_paths.log("slurmrestd"), QIODevice::Append);
    rest.setStandardErrorFile(m_paths.log("slurmrestd"), QIODevice::Append);
    qint64 pid = 0;
    if (!rest.startDetached(&pid))
        return fail("slurmrestd: cannot start (" + rest.errorString().toStdString() + ")");
    return writeFile(m_paths.restPid(), QByteArray::number(pid) + "\n", kReadable);
}

Result<void> LocalCluster::startRestLocal() {
    if (processAlive(readPidFile(m_paths.restLocalPid()), "slurmrestd"))
        return {};
    // The socket's folder belongs to the REST user's group: membership is the
    // access control for rest_auth/local (root passes anyway).
    QDir().mkpath(m_paths.restSocketDir());
    auto owner =
        runProgram("chown", {m_config.restUser + ":" + m_config.restUser, m_paths.restSocketDir()});
    if (!owner || owner->exitCode != 0)
        return fail("chown " + m_paths.restSocketDir().toStdString() + " failed");
    ::chmod(m_paths.restSocketDir().toLocal8Bit().constData(), 0750);
    QFile::remove(m_paths.restSocket());
    QProcess rest;
    rest.setProgram(systemProgram("slurmrestd"));
    rest.setArguments({"-f", m_paths.conf(), "-u", m_config.restUser, "-g", m_config.restUser, "-a",
                       "rest_auth/local", "-s", "openapi/v0.0.38", "unix:" + m_paths.restSocket()});
    QStringList env = QProcess::systemEnvironment();
    env << slurmEnvironment();
    rest.setEnvironment(env);
    rest.setStandardOutputFile(m_paths.log("slurmrestd-local"), QIODevice::Append);
    rest.setStandardErrorFile(m_paths.log("slurmrestd-local"), QIODevice::Append);
    qint64 pid = 0;
    if (!rest.startDetached(&pid))
        return fail("slurmrestd (UNIX socket): cannot start (" + rest.errorString().toStdString() +
                    ")");
    return writeFile(m_paths.restLocalPid(), QByteArray::number(pid) + "\n", kReadable);
}

Result<QString> LocalCluster::issueToken() {
    auto run = runProgram("scontrol", {"token", "username=root", "lifespan=86400"}, 15000,
                          slurmEnvironment());
    if (!run)
        return std::unexpected(run.error());
    const QString out = run->out.trimmed();
    if (run->exitCode != 0 || !out.startsWith("SLURM_JWT="))
        return fail("scontrol token: " + (run->err + run->out).trimmed().toStdString());
    const QString token = out.mid(QString("SLURM_JWT=").size());
    if (auto ok = writeFile(m_paths.token(), token.toUtf8() + "\n", kOwnerOnly); !ok)
        return std::unexpected(ok.error());
    return token;
}

Result<void> LocalCluster::waitReady(const Progress &progress) {
    // A node running jobs is as healthy as an idle one: `up` on a busy
    // cluster must not fail. What is waited for is every owned node
    // answering slurmctld (idle, allocated, mixed or completing), within one
    // real deadline however long sinfo takes to answer.
    constexpr int kReadySeconds = 60;
    QElapsedTimer clock;
    clock.start();
    QString lastState;
    for (;;) {
        auto sinfo = runProgram("sinfo", {"-h", "-N", "-p", "owned", "-o", "%N %t"}, 10000,
                                slurmEnvironment());
        if (sinfo && sinfo->exitCode == 0) {
            const QStringList lines = sinfo->out.trimmed().split('\n', Qt::SkipEmptyParts);
            int ready = 0;
            for (const QString &l : lines) {
                const QString state = l.section(' ', 1, 1);
                ready += state == "idle" || state == "alloc" || state == "mix" || state == "comp";
            }
            lastState = sinfo->out.simplified();
            if (ready == m_config.ownedNodes)
                break;
        } else {
            lastState = sinfo ? (sinfo->err + sinfo->out).simplified()
                              : QString::fromStdString(sinfo.error().message);
        }
        if (clock.elapsed() > kReadySeconds * 1000)
            return fail("the owned nodes did not become ready (idle, allocated, mixed or "
                        "completing) within " +
                        std::to_string(kReadySeconds) + " s: " + lastState.toStdString() +
                        " (see " + m_paths.logDir().toStdString() + ")");
        QThread::msleep(500);
    }
    if (progress)
        progress(QString("owned nodes ready: %1").arg(lastState));
    auto token = issueToken();
    if (!token)
        return std::unexpected(token.error());
    SlurmRestClient::Options tcp;
    tcp.baseUrl = QUrl(restUrl());
    tcp.token = token->toUtf8();
    ClusterResult<QString> answer = probe(tcp);
    for (int attempt = 1; attempt < 60 && !answer; ++attempt) {
        QThread::msleep(500);
        answer = probe(tcp);
    }
    if (!answer)
        return fail("slurmrestd does not answer at " + restUrl().toStdString() + ": " +
                    answer.error().toString().toStdString() + " (see " +
                    m_paths.log("slurmrestd").toStdString() + ")");
    ClusterResult<QString> local = probe(restSocketOptions());
    for (int attempt = 1; attempt < 60 && !local; ++attempt) {
        QThread::msleep(500);
        local = probe(restSocketOptions());
    }
    if (!local)
        return fail("slurmrestd does not answer on " + m_paths.restSocket().toStdString() + ": " +
                    local.error().toString().toStdString() + " (see " +
                    m_paths.log("slurmrestd-local").toStdString() + ")");
    return {};
}

Result<QString> LocalCluster::up(const Progress &progress) {
    if (auto ok = prepareFiles(); !ok)
        return std::unexpected(ok.error());
    // Keep the config beside the cluster: the provider reads it when Slurm calls it.
    {
        QFile copy(m_paths.clusterConfig());
        if (!copy.exists()) {
            QString yaml = QString("schema_version: 1\nname: %1\nrest_user: %2\nowned: {count: %3, "
                                   "cpus: %4, memory_mb: %5}\n"
                                   "cloud: {count: %6, cpus: %7, memory_mb: %8, usd_per_hour: %9, "
                                   "spinup_seconds: %10, sovereign: %11}\n"
                                   "suspend_time_s: %12\nresume_timeout_s: %13\n")
                               .arg(m_config.name, m_config.restUser)
                               .arg(m_config.ownedNodes)
                               .arg(m_config.ownedCpus)
                               .arg(m_config.ownedMemoryMb)
                               .arg(m_config.cloud.count)
                               .arg(m_config.cloud.cpus)
                               .arg(m_config.cloud.memoryMb)
                               .arg(m_config.cloud.usdPerHour)
                               .arg(m_config.cloud.spinupSeconds)
                               .arg(m_config.cloud.sovereign ? "true" : "false")
                               .arg(m_config.suspendTimeSeconds)
                               .arg(m_config.resumeTimeoutSeconds);
            if (m_config.provider == "command") {
                auto list = [](const QStringList &l) {
                    QStringList quoted;
                    for (const QString &s : l)
                        quoted.append("'" + QString(s).replace("'", "''") + "'");
                    return "[" + quoted.join(", ") + "]";
                };
                yaml +=
                    QString("provider: {type: command, resume_command: %1, suspend_command: %2}\n")
                        .arg(list(m_config.resumeCommand), list(m_config.suspendCommand));
            }
            if (auto ok = writeFile(copy.fileName(), yaml.toUtf8(), kReadable); !ok)
                return std::unexpected(ok.error());
        }
    }
    const std::pair<const char *, std::function<Result<void>()>> steps[] = {
        {"munged", [&] { return startMunge(); }},
        {"slurmctld", [&] { return startCtld(); }},
    };
    for (const auto &[name, step] : steps) {
        if (progress)
            progress(QString("starting %1").arg(name));
        if (auto ok = step(); !ok)
            return std::unexpected(ok.error());
    }
    for (const QString &node : m_config.ownedNodeNames()) {
        if (progress)
            progress("starting slurmd " + node);
        if (auto ok = startSlurmd(node); !ok)
            return std::unexpected(ok.error());
    }
    if (progress)
        progress("starting slurmrestd");
    if (auto ok = startRest(); !ok)
        return std::unexpected(ok.error());
    if (auto ok = startRestLocal(); !ok)
        return std::unexpected(ok.error());
    if (auto ok = waitReady(progress); !ok)
        return std::unexpected(ok.error());
    const QString env =
        QString("SLURM_CONF=%1\nSOVEREIGN_SLURMRESTD_URL=%2\nSOVEREIGN_SLURMRESTD_TOKEN_FILE=%3\n")
            .arg(m_paths.conf(), restUrl(), m_paths.token());
    if (auto ok = writeFile(m_paths.env(), env.toUtf8(), kReadable); !ok)
        return std::unexpected(ok.error());
    return QString("cluster '%1' is up: %2 owned nodes (partition owned), %3 burst nodes "
                   "(partition cloud)\n"
                   "  slurmrestd: %4/slurm/v0.0.38 (JWT: headers X-SLURM-USER-NAME: root, "
                   "X-SLURM-USER-TOKEN: the token in %5)\n"
                   "  slurmrestd (rest_auth/local, for members of group %8): unix socket %9\n"
                   "  Slurm commands: export SLURM_CONF=%6\n"
                   "  environment file: %7")
        .arg(m_config.name)
        .arg(m_config.ownedNodes)
        .arg(m_config.cloud.count)
        .arg(restUrl(), m_paths.token(), m_paths.conf(), m_paths.env(), m_config.restUser,
             m_paths.restSocket());
}

Result<void> LocalCluster::down(const Progress &progress) {
    struct Target {
        QString pidFile, name;
    };
    QList<Target> targets = {{m_paths.restPid(), "slurmrestd"},
                             {m_paths.restLocalPid(), "slurmrestd"}};
    for (const QString &node : m_config.allNodeNames())
        targets.append({m_paths.slurmdPid(node), "slurmd"});
    targets.append({m_paths.ctldPid(), "slurmctld"});
    targets.append({m_paths.mungePid(), "munged"});
    QStringList stuck;
    for (const auto &t : targets) {
        const qint64 pid = readPidFile(t.pidFile);
        if (pid == 0)
            continue;
        if (progress && processAlive(pid, t.name))
            progress(QString("stopping %1 (pid %2)").arg(t.name).arg(pid));
        if (!stopProcess(pid, t.name))
            stuck.append(QString("%1 (pid %2)").arg(t.name).arg(pid));
        else
            QFile::remove(t.pidFile);
    }
    if (!stuck.isEmpty())
        return fail("could not stop: " + stuck.join(", ").toStdString());
    return {};
}

LocalCluster::Status LocalCluster::status() const {
    Status s;
    auto add = [&](const QString &name, const QString &process, const QString &pidFile) {
        const qint64 pid = readPidFile(pidFile);
        s.daemons.append({name, pid, processAlive(pid, process)});
    };
    add("munged", "munged", m_paths.mungePid());
    add("slurmctld", "slurmctld", m_paths.ctldPid());
    for (const QString &node : m_config.allNodeNames())
        add("slurmd " + node, "slurmd", m_paths.slurmdPid(node));
    add("slurmrestd", "slurmrestd", m_paths.restPid());
    add("slurmrestd unix", "slurmrestd", m_paths.restLocalPid());
    s.socketPath = m_paths.restSocket();
    const auto local = probe(restSocketOptions());
    s.socketAnswers = local.has_value();
    s.socketDetail = local ? "controller " + *local : local.error().toString();
    auto sinfo = runProgram("sinfo", {"-h", "-N", "-o", "%N %P %t"}, 10000, slurmEnvironment());
    s.nodes =
        sinfo && sinfo->exitCode == 0 ? sinfo->out.trimmed() : QString("slurmctld does not answer");
    s.restUrl = restUrl();
    if (const auto options = restOptions()) {
        const auto tcp = probe(*options);
        s.restAnswers = tcp.has_value();
        s.restDetail = tcp ? "controller " + *tcp : tcp.error().toString();
    } else {
        s.restDetail = "no token yet (run `sovereign cluster up`)";
    }
    return s;
}

Result<void> LocalCluster::resume(const QStringList &nodes) {
    for (const QString &node : nodes) {
        if (m_config.provider == "command") {
            auto run = runProgram(m_config.resumeCommand.front(),
                                  m_config.resumeCommand.mid(1) + QStringList{node},
                                  m_config.resumeTimeoutSeconds * 1000);
            if (!run)
                return std::unexpected(run.error());
            if (run->exitCode != 0)
                return fail("resume " + node.toStdString() + ": " +
                            run->err.trimmed().toStdString());
            continue;
        }
        // The local provider emulates a VM that boots and joins: wait, then start its slurmd.
        QThread::sleep(static_cast<unsigned long>(m_config.cloud.spinupSeconds));
        if (auto ok = startSlurmd(node); !ok)
            return ok;
        qCInfo(lcCluster) << "resumed" << node;
    }
    return {};
}

Result<void> LocalCluster::suspend(const QStringList &nodes) {
    for (const QString &node : nodes) {
        if (m_config.provider == "command") {
            auto run = runProgram(m_config.suspendCommand.front(),
                                  m_config.suspendCommand.mid(1) + QStringList{node});
            if (!run)
                return std::unexpected(run.error());
            if (run->exitCode != 0)
                return fail("suspend " + node.toStdString() + ": " +
                            run->err.trimmed().toStdString());
            continue;
        }
        const qint64 pid = readPidFile(m_paths.slurmdPid(node));
        if (!stopProcess(pid, "slurmd"))
            return fail("suspend " + node.toStdString() + ": slurmd (pid " + std::to_string(pid) +
                        ") did not stop");
        QFile::remove(m_paths.slurmdPid(node));
        qCInfo(lcCluster) << "suspended" << node;
    }
    return {};
}

Result<QStringList> expandHostlist(const QString &hostlist, const QStringList &env) {
    auto run = runProgram("scontrol", {"show", "hostnames", hostlist}, 10000, env);
    if (!run)
        return std::unexpected(run.error());
    if (run->exitCode != 0)
        return fail("scontrol show hostnames " + hostlist.toStdString() + ": " +
                    run->err.trimmed().toStdString());
    return run->out.split('\n', Qt::SkipEmptyParts);
}

} // namespace sovereign
