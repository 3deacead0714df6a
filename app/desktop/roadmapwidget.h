#pragma once

#include <QWidget>

class QLabel;
class QTableWidget;

namespace sovereign {

class ProjectDocument;

/// The plan years as roadmap phases (Seed, Sprout, Scale, Harvest, Flywheel)
/// with each KPI's value, target and traffic light. Targets are editable
/// (double-click a cell; empty = no target) and undoable.
class RoadmapWidget : public QWidget {
    Q_OBJECT
  public:
    explicit RoadmapWidget(ProjectDocument *doc, QWidget *parent = nullptr);
    void setScenarioIndex(int index);
    QTableWidget *table() const { return m_table; }

  private:
    void reload();
    void targetEdited(int row, int column);

    ProjectDocument *m_doc;
    int m_index = -1;
    bool m_loading = false;
    QLabel *m_summary;
    QTableWidget *m_table;
};

} // namespace sovereign
