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
class ProjectStore {
  public:
    static constexpr int kSchemaVersion = 1;

    /// Creates a new project file; refuses to overwrite an existing one.
    static Result<ProjectStore> create(const std::string &path, const std::string &title);
    /// Opens an existing project, migrating its schema if it is older.
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
    Result<std::vector<StoredScenario>> list() const;

  private:
    ProjectStore(sqlite3 *db, std::string path);
    Result<void> migrate();
    Result<void> exec(const std::string &sql) const;
    Result<void> upsert(const std::string &name, const std::string &yaml, const PlanResult *result,
                        int monteCarloDraws);
    Error sqlError(const std::string &what) const;

    sqlite3 *m_db = nullptr;
    std::string m_path;
};

} // namespace sovereign
