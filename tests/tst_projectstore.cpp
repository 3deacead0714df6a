// The SQLite project file: create, migrate, save in transactions, list, export.
#include "planner/catalog.h"
#include "planner/planner.h"
#include "planner/projectstore.h"
#include "planner/scenarioloader.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <sqlite3.h>

using namespace sovereign;

class TstProjectStore : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;

    std::string path(const char *name) const { return (m_dir.path() + "/" + name).toStdString(); }

  private slots:
    void createRefusesToOverwrite() {
        auto a = ProjectStore::create(path("a.sovereign"), "A");
        QVERIFY(a);
        QCOMPARE(a->schemaVersion(), ProjectStore::kSchemaVersion);
        QCOMPARE(*a->title(), std::string("A"));
        auto again = ProjectStore::create(path("a.sovereign"), "B");
        QVERIFY(!again);
        QVERIFY(again.error().message.find("already exists") != std::string::npos);
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

    void migratesAnEmptyDatabase() {
        // A plain SQLite file at user_version 0 is brought to the current schema.
        sqlite3 *db = nullptr;
        QCOMPARE(sqlite3_open(path("old.sovereign").c_str(), &db), SQLITE_OK);
        QCOMPARE(sqlite3_exec(db, "CREATE TABLE unrelated(x)", nullptr, nullptr, nullptr),
                 SQLITE_OK);
        sqlite3_close(db);
        auto store = ProjectStore::open(path("old.sovereign"));
        QVERIFY2(store, store ? "" : store.error().toString().c_str());
        QCOMPARE(store->schemaVersion(), ProjectStore::kSchemaVersion);
        QVERIFY(store->saveScenario("x", "schema_version: 1\n"));
    }

    void refusesANewerSchema() {
        sqlite3 *db = nullptr;
        QCOMPARE(sqlite3_open(path("new.sovereign").c_str(), &db), SQLITE_OK);
        QCOMPARE(sqlite3_exec(db, "PRAGMA user_version = 99", nullptr, nullptr, nullptr),
                 SQLITE_OK);
        sqlite3_close(db);
        auto store = ProjectStore::open(path("new.sovereign"));
        QVERIFY(!store);
        QVERIFY(store.error().message.find("newer than this program") != std::string::npos);
    }

    void failedMigrationLeavesTheFileUntouched() {
        // A table named like ours makes migration 1 fail; nothing may be half-applied.
        sqlite3 *db = nullptr;
        QCOMPARE(sqlite3_open(path("clash.sovereign").c_str(), &db), SQLITE_OK);
        QCOMPARE(sqlite3_exec(db, "CREATE TABLE result(x)", nullptr, nullptr, nullptr), SQLITE_OK);
        sqlite3_close(db);
        auto store = ProjectStore::open(path("clash.sovereign"));
        QVERIFY(!store);
        QVERIFY(store.error().message.find("migration to schema 1 failed") != std::string::npos);
        QCOMPARE(sqlite3_open(path("clash.sovereign").c_str(), &db), SQLITE_OK);
        sqlite3_stmt *st = nullptr;
        sqlite3_prepare_v2(db, "SELECT count(*) FROM sqlite_master WHERE name = 'scenario'", -1,
                           &st, nullptr);
        QCOMPARE(sqlite3_step(st), SQLITE_ROW);
        QCOMPARE(sqlite3_column_int(st, 0), 0); // rolled back
        sqlite3_finalize(st);
        sqlite3_close(db);
    }

    void notADatabase() {
        QFile f(QString::fromStdString(path("text.sovereign")));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("this is not sqlite, just some text that is long enough to have a header......");
        f.close();
        QVERIFY(!ProjectStore::open(path("text.sovereign")));
    }
};

QTEST_GUILESS_MAIN(TstProjectStore)
#include "tst_projectstore.moc"
