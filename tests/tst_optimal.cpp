// The optimal (MILP) plan is never worse than any feasible heuristic, and
// when nothing is feasible it says which constraint is to blame.
#include "testsupport.h"

#include "planner/breakeven.h"
#include "planner/planner.h"
#include "planner/scenarioloader.h"

#include <QFile>
#include <QRegularExpression>
#include <QTest>

using namespace sovereign;

namespace {

using test::readText;

/// The fixture with each "key: value" line whose key matches replaced (or appended).
QString variant(QString yaml, const QStringList &edits) {
    for (const QString &edit : edits) {
        const QString key = edit.section(':', 0, 0);
        QRegularExpression line("^" + QRegularExpression::escape(key) + ":.*$",
                                QRegularExpression::MultilineOption);
        if (yaml.contains(line))
            yaml.replace(line, edit);
        else
            yaml += "\n" + edit + "\n";
    }
    return yaml;
}

} // namespace

class TstOptimal : public QObject {
    Q_OBJECT
    Catalog m_catalog;

    PlanResult planOf(const QString &yaml) {
        auto plan = planScenario(test::scenarioFromText(yaml, "variant.yaml", m_catalog));
        if (!plan)
            qFatal("%s", plan.error().toString().c_str());
        return *plan;
    }

  private slots:
    void initTestCase() { m_catalog = test::builtInCatalog(); }

    void neverAboveAFeasibleHeuristic_data() {
        QTest::addColumn<QString>("fixture");
        QTest::addColumn<QStringList>("edits");
        const QString demo = SOVEREIGN_SOURCE_DIR "/resources/scenarios/demo.yaml";
        const QString hand = SOVEREIGN_TEST_DATA "/hand.yaml";
        QTest::newRow("demo as shipped") << demo << QStringList{};
        QTest::newRow("demo, sovereign cloud") << demo << QStringList{"  sovereign: true"};
        QTest::newRow("demo, no grid cap") << demo << QStringList{"grid_cap_mw: 1000"};
        QTest::newRow("demo, budget binds every year")
            << demo << QStringList{"capex_budget_usd: 2000000"};
        QTest::newRow("demo, expensive cloud")
            << demo << QStringList{"  egress_tb_per_1000_gpu_hours: 40"};
        QTest::newRow("demo, low utilization")
            << demo << QStringList{"utilization: [0.35, 0.45, 0.55, 0.6, 0.6]"};
        QTest::newRow("hand as shipped") << hand << QStringList{};
        QTest::newRow("hand, cheap cloud") << hand << QStringList{"  usd_per_gpu_hour: 0.5"};
        QTest::newRow("hand, sovereign cloud") << hand << QStringList{"  sovereign: true"};
        QTest::newRow("hand, hybrid owns everything")
            << hand << QStringList{"hybrid_base_fraction: 1"};
        QTest::newRow("hand, long lifetime") << hand << QStringList{"lifetime_years: 6"};
    }

    void neverAboveAFeasibleHeuristic() {
        QFETCH(QString, fixture);
        QFETCH(QStringList, edits);
        const PlanResult plan = planOf(variant(readText(fixture), edits));
        const StrategyResult *opt = plan.strategy("optimal");
        bool anyFeasible = false;
        for (const char *name : {"own", "lease", "hybrid"}) {
            const StrategyResult *h = plan.strategy(name);
            if (!h->feasible)
                continue;
            anyFeasible = true;
            // Tolerance: CBC's optimality gap is set to 1e-9; allow 1e-7 relative.
            QVERIFY2(opt->npvUsd <= h->npvUsd + 1e-7 * std::abs(h->npvUsd),
                     qPrintable(
                         QString("optimal %1 > %2 %3").arg(opt->npvUsd).arg(name).arg(h->npvUsd)));
        }
        if (anyFeasible)
            QVERIFY(opt->feasible);
        QVERIFY(!plan.recommended.empty() || !anyFeasible);
    }

    void infeasibleSaysWhy_data() {
        QTest::addColumn<QStringList>("edits");
        QTest::addColumn<QString>("cause");
        QTest::newRow("grid cap too small for any node")
            << QStringList{"grid_cap_mw: 0.001"} << "grid cap";
        QTest::newRow("budget too small for any node")
            << QStringList{"capex_budget_usd: 1000"} << "capex budget";
    }

    void infeasibleSaysWhy() {
        QFETCH(QStringList, edits);
        QFETCH(QString, cause);
        const PlanResult plan = planOf(variant(readText(SOVEREIGN_TEST_DATA "/hand.yaml"), edits));
        const StrategyResult *opt = plan.strategy("optimal");
        QVERIFY(!opt->feasible);
        QCOMPARE(opt->shortfalls.size(), std::size_t(3)); // every year has sensitive work
        const Shortfall &first = opt->shortfalls[0];
        QCOMPARE(first.kind, Shortfall::Kind::SensitiveUnplaceable);
        QCOMPARE(first.year, 2026);
        QCOMPARE(first.limitedBy,
                 std::vector<std::string>{cause == "grid cap" ? "grid" : "budget"});
        QVERIFY2(QString::fromStdString(first.detail).contains(cause), first.detail.c_str());
        QVERIFY(QString::fromStdString(first.detail).contains("cloud is not sovereign"));
        // The unmet sensitive work is all of it: 4,380 H100-hours in 2026.
        QVERIFY(std::abs(opt->years[0].unmetH100Hours - 4380) < 1e-6);
        QVERIFY(plan.recommended.empty());
        QVERIFY(QString::fromStdString(plan.recommendation).startsWith("No strategy is feasible"));
    }

    void breakevenOnTheCloudPrice() {
        // Own never uses cloud, so its NPV is flat in the cloud price; lease NPV is
        // weight x (price + 0.1 egress) with weight = 8760 + 26280/1.1 + 4380/1.21
        // = 36270.74 discounted GPU-hours. They cross where that equals own's
        // 43,976.66 USD (tst_handcomputed): price = 43976.66 / 36270.74 - 0.1 = 1.1125.
        const Scenario s = test::scenarioFromText(readText(SOVEREIGN_TEST_DATA "/hand.yaml"),
                                                  "hand.yaml", m_catalog);
        const BreakevenCurve c = breakeven(s, BreakevenCurve::Input::CloudPrice, 20);
        QCOMPARE(c.x.size(), std::size_t(20));
        QVERIFY(std::abs(c.ownNpvUsd.front() - c.ownNpvUsd.back()) < 1e-6);
        QVERIFY(c.crossing.has_value());
        // Both curves are linear in the price, so interpolation is exact (1e-9 relative).
        const double weight = 8760 + 26280 / 1.1 + 4380 / 1.21;
        QVERIFY(std::abs(*c.crossing - (43976.659714500376 / weight - 0.1)) < 1e-9);
        // Utilization: lease is flat, own falls as each GPU delivers more.
        const BreakevenCurve u = breakeven(s, BreakevenCurve::Input::Utilization, 10);
        QVERIFY(std::abs(u.leaseNpvUsd.front() - u.leaseNpvUsd.back()) < 1e-6);
        QVERIFY(u.ownNpvUsd.back() < u.ownNpvUsd.front());
    }

    void sovereignCloudMakesLeaseFeasible() {
        const PlanResult plan =
            planOf(variant(readText(SOVEREIGN_TEST_DATA "/hand.yaml"), {"  sovereign: true"}));
        QVERIFY(plan.strategy("lease")->feasible);
        QCOMPARE(plan.strategy("lease")->years[1].sovereignShare, 1.0);
    }
};

QTEST_GUILESS_MAIN(TstOptimal)
#include "tst_optimal.moc"
