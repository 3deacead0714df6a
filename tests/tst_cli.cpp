// The `sovereign` command line, run as a user would: output, exit codes, files.
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

class TstCli : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;

    struct Run {
        int code;
        QByteArray out, err;
    };
    Run run(const QStringList &args) {
        QProcess p;
        p.start(SOVEREIGN_CLI, args);
        if (!p.waitForFinished(60000))
            qFatal("sovereign did not finish");
        return {p.exitCode(), p.readAllStandardOutput(), p.readAllStandardError()};
    }
    const QString demo = SOVEREIGN_SOURCE_DIR "/resources/scenarios/demo.yaml";

  private slots:
    void planJsonHasTheDocumentedShape() {
        const Run r = run({"plan", demo, "--json", "-"});
        QCOMPARE(r.code, 0);
        const QJsonObject root = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(root["years"].toArray().size(), 5);
        QCOMPARE(root["years"].toArray()[0].toInt(), 2026);
        QVERIFY(root["monte_carlo"].isNull());
        const QJsonObject strategies = root["strategies"].toObject();
        for (const char *name : {"own", "lease", "hybrid", "optimal"}) {
            const QJsonObject s = strategies[name].toObject();
            QVERIFY2(s["npv_usd"].isDouble() && s["salvage_usd"].isDouble() &&
                         s["feasible"].isBool(),
                     name);
            const QJsonArray years = s["years"].toArray();
            QCOMPARE(years.size(), 5);
            for (const char *field :
                 {"year", "demand_h100_hours", "sensitive_h100_hours", "owned_gpus", "new_gpus",
                  "onprem_h100_hours", "cloud_gpu_hours", "unmet_h100_hours", "capex_usd",
                  "maintenance_usd", "staff_usd", "energy_mwh", "energy_cost_usd", "cloud_cost_usd",
                  "total_cost_usd", "peak_facility_mw", "grid_cap_mw", "co2_t", "sovereign_share"})
                QVERIFY2(years[0].toObject()[field].isDouble(), field);
        }
        QCOMPARE(root["kpis"].toArray().size(), 3);
        QCOMPARE(root["kpis"]
                     .toArray()[0]
                     .toObject()["years"]
                     .toArray()[0]
                     .toObject()["phase"]
                     .toString(),
                 QString("Seed"));
        QCOMPARE(root["recommended"].toString(), QString("optimal"));
    }

    void planPrintsASummaryAndMonteCarlo() {
        const Run r = run({"plan", demo, "--monte-carlo", "2000", "--seed", "5"});
        QCOMPARE(r.code, 0);
        QVERIFY(r.out.contains("Recommended: "));
        QVERIFY(r.out.contains("Monte Carlo: 2000 draws, seed 5"));
        QVERIFY(r.out.contains("Tornado"));
    }

    void badScenarioExitsWithItsPosition() {
        const QString bad = SOVEREIGN_TEST_DATA "/bad/negative_price.yaml";
        const Run r = run({"plan", bad});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.startsWith(("sovereign: " + bad + ":8:14: ").toUtf8()), r.err.constData());
    }

    void usageErrors_data() {
        QTest::addColumn<QStringList>("args");
        QTest::newRow("no command") << QStringList{};
        QTest::newRow("unknown command") << QStringList{"fly"};
        QTest::newRow("plan without scenario") << QStringList{"plan"};
        QTest::newRow("bad draw count") << QStringList{"plan", demo, "--monte-carlo", "many"};
    }
    void usageErrors() {
        QFETCH(QStringList, args);
        QCOMPARE(run(args).code, 2);
    }

    void scenarioSetIsValidated() {
        const QString out = m_dir.filePath("edited.yaml");
        QCOMPARE(
            run({"scenario", "set", demo, "utilization", "0.5,0.6,0.7,0.7,0.7", "-o", out}).code,
            0);
        const Run plan = run({"plan", out, "--json", "-"});
        QCOMPARE(plan.code, 0);
        const QJsonObject root = QJsonDocument::fromJson(plan.out).object();
        QVERIFY(root["strategies"].toObject()["own"].toObject()["npv_usd"].toDouble() > 0);
        // A value the planner refuses is not written.
        const Run bad =
            run({"scenario", "set", demo, "pue", "0", "-o", m_dir.filePath("bad.yaml")});
        QCOMPARE(bad.code, 1);
        QVERIFY(bad.err.contains("pue: expected a number > 0"));
        QVERIFY(!QFile::exists(m_dir.filePath("bad.yaml")));
    }

    void reportFollowsTheLanguage_data() {
        QTest::addColumn<QString>("lang");
        QTest::addColumn<QString>("heading");
        QTest::addColumn<QString>("number");
        QTest::newRow("English") << "en"
                                 << "<h2>Executive summary</h2>"
                                 << "26.0";
        QTest::newRow("French") << "fr"
                                << "<h2>Synthèse</h2>"
                                << "26,0";
        QTest::newRow("Portuguese") << "pt"
                                    << "<h2>Resumo executivo</h2>"
                                    << "26,0";
    }
    void reportFollowsTheLanguage() {
        QFETCH(QString, lang);
        QFETCH(QString, heading);
        QFETCH(QString, number);
        const QString out = m_dir.filePath("report-" + lang + ".html");
        QCOMPARE(run({"report", demo, "-o", out, "--lang", lang}).code, 0);
        QFile f(out);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QString html = QString::fromUtf8(f.readAll());
        QVERIFY2(html.contains(heading), qPrintable(heading));
        // The recommendation's NPV (26.0 M USD) in the language's number format.
        QVERIFY(html.contains(number + " M USD"));
    }

    void projectLifecycle() {
        const QString file = m_dir.filePath("p.sovereign");
        QCOMPARE(run({"project", "new", file, "--title", "Demo"}).code, 0);
        QCOMPARE(run({"project", "new", file}).code, 1); // refuses to overwrite
        const Run imp = run({"project", "import", file, demo, "--name", "kenya"});
        QCOMPARE(imp.code, 0);
        QVERIFY(imp.out.contains("imported 'kenya'"));
        const Run list = run({"project", "list", file, "--json"});
        QCOMPARE(list.code, 0);
        const QJsonArray rows = QJsonDocument::fromJson(list.out).array();
        QCOMPARE(rows.size(), 1);
        QCOMPARE(rows[0].toObject()["name"].toString(), QString("kenya"));
        QVERIFY(rows[0].toObject()["npv_usd"].toObject()["optimal"].toDouble() > 0);
        const QString out = m_dir.filePath("kenya.yaml");
        QCOMPARE(run({"project", "export", file, "kenya", "-o", out}).code, 0);
        QFile exported(out), original(demo);
        QVERIFY(exported.open(QIODevice::ReadOnly) && original.open(QIODevice::ReadOnly));
        QCOMPARE(exported.readAll(), original.readAll());
        // The exported file plans like the original.
        QCOMPARE(run({"plan", out, "--quiet"}).code, 0);
        QCOMPARE(run({"project", "export", file, "nope"}).code, 1);
    }
};

QTEST_GUILESS_MAIN(TstCli)
#include "tst_cli.moc"
