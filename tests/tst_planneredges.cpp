// The planner at its edges (issue 9, docs/methodology.md "Feasibility"): a
// sensitive hour abroad or unmet counts whatever the rest of the demand,
// sub-hour sensitive work is placed, the optimal plan is never dearer than a
// feasible heuristic, and a KPI on a figure the plan lacks is "n/a".
#include "testsupport.h"

#include "planner/planner.h"
#include "planner/tolerances.h"

#include <QTest>

using namespace sovereign;

namespace {

/// One year, a 90-hour sensitive training and a large open one, a non-sovereign
/// cloud, and a grid cap; `sensitiveHours`, `openHours` and `gridCapMw` vary.
QString oneYear(double sensitiveHours, double openHours, double gridCapMw) {
    return QString(R"(schema_version: 1
name: edge
region: KE
start_year: 2026
years: 1
accelerator: h100
discount_rate: 0.08
utilization: 0.6
idle_power_fraction: 0.2
maintenance_rate: 0.05
staff_per_100_gpus: 1
staff_cost_usd: 50000
hybrid_base_fraction: 0.5
grid_cap_mw: %3
cloud:
  sovereign: false
  egress_tb_per_1000_gpu_hours: 0.5
workloads:
  - name: secret
    kind: training
    gpu_hours: %1
    sensitive: true
  - name: open
    kind: training
    gpu_hours: %2
)")
        .arg(sensitiveHours, 0, 'g', 17)
        .arg(openHours, 0, 'g', 17)
        .arg(gridCapMw, 0, 'g', 17);
}

} // namespace

class TstPlannerEdges : public QObject {
    Q_OBJECT
    Catalog m_catalog;

    PlanResult plan(const QString &yaml) {
        auto p = planScenario(test::scenarioFromText(yaml, "edge.yaml", m_catalog));
        if (!p)
            qFatal("%s", p.error().toString().c_str());
        return *p;
    }

  private slots:
    void initTestCase() { m_catalog = test::builtInCatalog(); }

    void sensitiveHoursCountWhateverTheRest_data() {
        QTest::addColumn<double>("sensitive");
        QTest::addColumn<double>("open");
        // Once judged against 1e-6 x total demand: 90 hours hid behind 1e8.
        QTest::newRow("90 sensitive hours beside 1e8 open ones") << 90.0 << 1.0e8;
        QTest::newRow("1 sensitive hour beside 1e10 open ones") << 1.0 << 1.0e10;
        QTest::newRow("twice the tolerance, alone") << 2 * kHoursTolerance << 0.0;
    }

    void sensitiveHoursCountWhateverTheRest() {
        QFETCH(double, sensitive);
        QFETCH(double, open);
        // No grid: nothing can be owned, so sensitive work can only go abroad or stay unmet.
        const PlanResult p = plan(oneYear(sensitive, open, 0));
        for (const char *name : {"own", "lease", "hybrid", "optimal"}) {
            const StrategyResult &st = *p.strategy(name);
            QVERIFY2(!st.feasible, name);
            QVERIFY2(!st.shortfalls.empty(), name);
        }
        QCOMPARE(p.strategy("lease")->years[0].sensitiveForeignH100Hours, sensitive);
        const Shortfall &abroad = p.strategy("lease")->shortfalls[0];
        QCOMPARE(abroad.kind, Shortfall::Kind::SensitiveAbroad);
        QCOMPARE(abroad.amount, sensitive);
        QVERIFY2(
            QString::fromStdString(abroad.detail).contains("sensitive H100-hours on foreign cloud"),
            abroad.detail.c_str());
        QVERIFY(p.recommended.empty()); // nothing to recommend
    }

    void withinTheToleranceIsNone() {
        const PlanResult p = plan(oneYear(kHoursTolerance / 2, 1000, 0));
        QVERIFY(p.strategy("lease")->feasible);
        QVERIFY(p.strategy("optimal")->feasible);
    }

    void subHourSensitiveWorkIsPlaced_data() {
        QTest::addColumn<double>("sensitive");
        QTest::newRow("0.02 hours") << 0.02;
        QTest::newRow("0.5 hours") << 0.5;
        QTest::newRow("one hour") << 1.0;
    }

    void subHourSensitiveWorkIsPlaced() {
        // Once: optimal infeasible while own and hybrid were feasible, with
        // the reason "the utilization leaves no owned capacity limits owned capacity".
        QFETCH(double, sensitive);
        const PlanResult p = plan(oneYear(sensitive, 1000, 100));
        QVERIFY(p.strategy("own")->feasible);
        QVERIFY(!p.strategy("lease")->feasible);
        const StrategyResult &opt = *p.strategy("optimal");
        QVERIFY2(opt.feasible, opt.shortfalls.empty() ? "" : opt.shortfalls[0].detail.c_str());
        QVERIFY(opt.years[0].ownedGpus > 0);
        QCOMPARE(opt.years[0].unmetH100Hours, 0.0);
        QCOMPARE(opt.years[0].sensitiveForeignH100Hours, 0.0);
    }

    void infeasibleOptimalSaysWhy() {
        // Owned capacity exists but the grid allows too little of it.
        const PlanResult p = plan(oneYear(50000, 0, 0.001));
        const StrategyResult &opt = *p.strategy("optimal");
        QVERIFY(!opt.feasible);
        QCOMPARE(opt.shortfalls.size(), std::size_t(1));
        QCOMPARE(opt.shortfalls[0].limitedBy, std::vector<std::string>{"grid"});
        const QString reason = QString::fromStdString(opt.shortfalls[0].detail);
        QVERIFY2(reason.contains("sensitive H100-hours cannot be placed: the grid cap limits "
                                 "owned capacity and the cloud is not sovereign"),
                 qPrintable(reason));
    }

    void optimalIsNeverDearerThanAFeasibleHeuristic_data() {
        QTest::addColumn<QString>("yaml");
        QTest::newRow("demo") << test::readText(SOVEREIGN_SOURCE_DIR
                                                "/resources/scenarios/demo.yaml");
        QTest::newRow("hand") << test::readText(SOVEREIGN_TEST_DATA "/hand.yaml");
        QTest::newRow("sub-hour sensitive") << oneYear(0.5, 1000, 100);
        QTest::newRow("large open demand") << oneYear(10, 1.0e9, 1000);
    }

    void optimalIsNeverDearerThanAFeasibleHeuristic() {
        QFETCH(QString, yaml);
        const PlanResult p = plan(yaml);
        const StrategyResult &opt = *p.strategy("optimal");
        for (const char *name : {"own", "lease", "hybrid"}) {
            const StrategyResult &h = *p.strategy(name);
            if (!h.feasible)
                continue;
            QVERIFY2(opt.feasible, name);
            // Tolerance: 1 USD or 1e-9 of the NPV, the rounding of two sums.
            QVERIFY2(
                opt.npvUsd <= h.npvUsd + std::max(1.0, 1e-9 * std::abs(h.npvUsd)),
                qPrintable(QString("optimal %1 > %2 %3").arg(opt.npvUsd).arg(name).arg(h.npvUsd)));
        }
    }

    void kpiOnAFigureThePlanLacksIsNotApplicable() {
        // hand.yaml has no inference: no cost per token, no energy per token.
        const QString yaml = test::readText(SOVEREIGN_TEST_DATA "/hand.yaml") +
                             "kpis:\n"
                             "  - {metric: cost_per_million_tokens_usd, direction: at_most, "
                             "target: 1}\n"
                             "  - {metric: kwh_per_million_tokens, direction: at_most, target: "
                             "null}\n"
                             "  - {metric: owned_gpus, direction: at_least, target: 1}\n";
        const PlanResult p = plan(yaml);
        QCOMPARE(p.kpis.size(), std::size_t(3));
        for (const KpiYear &y : p.kpis[0].years) {
            QVERIFY(!y.hasValue);
            QCOMPARE(y.status, KpiStatus::NotApplicable); // not "on-track" on a made-up 0
            QCOMPARE(kpiStatusName(y.status), "n/a");
        }
        for (const KpiYear &y : p.kpis[1].years)
            QCOMPARE(y.status, KpiStatus::NotApplicable);
        for (const KpiYear &y : p.kpis[2].years) {
            QVERIFY(y.hasValue);
            QVERIFY(y.status != KpiStatus::NotApplicable);
        }
    }

    void sharesStayWithinOne() {
        const PlanResult p =
            plan(test::readText(SOVEREIGN_SOURCE_DIR "/resources/scenarios/demo.yaml"));
        for (const auto &st : p.strategies)
            for (const auto &y : st.years)
                QVERIFY2(y.sovereignShare >= 0 && y.sovereignShare <= 1,
                         qPrintable(QString("%1 %2: %3")
                                        .arg(QString::fromStdString(st.name))
                                        .arg(y.year)
                                        .arg(y.sovereignShare, 0, 'g', 17)));
    }
};

QTEST_GUILESS_MAIN(TstPlannerEdges)
#include "tst_planneredges.moc"
