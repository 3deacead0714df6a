#include "planner/projectstore.h"

#include "planner/planresult.h"
#include "planner/resultjson.h"

#include <QJsonDocument>

#include <sqlite3.h>

#include <algorithm>
#include <ctime>
#include <filesystem>

namespace sovereign {

namespace {

// Migration N takes a project from user_version N-1 to N. Append, never edit.
const char *const kMigrations[] = {
    // 1: scenarios, results and the NPV of each strategy per result.
    R"sql(
CREATE TABLE project (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE scenario (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  yaml TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL);
CREATE TABLE result (
  id INTEGER PRIMARY KEY,
  scenario_id INTEGER NOT NULL REFERENCES scenario(id) ON DELETE CASCADE,
  computed_at TEXT NOT NULL,
  monte_carlo_draws INTEGER NOT NULL,
  recommended TEXT,
  json TEXT NOT NULL);
CREATE TABLE strategy_npv (
  result_id INTEGER NOT NULL REFERENCES result(id) ON DELETE CASCADE,
  strategy TEXT NOT NULL,
  npv_usd REAL NOT NULL,
  feasible INTEGER NOT NULL,
  PRIMARY KEY (result_id, strategy));
CREATE INDEX result_by_scenario ON result(scenario_id, computed_at);
)sql",
};
constexpr int kMigrationCount = sizeof(kMigrations) / sizeof(kMigrations[0]);
static_assert(kMigrationCount == ProjectStore::kSchemaVersion);

std::string nowUtc() {
    const std::time_t t = std::time(nullptr);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&t));
    return buf;
}

/// A prepared statement that finalizes itself.
class Statement {
  public:
    Statement(sqlite3 *db, const char *sql) {
        m_rc = sqlite3_prepare_v2(db, sql, -1, &m_stmt, nullptr);
    }
    ~Statement() { sqlite3_finalize(m_stmt); }
    bool ok() const { return m_rc == SQLITE_OK; }
    Statement &bind(int i, const std::string &v) {
        sqlite3_bind_text(m_stmt, i, v.c_str(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
        return *this;
    }
    Statement &bind(int i, double v) {
        sqlite3_bind_double(m_stmt, i, v);
        return *this;
    }
    Statement &bind(int i, std::int64_t v) {
        sqlite3_bind_int64(m_stmt, i, v);
        return *this;
    }
    int step() { return sqlite3_step(m_stmt); }
    std::string text(int col) const {
        const auto *p = sqlite3_column_text(m_stmt, col);
        return p ? reinterpret_cast<const char *>(p) : std::string();
    }
    bool isNull(int col) const { return sqlite3_column_type(m_stmt, col) == SQLITE_NULL; }
    double real(int col) const { return sqlite3_column_double(m_stmt, col); }
    std::int64_t integer(int col) const { return sqlite3_column_int64(m_stmt, col); }

  private:
    sqlite3_stmt *m_stmt = nullptr;
    int m_rc = SQLITE_ERROR;
};

} // namespace

ProjectStore::ProjectStore(sqlite3 *db, std::string path) : m_db(db), m_path(std::move(path)) {}

ProjectStore::ProjectStore(ProjectStore &&other) noexcept
    : m_db(std::exchange(other.m_db, nullptr)), m_path(std::move(other.m_path)) {}

ProjectStore &ProjectStore::operator=(ProjectStore &&other) noexcept {
    if (this != &other) {
        sqlite3_close(m_db);
        m_db = std::exchange(other.m_db, nullptr);
        m_path = std::move(other.m_path);
    }
    return *this;
}

ProjectStore::~ProjectStore() {
    sqlite3_close(m_db);
}

Error ProjectStore::sqlError(const std::string &what) const {
    return Error{m_path, 0, 0, what + ": " + (m_db ? sqlite3_errmsg(m_db) : "no database")};
}

Result<void> ProjectStore::exec(const std::string &sql) const {
    char *message = nullptr;
    if (sqlite3_exec(m_db, sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
        Error e{m_path, 0, 0, std::string("SQLite: ") + (message ? message : "unknown error")};
        sqlite3_free(message);
        return std::unexpected(e);
    }
    return {};
}

Result<ProjectStore> ProjectStore::create(const std::string &path, const std::string &title) {
    if (std::filesystem::exists(path))
        return fail(path, 0, 0, "a file already exists there; choose another name or remove it");
    sqlite3 *db = nullptr;
    if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) !=
        SQLITE_OK) {
        Error e{path, 0, 0, std::string("cannot create the project: ") + sqlite3_errmsg(db)};
        sqlite3_close(db);
        return std::unexpected(e);
    }
    ProjectStore store(db, path);
    if (auto ok = store.migrate(); !ok)
        return std::unexpected(ok.error());
    if (auto ok = store.exec("BEGIN IMMEDIATE"); !ok)
        return std::unexpected(ok.error());
    Statement st(db, "INSERT INTO project(key, value) VALUES ('title', ?1), ('created_at', ?2)");
    st.bind(1, title).bind(2, nowUtc());
    if (!st.ok() || st.step() != SQLITE_DONE) {
        (void)store.exec("ROLLBACK");
        return std::unexpected(store.sqlError("cannot write the project title"));
    }
    if (auto ok = store.exec("COMMIT"); !ok)
        return std::unexpected(ok.error());
    return store;
}

Result<ProjectStore> ProjectStore::open(const std::string &path) {
    if (!std::filesystem::exists(path))
        return fail(path, 0, 0, "no such project file; create one with 'sovereign project new'");
    sqlite3 *db = nullptr;
    if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
        Error e{path, 0, 0, std::string("cannot open the project: ") + sqlite3_errmsg(db)};
        sqlite3_close(db);
        return std::unexpected(e);
    }
    ProjectStore store(db, path);
    if (auto ok = store.migrate(); !ok)
        return std::unexpected(ok.error());
    return store;
}

int ProjectStore::schemaVersion() const {
    Statement st(m_db, "PRAGMA user_version");
    return st.ok() && st.step() == SQLITE_ROW ? static_cast<int>(st.integer(0)) : -1;
}

Result<void> ProjectStore::migrate() {
    sqlite3_busy_timeout(m_db, 5000);
    if (auto ok = exec("PRAGMA foreign_keys = ON"); !ok)
        return ok;
    const int version = schemaVersion();
    if (version < 0)
        return std::unexpected(sqlError("not a Sovereign project (not an SQLite database)"));
    if (version > kSchemaVersion)
        return fail(m_path, 0, 0,
                    "the project has schema version " + std::to_string(version) +
                        ", newer than this program understands (" + std::to_string(kSchemaVersion) +
                        "); update Sovereign");
    for (int v = version; v < kSchemaVersion; ++v) {
        // Each step is one transaction, so a failure leaves the last good version.
        if (auto ok = exec("BEGIN IMMEDIATE"); !ok)
            return ok;
        auto ok = exec(kMigrations[v]);
        if (ok)
            ok = exec("PRAGMA user_version = " + std::to_string(v + 1));
        if (!ok) {
            (void)exec("ROLLBACK");
            return std::unexpected(Error{m_path, 0, 0,
                                         "migration to schema " + std::to_string(v + 1) +
                                             " failed: " + ok.error().message});
        }
        if (auto c = exec("COMMIT"); !c)
            return c;
    }
    return {};
}

Result<std::string> ProjectStore::title() const {
    Statement st(m_db, "SELECT value FROM project WHERE key = 'title'");
    if (st.ok() && st.step() == SQLITE_ROW)
        return st.text(0);
    return std::string();
}

Result<void> ProjectStore::upsert(const std::string &name, const std::string &yaml,
                                  const PlanResult *result, int monteCarloDraws) {
    const std::string now = nowUtc();
    {
        Statement st(m_db, "INSERT INTO scenario(name, yaml, created_at, updated_at) "
                           "VALUES (?1, ?2, ?3, ?3) ON CONFLICT(name) DO UPDATE SET "
                           "yaml = excluded.yaml, updated_at = excluded.updated_at");
        st.bind(1, name).bind(2, yaml).bind(3, now);
        if (!st.ok() || st.step() != SQLITE_DONE)
            return std::unexpected(sqlError("cannot save scenario '" + name + "'"));
    }
    if (!result)
        return {};
    const std::string json =
        QJsonDocument(planToJson(*result)).toJson(QJsonDocument::Compact).toStdString();
    Statement st(m_db,
                 "INSERT INTO result(scenario_id, computed_at, monte_carlo_draws, "
                 "recommended, json) SELECT id, ?2, ?3, ?4, ?5 FROM scenario WHERE name = ?1");
    st.bind(1, name)
        .bind(2, now)
        .bind(3, static_cast<std::int64_t>(monteCarloDraws))
        .bind(4, result->recommended)
        .bind(5, json);
    if (!st.ok() || st.step() != SQLITE_DONE)
        return std::unexpected(sqlError("cannot save the result of '" + name + "'"));
    const std::int64_t resultId = sqlite3_last_insert_rowid(m_db);
    for (const auto &s : result->strategies) {
        Statement npv(m_db, "INSERT INTO strategy_npv(result_id, strategy, npv_usd, feasible) "
                            "VALUES (?1, ?2, ?3, ?4)");
        npv.bind(1, resultId)
            .bind(2, s.name)
            .bind(3, s.npvUsd)
            .bind(4, static_cast<std::int64_t>(s.feasible));
        if (!npv.ok() || npv.step() != SQLITE_DONE)
            return std::unexpected(sqlError("cannot save the NPVs of '" + name + "'"));
    }
    return {};
}

Result<void> ProjectStore::saveScenario(const std::string &name, const std::string &yaml,
                                        const PlanResult *result, int monteCarloDraws) {
    if (auto ok = exec("BEGIN IMMEDIATE"); !ok)
        return ok;
    if (auto ok = upsert(name, yaml, result, monteCarloDraws); !ok) {
        (void)exec("ROLLBACK");
        return ok;
    }
    return exec("COMMIT");
}

Result<void> ProjectStore::replaceAll(const std::vector<ScenarioRecord> &scenarios) {
    if (auto ok = exec("BEGIN IMMEDIATE"); !ok)
        return ok;
    auto rollback = [&](Result<void> r) {
        (void)exec("ROLLBACK");
        return r;
    };
    std::vector<std::string> existing;
    {
        Statement st(m_db, "SELECT name FROM scenario");
        while (st.step() == SQLITE_ROW)
            existing.push_back(st.text(0));
    }
    for (const auto &name : existing) {
        const bool kept = std::any_of(scenarios.begin(), scenarios.end(),
                                      [&](const ScenarioRecord &r) { return r.name == name; });
        if (kept)
            continue;
        Statement st(m_db, "DELETE FROM scenario WHERE name = ?1");
        st.bind(1, name);
        if (!st.ok() || st.step() != SQLITE_DONE)
            return rollback(std::unexpected(sqlError("cannot remove '" + name + "'")));
    }
    for (const auto &r : scenarios)
        if (auto ok = upsert(r.name, r.yaml, r.result, 0); !ok)
            return rollback(ok);
    return exec("COMMIT");
}

Result<std::string> ProjectStore::scenarioYaml(const std::string &name) const {
    Statement st(m_db, "SELECT yaml FROM scenario WHERE name = ?1");
    st.bind(1, name);
    if (st.ok() && st.step() == SQLITE_ROW)
        return st.text(0);
    return fail(m_path, 0, 0, "no scenario named '" + name + "' in the project");
}

Result<std::string> ProjectStore::latestResultJson(const std::string &name) const {
    Statement st(m_db, "SELECT r.json FROM result r JOIN scenario s ON s.id = r.scenario_id "
                       "WHERE s.name = ?1 ORDER BY r.id DESC LIMIT 1");
    st.bind(1, name);
    if (st.ok() && st.step() == SQLITE_ROW)
        return st.text(0);
    return fail(m_path, 0, 0, "scenario '" + name + "' has no stored result");
}

Result<void> ProjectStore::removeScenario(const std::string &name) {
    if (auto ok = exec("BEGIN IMMEDIATE"); !ok)
        return ok;
    Statement st(m_db, "DELETE FROM scenario WHERE name = ?1");
    st.bind(1, name);
    if (!st.ok() || st.step() != SQLITE_DONE) {
        Error e = sqlError("cannot remove '" + name + "'");
        (void)exec("ROLLBACK");
        return std::unexpected(e);
    }
    if (sqlite3_changes(m_db) == 0) {
        (void)exec("ROLLBACK");
        return fail(m_path, 0, 0, "no scenario named '" + name + "' in the project");
    }
    return exec("COMMIT");
}

Result<std::vector<StoredScenario>> ProjectStore::list() const {
    std::vector<StoredScenario> out;
    Statement st(m_db, "SELECT s.name, s.updated_at, r.id, r.computed_at, r.recommended "
                       "FROM scenario s LEFT JOIN result r ON r.id = "
                       "(SELECT MAX(id) FROM result WHERE scenario_id = s.id) ORDER BY s.name");
    if (!st.ok())
        return std::unexpected(sqlError("cannot list scenarios"));
    while (st.step() == SQLITE_ROW) {
        StoredScenario row;
        row.name = st.text(0);
        row.updatedAt = st.text(1);
        if (!st.isNull(2)) {
            row.resultComputedAt = st.text(3);
            row.recommended = st.text(4);
            Statement npv(m_db, "SELECT strategy, npv_usd FROM strategy_npv WHERE result_id = ?1");
            npv.bind(1, st.integer(2));
            while (npv.step() == SQLITE_ROW)
                row.npvUsd[npv.text(0)] = npv.real(1);
        }
        out.push_back(row);
    }
    return out;
}

} // namespace sovereign
