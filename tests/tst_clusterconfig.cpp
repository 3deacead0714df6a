// Cluster config parsing, slurm.conf rendering and the command provider
// (argv with the node appended, no shell), without starting Slurm.
#include "scheduler/cluster/localcluster.h"
#include "scheduler/cluster/slurmconf.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace sovereign;

class TstClusterConfig : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;

    QString withScript(const QString &fixture, const QString &script) {
        QFile in(QString(SOVEREIGN_TEST_DATA "/cluster/") + fixture);
        if (!in.open(QIODevice::ReadOnly))
            qFatal("missing fixture");
        const QString path = m_dir.filePath(fixture);
        QFile out(path);
        out.open(QIODevice::WriteOnly);
        out.write(QString::fromUtf8(in.readAll()).replace("PROVIDER_SCRIPT", script).toUtf8());
        return path;
    }

  private slots:
    void defaultsAndNames() {
        ClusterConfig c;
        QCOMPARE(c.ownedNodeNames(), (QStringList{"own1", "own2"}));
        QCOMPARE(c.cloudNodeNames(), (QStringList{"burst1", "burst2"}));
    }

    void refusedConfigs_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("line");
        QTest::addColumn<QString>("message");
        QTest::newRow("command provider without suspend")
            << "bad-provider.yaml" << 3
            << "a command provider needs resume_command and suspend_command";
        QTest::newRow("unknown key") << "unknown-key.yaml" << 2 << "unknown key 'gpus' in owned";
    }
    void refusedConfigs() {
        QFETCH(QString, file);
        QFETCH(int, line);
        QFETCH(QString, message);
        auto c = loadClusterConfig(QString(SOVEREIGN_TEST_DATA "/cluster/") + file);
        QVERIFY(!c);
        QCOMPARE(c.error().line, line);
        QVERIFY2(QString::fromStdString(c.error().message).contains(message),
                 c.error().message.c_str());
    }

    void slurmConfHasPowerSavingAndBurstNodes() {
        auto c = loadClusterConfig(withScript("command-provider.yaml", "/bin/true"));
        QVERIFY2(c, c ? "" : c.error().toString().c_str());
        c->ctldPort = 7000;
        const ClusterPaths paths("/srv/cluster");
        const QString conf = renderSlurmConf(*c, paths, {7001, 7002, 7003, 7004, 7005});
        QVERIFY(conf.contains("SlurmctldPort=7000\n"));
        QVERIFY(conf.contains("SuspendExcNodes=own1,own2\n")); // owned nodes never suspended
        QVERIFY(conf.contains("ResumeProgram=/srv/cluster/bin/resume\n"));
        QVERIFY(conf.contains("SuspendTime=30\n"));
        QVERIFY(conf.contains("AuthAltTypes=auth/jwt\n"));
        QVERIFY(conf.contains(
            "NodeName=burst3 NodeAddr=127.0.0.1 NodeHostname=localhost Port=7005 CPUs=4"));
        QVERIFY(conf.contains("State=CLOUD Weight=151 Features=burst,sovereign"));
        QVERIFY(conf.contains("PartitionName=owned Nodes=own1,own2 Default=YES"));
        QVERIFY(conf.contains("PartitionName=cloud Nodes=burst1,burst2,burst3"));
    }

    void commandProviderRunsArgvWithTheNode() {
        const QString log = m_dir.filePath("provider.log");
        const QString script = m_dir.filePath("provider.sh");
        QFile s(script);
        QVERIFY(s.open(QIODevice::WriteOnly));
        // The node name arrives as one argument, even with shell characters in it.
        s.write(QString("#!/bin/sh\nprintf '%s|%s\\n' \"$1\" \"$2\" >> '%1'\n").arg(log).toUtf8());
        s.close();
        s.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
        auto c = loadClusterConfig(withScript("command-provider.yaml", script));
        QVERIFY(c);
        c->stateDir = m_dir.filePath("state");
        LocalCluster cluster(*c);
        QVERIFY(cluster.resume({"burst1", "burst2;rm -rf /"}));
        QVERIFY(cluster.suspend({"burst1"}));
        QFile out(log);
        QVERIFY(out.open(QIODevice::ReadOnly));
        QCOMPARE(QString::fromUtf8(out.readAll()),
                 QString("start|burst1\nstart|burst2;rm -rf /\nstop|burst1\n"));
    }

    void failingProviderSaysWhy() {
        auto c = loadClusterConfig(withScript("command-provider.yaml", "/bin/false"));
        QVERIFY(c);
        c->stateDir = m_dir.filePath("state2");
        auto r = LocalCluster(*c).resume({"burst1"});
        QVERIFY(!r);
        QVERIFY(r.error().message.find("resume burst1") != std::string::npos);
    }
};

QTEST_GUILESS_MAIN(TstClusterConfig)
#include "tst_clusterconfig.moc"
