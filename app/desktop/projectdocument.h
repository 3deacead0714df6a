#pragma once

#include "planner/catalog.h"
#include "planner/planresult.h"
#include "planner/scenario.h"
#include "planner/scenarioedit.h"

#include <QObject>
#include <QString>

#include <optional>
#include <vector>

class QUndoStack;
class QTimer;

namespace sovereign {

/// One scenario of the open project: its YAML text (the source of truth),
/// and, when that text is valid, the resolved scenario and its plan.
struct ScenarioEntry {
    QString name;
    std::string yaml;
    std::optional<Scenario> scenario;
    std::optional<Error> error;
    std::optional<PlanResult> plan;
};

/// The open project (a .sovereign SQLite file) as the desktop app edits it.
/// Every change goes through the document's QUndoStack (the command classes
/// are private); views observe the signals and never change state directly.
/// Autosave writes a recovery copy beside the file; a crash leaves it for the
/// next start to offer.
class ProjectDocument : public QObject {
    Q_OBJECT
  public:
    explicit ProjectDocument(Catalog catalog, QObject *parent = nullptr);
    ~ProjectDocument() override;

    const Catalog &catalog() const { return m_catalog; }
    QUndoStack *undoStack() const { return m_undo; }

    // --- the file -----------------------------------------------------
    /// An empty, untitled project.
    void clear();
    Result<void> open(const QString &path);
    Result<void> save();
    Result<void> saveAs(const QString &path);
    QString filePath() const { return m_path; }
    QString displayName() const;
    bool isModified() const;

    /// Recovery copy written by autosave for a project file.
    static QString autosavePath(const QString &projectPath);
    /// True when a recovery copy newer than the file exists.
    static bool hasRecovery(const QString &projectPath);
    /// Opens the recovery copy's scenarios into this (modified) document for `projectPath`.
    Result<void> recover(const QString &projectPath);
    /// Writes the recovery copy now (the timer calls it every autosaveSeconds).
    Result<void> autosaveNow();
    void setAutosaveSeconds(int seconds);
    /// Removes the recovery copy of this document's file: the changes were
    /// discarded on purpose, so the next start must not offer them back.
    void discardRecovery();

    // --- scenarios ------------------------------------------------------
    int scenarioCount() const { return static_cast<int>(m_entries.size()); }
    const ScenarioEntry &scenario(int index) const { return m_entries.at(index); }
    int indexOf(const QString &name) const;
    QString uniqueName(const QString &base) const;

    /// Sets one value of a scenario (undoable). An invalid result is kept and
    /// reported through ScenarioEntry::error so the view can mark the field.
    bool setValue(int index, const QString &key, const ScenarioValue &value);
    /// Replaces a scenario's whole YAML (import), undoable.
    void setYaml(int index, const std::string &yaml, const QString &description);
    void addScenario(const QString &name, const std::string &yaml);
    void removeScenario(int index);
    /// Renames a scenario (undoable). Refuses an empty name or one another
    /// scenario of the project has, saying so in words.
    Result<void> renameScenario(int index, const QString &name);

    /// Internal: used by the undo commands.
    void applyYaml(int index, const std::string &yaml);
    void insertEntry(int index, ScenarioEntry entry);
    ScenarioEntry takeEntry(int index);
    void setEntryName(int index, const QString &name);

  signals:
    void scenariosReset();           ///< the list changed (added, removed, opened)
    void scenarioChanged(int index); ///< one scenario's YAML (and plan) changed
    void fileChanged();              ///< path or modified state changed

  private:
    void revalidate(ScenarioEntry &entry) const;
    Result<void> writeTo(const QString &path) const;
    Result<void> replaceWith(const QString &path) const;

    Catalog m_catalog;
    std::vector<ScenarioEntry> m_entries;
    QString m_path;
    QUndoStack *m_undo;
    QTimer *m_autosave;
    int m_autosavedIndex = -1;
};

} // namespace sovereign
