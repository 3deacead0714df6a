#pragma once

#include "reports/reportdocument.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QGridLayout;
class QListWidget;
class QTableWidget;

namespace sovereign {

class ProjectDocument;

/// Any scenarios x strategies side by side: cumulative cost, yearly
/// capex/opex, facility MW against the grid cap, CO2, sovereign share,
/// on-prem vs cloud hours, a delta table and a breakeven view.
class CompareWidget : public QWidget {
    Q_OBJECT
  public:
    enum class View { CumulativeCost, CapexOpex, Power, Co2, SovereignShare, Hours, Breakeven };

    explicit CompareWidget(ProjectDocument *doc, QWidget *parent = nullptr);

    void setView(View view);
    void selectScenarios(const QList<int> &indexes);
    void selectStrategies(const QStringList &strategies);
    /// The charts now shown (for tests and screenshots).
    const QList<ReportChart> &shownCharts() const { return m_charts; }
    QTableWidget *deltaTable() const { return m_delta; }

  public slots:
    void rebuild();

  private:
    struct Pair {
        int scenario;
        QString strategy;
    };
    QList<Pair> selectedPairs() const;
    void rebuildScenarioList();
    void showBreakeven();

    ProjectDocument *m_doc;
    QListWidget *m_scenarios;
    QList<QCheckBox *> m_strategies;
    QComboBox *m_view, *m_sweep;
    QGridLayout *m_grid;
    QWidget *m_gridHost;
    QTableWidget *m_delta;
    QList<ReportChart> m_charts;
};

} // namespace sovereign
