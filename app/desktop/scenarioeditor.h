#pragma once

#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QSpinBox;
class QTableView;

namespace sovereign {

class ProjectDocument;
class ScenarioParamsModel;

/// Edits one scenario: name, region and accelerator pickers (catalog defaults
/// fill what is not overridden), plan years, cloud sovereignty, and every
/// numeric input per year in a table. Invalid input is shown at its field and
/// in the banner; the last valid plan stays on screen.
class ScenarioEditor : public QWidget {
    Q_OBJECT
  public:
    explicit ScenarioEditor(ProjectDocument *doc, QWidget *parent = nullptr);
    void setScenarioIndex(int index);
    ScenarioParamsModel *model() const { return m_model; }
    QTableView *table() const { return m_table; }
    /// Opens the uncertainty dialog of the selected input, showing its current
    /// law and values; OK applies it (undoable).
    void editRange();

  private:
    void reload();
    void resetSelected();
    void addWorkload();
    void rebuildSensitiveBoxes();
    void showBanner(const QString &text);

    ProjectDocument *m_doc;
    ScenarioParamsModel *m_model;
    int m_index = -1;
    bool m_loading = false;
    QLineEdit *m_name;
    QComboBox *m_region, *m_accelerator;
    QSpinBox *m_startYear, *m_years, *m_gpusPerNode, *m_lifetime;
    QWidget *m_sensitiveHost;
    QCheckBox *m_sovereign;
    QTableView *m_table;
    QLabel *m_banner;
};

} // namespace sovereign
