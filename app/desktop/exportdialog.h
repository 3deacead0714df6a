#pragma once

#include "reports/reportexport.h"

#include <QDialog>

class QComboBox;
class QLineEdit;
class QListWidget;
class QSpinBox;

namespace sovereign {

class ProjectDocument;

/// Chooses what `sovereign report` would be told: format, scenarios, language,
/// Monte Carlo draws and the output file.
class ExportDialog : public QDialog {
    Q_OBJECT
  public:
    ExportDialog(ProjectDocument *doc, int currentScenario, QWidget *parent = nullptr);

    ReportFormat format() const;
    QList<int> scenarios() const;
    QLocale locale() const;
    int monteCarloDraws() const;
    QString path() const;
    /// Remembers the folder of a written report: the next export starts there.
    static void rememberFolder(const QString &path);

  private:
    void browse();

    QComboBox *m_format, *m_language;
    QListWidget *m_scenarios;
    QSpinBox *m_draws;
    QLineEdit *m_path;
};

} // namespace sovereign
