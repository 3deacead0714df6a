#pragma once

#include "planner/base/error.h"
#include "planner/planresult.h"

#include <QFutureWatcher>
#include <QWidget>

#include <memory>

class QChartView;
class QLabel;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTableWidget;

namespace sovereign {

class ProjectDocument;
class ProgressRelay;

/// Monte Carlo of the selected scenario on a worker thread, with a progress
/// bar and cancel: NPV histogram per strategy, P10 / P50 / P90 table and a
/// tornado chart. The GUI thread only receives progress and the result.
class UncertaintyWidget : public QWidget {
    Q_OBJECT
  public:
    explicit UncertaintyWidget(ProjectDocument *doc, QWidget *parent = nullptr);
    ~UncertaintyWidget() override;

    void setScenarioIndex(int index);
    void setDraws(int draws);
    bool isRunning() const;
    const std::optional<MonteCarloResult> &result() const { return m_result; }

  public slots:
    void run();
    void cancel();

  signals:
    void finished(bool ok);

  private:
    void showResult();

    ProjectDocument *m_doc;
    int m_index = -1;
    QSpinBox *m_draws, *m_seed;
    QPushButton *m_run, *m_cancel;
    QProgressBar *m_progress;
    QLabel *m_status;
    QTableWidget *m_table;
    QChartView *m_histogram, *m_tornado;
    QFutureWatcher<Result<MonteCarloResult>> m_watcher;
    std::shared_ptr<ProgressRelay> m_feedback;
    std::optional<MonteCarloResult> m_result;
};

} // namespace sovereign
