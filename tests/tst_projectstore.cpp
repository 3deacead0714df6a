// The SQLite project file: create (race-free), open (only projects, untouched when refused,
// busy when locked), save in transactions, list, export.
#include "planner/catalog.h"
#include "planner/planner.h"
#include "planner/projectstore.h"
#include "planner/scenarioloader.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <sqlite3.h>

#include <chrono>
#include <filesystem>
#include <latch>
#include <optional>
#include <thread>

using namespace sovereign;

namespace {

/// Runs SQL on a plain SQLite connection (making the file if need be), as another program would.
bool sqlExec(const std::string &file, const char *sql) {
    sqlite3 *db = nullptr;
    const bool ok = sqlite3_open(file.c_str(), &db) == SQLITE_OK &&
                    sqlite3_exec(db, sql, nullptr, nullptr, nullptr) == SQLITE_OK;
    sqlite3_close(db);
    return ok;
}

std::int64_t sqlInt(const std::string &file, const char *sql) {
    sqlite3 *db = nullptr;
    sqlite3_stmt *st = nullptr;
    std::int64_t value = -1;
    if (sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK &&
        sqlite3_prepare_v2(db, sql, -1, &st, nullptr) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        value = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return value;
}

bool writeFile(const QString &file, const QByteArray &bytes) {
    QFile f(file);
    return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size();
}

/// What opening could change: the bytes, the modification time, the files beside it.
struct Snapshot {
    QByteArray bytes;
    long long mtimeNs = 0;
    QStringList beside; ///< the file and its -journal, -wal, -shm, whichever exist

    static Snapshot of(const std::string &file) {
        Snapshot s;
        const QString name = QString::fromStdString(file);
        QFile f(name);
        if (f.open(QIODevice::ReadOnly))
            s.bytes = f.readAll();
        std::error_code ec;
        const auto t = std::filesystem::last_write_time(file, ec);
        s.mtimeNs =
            ec ? -1
               : std::chrono::duration_cast<std::chrono::nanoseconds>(t.time_since_epoch()).count();
        const QFileInfo info(name);
        s.beside = info.dir().entryList({info.fileName() + "*"},
                                        QDir::AllEntries | QDir::System | QDir::Hidden);
        return s;
    }
    bool operator==(const Snapshot &) const = default;
};

} // namespace

class TstProjectStore : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;

    std::string path(const QByteArray &name) const {
        return (m_dir.path() + "/" + QString::fromUtf8(name)).toStdString();
    }

  private slots:
    void createMakesAMarkedProject() {
        auto a = ProjectStore::create(path("a.sovereign"), "A");
        QVERIFY(a);
        QCOMPARE(a->schemaVersion(), ProjectStore::kSchemaVersion);
        QCOMPARE(*a->title(), std::string("A"));
        QCOMPARE(sqlInt(path("a.sovereign"), "PRAGMA application_id"),
                 std::int64_t(ProjectStore::kApplicationId));
    }

    // `project new` (and the desktop's Save As to a new file) never takes over
    // what is already there, whatever it is, and leaves it as it was.
    void createRefusesWhatExists_data() {
        QTest::addColumn<QString>("fixture");
        QTest::newRow("a project") << "project";
        QTest::newRow("an empty file (0 bytes)") << "empty";
        QTest::newRow("a text file") << "text";
        QTest::newRow("a directory") << "directory";
        QTest::newRow("a dangling symbolic link") << "symlink";
    }
    void createRefusesWhatExists() {
        QFETCH(QString, fixture);
        const std::string file = path(QByteArray("exists-") + QTest::currentDataTag());
        const QString qfile = QString::fromStdString(file);
        if (fixture == "project")
            QVERIFY(ProjectStore::create(file, "First"));
        else if (fixture == "empty" || fixture == "text")
            QVERIFY(writeFile(qfile, fixture == "text" ? "some notes\n" : ""));
        else if (fixture == "directory")
            QVERIFY(QDir().mkdir(qfile));
        else
            QVERIFY(QFile::link(qfile + ".nowhere", qfile));
        const Snapshot before = Snapshot::of(file);
        auto again = ProjectStore::create(file, "Second");
        QVERIFY(!again);
        QCOMPARE(again.error().file, file);
        QVERIFY2(again.error().message.find("a file already exists there") != std::string::npos,
                 again.error().message.c_str());
        QVERIFY(Snapshot::of(file) == before);
        QVERIFY(!QFileInfo::exists(qfile + ".nowhere"));
    }

    void createInAMissingFolderLeavesNothing() {
        const std::string file = path("no-such-folder/p.sovereign");
        auto p = ProjectStore::create(file, "P");
        QVERIFY(!p);
        QCOMPARE(p.error().file, file);
        QVERIFY2(p.error().message.find("cannot create the project file") != std::string::npos,
                 p.error().message.c_str());
        QVERIFY(!QFileInfo::exists(QString::fromStdString(path("no-such-folder"))));
    }

    // Two creators on one path at the same moment: the file system picks one.
    // 50 rounds, so a window between "does it exist" and "make it" would show.
    void concurrentCreateHasExactlyOneWinner() {
        for (int round = 0; round < 50; ++round) {
            const std::string file = path("race-" + QByteArray::number(round) + ".sovereign");
            std::optional<Result<ProjectStore>> results[2];
            std::latch start(2);
            auto racer = [&](int i) {
                start.arrive_and_wait();
                results[i].emplace(ProjectStore::create(file, i == 0 ? "A" : "B"));
            };
            std::thread a(racer, 0), b(racer, 1);
            a.join();
            b.join();
            const int winner = results[0]->has_value() ? 0 : 1;
            const auto &loser = *results[1 - winner];
            QVERIFY2(results[winner]->has_value(),
                     qPrintable(QString("round %1: no winner: %2")
                                    .arg(round)
                                    .arg(results[0]->error().message.c_str())));
            QVERIFY2(!loser.has_value(), qPrintable(QString("round %1: both won").arg(round)));
            QVERIFY2(
                loser.error().message.find("a file already exists there") != std::string::npos,
                qPrintable(QString("round %1: %2").arg(round).arg(loser.error().message.c_str())));
            results[0].reset();
            results[1].reset();
            auto store = ProjectStore::open(file);
            QVERIFY2(store, qPrintable(QString("round %1").arg(round)));
            QCOMPARE(*store->title(), std::string(winner == 0 ? "A" : "B"));
        }
    }

    void openMissingFileSaysHow() {
        auto p = ProjectStore::open(path("missing.sovereign"));
        QVERIFY(!p);
        QVERIFY(p.error().message.find("sovereign project new") != std::string::npos);
    }

    void saveListExportRoundTrip() {
        auto catalog = Catalog::builtIn();
        QVERIFY(catalog);
        auto s = loadScenarioFile(SOVEREIGN_TEST_DATA "/hand.yaml", *catalog);
        QVERIFY(s);
        auto plan = planScenario(*s);
        QVERIFY(plan);
        {
            auto store = ProjectStore::create(path("p.sovereign"), "P");
            QVERIFY(store);
            QVERIFY(store->saveScenario("hand", s->yamlText, &*plan));
            QVERIFY(store->saveScenario("draft", "schema_version: 1\n"));
        }
        auto store = ProjectStore::open(path("p.sovereign"));
        QVERIFY(store);
        auto rows = store->list();
        QVERIFY(rows);
        QCOMPARE(rows->size(), std::size_t(2));
        QCOMPARE((*rows)[0].name, std::string("draft"));
        QVERIFY(!(*rows)[0].resultComputedAt);
        QCOMPARE((*rows)[1].name, std::string("hand"));
        QCOMPARE((*rows)[1].recommended, std::string("optimal"));
        QVERIFY(std::abs((*rows)[1].npvUsd.at("optimal") - plan->strategy("optimal")->npvUsd) <
                1e-6);
        QCOMPARE(*store->scenarioYaml("hand"), s->yamlText);
        const auto json =
            QJsonDocument::fromJson(QByteArray::fromStdString(*store->latestResultJson("hand")));
        QVERIFY(json["strategies"]["optimal"]["feasible"].toBool());
        // Saving again replaces the YAML and keeps one scenario row.
        QVERIFY(store->saveScenario("hand", s->yamlText + "# edited\n", &*plan));
        QCOMPARE(store->list()->size(), std::size_t(2));
        QVERIFY(store->scenarioYaml("hand")->ends_with("# edited\n"));
        QVERIFY(store->removeScenario("draft"));
        QVERIFY(!store->removeScenario("draft"));
        QVERIFY(!store->scenarioYaml("draft"));
    }

    void replaceAllKeepsExactlyTheGivenScenarios() {
        auto store = ProjectStore::create(path("all.sovereign"), "All");
        QVERIFY(store);
        QVERIFY(store->saveScenario("a", "schema_version: 1\n"));
        QVERIFY(store->saveScenario("b", "schema_version: 1\n"));
        QVERIFY(store->replaceAll({{"b", "b2"}, {"c", "c1"}}));
        auto rows = store->list();
        QCOMPARE(rows->size(), std::size_t(2));
        QCOMPARE((*rows)[0].name, std::string("b"));
        QCOMPARE(*store->scenarioYaml("b"), std::string("b2"));
        QCOMPARE((*rows)[1].name, std::string("c"));
    }

    // Opening (list, import, export, remove, the desktop's Open) refuses what
    // is not a project, says what the file is, and leaves it byte for byte.
    void openRefusesWhatIsNotAProject_data() {
        QTest::addColumn<QString>(
            "fixture"); // bytes, sqlite (SQL on a new file), project (SQL on one)
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("expected");
        const QString notSqlite = "not an SQLite database";
        const QString noTables = "an SQLite database without Sovereign's tables";
        QTest::newRow("empty file (0 bytes)")
            << "bytes" << QByteArray() << "an empty file (0 bytes)";
        QTest::newRow("text file")
            << "bytes"
            << QByteArray("this is not sqlite, just some text that is long enough to have a header")
            << notSqlite;
        QTest::newRow("short binary file")
            << "bytes" << QByteArray("\x89PNG\r\n\x1a\n", 8) << notSqlite;
        QTest::newRow("SQLite database with no tables")
            << "sqlite" << QByteArray("CREATE TABLE t(x); DROP TABLE t;") << noTables;
        QTest::newRow("unrelated SQLite database")
            << "sqlite"
            << QByteArray("CREATE TABLE unrelated(x); INSERT INTO unrelated VALUES (1);")
            << noTables;
        QTest::newRow("unrelated database with a table named like ours")
            << "sqlite" << QByteArray("CREATE TABLE result(x);") << noTables;
        QTest::newRow("unrelated database with a schema version")
            << "sqlite" << QByteArray("CREATE TABLE t(x); PRAGMA user_version = 1;") << noTables;
        QTest::newRow("unrelated database in WAL mode")
            << "sqlite" << QByteArray("PRAGMA journal_mode = WAL; CREATE TABLE t(x);") << noTables;
        QTest::newRow("another application's database (GeoPackage)")
            << "sqlite" << QByteArray("PRAGMA application_id = 1196444487; CREATE TABLE t(x);")
            << "an SQLite database of another application (application_id 0x47504B47)";
        QTest::newRow("Sovereign's mark without a schema")
            << "sqlite"
            << QByteArray("PRAGMA application_id = " +
                          QByteArray::number(ProjectStore::kApplicationId) + "; CREATE TABLE t(x);")
            << "an incomplete file";
        QTest::newRow("project of a newer schema")
            << "project" << QByteArray("PRAGMA user_version = 99;") << "newer than this program";
        QTest::newRow("project of a newer schema without the mark")
            << "project" << QByteArray("PRAGMA application_id = 0; PRAGMA user_version = 2;")
            << "newer than this program";
    }
    void openRefusesWhatIsNotAProject() {
        QFETCH(QString, fixture);
        QFETCH(QByteArray, content);
        QFETCH(QString, expected);
        const std::string file = path(QByteArray("open-") + QTest::currentDataTag());
        if (fixture == "bytes") {
            QVERIFY(writeFile(QString::fromStdString(file), content));
        } else {
            if (fixture == "project") {
                auto store = ProjectStore::create(file, "P");
                QVERIFY(store);
                QVERIFY(store->saveScenario("s", "schema_version: 1\n"));
            }
            QVERIFY(sqlExec(file, content.constData()));
        }
        const Snapshot before = Snapshot::of(file);
        auto store = ProjectStore::open(file);
        QVERIFY(!store);
        QCOMPARE(store.error().file, file);
        const std::string &message = store.error().message;
        QVERIFY2(message.find(expected.toStdString()) != std::string::npos, message.c_str());
        // Says what was expected: a project, or (newer schema) a newer Sovereign.
        QVERIFY2(message.find("expected a Sovereign project") != std::string::npos ||
                     message.find("update Sovereign") != std::string::npos,
                 message.c_str());
        const Snapshot after = Snapshot::of(file);
        QVERIFY2(after.bytes == before.bytes, "the file's content changed");
        QCOMPARE(after.mtimeNs, before.mtimeNs);
        QCOMPARE(after.beside, before.beside);
    }

    // Files made before projects carried PRAGMA application_id stay projects;
    // opening and reading leave them as they are, the first write marks them.
    void opensAProjectMadeBeforeTheMark() {
        const std::string file = path("legacy.sovereign");
        {
            auto store = ProjectStore::create(file, "Old");
            QVERIFY(store);
            QVERIFY(store->saveScenario("kept", "schema_version: 1\n"));
        }
        QVERIFY(sqlExec(file, "PRAGMA application_id = 0"));
        const Snapshot before = Snapshot::of(file);
        {
            auto store = ProjectStore::open(file);
            QVERIFY2(store, store ? "" : store.error().toString().c_str());
            QCOMPARE(*store->title(), std::string("Old"));
            QCOMPARE(store->list()->size(), std::size_t(1));
        }
        const Snapshot after = Snapshot::of(file);
        QVERIFY(after.bytes == before.bytes);
        QCOMPARE(after.mtimeNs, before.mtimeNs);
        QCOMPARE(sqlInt(file, "PRAGMA application_id"), std::int64_t(0));
        auto store = ProjectStore::open(file);
        QVERIFY(store);
        QVERIFY(store->saveScenario("new", "schema_version: 1\n"));
        QCOMPARE(sqlInt(file, "PRAGMA application_id"), std::int64_t(ProjectStore::kApplicationId));
        QCOMPARE(store->list()->size(), std::size_t(2));
    }

    // Another program holds a lock: "locked", naming the file, never "not an
    // SQLite database"; our failed attempt changes nothing.
    void lockedProjectIsReportedAsBusy_data() {
        QTest::addColumn<QByteArray>("lock");
        QTest::addColumn<bool>("openFails");
        QTest::newRow("another connection holds an exclusive lock")
            << QByteArray("BEGIN EXCLUSIVE") << true;
        QTest::newRow("another connection is writing (reserved lock)")
            << QByteArray("BEGIN IMMEDIATE") << false;
    }
    void lockedProjectIsReportedAsBusy() {
        QFETCH(QByteArray, lock);
        QFETCH(bool, openFails);
        const std::string file = path(QByteArray("locked-") + QTest::currentDataTag());
        QVERIFY(ProjectStore::create(file, "Locked"));
        const Snapshot before = Snapshot::of(file);
        sqlite3 *other = nullptr;
        QCOMPARE(sqlite3_open(file.c_str(), &other), SQLITE_OK);
        QCOMPARE(sqlite3_exec(other, lock.constData(), nullptr, nullptr, nullptr), SQLITE_OK);
        Error error;
        if (openFails) {
            auto store = ProjectStore::open(file);
            QVERIFY(!store);
            error = store.error();
        } else {
            auto store = ProjectStore::open(file);
            QVERIFY2(store, store ? "" : store.error().toString().c_str());
            auto saved = store->saveScenario("s", "schema_version: 1\n");
            QVERIFY(!saved);
            error = saved.error();
        }
        QCOMPARE(sqlite3_exec(other, "ROLLBACK", nullptr, nullptr, nullptr), SQLITE_OK);
        sqlite3_close(other);
        QCOMPARE(error.file, file);
        QVERIFY2(error.message.find("locked by another program") != std::string::npos,
                 error.message.c_str());
        QVERIFY2(error.message.find("not an SQLite") == std::string::npos, error.message.c_str());
        const Snapshot after = Snapshot::of(file);
        QVERIFY(after.bytes == before.bytes);
        QCOMPARE(after.beside, before.beside);
        // Once the other program lets go, the project opens and saves.
        auto store = ProjectStore::open(file);
        QVERIFY(store);
        QVERIFY(store->saveScenario("s", "schema_version: 1\n"));
    }

    // A lock held briefly is waited for (sqlite3_busy_timeout), not reported.
    // The lock is released after 0.2 s, far inside kBusyTimeoutMs.
    void waitsForAShortLock() {
        const std::string file = path("brief.sovereign");
        QVERIFY(ProjectStore::create(file, "Brief"));
        sqlite3 *other = nullptr;
        QCOMPARE(sqlite3_open(file.c_str(), &other), SQLITE_OK);
        QCOMPARE(sqlite3_exec(other, "BEGIN EXCLUSIVE", nullptr, nullptr, nullptr), SQLITE_OK);
        std::thread release([other] {
            std::this_thread::sleep_for(std::chrono::milliseconds(200));
            sqlite3_exec(other, "ROLLBACK", nullptr, nullptr, nullptr);
        });
        auto store = ProjectStore::open(file);
        release.join();
        sqlite3_close(other);
        QVERIFY2(store, store ? "" : store.error().toString().c_str());
    }
};

QTEST_GUILESS_MAIN(TstProjectStore)
#include "tst_projectstore.moc"
