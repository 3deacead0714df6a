#include "planner/projectstore.h"

#include "planner/planresult.h"
#include "planner/resultjson.h"

#include <QJsonDocument>

#include <sqlite3.h>

#include <QFile>
#include <QFileInfo>

#include <algorithm>
#include <cstdio>
#include <cstring>
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
    int rc() const { return m_rc; }
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

const char *const kExpected =
    "expected a Sovereign project (a .sovereign file made by 'sovereign project new' or the "
    "desktop app)";

/// What an SQLite result code means for the user, and what they can do.
std::string describe(int rc, sqlite3 *db) {
    const std::string detail = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return "the file is locked by another program or window (still busy after " +
               std::to_string(ProjectStore::kBusyTimeoutMs / 1000) +
               " s); close it there or try again";
    case SQLITE_NOTADB:
        return std::string("not an SQLite database; ") + kExpected;
    case SQLITE_CORRUPT:
        return "the project file is damaged (SQLite: " + detail + ")";
    case SQLITE_CANTOPEN: {
        const int err = db ? sqlite3_system_errno(db) : 0;
        return "cannot open the file: " + (err ? std::string(std::strerror(err)) : detail);
    }
    case SQLITE_READONLY:
    case SQLITE_PERM:
        return "the project file is read-only here (SQLite: " + detail + ")";
    case SQLITE_FULL:
        return "the disk is full (SQLite: " + detail + ")";
    default:
        return "SQLite: " + detail;
    }
}

} // namespace

ProjectStore::ProjectStore(sqlite3 *db, std::string path) : m_db(db), m_path(std::move(path)) {}

ProjectStore::ProjectStore(ProjectStore &&other) noexcept
    : m_db(std::exchange(other.m_db, nullptr)), m_path(std::move(other.m_path)),
      m_needsApplicationId(other.m_needsApplicationId) {}

ProjectStore &ProjectStore::operator=(ProjectStore &&other) noexcept {
    if (this != &other) {
        sqlite3_close(m_db);
        m_db = std::exchange(other.m_db, nullptr);
        m_path = std::move(other.m_path);
        m_needsApplicationId = other.m_needsApplicationId;
    }
    return *this;
}

ProjectStore::~ProjectStore() {
    sqlite3_close(m_db);
}

Error ProjectStore::sqlError(const std::string &what) const {
    const int rc = m_db ? sqlite3_extended_errcode(m_db) : SQLITE_NOMEM;
    return Error{m_path, 0, 0, what + ": " + describe(rc, m_db)};
}

Result<void> ProjectStore::exec(const std::string &sql) const {
    if (const int rc = sqlite3_exec(m_db, sql.c_str(), nullptr, nullptr, nullptr); rc != SQLITE_OK)
        return std::unexpected(Error{m_path, 0, 0, describe(rc, m_db)});
    return {};
}

Result<ProjectStore> ProjectStore::connect(const std::string &path) {
    sqlite3 *db = nullptr;
    // Never SQLITE_OPEN_CREATE: the file exists (create() made it), and a
    // missing one must not be made here.
    const int rc = sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr);
    ProjectStore store(db, path); // closes db on every way out
    if (rc != SQLITE_OK)
        return std::unexpected(Error{path, 0, 0, describe(rc, db)});
    // Before the first statement: without it a lock held by another program
    // fails at once with SQLITE_BUSY instead of being waited for.
    sqlite3_busy_timeout(db, kBusyTimeoutMs);
    if (auto ok = store.exec("PRAGMA foreign_keys = ON"); !ok)
        return std::unexpected(ok.error());
    return store;
}

Result<ProjectStore> ProjectStore::create(const std::string &path, const std::string &title) {
    // The file is made with O_CREAT | O_EXCL (QIODevice::NewOnly): the system
    // guarantees that of two `project new` on one path exactly one makes it and
    // the other is told it exists. Checking exists() and then letting SQLite
    // create the file left a window in which both went on to write the schema
    // ("table project already exists"), and a lock taken after opening cannot
    // close that window because the loser must not touch the file at all.
    QFile file(QString::fromStdString(path));
    if (!file.open(QIODevice::WriteOnly | QIODevice::NewOnly)) {
        const QFileInfo info(file.fileName());
        if (info.exists() || info.isSymLink())
            return fail(path, 0, 0,
                        "a file already exists there; a new project does not overwrite it: "
                        "choose another name or remove the file");
        return fail(path, 0, 0,
                    "cannot create the project file: " + file.errorString().toStdString());
    }
    file.close();
    auto store = initialise(path, title);
    if (!store) {
        // We made the file, so it is ours to remove: no empty or half-made project is left.
        std::error_code ignored;
        std::filesystem::remove(path + "-journal", ignored);
        std::filesystem::remove(path, ignored);
    }
    return store;
}

Result<ProjectStore> ProjectStore::initialise(const std::string &path, const std::string &title) {
    auto store = connect(path);
    if (!store)
        return store;
    // The mark, every migration and the title in one transaction: a reader, or
    // the file after a crash, shows an empty file or a whole project, never half.
    if (auto ok = store->exec("BEGIN EXCLUSIVE"); !ok)
        return std::unexpected(ok.error());
    auto ok = store->exec("PRAGMA application_id = " + std::to_string(kApplicationId));
    for (int v = 0; ok && v < kMigrationCount; ++v)
        ok = store->exec(kMigrations[v]);
    if (ok)
        ok = store->exec("PRAGMA user_version = " + std::to_string(kSchemaVersion));
    if (ok) {
        Statement st(store->m_db,
                     "INSERT INTO project(key, value) VALUES ('title', ?1), ('created_at', ?2)");
        st.bind(1, title).bind(2, nowUtc());
        if (!st.ok() || st.step() != SQLITE_DONE)
            ok = std::unexpected(store->sqlError("cannot write the project title"));
    }
    if (ok)
        ok = store->exec("COMMIT");
    if (!ok) {
        (void)store->exec("ROLLBACK");
        return std::unexpected(
            Error{path, 0, 0, "cannot create the project: " + ok.error().message});
    }
    return store;
}

Result<ProjectStore> ProjectStore::open(const std::string &path) {
    // Looked at with stat() only: opening and closing a descriptor of a file
    // that an SQLite connection of this process has open would drop that
    // connection's POSIX locks (SQLite's "how to corrupt" note, 2.2), so the
    // content is left to SQLite to read.
    std::error_code ec;
    const auto status = std::filesystem::status(path, ec);
    if (status.type() == std::filesystem::file_type::not_found)
        return fail(path, 0, 0, "no such project file; create one with 'sovereign project new'");
    if (ec)
        return fail(path, 0, 0, "cannot look at the file: " + ec.message());
    if (std::filesystem::is_directory(status))
        return fail(path, 0, 0, std::string("a directory, not a file; ") + kExpected);
    if (!std::filesystem::is_regular_file(status))
        return fail(path, 0, 0, std::string("not a regular file; ") + kExpected);
    if (std::filesystem::file_size(path, ec) == 0 && !ec)
        return fail(path, 0, 0,
                    std::string("an empty file (0 bytes), not a project (a 'project new' that "
                                "was interrupted, or is still running, leaves one); ") +
                        kExpected);
    auto store = connect(path);
    if (!store)
        return store;
    auto version = store->identify();
    if (!version)
        return std::unexpected(version.error());
    if (*version < kSchemaVersion)
        if (auto ok = store->migrate(); !ok)
            return std::unexpected(ok.error());
    return store;
}

Result<int> ProjectStore::identify() {
    // One statement, so one read transaction: the three facts agree. Preparing
    // it reads the schema, which is where "locked" and "not a database" show.
    Statement st(m_db, "SELECT (SELECT application_id FROM pragma_application_id),"
                       " (SELECT user_version FROM pragma_user_version),"
                       " (SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN"
                       " ('project', 'scenario', 'result', 'strategy_npv'))");
    if (!st.ok())
        return std::unexpected(Error{m_path, 0, 0, describe(st.rc(), m_db)});
    if (const int rc = st.step(); rc != SQLITE_ROW)
        return std::unexpected(Error{m_path, 0, 0, describe(rc, m_db)});
    const auto applicationId = static_cast<std::int32_t>(st.integer(0));
    const int version = static_cast<int>(st.integer(1));
    const bool hasSchema1Tables = st.integer(2) == 4;
    auto notOurs = [&](const std::string &what) {
        return fail(m_path, 0, 0, what + ", not a Sovereign project; " + kExpected);
    };
    if (applicationId != kApplicationId && applicationId != 0) {
        char id[16];
        std::snprintf(id, sizeof id, "0x%08X", static_cast<unsigned>(applicationId));
        return notOurs(std::string("an SQLite database of another application (application_id ") +
                       id + ")");
    }
    // Projects made before the mark: schema 1's tables and a schema version.
    const bool legacy = applicationId == 0 && version >= 1 && hasSchema1Tables;
    if (applicationId == 0 && !legacy)
        return notOurs(hasSchema1Tables ? "an SQLite database with Sovereign's tables but no "
                                          "schema version"
                                        : "an SQLite database without Sovereign's tables");
    if (version < 1)
        return notOurs("an incomplete file: marked as Sovereign's but without a schema version");
    if (version > kSchemaVersion)
        return fail(m_path, 0, 0,
                    "the project has schema version " + std::to_string(version) +
                        ", newer than this program understands (" + std::to_string(kSchemaVersion) +
                        "); update Sovereign");
    m_needsApplicationId = legacy;
    return version;
}

int ProjectStore::schemaVersion() const {
    Statement st(m_db, "PRAGMA user_version");
    return st.ok() && st.step() == SQLITE_ROW ? static_cast<int>(st.integer(0)) : -1;
}

Result<void> ProjectStore::beginWrite() {
    if (auto ok = exec("BEGIN IMMEDIATE"); !ok)
        return ok;
    if (m_needsApplicationId) {
        // A project made before the mark gets it with its first write, so that
        // later builds (and `file`) know it without looking at its tables.
        if (auto ok = exec("PRAGMA application_id = " + std::to_string(kApplicationId)); !ok) {
            (void)exec("ROLLBACK");
            return ok;
        }
    }
    return {};
}

Result<void> ProjectStore::commit() {
    if (auto ok = exec("COMMIT"); !ok)
        return ok;
    m_needsApplicationId = false;
    return {};
}

Result<void> ProjectStore::migrate() {
    // Only projects (schema 1 or later, identify() checked) get here. Each step
    // is one transaction, so a failure leaves the last good version; the
    // version is read again inside it, because another program may have
    // migrated the file between our look and our lock.
    for (;;) {
        if (auto ok = beginWrite(); !ok)
            return ok;
        const int v = schemaVersion();
        if (v < 1 || v >= kSchemaVersion) {
            (void)exec("ROLLBACK");
            return v < 1 ? std::unexpected(sqlError("cannot read the schema version"))
                         : Result<void>{};
        }
        auto ok = exec(kMigrations[v]);
        if (ok)
            ok = exec("PRAGMA user_version = " + std::to_string(v + 1));
        if (!ok) {
            (void)exec("ROLLBACK");
            return std::unexpected(Error{m_path, 0, 0,
                                         "migration to schema " + std::to_string(v + 1) +
                                             " failed: " + ok.error().message});
        }
        if (auto c = commit(); !c)
            return c;
    }
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
    if (auto ok = beginWrite(); !ok)
        return ok;
    if (auto ok = upsert(name, yaml, result, monteCarloDraws); !ok) {
        (void)exec("ROLLBACK");
        return ok;
    }
    return commit();
}

Result<void> ProjectStore::replaceAll(const std::vector<ScenarioRecord> &scenarios) {
    if (auto ok = beginWrite(); !ok)
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
    return commit();
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
    if (auto ok = beginWrite(); !ok)
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
    return commit();
}

Result<void> ProjectStore::renameScenario(const std::string &from, const std::string &to) {
    if (to.empty())
        return fail(m_path, 0, 0, "a scenario needs a name");
    if (auto ok = beginWrite(); !ok)
        return ok;
    {
        Statement taken(m_db, "SELECT 1 FROM scenario WHERE name = ?1");
        taken.bind(1, to);
        if (from != to && taken.ok() && taken.step() == SQLITE_ROW) {
            (void)exec("ROLLBACK");
            return fail(m_path, 0, 0, "a scenario named '" + to + "' is already in the project");
        }
    }
    Statement st(m_db, "UPDATE scenario SET name = ?2, updated_at = ?3 WHERE name = ?1");
    st.bind(1, from).bind(2, to).bind(3, nowUtc());
    if (!st.ok() || st.step() != SQLITE_DONE) {
        Error e = sqlError("cannot rename '" + from + "'");
        (void)exec("ROLLBACK");
        return std::unexpected(e);
    }
    if (sqlite3_changes(m_db) == 0) {
        (void)exec("ROLLBACK");
        return fail(m_path, 0, 0, "no scenario named '" + from + "' in the project");
    }
    return commit();
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
