#pragma once

#include "chartfactory.h"

#include "reports/reportdocument.h"

#include <QWidget>

class QChartView;
class QCheckBox;
class QComboBox;
class QGridLayout;
class QListWidget;
class QScrollArea;
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

  protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

  private:
    struct Pair {
        int scenario;
        QString strategy;
    };
    QList<Pair> selectedPairs() const;
    void rebuildScenarioList();
    void showBreakeven();
    /// Lays the chart views out in as many columns as fit at a readable width.
    void placeCharts();

    ProjectDocument *m_doc;
    QListWidget *m_scenarios;
    QList<QCheckBox *> m_strategies;
    QComboBox *m_view, *m_sweep;
    QGridLayout *m_grid;
    QWidget *m_gridHost;
    QScrollArea *m_scroll;
    QList<QChartView *> m_views;
    int m_columns = 0;
    QTableWidget *m_delta;
    QList<ReportChart> m_charts;
    QList<ChartLook> m_looks; ///< how each of m_charts is drawn
};

} // namespace sovereign
