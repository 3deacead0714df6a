#include "uncertaintywidget.h"

#include "computepool.h"

#include "chartfactory.h"
#include "projectdocument.h"

#include "planner/montecarlo.h"
#include "planner/planner.h"
#include "reports/reportbuilder.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QHorizontalBarSeries>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>
#include <QValueAxis>
#include <QtConcurrent>

#include <algorithm>
#include <cmath>

namespace sovereign {

namespace {

/// An uncertain input's key ("cloud.usd_per_gpu_hour") as a person reads it
/// on the tornado's axis ("Cloud GPU-hour price"); short enough to fit.
QString tornadoLabel(const std::string &stdKey) {
    const QString key = QString::fromStdString(stdKey);
    static const QHash<QString, const char *> known = {
        {"accelerator_overrides.price_usd",
         QT_TRANSLATE_NOOP("sovereign::UncertaintyWidget", "GPU price")},
        {"utilization", QT_TRANSLATE_NOOP("sovereign::UncertaintyWidget", "Utilization")},
        {"pue", QT_TRANSLATE_NOOP("sovereign::UncertaintyWidget", "PUE")},
        {"electricity_usd_per_kwh",
         QT_TRANSLATE_NOOP("sovereign::UncertaintyWidget", "Electricity price")},
        {"staff_cost_usd", QT_TRANSLATE_NOOP("sovereign::UncertaintyWidget", "Staff cost")},
        {"cloud.usd_per_gpu_hour",
         QT_TRANSLATE_NOOP("sovereign::UncertaintyWidget", "Cloud GPU-hour price")},
        {"cloud.egress_usd_per_tb",
         QT_TRANSLATE_NOOP("sovereign::UncertaintyWidget", "Cloud egress price")},
        {"discount_rate", QT_TRANSLATE_NOOP("sovereign::UncertaintyWidget", "Discount rate")},
        {"maintenance_rate", QT_TRANSLATE_NOOP("sovereign::UncertaintyWidget", "Maintenance rate")},
    };
    if (auto it = known.find(key); it != known.end())
        return UncertaintyWidget::tr(it.value());
    // workloads.<name>.<field>: what varies, then the workload's name, cut
    // short: the axis shows about twenty characters before "...".
    const QStringList parts = key.split('.');
    QString words = parts.last();
    words.replace('_', ' ');
    if (parts.size() == 3 && parts[0] == "workloads") {
        const QString field = parts[2] == "tokens_per_month" ? UncertaintyWidget::tr("Tokens")
                              : parts[2] == "gpu_hours"      ? UncertaintyWidget::tr("GPU-hours")
                              : parts[2] == "runs_per_year"  ? UncertaintyWidget::tr("Runs")
                                                             : words;
        const QString workload =
            parts[1].size() > 12 ? parts[1].left(11) + QChar(0x2026) : parts[1];
        return UncertaintyWidget::tr("%1 · %2").arg(field, workload);
    }
    QString label = (parts.size() > 1 ? parts[parts.size() - 2] + " " : QString()) + words;
    label.replace('_', ' ');
    label[0] = label[0].toUpper();
    return label;
}

} // namespace

/// Forwards progress from the worker thread to the GUI thread (queued).
class ProgressRelay : public Feedback {
  public:
    explicit ProgressRelay(QProgressBar *bar) : m_bar(bar) {}

  protected:
    void progressChanged(double percent) override {
        QMetaObject::invokeMethod(m_bar, "setValue", Qt::QueuedConnection,
                                  Q_ARG(int, static_cast<int>(percent)));
    }

  private:
    QPointer<QProgressBar> m_bar;
};

UncertaintyWidget::UncertaintyWidget(ProjectDocument *doc, QWidget *parent)
    : QWidget(parent), m_doc(doc) {
    m_draws = new QSpinBox;
    m_draws->setObjectName("mcDraws");
    m_draws->setRange(100, 1'000'000);
    m_draws->setSingleStep(10'000);
    m_draws->setValue(10'000);
    m_draws->setGroupSeparatorShown(true);
    m_seed = new QSpinBox;
    m_seed->setRange(0, 1'000'000);
    m_seed->setValue(1);
    m_run = new QPushButton(tr("&Run"));
    m_run->setObjectName("mcRun");
    m_cancel = new QPushButton(tr("&Cancel"));
    m_cancel->setEnabled(false);
    m_progress = new QProgressBar;
    m_progress->setRange(0, 100);
    m_status = new QLabel;
    m_status->setWordWrap(true);
    auto *controls = new QHBoxLayout;
    controls->addWidget(new QLabel(tr("Draws:")));
    controls->addWidget(m_draws);
    controls->addWidget(new QLabel(tr("Seed:")));
    controls->addWidget(m_seed);
    controls->addWidget(m_run);
    controls->addWidget(m_cancel);
    controls->addWidget(m_progress, 1);

    m_table = new QTableWidget;
    m_table->setObjectName("mcTable");
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_histogram = new QChartView;
    m_histogram->setRenderHint(QPainter::Antialiasing);
    m_tornado = new QChartView;
    m_tornado->setRenderHint(QPainter::Antialiasing);
    auto *charts = new QSplitter(Qt::Horizontal);
    charts->addWidget(m_histogram);
    charts->addWidget(m_tornado);
    // The tornado's input names need width beside its bars.
    charts->setStretchFactor(0, 4);
    charts->setStretchFactor(1, 5);
    auto *body = new QSplitter(Qt::Vertical);
    body->addWidget(charts);
    body->addWidget(m_table);
    body->setStretchFactor(0, 3);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(controls);
    layout->addWidget(m_status);
    layout->addWidget(body, 1);

    connect(m_run, &QPushButton::clicked, this, &UncertaintyWidget::run);
    connect(m_cancel, &QPushButton::clicked, this, &UncertaintyWidget::cancel);
    connect(&m_watcher, &QFutureWatcher<Result<MonteCarloResult>>::finished, this, [this] {
        m_run->setEnabled(true);
        m_cancel->setEnabled(false);
        const Result<MonteCarloResult> r = m_watcher.result();
        if (!r) {
            m_status->setText(
                tr("Monte Carlo stopped: %1").arg(QString::fromStdString(r.error().message)));
            emit finished(false);
            return;
        }
        m_result = *r;
        showResult();
        emit finished(true);
    });
}

UncertaintyWidget::~UncertaintyWidget() {
    cancel();
    m_watcher.waitForFinished();
}

void UncertaintyWidget::setScenarioIndex(int index) {
    m_index = index;
    m_result.reset();
    m_status->setText(
        tr("Press Run to draw the uncertain inputs (catalog ranges and the scenario's "
           "uncertainty section)."));
}

void UncertaintyWidget::setDraws(int draws) {
    m_draws->setValue(draws);
}

bool UncertaintyWidget::isRunning() const {
    return m_watcher.isRunning();
}

void UncertaintyWidget::run() {
    if (isRunning() || m_index < 0 || !m_doc->scenario(m_index).scenario) {
        if (m_index >= 0 && !m_doc->scenario(m_index).scenario)
            m_status->setText(tr("The scenario is not valid; fix it in the editor first."));
        return;
    }
    // Copies go to the worker: the document may change while it runs.
    Scenario scenario = *m_doc->scenario(m_index).scenario;
    const int draws = m_draws->value();
    const auto seed = static_cast<std::uint64_t>(m_seed->value());
    m_feedback = std::make_shared<ProgressRelay>(m_progress);
    auto feedback = m_feedback;
    m_progress->setValue(0);
    m_run->setEnabled(false);
    m_cancel->setEnabled(true);
    m_status->setText(tr("Running %1 draws...").arg(QLocale().toString(draws)));
    m_watcher.setFuture(QtConcurrent::run(
        computePool(),
        [scenario = std::move(scenario), draws, seed, feedback]() -> Result<MonteCarloResult> {
            auto fleets = solveFixedFleets(scenario);
            if (!fleets)
                return std::unexpected(fleets.error());
            return runMonteCarlo(scenario, *fleets, draws, seed, feedback.get());
        }));
}

void UncertaintyWidget::cancel() {
    if (m_feedback)
        m_feedback->cancel();
}

void UncertaintyWidget::showResult() {
    const MonteCarloResult &mc = *m_result;
    const QLocale locale;
    m_status->setText(tr("%1 draws over %2 uncertain inputs. P(own beats lease) = %3. "
                         "P(optimal fleet sends sensitive work abroad) = %4.")
                          .arg(locale.toString(mc.draws))
                          .arg(mc.uncertainKeys.size())
                          .arg(locale.toString(mc.probOwnBeatsLease, 'f', 3))
                          .arg(locale.toString(mc.probOptimalSensitiveShortfall, 'f', 3)));
    const QStringList headers = {tr("Strategy"),    tr("P10 (M USD)"),  tr("P50 (M USD)"),
                                 tr("P90 (M USD)"), tr("Mean (M USD)"), tr("Feasible draws")};
    m_table->clear();
    m_table->setColumnCount(headers.size());
    m_table->setHorizontalHeaderLabels(headers);
    m_table->setRowCount(static_cast<int>(mc.strategies.size()));
    for (int r = 0; r < static_cast<int>(mc.strategies.size()); ++r) {
        const auto &s = mc.strategies[r];
        const QStringList cells = {strategyLabel(s.name),
                                   locale.toString(s.npv.p10 / 1e6, 'f', 2),
                                   locale.toString(s.npv.p50 / 1e6, 'f', 2),
                                   locale.toString(s.npv.p90 / 1e6, 'f', 2),
                                   locale.toString(s.npv.mean / 1e6, 'f', 2),
                                   locale.toString(100 * s.feasibleShare, 'f', 1) +
                                       locale.percent()};
        for (int c = 0; c < cells.size(); ++c)
            m_table->setItem(r, c, new QTableWidgetItem(cells[c]));
    }
    m_table->resizeColumnsToContents();

    // The histogram's bins span every strategy's draws (as npvHistogram bins
    // them): a value axis in M USD over that span labels them with round ticks.
    const auto [lo, hi] = npvDrawRange(mc);
    ChartLook bins;
    bins.binRange = {{lo / 1e6, hi / 1e6}};
    bins.xLabel = tr("NPV (M USD)");
    QChart *histogram = toQChart(npvHistogram(mc, 16, locale), bins);
    // The axis says M USD: the report's longer title was cut to "..." here.
    histogram->setTitle(tr("Distribution of NPV across draws"));
    m_histogram->setChart(histogram);

    // Tornado of the optimal plan: NPV change from the base at each end.
    const auto optimal = std::find_if(mc.strategies.begin(), mc.strategies.end(),
                                      [](const auto &s) { return s.name == "optimal"; });
    if (optimal == mc.strategies.end())
        return;
    const auto &opt = *optimal;
    auto *chart = new QChart;
    localizeChart(chart);
    chart->setTitle(tr("Tornado: optimal plan NPV change (M USD)"));
    auto *low = new QBarSet(tr("input low"));
    auto *high = new QBarSet(tr("input high"));
    low->setColor(QColor(0x00, 0x72, 0xB2));
    high->setColor(QColor(0xE6, 0x9F, 0x00));
    QStringList keys;
    const PlanResult *plan =
        m_doc->scenario(m_index).plan ? &*m_doc->scenario(m_index).plan : nullptr;
    const double base = plan && plan->strategy("optimal") ? plan->strategy("optimal")->npvUsd : 0;
    double left = 0, right = 0;
    // Largest swing at the top: horizontal bars are drawn bottom-up.
    for (auto it = opt.tornado.rbegin(); it != opt.tornado.rend(); ++it) {
        keys.append(tornadoLabel(it->key));
        *low << (it->npvAtLow - base) / 1e6;
        *high << (it->npvAtHigh - base) / 1e6;
        left = std::min({left, (it->npvAtLow - base) / 1e6, (it->npvAtHigh - base) / 1e6});
        right = std::max({right, (it->npvAtLow - base) / 1e6, (it->npvAtHigh - base) / 1e6});
    }
    auto *series = new QHorizontalBarSeries;
    series->append(low);
    series->append(high);
    chart->addSeries(series);
    auto *y = new QBarCategoryAxis;
    y->append(keys);
    auto *x = new QValueAxis;
    x->setTitleText(tr("NPV change (M USD)"));
    setReadableRange(x, left, right);
    chart->addAxis(y, Qt::AlignLeft);
    chart->addAxis(x, Qt::AlignBottom);
    series->attachAxis(y);
    series->attachAxis(x);
    chart->legend()->setAlignment(Qt::AlignBottom);
    m_tornado->setChart(chart);
}

} // namespace sovereign
