// The `sovereign` command line, run as a user would: output, exit codes, files.
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <sqlite3.h>

#include <chrono>
#include <cmath>
#include <filesystem>

namespace {

/// Runs SQL on a plain SQLite connection (making the file if need be), as another program would.
bool sqlExec(const QString &file, const char *sql) {
    sqlite3 *db = nullptr;
    const bool ok = sqlite3_open(file.toUtf8().constData(), &db) == SQLITE_OK &&
                    sqlite3_exec(db, sql, nullptr, nullptr, nullptr) == SQLITE_OK;
    sqlite3_close(db);
    return ok;
}

/// A file's bytes and modification time (ns): what a refused command must not change.
std::pair<QByteArray, long long> fingerprint(const QString &file) {
    QFile f(file);
    QByteArray bytes = f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    std::error_code ec;
    const auto t = std::filesystem::last_write_time(file.toStdString(), ec);
    return {
        bytes,
        ec ? -1
           : std::chrono::duration_cast<std::chrono::nanoseconds>(t.time_since_epoch()).count()};
}

} // namespace

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
    void schedulePlanJsonHasTheDocumentedShape() {
        const QString site = SOVEREIGN_SOURCE_DIR "/resources/energy/site-de.yaml";
        const QString jobs = SOVEREIGN_SOURCE_DIR "/resources/energy/jobs-demo.csv";
        const Run r = run(
            {"schedule", "plan", "--site", site, "--jobs", jobs, "--horizon", "2d", "--json", "-"});
        QVERIFY2(r.code == 0, r.err.constData());
        const QJsonObject root = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(root["start"].toString(), QString("2020-06-01 08:00")); // the first arrival
        QCOMPARE(root["power_kw"].toArray().size(), 192);                // 48 h of 15 minutes
        const QJsonArray list = root["jobs"].toArray();
        QCOMPARE(list.size(), 8);
        for (const QJsonValue &v : list) {
            const QJsonObject j = v.toObject();
            for (const char *key : {"energy_kwh", "cost_usd", "co2_kg"})
                QVERIFY2(j[key].isDouble(), key);
            QVERIFY(j["deadline_met"].toBool());
            QVERIFY(!j["runs"].toArray().isEmpty());
            QVERIFY(!j["why"].toString().isEmpty());
            QVERIFY(!j["place"].toString().isEmpty());
        }
        // Jobs that name a partition run there (jobs-demo.csv: only "tokenizer" is a cpu job).
        for (const QJsonValue &v : list)
            QCOMPARE(v["place"].toString() == "cpu", v["id"].toString() == "tokenizer");
        for (const char *baseline : {"fifo", "fifo_capped"})
            QVERIFY(root["baselines"][baseline]["cost_usd"].isDouble());
        // The plan never costs more than running everything at once.
        QVERIFY(root["totals"]["cost_usd"].toDouble() <=
                root["baselines"]["fifo_capped"]["cost_usd"].toDouble());
        // Refused input names the file and line.
        QTemporaryDir dir;
        QFile bad(dir.filePath("jobs.csv"));
        QVERIFY(bad.open(QIODevice::WriteOnly));
        bad.write("id,arrival,duration_h,nodes,partition\nx,2020-06-01 08:00,1,1,tpu\n");
        bad.close();
        const Run refused = run({"schedule", "plan", "--site", site, "--jobs", bad.fileName()});
        QCOMPARE(refused.code, 1);
        QVERIFY2(refused.err.contains((bad.fileName() + ":2:").toUtf8()), refused.err.constData());
        QVERIFY2(refused.err.contains("no partition 'tpu'"), refused.err.constData());
    }

    void scheduleBenchGaiaSetting() {
        QTemporaryDir dir;
        const QString json = dir.filePath("gaia.json");
        const Run r = run({"schedule", "bench", "--gaia", "--zone", "FR", "--json", json});
        QVERIFY2(r.code == 0, r.err.constData());
        QFile f(json);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QJsonObject root = QJsonDocument::fromJson(f.readAll()).object();
        QCOMPARE(root["start"].toString(), QString("2020-10-18 16:00")); // GAIA's default, 7000
        QCOMPARE(root["jobs"].toInt(), 1000);
        const QJsonArray rows = root["zones"][0]["rows"].toArray();
        QCOMPARE(rows.size(), 3);
        const auto g = [&](int i, const char *key) { return rows[i][key].toDouble(); };
        // Running at once on FR's hourly means is what GAIA itself reports
        // for its "no waiting" run on the trace we write (160.682 g;
        // bench/gaia_compare.py with GAIA 62a5efc): both read the setting alike.
        QVERIFY2(std::abs(g(0, "hourly_g") - 160.682) < 5e-4,
                 qPrintable(QString::number(g(0, "hourly_g"))));
        // Suspending never emits more than whole jobs, which never emit more
        // than running at once; and each cuts something.
        for (const char *key : {"hourly_g", "native_g"}) {
            QVERIFY(g(2, key) <= g(1, key) + 1e-9);
            QVERIFY(g(1, key) < g(0, key) * 0.9);
        }
        QVERIFY(g(2, "pieces") > 1000); // some jobs run in pieces
        // GAIA's trace format for its run.py.
        const Run traces = run({"schedule", "bench", "--write-gaia-traces", dir.path()});
        QVERIFY2(traces.code == 0, traces.err.constData());
        for (const char *name : {"DE-2020.csv", "GB-2020.csv", "FR-2020.csv"})
            QVERIFY2(QFileInfo(dir.filePath(name)).size() > 8784 * 20, name);
        // A start hour that leaves GAIA fewer than 720 hours is a usage error.
        QCOMPARE(run({"schedule", "bench", "--gaia", "--start-hour", "8065"}).code, 2);
    }

    void planJsonHasTheDocumentedShape() {
        const Run r = run({"plan", demo, "--json", "-"});
        QCOMPARE(r.code, 0);
        const QJsonObject root = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(root["years"].toArray().size(), 5);
        QCOMPARE(root["years"].toArray()[0].toInt(), 2026);
        QVERIFY(!root.contains("monte_carlo")); // only with --monte-carlo
        const QJsonObject strategies = root["strategies"].toObject();
        for (const char *name : {"own", "lease", "hybrid", "optimal", "robust"}) {
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
        // The demo's optimal plan holds in half of the sampled futures only;
        // the robust one keeps sensitive work home in at least 95 % of them.
        QCOMPARE(root["recommended"].toString(), QString("robust"));
        QVERIFY(
            root["strategies"].toObject()["robust"].toObject()["futures_held_share"].toDouble() >=
            0.95);
        QCOMPARE(root["robust"].toObject()["futures"].toInt(), 200);
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
        QVERIFY2(bad.err.contains("pue: expected a number from 1 to 4"), qPrintable(bad.err));
        QVERIFY(!QFile::exists(m_dir.filePath("bad.yaml")));
    }

    void reportFollowsTheLanguage_data() {
        QTest::addColumn<QString>("lang");
        QTest::addColumn<QString>("heading");
        QTest::addColumn<QString>("number");
        QTest::newRow("English") << "en"
                                 << "<h2>Executive summary</h2>"
                                 << "26.2";
        QTest::newRow("French") << "fr"
                                << "<h2>Synthèse</h2>"
                                << "26,2";
        QTest::newRow("Portuguese") << "pt"
                                    << "<h2>Resumo executivo</h2>"
                                    << "26,2";
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
        // The recommendation's NPV (26.2 M USD) in the language's number format.
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

    // Issue 9, 4.4: `project rename` mirrors the desktop's Rename; names stay
    // unique and the stored result follows the scenario.
    void projectRename_data() {
        QTest::addColumn<QStringList>("args"); // after FILE
        QTest::addColumn<int>("code");
        QTest::addColumn<QString>("listed"); // names after, comma-separated
        QTest::newRow("a new name") << QStringList{"kenya", "nairobi"} << 0 << "nairobi,other";
        QTest::newRow("onto another scenario")
            << QStringList{"kenya", "other"} << 1 << "kenya,other";
        QTest::newRow("no such scenario") << QStringList{"nope", "x"} << 1 << "kenya,other";
        QTest::newRow("empty new name") << QStringList{"kenya", " "} << 1 << "kenya,other";
        QTest::newRow("missing argument") << QStringList{"kenya"} << 2 << "kenya,other";
    }
    void projectRename() {
        QFETCH(QStringList, args);
        QFETCH(int, code);
        QFETCH(QString, listed);
        const QString file = m_dir.filePath(
            QString("rename-%1.sovereign").arg(QString(QTest::currentDataTag()).replace(' ', '-')));
        QCOMPARE(run({"project", "new", file}).code, 0);
        QCOMPARE(run({"project", "import", file, demo, "--name", "kenya"}).code, 0);
        QCOMPARE(run({"project", "import", file, demo, "--name", "other"}).code, 0);
        const Run renamed = run(QStringList{"project", "rename", file} + args);
        QCOMPARE(renamed.code, code);
        const Run list = run({"project", "list", file, "--json"});
        QStringList names;
        for (const QJsonValue &row : QJsonDocument::fromJson(list.out).array()) {
            names.append(row.toObject()["name"].toString());
            QVERIFY(row.toObject()["npv_usd"].toObject()["optimal"].toDouble() > 0);
        }
        QCOMPARE(names.join(','), listed);
    }

    // Issue 9: only `project new` makes a project; every other command refuses
    // what is not one, says so (file first), exits 1 and leaves the file as it was.
    void projectCommandsRefuseWhatIsNotAProject_data() {
        QTest::addColumn<QString>("action");
        QTest::addColumn<QString>("fixture"); // bytes to write, or "sqlite:" SQL, or "project:" SQL
        QTest::addColumn<QString>("expected");
        const QString unrelated = "sqlite:CREATE TABLE t(x); INSERT INTO t VALUES (1);";
        const QString noTables = "an SQLite database without Sovereign's tables";
        QTest::newRow("list on an empty file") << "list"
                                               << ""
                                               << "an empty file (0 bytes)";
        QTest::newRow("import into an empty file") << "import"
                                                   << ""
                                                   << "an empty file (0 bytes)";
        QTest::newRow("export from a text file")
            << "export"
            << "notes, not a database, long enough to fill a header......"
            << "not an SQLite database";
        QTest::newRow("list an unrelated SQLite database") << "list" << unrelated << noTables;
        QTest::newRow("remove from an unrelated SQLite database")
            << "remove" << unrelated << noTables;
        QTest::newRow("import into an unrelated SQLite database")
            << "import" << unrelated << noTables;
        QTest::newRow("report on an unrelated SQLite database")
            << "report" << unrelated << noTables;
        QTest::newRow("list a project of a newer schema") << "list"
                                                          << "project:PRAGMA user_version = 99;"
                                                          << "newer than this program";
    }
    void projectCommandsRefuseWhatIsNotAProject() {
        QFETCH(QString, action);
        QFETCH(QString, fixture);
        QFETCH(QString, expected);
        const QString file =
            m_dir.filePath(QString("refuse-%1.sovereign").arg(QTest::currentDataTag()));
        if (fixture.startsWith("sqlite:")) {
            QVERIFY(sqlExec(file, fixture.mid(7).toUtf8().constData()));
        } else if (fixture.startsWith("project:")) {
            QCOMPARE(run({"project", "new", file}).code, 0);
            QVERIFY(sqlExec(file, fixture.mid(8).toUtf8().constData()));
        } else {
            QFile f(file);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(fixture.toUtf8());
        }
        const auto before = fingerprint(file);
        const QString out = m_dir.filePath("refused-output");
        QStringList args = {"project", action, file};
        if (action == "import")
            args << demo;
        else if (action == "export" || action == "remove")
            args << "kenya";
        else if (action == "report")
            args = {"report", file, "-o", out, "--format", "csv"};
        const Run r = run(args);
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.startsWith(("sovereign: " + file + ": ").toUtf8()), r.err.constData());
        QVERIFY2(r.err.contains(expected.toUtf8()), r.err.constData());
        QVERIFY2(r.err.contains("expected a Sovereign project") ||
                     r.err.contains("update Sovereign"),
                 r.err.constData());
        const auto after = fingerprint(file);
        QVERIFY2(after.first == before.first, "the file's content changed");
        QCOMPARE(after.second, before.second);
        QVERIFY(!QFile::exists(out));
    }

    // Another program holds the project locked: "locked", never "not an SQLite database".
    void projectListOnALockedProject() {
        const QString file = m_dir.filePath("locked.sovereign");
        QCOMPARE(run({"project", "new", file}).code, 0);
        sqlite3 *other = nullptr;
        QCOMPARE(sqlite3_open(file.toUtf8().constData(), &other), SQLITE_OK);
        QCOMPARE(sqlite3_exec(other, "BEGIN EXCLUSIVE", nullptr, nullptr, nullptr), SQLITE_OK);
        const Run locked = run({"project", "list", file});
        sqlite3_exec(other, "ROLLBACK", nullptr, nullptr, nullptr);
        sqlite3_close(other);
        QCOMPARE(locked.code, 1);
        QVERIFY2(locked.err.startsWith(("sovereign: " + file + ": ").toUtf8()),
                 locked.err.constData());
        QVERIFY2(locked.err.contains("locked by another program"), locked.err.constData());
        QVERIFY2(!locked.err.contains("not an SQLite"), locked.err.constData());
        QCOMPARE(run({"project", "list", file}).code, 0);
    }

    // Two `project new` on one path at once, 20 rounds: one creates, the other
    // is told the file exists (never "table project already exists").
    void concurrentProjectNewHasOneWinner() {
        for (int round = 0; round < 20; ++round) {
            const QString file = m_dir.filePath(QString("race-%1.sovereign").arg(round));
            QProcess a, b;
            a.start(SOVEREIGN_CLI, {"project", "new", file, "--title", "A"});
            b.start(SOVEREIGN_CLI, {"project", "new", file, "--title", "B"});
            QVERIFY(a.waitForFinished(60000) && b.waitForFinished(60000));
            const QByteArray errors = a.readAllStandardError() + b.readAllStandardError();
            const QString what = QString("round %1: %2").arg(round).arg(QString::fromUtf8(errors));
            QVERIFY2((a.exitCode() == 0) != (b.exitCode() == 0), qPrintable(what));
            QCOMPARE(a.exitCode() + b.exitCode(), 1);
            QVERIFY2(errors.contains("a file already exists there"), qPrintable(what));
            QVERIFY2(!errors.contains("table"), qPrintable(what));
            QCOMPARE(run({"project", "list", file}).code, 0);
        }
    }
};

QTEST_GUILESS_MAIN(TstCli)
#include "tst_cli.moc"
