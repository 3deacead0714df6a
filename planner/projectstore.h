#pragma once

#include "planner/base/error.h"

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

struct sqlite3;

namespace sovereign {

struct PlanResult;

/// One scenario of a project, with the NPVs of its latest stored result.
struct StoredScenario {
    std::string name;
    std::string updatedAt;
    std::optional<std::string> resultComputedAt;
    std::map<std::string, double> npvUsd; ///< by strategy, latest result
    std::string recommended;
};

/// A project: one SQLite file (.sovereign) holding scenarios (their YAML) and
/// computed results (their JSON). The schema is versioned (PRAGMA
/// user_version) and migrated forward on open; every write is one transaction.
///
/// A project is marked with PRAGMA application_id = kApplicationId. Files made
/// before the mark existed (application_id 0) are still projects when they hold
/// the tables of schema 1 and a user_version of at least 1; they get the mark
/// with their first write. Only create() makes or initialises a file: open()
/// refuses anything else and leaves it untouched.
class ProjectStore {
  public:
    static constexpr int kSchemaVersion = 1;
    /// PRAGMA application_id of a project: "SOVR" in ASCII, big-endian.
    static constexpr std::int32_t kApplicationId = 0x534F5652;
    /// How long an open or a write waits for another program's lock before it
    /// reports the project as busy.
    static constexpr int kBusyTimeoutMs = 5000;

    /// Creates a new project file. Refuses when anything exists at \a path
    /// (a project, an empty or any other file): of two concurrent calls on one
    /// path exactly one succeeds, the other is told the file already exists.
    /// On failure no file is left behind.
    static Result<ProjectStore> create(const std::string &path, const std::string &title);
    /// Opens an existing project, migrating its schema if it is older. Refuses,
    /// without changing the file: an empty file, a file that is not SQLite, an
    /// SQLite database that is not a Sovereign project, a project of a newer
    /// schema than kSchemaVersion, and a file another program keeps locked for
    /// longer than kBusyTimeoutMs.
    static Result<ProjectStore> open(const std::string &path);

    ProjectStore(ProjectStore &&) noexcept;
    ProjectStore &operator=(ProjectStore &&) noexcept;
    ~ProjectStore();

    int schemaVersion() const;
    Result<std::string> title() const;

    /// Inserts or replaces a scenario by name; with a result, stores it in the same transaction.
    Result<void> saveScenario(const std::string &name, const std::string &yaml,
                              const PlanResult *result = nullptr, int monteCarloDraws = 0);
    /// One scenario as the desktop app saves it.
    struct ScenarioRecord {
        std::string name;
        std::string yaml;
        const PlanResult *result = nullptr; ///< optional
    };
    /// Makes the project hold exactly these scenarios (others are removed), in
    /// one transaction: a failed save leaves the file as it was.
    Result<void> replaceAll(const std::vector<ScenarioRecord> &scenarios);

    Result<std::string> scenarioYaml(const std::string &name) const;
    Result<std::string> latestResultJson(const std::string &name) const;
    Result<void> removeScenario(const std::string &name);
    /// Renames a scenario, keeping its YAML and stored results; refuses a name
    /// another scenario has.
    Result<void> renameScenario(const std::string &from, const std::string &to);
    Result<std::vector<StoredScenario>> list() const;

  private:
    ProjectStore(sqlite3 *db, std::string path);
    static Result<ProjectStore> connect(const std::string &path);
    static Result<ProjectStore> initialise(const std::string &path, const std::string &title);
    Result<int> identify();
    Result<void> migrate();
    Result<void> beginWrite();
    Result<void> commit();
    Result<void> exec(const std::string &sql) const;
    Result<void> upsert(const std::string &name, const std::string &yaml, const PlanResult *result,
                        int monteCarloDraws);
    Error sqlError(const std::string &what) const;

    sqlite3 *m_db = nullptr;
    std::string m_path;
    bool m_needsApplicationId = false; ///< made before kApplicationId: marked on the next write
};

} // namespace sovereign
