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
template <typename T> class QFutureWatcher;

namespace sovereign {

/// One scenario of the open project: its YAML text (the source of truth),
/// and, when that text is valid, the resolved scenario and its plan.
struct ScenarioEntry {
    QString name;
    std::string yaml;
    std::optional<Scenario> scenario;
    std::optional<Error> error;
    /// The plan of the last version that was planned. While `planning`, it is
    /// the previous version's (views show it as such); read plan-wide facts
    /// (years, phases) from the plan itself, never from `scenario`.
    std::optional<PlanResult> plan;
    /// `yaml` is valid and its plan is being computed on a worker thread.
    bool planning = false;
    quint64 id = 0;         ///< the document's handle for it, stable across moves
    quint64 generation = 0; ///< bumped at each change, so a late plan is recognised
};

/// The open project (a .sovereign SQLite file) as the desktop app edits it.
/// Every change goes through the document's QUndoStack (the command classes
/// are private); views observe the signals and never change state directly.
/// Autosave writes a recovery copy beside the file; a crash leaves it for the
/// next start to offer.
///
/// Plans are computed off the GUI thread (CBC and the robust plan's futures
/// take from milliseconds to seconds): a change validates the YAML at once,
/// then plans on a worker, one scenario at a time. Edits made meanwhile are
/// coalesced: a plan that finishes for an older version is dropped and the
/// newest version is planned next.
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

    /// True while any scenario's plan is being computed.
    bool isPlanning() const;

    /// Internal: used by the undo commands.
    void applyYaml(int index, const std::string &yaml);
    void insertEntry(int index, ScenarioEntry entry);
    ScenarioEntry takeEntry(int index);
    void setEntryName(int index, const QString &name);

  signals:
    void scenariosReset();           ///< the list changed (added, removed, opened)
    void scenarioChanged(int index); ///< one scenario's YAML (or name) changed; its plan follows
    /// A scenario's plan arrived from the worker (or failed: see `error`).
    /// Apart from scenarioChanged so an editor is not reloaded under the user.
    void planChanged(int index);
    void fileChanged();              ///< path or modified state changed
    void planningChanged(bool busy); ///< planning started or every plan is done

  private:
    /// Validates the entry's YAML now and queues its plan.
    void revalidate(ScenarioEntry &entry);
    void startNextPlan();
    void planFinished();
    Result<void> writeTo(const QString &path) const;
    Result<void> replaceWith(const QString &path) const;

    Catalog m_catalog;
    std::vector<ScenarioEntry> m_entries;
    QString m_path;
    QUndoStack *m_undo;
    QTimer *m_autosave;
    int m_autosavedIndex = -1;
    QFutureWatcher<Result<PlanResult>> *m_planner;
    quint64 m_plannedId = 0, m_plannedGeneration = 0; ///< what the worker is planning
    quint64 m_nextId = 1;
    bool m_busy = false;
};

} // namespace sovereign
