// Integration: a real Slurm cluster started by `sovereign cluster up` (munged,
// slurmctld, two owned slurmd, slurmrestd with JWT) in a temporary state
// directory on loopback, then jobs through Slurm's own commands.
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <csignal>

class TstLocalCluster : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_state;

    struct Run {
        int code = -1;
        QString out, err;
    };
    Run run(const QString &program, const QStringList &args, int timeoutMs = 120000) {
        QProcess p;
        QStringList env = QProcess::systemEnvironment();
        env << "SLURM_CONF=" + m_state + "/etc/slurm.conf";
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
        QCOMPARE(QFile::permissions(m_state + "/etc/jwt.key") & 0x0077, QFileDevice::Permissions());
        QCOMPARE(QFile::permissions(m_state + "/etc/rest.token") & 0x0077,
                 QFileDevice::Permissions());
    }

    void upIsIdempotentAndStatusAnswers() {
        const QString pidBefore = readFile(m_state + "/run/slurmctld.pid");
        QCOMPARE(sovereign({"cluster", "up"}).code, 0);
        QCOMPARE(readFile(m_state + "/run/slurmctld.pid"), pidBefore); // nothing restarted
        const Run status = sovereign({"cluster", "status"});
        QVERIFY2(status.code == 0, qPrintable(status.out + status.err));
        QVERIFY(status.out.contains("answers (HTTP 200)"));
        QVERIFY2(status.out.contains(QRegularExpression("unix:.*answers \\(HTTP/1.1 200")),
                 qPrintable(status.out));
        QVERIFY(status.out.contains("own1 owned* idle"));
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
        const qint64 ctld = readFile(m_state + "/run/slurmctld.pid").trimmed().toLongLong();
        QVERIFY(ctld > 0);
        ::kill(static_cast<pid_t>(ctld), SIGTERM);
        QVERIFY(waitFor([&] { return ::kill(static_cast<pid_t>(ctld), 0) != 0; }, 30));
        // `up` starts what is missing: here, slurmctld, which reloads its saved state.
        const Run up = sovereign({"cluster", "up"});
        QVERIFY2(up.code == 0, qPrintable(up.out + up.err));
        const QString file = QString(out).replace("%j", id);
        QVERIFY(waitFor([&] { return readFile(file).contains("survived"); }, 90));
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
        const qint64 slurmd =
            readFile(m_state + "/run/slurmd-" + first + ".pid").trimmed().toLongLong();
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
        const Run down = sovereign({"cluster", "down"});
        QVERIFY2(down.code == 0, qPrintable(down.out + down.err));
        // Exactly the processes it started are gone.
        for (const QString &pidFile : QDir(m_state + "/run").entryList({"*.pid"})) {
            const qint64 pid = readFile(m_state + "/run/" + pidFile).trimmed().toLongLong();
            QVERIFY2(pid == 0 || ::kill(static_cast<pid_t>(pid), 0) != 0, qPrintable(pidFile));
        }
    }
};

QTEST_GUILESS_MAIN(TstLocalCluster)
#include "tst_localcluster.moc"
