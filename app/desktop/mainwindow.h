#pragma once

#include "planner/base/error.h"
#include "reports/reportexport.h"

#include <QMainWindow>

class QDialog;
class QDockWidget;
class QLabel;
class QListWidget;
class QMenu;
class QProgressBar;
class QTabWidget;

namespace sovereign {

class CompareWidget;
class ProjectDocument;
class RoadmapWidget;
class ScenarioEditor;
class UncertaintyWidget;

/// The desktop app's window: the scenario list on the left; editor, compare,
/// roadmap and uncertainty views as tabs. A thin shell: the document holds
/// the state, the views edit it through undoable commands.
class MainWindow : public QMainWindow {
    Q_OBJECT
  public:
    explicit MainWindow(ProjectDocument *doc, QWidget *parent = nullptr);

    ProjectDocument *document() const { return m_doc; }
    ScenarioEditor *editor() const { return m_editor; }
    CompareWidget *compare() const { return m_compare; }
    RoadmapWidget *roadmap() const { return m_roadmap; }
    UncertaintyWidget *uncertainty() const { return m_uncertainty; }
    QTabWidget *tabs() const { return m_tabs; }

    int currentScenario() const;
    void setCurrentScenario(int index);

    /// Opens a project, offering the recovery copy when autosave left a newer one.
    bool openProject(const QString &path, bool askAboutRecovery = true);
    Result<void> importScenarioYaml(const QString &path);
    Result<void> exportScenarioYaml(int index, const QString &path);
    /// What the export dialog does; also used by tests.
    Result<void> exportReport(ReportFormat format, const QString &path, const QList<int> &scenarios,
                              const QLocale &locale, int monteCarloDraws = 0);
    /// Adds a copy of the current scenario (or the demo when there is none).
    void addScenario();
    /// Renames a scenario through the document (undoable); a refused name is
    /// explained in a message box.
    bool renameScenario(int index, const QString &name);
    /// Help > Methodology: docs/methodology.md, embedded in the library.
    void showMethodology();
    QDockWidget *scenarioDock() const { return m_scenarioDock; }
    /// Saves a PNG of every main view into dir (documentation screenshots).
    QStringList saveScreenshots(const QString &dir);

  protected:
    void closeEvent(QCloseEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

  private:
    void createActions();
    void refreshScenarioList();
    void showScenario(int row);
    void updateTitle();
    void updateStatus();
    void addRecentFile(const QString &path);
    void rebuildRecentMenu();
    bool maybeSave();
    bool save();
    bool saveAs();
    void showError(const QString &what, const Error &error);

    ProjectDocument *m_doc;
    QListWidget *m_list;
    QTabWidget *m_tabs;
    ScenarioEditor *m_editor;
    CompareWidget *m_compare;
    RoadmapWidget *m_roadmap;
    UncertaintyWidget *m_uncertainty;
    QDockWidget *m_scenarioDock;
    QDialog *m_methodology = nullptr;
    QMenu *m_recent;
    QLabel *m_statusText;
    QProgressBar *m_planning;
};

} // namespace sovereign
