#include "comparewidget.h"

#include "chartfactory.h"
#include "projectdocument.h"

#include "planner/breakeven.h"
#include "reports/reportbuilder.h"

#include <QChartView>
#include <QCheckBox>
#include <QComboBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QListWidget>
#include <QScrollArea>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>

#include <cmath>

namespace sovereign {

namespace {
const QStringList kStrategies = {"own", "lease", "hybrid", "optimal"};
}

CompareWidget::CompareWidget(ProjectDocument *doc, QWidget *parent) : QWidget(parent), m_doc(doc) {
    m_scenarios = new QListWidget;
    m_scenarios->setObjectName("compareScenarios");
    m_scenarios->setMaximumWidth(260);
    auto *strategies = new QVBoxLayout;
    for (const QString &s : kStrategies) {
        auto *box = new QCheckBox(s == "own"      ? tr("Own")
                                  : s == "lease"  ? tr("Lease")
                                  : s == "hybrid" ? tr("Hybrid")
                                                  : tr("Optimal"));
        box->setProperty("strategy", s);
        box->setChecked(true);
        connect(box, &QCheckBox::toggled, this, &CompareWidget::rebuild);
        m_strategies.append(box);
        strategies->addWidget(box);
    }
    m_view = new QComboBox;
    m_view->setObjectName("compareView");
    m_view->addItems({tr("Cumulative cost"), tr("Yearly capex and opex"),
                      tr("Facility MW vs grid cap"), tr("CO2 emissions"), tr("Sovereign share"),
                      tr("On-prem vs cloud GPU-hours"), tr("Breakeven: own vs lease")});
    m_sweep = new QComboBox;
    m_sweep->addItems({tr("as utilization varies"), tr("as the cloud price varies")});
    m_sweep->setEnabled(false);

    auto *left = new QVBoxLayout;
    left->addWidget(new QLabel(tr("Scenarios:")));
    left->addWidget(m_scenarios, 1);
    left->addWidget(new QLabel(tr("Strategies:")));
    left->addLayout(strategies);
    left->addWidget(new QLabel(tr("View:")));
    left->addWidget(m_view);
    left->addWidget(m_sweep);
    auto *leftHost = new QWidget;
    leftHost->setLayout(left);
    leftHost->setMaximumWidth(280);

    m_gridHost = new QWidget;
    m_grid = new QGridLayout(m_gridHost);
    auto *scroll = new QScrollArea;
    scroll->setWidgetResizable(true);
    scroll->setWidget(m_gridHost);
    m_delta = new QTableWidget;
    m_delta->setObjectName("deltaTable");
    m_delta->setEditTriggers(QAbstractItemView::NoEditTriggers);
    auto *right = new QSplitter(Qt::Vertical);
    right->addWidget(scroll);
    right->addWidget(m_delta);
    right->setStretchFactor(0, 4);
    right->setStretchFactor(1, 1);
    right->setSizes({640, 180});

    auto *layout = new QHBoxLayout(this);
    layout->addWidget(leftHost);
    layout->addWidget(right, 1);

    connect(m_scenarios, &QListWidget::itemChanged, this, &CompareWidget::rebuild);
    connect(m_view, &QComboBox::currentIndexChanged, this, [this](int v) {
        m_sweep->setEnabled(v == static_cast<int>(View::Breakeven));
        rebuild();
    });
    connect(m_sweep, &QComboBox::currentIndexChanged, this, &CompareWidget::rebuild);
    connect(doc, &ProjectDocument::scenariosReset, this, &CompareWidget::rebuildScenarioList);
    connect(doc, &ProjectDocument::scenarioChanged, this, [this] { rebuildScenarioList(); });
    rebuildScenarioList();
}

void CompareWidget::rebuildScenarioList() {
    QSet<QString> checked;
    for (int i = 0; i < m_scenarios->count(); ++i)
        if (m_scenarios->item(i)->checkState() == Qt::Checked)
            checked.insert(m_scenarios->item(i)->text());
    const bool first = m_scenarios->count() == 0;
    m_scenarios->blockSignals(true);
    m_scenarios->clear();
    for (int i = 0; i < m_doc->scenarioCount(); ++i) {
        auto *item = new QListWidgetItem(m_doc->scenario(i).name);
        item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
        item->setCheckState(first || checked.contains(item->text()) ? Qt::Checked : Qt::Unchecked);
        m_scenarios->addItem(item);
    }
    m_scenarios->blockSignals(false);
    rebuild();
}

void CompareWidget::setView(View view) {
    m_view->setCurrentIndex(static_cast<int>(view));
}

void CompareWidget::selectScenarios(const QList<int> &indexes) {
    m_scenarios->blockSignals(true);
    for (int i = 0; i < m_scenarios->count(); ++i)
        m_scenarios->item(i)->setCheckState(indexes.contains(i) ? Qt::Checked : Qt::Unchecked);
    m_scenarios->blockSignals(false);
    rebuild();
}

void CompareWidget::selectStrategies(const QStringList &strategies) {
    for (auto *box : m_strategies) {
        box->blockSignals(true);
        box->setChecked(strategies.contains(box->property("strategy").toString()));
        box->blockSignals(false);
    }
    rebuild();
}

QList<CompareWidget::Pair> CompareWidget::selectedPairs() const {
    QList<Pair> pairs;
    for (int i = 0; i < m_scenarios->count() && i < m_doc->scenarioCount(); ++i) {
        if (m_scenarios->item(i)->checkState() != Qt::Checked || !m_doc->scenario(i).plan)
            continue;
        for (auto *box : m_strategies)
            if (box->isChecked())
                pairs.append({i, box->property("strategy").toString()});
    }
    return pairs;
}

void CompareWidget::rebuild() {
    m_charts.clear();
    while (QLayoutItem *item = m_grid->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    const QList<Pair> pairs = selectedPairs();
    const View view = static_cast<View>(m_view->currentIndex());
    if (view == View::Breakeven) {
        showBreakeven();
    } else if (!pairs.isEmpty()) {
        // Categories: calendar years when every scenario shares them, else "year k".
        const PlanResult &first = *m_doc->scenario(pairs[0].scenario).plan;
        bool sameYears = true;
        for (const auto &p : pairs)
            sameYears =
                sameYears && m_doc->scenario(p.scenario).plan->calendarYears == first.calendarYears;
        int years = 0;
        for (const auto &p : pairs)
            years = std::max(years, m_doc->scenario(p.scenario).plan->years);
        QStringList categories;
        for (int y = 0; y < years; ++y)
            categories.append(sameYears ? QString::number(first.calendarYears[y])
                                        : tr("year %1").arg(y + 1));
        auto label = [&](const Pair &p) {
            return pairs.size() > 1 && m_doc->scenarioCount() > 1
                       ? QString("%1 · %2").arg(m_doc->scenario(p.scenario).name, p.strategy)
                       : p.strategy;
        };
        auto strategyOf = [&](const Pair &p) {
            return m_doc->scenario(p.scenario).plan->strategy(p.strategy.toStdString());
        };
        // Distinct colours when several scenarios share a strategy.
        auto color = [&](int k, const Pair &p) {
            QColor c = strategyColor(p.strategy);
            return k < kStrategies.size() ? c : c.darker(100 + 35 * (k / kStrategies.size()));
        };
        if (view == View::CumulativeCost || view == View::Co2 || view == View::SovereignShare) {
            ReportChart c;
            c.categories = categories;
            c.kind = view == View::Co2 ? ReportChart::Kind::Bars : ReportChart::Kind::Line;
            c.title = m_view->currentText();
            c.yLabel = view == View::CumulativeCost ? "USD"
                       : view == View::Co2          ? tr("t CO2")
                                                    : tr("share");
            for (int k = 0; k < pairs.size(); ++k) {
                ChartSeries s{label(pairs[k]), {}, color(k, pairs[k])};
                double sum = 0;
                for (const auto &y : strategyOf(pairs[k])->years) {
                    sum += y.totalCostUsd;
                    s.values.append(view == View::CumulativeCost ? sum
                                    : view == View::Co2          ? y.co2T
                                                                 : y.sovereignShare);
                }
                c.series.append(s);
            }
            m_charts.append(c);
        } else {
            // Small multiples: one chart per scenario x strategy.
            for (const auto &p : pairs) {
                const StrategyResult *st = strategyOf(p);
                ReportChart c;
                c.categories = categories;
                c.title = label(p);
                if (view == View::CapexOpex) {
                    c.kind = ReportChart::Kind::StackedBars;
                    c.yLabel = "USD";
                    ChartSeries capex{tr("Capex"), {}, QColor(0x00, 0x72, 0xB2)};
                    ChartSeries opex{tr("Opex"), {}, QColor(0xE6, 0x9F, 0x00)};
                    for (const auto &y : st->years) {
                        capex.values.append(y.capexUsd);
                        opex.values.append(y.totalCostUsd - y.capexUsd);
                    }
                    c.series = {capex, opex};
                } else if (view == View::Power) {
                    c.kind = ReportChart::Kind::Bars;
                    c.yLabel = "MW";
                    ChartSeries mw{tr("Peak facility MW"), {}, QColor(0x00, 0x72, 0xB2)};
                    ChartSeries cap{tr("Grid cap"), {}, QColor(0xC0, 0x1F, 0x2F)};
                    for (const auto &y : st->years) {
                        mw.values.append(y.peakFacilityMw);
                        cap.values.append(y.gridCapMw);
                    }
                    c.series = {mw};
                    c.limit = cap;
                } else {
                    c.kind = ReportChart::Kind::StackedBars;
                    c.yLabel = tr("GPU-hours");
                    ChartSeries on{tr("On-prem (H100-h)"), {}, QColor(0x00, 0x9E, 0x73)};
                    ChartSeries cl{tr("Cloud (GPU-h)"), {}, QColor(0xE6, 0x9F, 0x00)};
                    for (const auto &y : st->years) {
                        on.values.append(y.onpremH100Hours);
                        cl.values.append(y.cloudGpuHours);
                    }
                    c.series = {on, cl};
                }
                m_charts.append(c);
            }
        }
        for (int i = 0; i < m_charts.size(); ++i) {
            auto *chartView = new QChartView(toQChart(m_charts[i]));
            chartView->setRenderHint(QPainter::Antialiasing);
            chartView->setMinimumHeight(m_charts.size() == 1 ? 480 : 340);
            m_grid->addWidget(chartView, i / 2, i % 2, 1, m_charts.size() == 1 ? 2 : 1);
        }
    }

    // Delta table against the first selected pair.
    const QStringList headers = {tr("Scenario"),      tr("Strategy"),  tr("NPV (M USD)"),
                                 tr("Δ NPV (M USD)"), tr("Feasible"),  tr("Most GPUs"),
                                 tr("CO2 (t)"),       tr("Δ CO2 (t)"), tr("Mean sovereign share")};
    m_delta->clear();
    m_delta->setColumnCount(headers.size());
    m_delta->setHorizontalHeaderLabels(headers);
    m_delta->setRowCount(pairs.size());
    double baseNpv = 0, baseCo2 = 0;
    const QLocale locale;
    for (int r = 0; r < pairs.size(); ++r) {
        const StrategyResult *st =
            m_doc->scenario(pairs[r].scenario).plan->strategy(pairs[r].strategy.toStdString());
        double gpus = 0, co2 = 0, share = 0;
        for (const auto &y : st->years) {
            gpus = std::max(gpus, y.ownedGpus);
            co2 += y.co2T;
            share += y.sovereignShare / st->years.size();
        }
        if (r == 0) {
            baseNpv = st->npvUsd;
            baseCo2 = co2;
        }
        const QStringList cells = {m_doc->scenario(pairs[r].scenario).name,
                                   pairs[r].strategy,
                                   locale.toString(st->npvUsd / 1e6, 'f', 2),
                                   locale.toString((st->npvUsd - baseNpv) / 1e6, 'f', 2),
                                   st->feasible ? tr("yes") : tr("no"),
                                   locale.toString(gpus, 'f', 0),
                                   locale.toString(co2, 'f', 0),
                                   locale.toString(co2 - baseCo2, 'f', 0),
                                   locale.toString(100 * share, 'f', 0) + locale.percent()};
        for (int c = 0; c < cells.size(); ++c)
            m_delta->setItem(r, c, new QTableWidgetItem(cells[c]));
    }
    m_delta->resizeColumnsToContents();
}

void CompareWidget::showBreakeven() {
    // The first checked scenario; own and lease NPV re-evaluated for 41 values
    // of the swept input in one vectorised pass (each row is one value).
    int index = -1;
    for (int i = 0; i < m_scenarios->count() && index < 0; ++i)
        if (m_scenarios->item(i)->checkState() == Qt::Checked && m_doc->scenario(i).scenario)
            index = i;
    if (index < 0)
        return;
    const Scenario &s = *m_doc->scenario(index).scenario;
    const bool utilization = m_sweep->currentIndex() == 0;
    const BreakevenCurve curve = breakeven(s, utilization ? BreakevenCurve::Input::Utilization
                                                          : BreakevenCurve::Input::CloudPrice);
    ChartSeries own{tr("Own"), {}, strategyColor("own")},
        lease{tr("Lease"), {}, strategyColor("lease")};
    QList<QPointF> ownPoints, leasePoints;
    for (std::size_t i = 0; i < curve.x.size(); ++i) {
        ownPoints.append({curve.x[i], curve.ownNpvUsd[i]});
        leasePoints.append({curve.x[i], curve.leaseNpvUsd[i]});
        own.values.append(curve.ownNpvUsd[i]);
        lease.values.append(curve.leaseNpvUsd[i]);
    }
    ReportChart record{
        ReportChart::Kind::Line, tr("Breakeven: own vs lease NPV"), "USD", {}, {own, lease}, {}};
    for (double x : curve.x)
        record.categories.append(QString::number(x, 'g', 3));
    m_charts.append(record);
    const QString crossing =
        curve.crossing
            ? tr("owning breaks even at %1").arg(QLocale().toString(*curve.crossing, 'f', 2))
            : tr("no crossing in the range");
    auto *chartView = new QChartView(xyChart(
        tr("Own vs lease NPV, %1 (%2)").arg(m_doc->scenario(index).name, crossing),
        utilization ? tr("utilization (all years)") : tr("cloud USD per GPU-hour (all years)"),
        "NPV (USD)", {{own, ownPoints}, {lease, leasePoints}}));
    chartView->setRenderHint(QPainter::Antialiasing);
    chartView->setObjectName("breakevenChart");
    m_grid->addWidget(chartView, 0, 0, 1, 2);
}

} // namespace sovereign
