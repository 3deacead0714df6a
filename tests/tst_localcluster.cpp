// Integration: a real Slurm cluster started by `sovereign cluster up` (munged,
// slurmctld, two owned slurmd, slurmrestd with JWT) in a temporary state
// directory on loopback, then jobs through Slurm's own commands.
#include "scheduler/cluster/clusterpaths.h"

#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <csignal>

using sovereign::ClusterPaths;

class TstLocalCluster : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_state;
    ClusterPaths paths() const { return ClusterPaths(m_state); }

    struct Run {
        int code = -1;
        QString out, err;
    };
    Run run(const QString &program, const QStringList &args, int timeoutMs = 120000) {
        QProcess p;
        QStringList env = QProcess::systemEnvironment();
        env << "SLURM_CONF=" + paths().conf();
        p.setEnvironment(env);
        p.start(program, args);
        if (!p.waitForFinished(timeoutMs)) {
            p.kill();
            p.waitForFinished();
        }
        return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1,
                QString::fromUtf8(p.readAllStandardOutput()),
                QString::fromUtf8(p.readAllStandardError())};
    }
    Run sovereign(const QStringList &args) {
        return run(SOVEREIGN_CLI, args + QStringList{"--state", m_state});
    }

    /// sbatch with argv; returns the job id.
    QString submit(const QStringList &args) {
        const Run r = run("sbatch", QStringList{"--parsable"} + args);
        if (r.code != 0)
            qWarning() << "sbatch failed:" << r.err;
        return r.out.trimmed().section(';', 0, 0);
    }
    QString jobField(const QString &id, const QString &field) {
        const Run r = run("scontrol", {"show", "job", id});
        const QRegularExpression re("\\b" + field + "=(\\S+)");
        return re.match(r.out).captured(1);
    }
    /// Polls until pred() holds or the time is up (generous: CI machines are slow).
    bool waitFor(const std::function<bool()> &pred, int seconds) {
        QElapsedTimer t;
        t.start();
        while (t.elapsed() < seconds * 1000) {
            if (pred())
                return true;
            QThread::msleep(500);
        }
        return pred();
    }
    QString readFile(const QString &path) {
        QFile f(path);
        return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
    }
    qint64 pidIn(const QString &pidFile) { return readFile(pidFile).trimmed().toLongLong(); }
    /// Alive and still the program it was (a pid can be reused).
    bool running(qint64 pid, const QString &program) {
        return pid > 0 && ::kill(static_cast<pid_t>(pid), 0) == 0 &&
               readFile(QString("/proc/%1/comm").arg(pid)).trimmed() == program;
    }

  private slots:
    void initTestCase() {
        // slurmrestd runs as its own user and must traverse to slurm.conf.
        QFile::setPermissions(m_dir.path(), QFile::permissions(m_dir.path()) | QFile::ExeOther |
                                                QFile::ReadOther);
        m_state = m_dir.filePath("cluster");
        const Run up = sovereign({"cluster", "up"});
        QVERIFY2(up.code == 0, qPrintable(up.out + up.err));
        QVERIFY(up.out.contains("is up"));
        // Secrets are private to their owner.
        QCOMPARE(QFile::permissions(paths().jwtKey()) & 0x0077, QFileDevice::Permissions());
        QCOMPARE(QFile::permissions(paths().token()) & 0x0077, QFileDevice::Permissions());
    }

    void upIsIdempotentAndStatusAnswers() {
        const QString pidBefore = readFile(paths().ctldPid());
        QCOMPARE(sovereign({"cluster", "up"}).code, 0);
        QCOMPARE(readFile(paths().ctldPid()), pidBefore); // nothing restarted
        const Run status = sovereign({"cluster", "status"});
        QVERIFY2(status.code == 0, qPrintable(status.out + status.err));
        // Both slurmrestd answer a ping through the REST client: JWT over TCP,
        // rest_auth/local over the UNIX socket.
        QVERIFY2(status.out.contains(
                     QRegularExpression("http://127.0.0.1:\\d+: answers \\(controller UP\\)")),
                 qPrintable(status.out));
        QVERIFY2(status.out.contains(QRegularExpression("unix:.*answers \\(controller UP\\)")),
                 qPrintable(status.out));
        QVERIFY(status.out.contains("own1 owned* idle"));
    }

    // slurmctld, slurmd and slurmrestd listen on 127.0.0.1 only, never on
    // every interface (0.0.0.0 or ::): read from /proc, the sockets of each
    // daemon's pid against the kernel's table of listening sockets.
    void daemonsListenOnLoopbackOnly() {
        QStringList pidFiles{paths().ctldPid(), paths().restPid(), paths().slurmdPid("own1")};
        QMap<QString, QString> listening; // socket inode -> local address (hex)
        for (const char *table : {"/proc/net/tcp", "/proc/net/tcp6"})
            for (const QString &line : readFile(table).split('\n').mid(1)) {
                const QStringList f = line.simplified().split(' ');
                if (f.size() > 9 && f[3] == "0A") // TCP_LISTEN
                    listening[f[9]] = f[1];
            }
        int seen = 0;
        for (const QString &pidFile : pidFiles) {
            const qint64 pid = pidIn(pidFile);
            QVERIFY2(pid > 0, qPrintable(pidFile));
            const QDir fds(QString("/proc/%1/fd").arg(pid));
            for (const QString &fd :
                 fds.entryList(QDir::AllEntries | QDir::System | QDir::NoDotAndDotDot)) {
                // readlink itself: Qt would make "socket:[inode]" a path.
                char link[256] = {};
                const ssize_t n = ::readlink(QFile::encodeName(fds.filePath(fd)).constData(), link,
                                             sizeof link - 1);
                const QString target = QString::fromLatin1(link, n > 0 ? int(n) : 0);
                const QString inode = target.section('[', 1).section(']', 0, 0);
                if (!target.startsWith("socket:") || !listening.contains(inode))
                    continue;
                ++seen;
                QVERIFY2(listening[inode].startsWith("0100007F:"), // 127.0.0.1, little-endian
                         qPrintable(pidFile + " listens on " + listening[inode]));
            }
        }
        QVERIFY(seen >= 3);
    }

    // Busy is healthy: `up` with every owned node running a job answers at
    // once instead of waiting for idle nodes (and failing after a minute).
    void upIsIdempotentOnABusyCluster() {
        QStringList jobs;
        const Run nodes = run("sinfo", {"-h", "-N", "-p", "owned", "-o", "%N"});
        const int owned = int(nodes.out.trimmed().split('\n', Qt::SkipEmptyParts).size());
        QVERIFY(owned > 0);
        for (int i = 0; i < owned; ++i)
            jobs << submit({"-p", "owned", "--exclusive", "--wrap", "sleep 100"});
        QVERIFY(waitFor(
            [&] {
                for (const QString &id : jobs)
                    if (jobField(id, "JobState") != "RUNNING")
                        return false;
                return true;
            },
            60));
        QElapsedTimer clock;
        clock.start();
        const Run up = sovereign({"cluster", "up"});
        QVERIFY2(up.code == 0, qPrintable(up.out + up.err));
        QVERIFY2(clock.elapsed() < 30000, qPrintable(QString::number(clock.elapsed())));
        QVERIFY2(up.out.contains(QRegularExpression("own1 (alloc|mix)")), qPrintable(up.out));
        for (const QString &id : jobs)
            QCOMPARE(run("scancel", {id}).code, 0);
        QVERIFY(waitFor(
            [&] {
                return run("squeue", {"-h", "-p", "owned"}).out.trimmed().isEmpty();
            },
            60));
    }

    void ownedJobCompletesWithItsOutput() {
        const QString out = m_dir.filePath("owned-%j.out");
        const QString id =
            submit({"-p", "owned", "-o", out, "--wrap", "echo hello from $SLURMD_NODENAME"});
        QVERIFY(!id.isEmpty());
        const QString file = QString(out).replace("%j", id);
        QVERIFY(waitFor([&] { return readFile(file).contains("hello from own"); }, 60));
    }

    void cloudJobResumesABurstNodeWhichSuspendsWhenIdle() {
        const QString out = m_dir.filePath("cloud-%j.out");
        const QString id =
            submit({"-p", "cloud", "-o", out, "--wrap", "echo burst on $SLURMD_NODENAME"});
        QVERIFY(!id.isEmpty());
        const QString file = QString(out).replace("%j", id);
        // Slurm calls our resume program, which starts the node's slurmd.
        QVERIFY2(waitFor([&] { return readFile(file).contains("burst on burst"); }, 120),
                 qPrintable(run("sinfo", {"-N"}).out));
        // After suspend_time_s idle, the suspend program stops it again.
        QVERIFY2(waitFor(
                     [&] {
                         return sovereign({"cluster", "status"})
                             .out.contains(QRegularExpression("slurmd burst1\\s+stopped"));
                     },
                     120),
                 qPrintable(run("sinfo", {"-N"}).out));
    }

    void cancelARunningJob() {
        const QString id = submit({"-p", "owned", "-o", "/dev/null", "--wrap", "sleep 120"});
        QVERIFY(waitFor([&] { return jobField(id, "JobState") == "RUNNING"; }, 60));
        QCOMPARE(run("scancel", {id}).code, 0);
        QVERIFY(waitFor([&] { return jobField(id, "JobState") == "CANCELLED"; }, 30));
    }

    void futureBeginTimeHoldsTheJob() {
        const QString id =
            submit({"-p", "owned", "-o", "/dev/null", "--begin=now+1hour", "--wrap", "true"});
        QVERIFY(waitFor([&] { return jobField(id, "Reason") == "BeginTime"; }, 30));
        QCOMPARE(jobField(id, "JobState"), QString("PENDING"));
        run("scancel", {id});
    }

    void jobSurvivesASlurmctldRestart() {
        const QString out = m_dir.filePath("restart-%j.out");
        const QString id = submit({"-p", "owned", "-o", out, "--wrap", "sleep 6; echo survived"});
        QVERIFY(waitFor([&] { return jobField(id, "JobState") == "RUNNING"; }, 60));
        const qint64 ctld = pidIn(paths().ctldPid());
        QVERIFY(ctld > 0);
        ::kill(static_cast<pid_t>(ctld), SIGTERM);
        QVERIFY(waitFor([&] { return ::kill(static_cast<pid_t>(ctld), 0) != 0; }, 30));
        // `up` starts what is missing: here, slurmctld, which reloads its saved state.
        const Run up = sovereign({"cluster", "up"});
        QVERIFY2(up.code == 0, qPrintable(up.out + up.err));
        // The restarted slurmctld still knows the job and sees it complete,
        // without a requeue (slurmd would finish the script even for a
        // controller that lost the job, so the output alone proves nothing).
        QVERIFY2(waitFor([&] { return jobField(id, "JobState") == "COMPLETED"; }, 90),
                 qPrintable(run("scontrol", {"show", "job", id}).out +
                            run("scontrol", {"show", "job", id}).err));
        QCOMPARE(jobField(id, "Restarts"), QString("0"));
        QCOMPARE(jobField(id, "ExitCode"), QString("0:0"));
        QVERIFY(readFile(QString(out).replace("%j", id)).contains("survived"));
    }

    void downNodeRequeuesItsJobElsewhere() {
        const QString out = m_dir.filePath("requeue-%j.out");
        const QString id =
            submit({"-p", "owned", "--requeue", "--open-mode=append", "-o", out, "--wrap",
                    "echo start on $SLURMD_NODENAME; sleep 4; echo end on $SLURMD_NODENAME"});
        QVERIFY(waitFor([&] { return jobField(id, "JobState") == "RUNNING"; }, 60));
        const QString first = jobField(id, "NodeList");
        QVERIFY(first.startsWith("own"));
        // The node dies (its slurmd stops) and Slurm is told at once.
        const qint64 slurmd = pidIn(paths().slurmdPid(first));
        QVERIFY(slurmd > 0);
        ::kill(static_cast<pid_t>(slurmd), SIGKILL);
        QCOMPARE(
            run("scontrol", {"update", "nodename=" + first, "state=down", "reason=sovereign-test"})
                .code,
            0);
        QVERIFY(waitFor([&] { return jobField(id, "Restarts").toInt() >= 1; }, 60));
        // A requeued job waits two minutes before it is eligible; bring its start forward.
        QCOMPARE(run("scontrol", {"update", "jobid=" + id, "starttime=now"}).code, 0);
        const QString other = first == "own1" ? "own2" : "own1";
        const QString file = QString(out).replace("%j", id);
        QVERIFY2(waitFor([&] { return readFile(file).contains("end on " + other); }, 120),
                 qPrintable(readFile(file)));
        // `up` restarts the node's slurmd; the node rejoins.
        QCOMPARE(sovereign({"cluster", "up"}).code, 0);
        run("scontrol", {"update", "nodename=" + first, "state=resume"});
    }

    void cleanupTestCase() {
        // Every daemon the cluster runs, taken before `down` deletes the pid files.
        struct Daemon {
            QString pidFile, program;
            qint64 pid = 0;
        };
        QList<Daemon> daemons = {{paths().mungePid(), "munged"},
                                 {paths().ctldPid(), "slurmctld"},
                                 {paths().restPid(), "slurmrestd"},
                                 {paths().restLocalPid(), "slurmrestd"}};
        for (const QString &node : QStringList{"own1", "own2", "burst1", "burst2"})
            daemons.append({paths().slurmdPid(node), "slurmd"});
        int before = 0;
        for (Daemon &d : daemons) {
            d.pid = pidIn(d.pidFile);
            before += running(d.pid, d.program);
        }
        QVERIFY2(before >= 6, qPrintable(QString::number(before))); // munged, ctld, 2 rest, 2 owned
        const Run down = sovereign({"cluster", "down"});
        QVERIFY2(down.code == 0, qPrintable(down.out + down.err));
        for (const Daemon &d : daemons)
            QVERIFY2(!running(d.pid, d.program),
                     qPrintable(QString("%1 (pid %2) survived `down`").arg(d.program).arg(d.pid)));
    }
};

QTEST_GUILESS_MAIN(TstLocalCluster)
#include "tst_localcluster.moc"
