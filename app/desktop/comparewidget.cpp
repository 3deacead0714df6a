#include "comparewidget.h"

#include "chartfactory.h"
#include "projectdocument.h"

#include "planner/breakeven.h"
#include "reports/reportbuilder.h"

#include <QChartView>
#include <QCheckBox>
#include <QComboBox>
#include <QEvent>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QListWidget>
#include <QScrollArea>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <iterator>

namespace sovereign {

namespace {

// A line style per scenario (the colour is the strategy's): up to five
// scenarios read apart, more repeat the styles.
constexpr Qt::PenStyle kScenarioLines[] = {Qt::SolidLine, Qt::DashLine, Qt::DotLine,
                                           Qt::DashDotLine, Qt::DashDotDotLine};
// Scenario keys: a line style in a neutral colour (no strategy's).
const QColor kKeyGrey(0x9A, 0x9A, 0x9A);
// Below this width a chart's axis labels turn into "...": fewer columns instead.
constexpr int kMinChartWidthPx = 380;

Qt::PenStyle scenarioLine(int k) {
    return kScenarioLines[k % std::size(kScenarioLines)];
}

/// A strategy in a table cell: lower case, as a word in a sentence.
QString strategyWord(const QString &s) {
    return s == "own"       ? CompareWidget::tr("own")
           : s == "lease"   ? CompareWidget::tr("lease")
           : s == "hybrid"  ? CompareWidget::tr("hybrid")
           : s == "optimal" ? CompareWidget::tr("optimal")
           : s == "robust"  ? CompareWidget::tr("robust")
                            : s;
}

QString infeasibleTip(const StrategyResult &st) {
    QStringList reasons;
    for (const auto &f : st.shortfalls)
        reasons.append(QString::number(f.year) + ": " + shortfallText(f, QLocale()));
    return CompareWidget::tr("This plan is infeasible: %1").arg(reasons.join("; "));
}

} // namespace

CompareWidget::CompareWidget(ProjectDocument *doc, QWidget *parent) : QWidget(parent), m_doc(doc) {
    m_scenarios = new QListWidget;
    m_scenarios->setObjectName("compareScenarios");
    // The choices sit in a bar above the charts, not in a column beside them:
    // at 1024 px the charts need the whole width (a column left them ~200 px).
    auto *strategies = new QGridLayout;
    for (const char *name : kStrategyNames) {
        const QString s = QString::fromLatin1(name);
        auto *box = new QCheckBox(strategyLabel(name));
        box->setProperty("strategy", s);
        box->setChecked(true);
        connect(box, &QCheckBox::toggled, this, &CompareWidget::rebuild);
        strategies->addWidget(box, m_strategies.size() / 3, m_strategies.size() % 3);
        m_strategies.append(box);
    }
    m_view = new QComboBox;
    m_view->setObjectName("compareView");
    m_view->addItems({tr("Cumulative spending (nominal; ranked by NPV)"),
                      tr("Yearly capex and opex"), tr("Facility MW vs grid cap"),
                      tr("CO2 emissions"), tr("Sovereign share"), tr("On-prem vs cloud GPU-hours"),
                      tr("Breakeven: own vs lease")});
    m_sweep = new QComboBox;
    m_sweep->addItems({tr("as utilization varies"), tr("as the cloud price varies")});
    m_sweep->setEnabled(false);
    m_scenarios->setMaximumHeight(4 * m_scenarios->fontMetrics().height() + 12);

    auto *scenarioBox = new QVBoxLayout;
    scenarioBox->addWidget(new QLabel(tr("Scenarios:")));
    scenarioBox->addWidget(m_scenarios);
    auto *strategyBox = new QVBoxLayout;
    strategyBox->addWidget(new QLabel(tr("Strategies:")));
    strategyBox->addLayout(strategies);
    strategyBox->addStretch();
    auto *viewBox = new QVBoxLayout;
    viewBox->addWidget(new QLabel(tr("View:")));
    viewBox->addWidget(m_view);
    viewBox->addWidget(m_sweep);
    viewBox->addStretch();
    auto *choices = new QHBoxLayout;
    choices->addLayout(scenarioBox, 2);
    choices->addLayout(strategyBox, 2);
    choices->addLayout(viewBox, 1);

    m_gridHost = new QWidget;
    m_grid = new QGridLayout(m_gridHost);
    m_grid->setContentsMargins(0, 0, 0, 0);
    m_scroll = new QScrollArea;
    m_scroll->setWidgetResizable(true);
    m_scroll->setWidget(m_gridHost);
    m_scroll->viewport()->installEventFilter(this);
    m_delta = new QTableWidget;
    m_delta->setObjectName("deltaTable");
    m_delta->setEditTriggers(QAbstractItemView::NoEditTriggers);
    auto *body = new QSplitter(Qt::Vertical);
    body->addWidget(m_scroll);
    body->addWidget(m_delta);
    body->setStretchFactor(0, 4);
    body->setStretchFactor(1, 1);
    body->setSizes({640, 160});
    body->setCollapsible(0, false);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(choices);
    layout->addWidget(body, 1);

    connect(m_scenarios, &QListWidget::itemChanged, this, &CompareWidget::rebuild);
    connect(m_view, &QComboBox::currentIndexChanged, this, [this](int v) {
        m_sweep->setEnabled(v == static_cast<int>(View::Breakeven));
        rebuild();
    });
    connect(m_sweep, &QComboBox::currentIndexChanged, this, &CompareWidget::rebuild);
    connect(doc, &ProjectDocument::scenariosReset, this, &CompareWidget::rebuildScenarioList);
    connect(doc, &ProjectDocument::scenarioChanged, this, [this] { rebuildScenarioList(); });
    connect(doc, &ProjectDocument::planChanged, this, [this] { rebuildScenarioList(); });
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
    m_looks.clear();
    while (QLayoutItem *item = m_grid->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    m_views.clear();
    m_columns = 0;
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
        // Selected scenarios in order: each gets a line style.
        QList<int> scenarios;
        for (const auto &p : pairs)
            if (!scenarios.contains(p.scenario))
                scenarios.append(p.scenario);
        const bool severalScenarios = scenarios.size() > 1;
        auto strategyOf = [&](const Pair &p) {
            return m_doc->scenario(p.scenario).plan->strategy(p.strategy.toStdString());
        };
        auto label = [&](const Pair &p) {
            QString text = strategyLabel(p.strategy.toStdString());
            if (severalScenarios)
                text = tr("%1 · %2").arg(text, m_doc->scenario(p.scenario).name);
            return strategyOf(p)->feasible ? text : tr("%1 (infeasible)").arg(text);
        };
        if (view == View::CumulativeCost || view == View::Co2 || view == View::SovereignShare) {
            // One chart of curves: the colour is the strategy, the line style the
            // scenario, faded when the plan is infeasible. With several scenarios
            // the legend is a key (strategies, scenarios, "faded") rather than one
            // long "scenario · strategy" entry per curve, which the legend cut short.
            ReportChart c;
            c.categories = categories;
            c.kind = ReportChart::Kind::Line;
            c.title = m_view->currentText();
            c.yLabel = view == View::CumulativeCost ? tr("USD")
                       : view == View::Co2          ? tr("t CO2")
                                                    : tr("% of served compute");
            ChartLook look;
            QStringList strategiesShown;
            bool anyInfeasible = false;
            for (const auto &p : pairs) {
                const StrategyResult *st = strategyOf(p);
                ChartSeries s{label(p), {}, strategyColor(p.strategy)};
                double sum = 0;
                for (const auto &y : st->years) {
                    sum += y.totalCostUsd;
                    s.values.append(view == View::CumulativeCost ? sum
                                    : view == View::Co2          ? y.co2T
                                                                 : 100 * y.sovereignShare);
                }
                c.series.append(s);
                look.series.append({scenarioLine(scenarios.indexOf(p.scenario)), !st->feasible,
                                    !severalScenarios});
                anyInfeasible = anyInfeasible || !st->feasible;
                if (!strategiesShown.contains(p.strategy))
                    strategiesShown.append(p.strategy);
            }
            if (severalScenarios) {
                for (const QString &st : strategiesShown)
                    look.keys.append({strategyLabel(st.toStdString()), strategyColor(st)});
                for (int k = 0; k < scenarios.size(); ++k)
                    look.keys.append(
                        {m_doc->scenario(scenarios[k]).name, kKeyGrey, scenarioLine(k)});
                if (anyInfeasible) {
                    QColor faded = strategyColor(strategiesShown.first());
                    faded.setAlpha(90);
                    look.keys.append({tr("faded: infeasible"), faded});
                }
            }
            m_charts.append(c);
            m_looks.append(look);
        } else {
            // Small multiples: one chart per scenario x strategy.
            for (const auto &p : pairs) {
                const StrategyResult *st = strategyOf(p);
                ReportChart c;
                c.categories = categories;
                c.title = label(p);
                if (view == View::CapexOpex) {
                    c.kind = ReportChart::Kind::StackedBars;
                    c.yLabel = tr("USD");
                    ChartSeries capex{tr("Capex"), {}, QColor(0x00, 0x72, 0xB2)};
                    ChartSeries opex{tr("Opex"), {}, QColor(0xE6, 0x9F, 0x00)};
                    for (const auto &y : st->years) {
                        capex.values.append(y.capexUsd);
                        opex.values.append(y.totalCostUsd - y.capexUsd);
                    }
                    c.series = {capex, opex};
                } else if (view == View::Power) {
                    c.kind = ReportChart::Kind::Bars;
                    c.yLabel = tr("MW");
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
                ChartLook look;
                look.hatched = !st->feasible;
                m_charts.append(c);
                m_looks.append(look);
            }
        }
        for (int i = 0; i < m_charts.size(); ++i) {
            auto *chartView = new QChartView(toQChart(m_charts[i], m_looks[i]));
            chartView->setRenderHint(QPainter::Antialiasing);
            chartView->setMinimumHeight(m_charts.size() == 1 ? 420 : 320);
            m_views.append(chartView);
        }
        placeCharts();
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
                                   strategyWord(pairs[r].strategy),
                                   locale.toString(st->npvUsd / 1e6, 'f', 2),
                                   locale.toString((st->npvUsd - baseNpv) / 1e6, 'f', 2),
                                   st->feasible ? tr("yes") : tr("no"),
                                   locale.toString(gpus, 'f', 0),
                                   locale.toString(co2, 'f', 0),
                                   locale.toString(co2 - baseCo2, 'f', 0),
                                   locale.toString(100 * share, 'f', 0) + locale.percent()};
        for (int c = 0; c < cells.size(); ++c) {
            auto *item = new QTableWidgetItem(cells[c]);
            if (!st->feasible) {
                // Greyed: the figures of a plan that does not hold; why, on hover.
                item->setForeground(palette().color(QPalette::Disabled, QPalette::Text));
                item->setToolTip(infeasibleTip(*st));
            }
            m_delta->setItem(r, c, item);
        }
    }
    m_delta->resizeColumnsToContents();
}

void CompareWidget::placeCharts() {
    // Two columns when both fit at a readable width, else one (the scroll
    // area scrolls); a lone chart takes the whole row.
    const int width = m_scroll->viewport()->width();
    const int columns = m_views.size() <= 1 ? 1 : std::clamp(width / kMinChartWidthPx, 1, 2);
    if (columns == m_columns)
        return;
    m_columns = columns;
    for (QChartView *v : m_views)
        m_grid->removeWidget(v);
    for (int i = 0; i < m_views.size(); ++i) {
        m_views[i]->setMinimumWidth(m_views.size() == 1 ? 0 : kMinChartWidthPx - 20);
        m_grid->addWidget(m_views[i], i / columns, i % columns);
    }
    for (int c = 0; c < 2; ++c)
        m_grid->setColumnStretch(c, c < columns ? 1 : 0);
}

bool CompareWidget::eventFilter(QObject *watched, QEvent *event) {
    if (watched == m_scroll->viewport() && event->type() == QEvent::Resize)
        placeCharts();
    return QWidget::eventFilter(watched, event);
}

void CompareWidget::showBreakeven() {
    // Every checked scenario: own and lease NPV re-evaluated for 41 values of
    // the swept input in one vectorised pass (each row is one value). The
    // colour is the strategy, the line style the scenario.
    const bool utilization = m_sweep->currentIndex() == 0;
    ReportChart record{
        ReportChart::Kind::Line, tr("Breakeven: own vs lease NPV"), tr("USD"), {}, {}, {}, 0, {}};
    QList<std::pair<ChartSeries, QList<QPointF>>> curves;
    ChartLook look;
    QStringList crossings;
    int shown = 0;
    for (int i = 0; i < m_scenarios->count() && i < m_doc->scenarioCount(); ++i) {
        if (m_scenarios->item(i)->checkState() != Qt::Checked || !m_doc->scenario(i).scenario)
            continue;
        const QString name = m_doc->scenario(i).name;
        const BreakevenCurve curve = breakeven(*m_doc->scenario(i).scenario,
                                               utilization ? BreakevenCurve::Input::Utilization
                                                           : BreakevenCurve::Input::CloudPrice);
        ChartSeries own{tr("%1 · %2").arg(strategyLabel("own"), name), {}, strategyColor("own")},
            lease{tr("%1 · %2").arg(strategyLabel("lease"), name), {}, strategyColor("lease")};
        QList<QPointF> ownPoints, leasePoints; // in M USD
        for (std::size_t j = 0; j < curve.x.size(); ++j) {
            ownPoints.append({curve.x[j], curve.ownNpvUsd[j] / 1e6});
            leasePoints.append({curve.x[j], curve.leaseNpvUsd[j] / 1e6});
            own.values.append(curve.ownNpvUsd[j]);
            lease.values.append(curve.leaseNpvUsd[j]);
        }
        if (record.categories.isEmpty())
            for (double x : curve.x)
                record.categories.append(QLocale().toString(x, 'g', 3));
        record.series.append({own, lease});
        curves.append({{own, ownPoints}, {lease, leasePoints}});
        const SeriesLook styled{scenarioLine(shown)};
        look.series.append({styled, styled});
        crossings.append(curve.crossing
                             ? tr("%1: owning breaks even at %2")
                                   .arg(name, QLocale().toString(*curve.crossing, 'f', 2))
                             : tr("%1: no crossing in the range").arg(name));
        ++shown;
    }
    if (shown == 0)
        return;
    m_charts.append(record);
    m_looks.append(look);
    auto *chartView = new QChartView(xyChart(tr("Own vs lease NPV (%1)").arg(crossings.join("; ")),
                                             utilization ? tr("utilization (all years)")
                                                         : tr("cloud USD per GPU-hour (all years)"),
                                             tr("NPV (M USD)"), curves, look));
    chartView->setRenderHint(QPainter::Antialiasing);
    chartView->setObjectName("breakevenChart");
    chartView->setMinimumHeight(420);
    m_views.append(chartView);
    placeCharts();
}

} // namespace sovereign
