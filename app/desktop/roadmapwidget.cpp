#include "roadmapwidget.h"

#include "projectdocument.h"
#include "userinput.h"

#include "planner/yearfields.h"
#include "reports/reportbuilder.h"
#include "reports/reportdocument.h"

#include <QHash>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QStyledItemDelegate>
#include <QTableWidget>
#include <QToolTip>
#include <QVBoxLayout>

#include <cmath>

namespace sovereign {

namespace {

// QTableWidgetItem keeps display and edit text in one role, so the target
// (what the editor edits) lives in its own role and this delegate edits it.
constexpr int kTargetRole = Qt::UserRole + 1;

class TargetDelegate : public QStyledItemDelegate {
  public:
    using QStyledItemDelegate::QStyledItemDelegate;
    QWidget *createEditor(QWidget *parent, const QStyleOptionViewItem &,
                          const QModelIndex &) const override {
        auto *edit = new QLineEdit(parent);
        edit->setPlaceholderText(QObject::tr("no target"));
        return edit;
    }
    void setEditorData(QWidget *editor, const QModelIndex &index) const override {
        static_cast<QLineEdit *>(editor)->setText(index.data(kTargetRole).toString());
    }
    void setModelData(QWidget *editor, QAbstractItemModel *model,
                      const QModelIndex &index) const override {
        model->setData(index, static_cast<QLineEdit *>(editor)->text(), kTargetRole);
    }
};

/// Whether a metric is a share (planner/yearfields.h gives its unit): shown
/// and edited as a percentage.
bool isShare(const std::string &metric) {
    for (const auto &f : yearFields())
        if (metric == f.name)
            return std::string(f.unit) == "share";
    return false;
}

} // namespace

RoadmapWidget::RoadmapWidget(ProjectDocument *doc, QWidget *parent) : QWidget(parent), m_doc(doc) {
    m_summary = new QLabel;
    m_summary->setWordWrap(true);
    m_table = new QTableWidget;
    m_table->setObjectName("roadmapTable");
    m_table->setItemDelegate(new TargetDelegate(m_table));
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    auto *hint =
        new QLabel(tr("Each cell shows the plan's value and, below it, the target (shares in "
                      "percent). "
                      "Double-click a cell to change its target; leave it empty for no target."));
    hint->setWordWrap(true);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_summary);
    layout->addWidget(m_table, 1);
    layout->addWidget(hint);
    connect(m_table, &QTableWidget::cellChanged, this, &RoadmapWidget::targetEdited);
    for (auto changed : {&ProjectDocument::scenarioChanged, &ProjectDocument::planChanged})
        connect(doc, changed, this, [this](int i) {
            if (i == m_index)
                reload();
        });
    connect(doc, &ProjectDocument::scenariosReset, this, &RoadmapWidget::reload);
}

void RoadmapWidget::setScenarioIndex(int index) {
    m_index = index;
    reload();
}

void RoadmapWidget::reload() {
    m_loading = true;
    m_table->clear();
    m_table->setRowCount(0);
    m_table->setColumnCount(0);
    if (m_index < 0 || m_index >= m_doc->scenarioCount() || !m_doc->scenario(m_index).plan) {
        m_summary->setText(m_index >= 0 && m_index < m_doc->scenarioCount() &&
                                   m_doc->scenario(m_index).planning
                               ? tr("Planning...")
                               : tr("No valid plan to show."));
        m_loading = false;
        return;
    }
    const ScenarioEntry &entry = m_doc->scenario(m_index);
    const PlanResult &plan = *entry.plan;
    // While a new plan is computed the previous one stays, marked as such;
    // everything below reads the plan, never the (newer) scenario.
    m_summary->setText(entry.planning ? tr("Planning the edited scenario; showing the previous "
                                           "plan.") +
                                            "\n" + recommendationText(plan, QLocale())
                                      : recommendationText(plan, QLocale()));
    m_table->setEnabled(!entry.planning);
    m_table->setColumnCount(plan.years);
    QStringList headers;
    for (int y = 0; y < plan.years; ++y)
        headers.append(QString("%1\n%2")
                           .arg(phaseLabel(plan.strategies[0].years[y].phase))
                           .arg(plan.calendarYears[y]));
    m_table->setHorizontalHeaderLabels(headers);
    m_table->setRowCount(static_cast<int>(plan.kpis.size()));
    QStringList rows;
    const QLocale locale;
    for (int k = 0; k < static_cast<int>(plan.kpis.size()); ++k) {
        const KpiResult &kpi = plan.kpis[k];
        // The metric with its unit, on which plan, in which direction.
        rows.append(tr("%1\n%2 · %3, %4 target")
                        .arg(QString::fromStdString(kpi.name), yearFieldLabel(kpi.metric),
                             strategyLabel(kpi.strategy), kpi.atLeast ? "≥" : "≤"));
        const bool share = isShare(kpi.metric);
        const bool count = kpi.metric == "owned_gpus" || kpi.metric == "new_gpus";
        // The planner's verdict on a plan that does not hold is not shown as
        // a traffic light: the figures it judges are not reachable.
        const StrategyResult *strategy = plan.strategy(kpi.strategy);
        const bool infeasible = strategy && !strategy->feasible;
        for (int y = 0; y < plan.years; ++y) {
            const KpiYear &ky = kpi.years[y];
            auto number = [&](double v) {
                if (share)
                    return locale.toString(100 * v, 'f', 0) + locale.percent();
                return locale.toString(v, 'f', count || std::abs(v) >= 10 ? 0 : 2);
            };
            const bool judged = ky.hasTarget && ky.status != KpiStatus::NotApplicable &&
                                ky.status != KpiStatus::NoTarget;
            const QString verdict = !ky.hasTarget          ? QString()
                                    : judged && infeasible ? tr("plan infeasible")
                                                           : kpiStatusLabel(ky.status);
            auto *item = new QTableWidgetItem;
            // Display: value and status; edit: the target alone.
            item->setData(Qt::DisplayRole,
                          QString("%1\n%2 %3")
                              .arg(ky.hasValue ? number(ky.value) : tr("n/a"))
                              .arg(ky.hasTarget ? "/ " + number(ky.target) : QString("—"))
                              .arg(verdict.isEmpty() ? QString() : QString("(%1)").arg(verdict)));
            item->setData(kTargetRole,
                          !ky.hasTarget ? QString()
                          : share ? locale.toString(100 * ky.target, 'g', 10) + locale.percent()
                                  : locale.toString(ky.target, 'g', 10));
            item->setData(Qt::UserRole, QString::fromLatin1(kpiStatusName(ky.status)));
            item->setTextAlignment(Qt::AlignCenter);
            if (ky.hasTarget) {
                item->setBackground(
                    statusColor(judged && infeasible ? "n/a" : kpiStatusName(ky.status)));
                item->setForeground(Qt::white);
            }
            QString tip = tr("%1 in %2: %3; target %4")
                              .arg(yearFieldLabel(kpi.metric))
                              .arg(ky.year)
                              .arg(ky.hasValue ? number(ky.value)
                                               : tr("n/a (the plan has no such figure this year)"))
                              .arg(ky.hasTarget ? number(ky.target) : tr("none"));
            if (judged && infeasible)
                tip += "\n" + tr("The %1 plan is infeasible: no verdict is shown (at its "
                                 "figures the planner judges it %2).")
                                  .arg(strategyLabel(kpi.strategy), kpiStatusLabel(ky.status));
            item->setToolTip(tip);
            m_table->setItem(k, y, item);
        }
    }
    m_table->setVerticalHeaderLabels(rows);
    m_loading = false;
}

void RoadmapWidget::targetEdited(int row, int column) {
    if (m_loading || m_index < 0 || !m_doc->scenario(m_index).plan ||
        m_doc->scenario(m_index).planning)
        return;
    const PlanResult &plan = *m_doc->scenario(m_index).plan;
    std::vector<std::optional<double>> targets;
    for (const auto &y : plan.kpis[row].years)
        targets.push_back(y.hasTarget ? std::optional<double>(y.target) : std::nullopt);
    QString text = m_table->item(row, column)->data(kTargetRole).toString().trimmed();
    // A share is shown and edited in percent ("80 %" or "80" for 0.8).
    const bool share = isShare(plan.kpis[row].metric);
    if (share)
        text = text.remove(QLocale().percent()).remove('%').trimmed();
    std::optional<double> v = parseUserNumber(text);
    if (v && share)
        *v /= 100;
    if (text.isEmpty()) {
        targets[column].reset();
    } else if (v) {
        targets[column] = *v;
    } else {
        const QRect cell = m_table->visualItemRect(m_table->item(row, column));
        QToolTip::showText(m_table->viewport()->mapToGlobal(cell.center()),
                           tr("'%1' is not a number; the target is unchanged.").arg(text), m_table);
        reload();
        return;
    }
    m_doc->setValue(m_index, QString("kpis[%1].target").arg(row), targets);
}

} // namespace sovereign
