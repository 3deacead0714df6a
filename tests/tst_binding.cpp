// Binding-constraint notes ("Why: binding constraints" in docs/methodology.md),
// on variants of tests/data/hand.yaml:
//   "- own / hybrid: a year's purchase cut by the grid cap or the budget is
//      listed, with the cap and the nodes it allows; so is sensitive work sent
//      abroad.
//    - optimal: the MILP is solved again without the grid cap, without the
//      budget and without sovereignty; a constraint *binds* when lifting it
//      lowers NPV (by more than 100 USD or 1 ppm), and the years listed are
//      where the relaxed plan crosses it. The NPV difference is what the
//      constraint costs."
// tst_handcomputed already checks the grid note of own and optimal on hand.yaml
// as shipped, and tst_optimal the infeasible plans; this suite covers the
// budget (binding or not, and in which year), the grid and budget together, a
// fleet over a falling cap, sensitive work abroad and what sovereignty costs.
//
// The hand scenario (worked out in tst_handcomputed.cpp): a node is 2 GPUs and
// costs 15,000 USD; it delivers 8,760 H100-h a year; demand D = [8760, 26280,
// 4380] H100-h of which sensitive S = [4380, 8760, 4380]; the grid caps
// [0.01, 0.0036, 0.01] MW allow [5, 2, 5] nodes in service; cloud 3.1 USD/GPU-h
// with egress; discount 10 %. Without a grid cap the optimal plan buys nodes
// [1, 2, 0]; holding that third node through 2027-2028 instead of sending
// 8,760 H100-h to cloud in 2027 changes NPV by
//   2027: +15000 capex +1500 maintenance +2000 staff +946.08 energy (0.18 kWh
//         idle x 2 GPUs x 8760 h + 0.72 kWh x 8760 busy h, at 0.1 USD) -27156 cloud
//         = -7709.92, discounted /1.1;
//   2028: +1500 +2000 +315.36 idle energy = +3815.36, discounted /1.21;
//   salvage of the 2027 cohort, 15000 x (1 - 2/3) = 5000, credited /1.331;
//   = -7009.0182 + 3153.1901 - 3756.5740 = -7612.4021 USD.
// So a budget of 15,000 USD a year (one node a year) costs 7,612.40 USD in 2027.
#include "testsupport.h"

#include "planner/planner.h"
#include "planner/resultjson.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTest>

#include <cmath>
#include <limits>

using namespace sovereign;

namespace {

using test::readText;

/// hand.yaml with each "key: value" line whose key matches replaced (or
/// appended); "-key" removes that key's line.
QString variant(const QStringList &edits) {
    QString yaml = readText(SOVEREIGN_TEST_DATA "/hand.yaml");
    for (const QString &edit : edits) {
        const bool remove = edit.startsWith('-');
        const QString key = (remove ? edit.mid(1) : edit).section(':', 0, 0);
        QRegularExpression line("^" + QRegularExpression::escape(key) + ":.*$",
                                QRegularExpression::MultilineOption);
        if (!yaml.contains(line)) {
            if (remove)
                qFatal("no key '%s' to remove", qPrintable(key));
            yaml += "\n" + edit + "\n";
        } else {
            yaml.replace(line, remove ? QString() : edit);
        }
    }
    return yaml;
}

const char *kindName(BindingNote::Kind k) {
    switch (k) {
    case BindingNote::Kind::CapCutPurchase:
        return "cut-purchase";
    case BindingNote::Kind::FleetOverCap:
        return "over-cap";
    case BindingNote::Kind::SensitiveAbroad:
        return "abroad";
    }
    return "?";
}

/// "2027 budget cut-purchase 1 15000": year, constraint, kind, amount, limit.
QStringList describe(const std::vector<BindingNote> &notes) {
    QStringList out;
    for (const BindingNote &b : notes)
        out << QString("%1 %2 %3 %4 %5")
                   .arg(b.year)
                   .arg(QString::fromStdString(b.constraint), kindName(b.kind))
                   .arg(b.amount, 0, 'g', 12)
                   .arg(b.limit, 0, 'g', 12);
    out.sort();
    return out;
}

constexpr double kNoHandFigure = std::numeric_limits<double>::quiet_NaN();

} // namespace

class TstBinding : public QObject {
    Q_OBJECT
    Catalog m_catalog;

    PlanResult planOf(const QStringList &edits) {
        auto plan = planScenario(test::scenarioFromText(variant(edits), "variant.yaml", m_catalog));
        if (!plan)
            qFatal("%s", plan.error().toString().c_str());
        return *plan;
    }

  private slots:
    void initTestCase() { m_catalog = test::builtInCatalog(); }

    void heuristicNotes_data() {
        QTest::addColumn<QStringList>("edits");
        QTest::addColumn<QString>("strategy");
        QTest::addColumn<QStringList>("expected");
        const QString noGrid = "-grid_cap_mw";
        const QString bigFirstYear = "    gpu_hours: [13140, 17520, 0]"; // D[2026] = 17520
        // own sizes for D: it needs [1, 3, 1] nodes in service, so buys 1 in 2026
        // and wants 2 more in 2027 (30,000 USD); nothing in 2028.
        QTest::newRow("own: budget one node short in 2027")
            << QStringList{noGrid, "capex_budget_usd: 15000"} << "own"
            << QStringList{"2027 budget cut-purchase 1 15000"};
        QTest::newRow("own: budget short in 2027 only, zero budget in 2028 unused")
            << QStringList{noGrid, "capex_budget_usd: [1000000, 15000, 0]"} << "own"
            << QStringList{"2027 budget cut-purchase 1 15000"};
        // D[2026] = 17520 needs 2 nodes; the 2026 budget buys one.
        QTest::newRow("own: budget short in the first year")
            << QStringList{noGrid, bigFirstYear, "capex_budget_usd: [15000, 1000000, 1000000]"}
            << "own" << QStringList{"2026 budget cut-purchase 1 15000"};
        QTest::newRow("own: budget exactly affords the need, no note")
            << QStringList{noGrid, "capex_budget_usd: 30000"} << "own" << QStringList{};
        QTest::newRow("own: generous budget, no note")
            << QStringList{noGrid, "capex_budget_usd: 1000000"} << "own" << QStringList{};
        // With the shipped grid the 2027 room is 2 - 1 = 1 node.
        QTest::newRow("own: grid tighter than the budget, only the grid listed")
            << QStringList{"capex_budget_usd: 30000"} << "own"
            << QStringList{"2027 grid cut-purchase 2 0.0036"};
        QTest::newRow("own: budget tighter than the grid, only the budget listed")
            << QStringList{"grid_cap_mw: 0.01", "capex_budget_usd: 15000"} << "own"
            << QStringList{"2027 budget cut-purchase 1 15000"};
        QTest::newRow("own: grid and budget both allow one node, both listed")
            << QStringList{"capex_budget_usd: 15000"} << "own"
            << QStringList{"2027 budget cut-purchase 1 15000", "2027 grid cut-purchase 2 0.0036"};
        // 2026 buys 2 nodes; the 2027 cap of 1.8 kW allows 1 node, so the fleet is
        // over the cap and there is no room for the third node 2027 wants.
        QTest::newRow("own: fleet bought earlier over a falling cap")
            << QStringList{bigFirstYear, "grid_cap_mw: [0.01, 0.0018, 0.01]"} << "own"
            << QStringList{"2027 grid cut-purchase 1 0.0018", "2027 grid over-cap 0 0.0018"};
        // hybrid_base_fraction 0 sizes for S: one node covers every year.
        QTest::newRow("hybrid sized for sensitive work: budget never short")
            << QStringList{noGrid, "capex_budget_usd: 15000"} << "hybrid" << QStringList{};
        QTest::newRow("hybrid sized for all demand: budget short in 2027")
            << QStringList{noGrid, "capex_budget_usd: 15000", "hybrid_base_fraction: 1"} << "hybrid"
            << QStringList{"2027 budget cut-purchase 1 15000"};
        // A budget below one node buys 0 nodes; S then bursts to the foreign cloud.
        QTest::newRow("hybrid: budget buys no node, sensitive work abroad")
            << QStringList{noGrid, "capex_budget_usd: 1000"} << "hybrid"
            << QStringList{"2026 budget cut-purchase 0 1000", "2026 sovereignty abroad 4380 0",
                           "2027 budget cut-purchase 0 1000", "2027 sovereignty abroad 8760 0",
                           "2028 budget cut-purchase 0 1000", "2028 sovereignty abroad 4380 0"};
        QTest::newRow("lease: sensitive work abroad every year")
            << QStringList{} << "lease"
            << QStringList{"2026 sovereignty abroad 4380 0", "2027 sovereignty abroad 8760 0",
                           "2028 sovereignty abroad 4380 0"};
        QTest::newRow("lease: sovereign cloud, no note")
            << QStringList{"  sovereign: true"} << "lease" << QStringList{};
    }

    void heuristicNotes() {
        QFETCH(QStringList, edits);
        QFETCH(QString, strategy);
        QFETCH(QStringList, expected);
        const PlanResult plan = planOf(edits);
        const StrategyResult *st = plan.strategy(strategy.toStdString());
        QVERIFY(st);
        expected.sort();
        QCOMPARE(describe(st->binding), expected);
    }

    void budgetNoteWording() {
        // The note's English, the JSON record and the recommendation's clause.
        const PlanResult plan = planOf({"-grid_cap_mw", "capex_budget_usd: 15000"});
        const StrategyResult *own = plan.strategy("own");
        QCOMPARE(own->binding.size(), std::size_t(1));
        QCOMPARE(own->binding[0].detail,
                 std::string("the capex budget of 15.0 k USD buys 1 nodes; more were needed"));
        QCOMPARE(plan.recommended, std::string("optimal"));
        QVERIFY2(QString::fromStdString(plan.recommendation).endsWith("; budget binds in 2027"),
                 plan.recommendation.c_str());
        const QJsonObject json = planToJson(plan);
        QVERIFY(json["strategies"]["optimal"]["binding"].toArray().isEmpty());
        const QJsonArray costs = json["strategies"]["optimal"]["constraint_costs"].toArray();
        QCOMPARE(costs.size(), 1);
        QCOMPARE(costs[0]["years"].toArray(), QJsonArray{2027});
        QCOMPARE(costs[0]["constraint"].toString(), QString("budget"));
        QVERIFY(std::abs(costs[0]["npv_saving_usd"].toDouble() - 7612.402103681441) < 0.1);
        QCOMPARE(costs[0]["detail"].toString(),
                 QString("lifting the budget constraint would lower NPV by 7.6 k USD"));
        // The decision names the constraint once, with what it costs the optimal plan.
        QCOMPARE(plan.decision.binding.size(), std::size_t(1));
        QCOMPARE(plan.decision.binding[0].years, std::vector<int>{2027});
        QVERIFY(plan.decision.binding[0].optimalNpvSavingUsd.has_value());
    }

    void fleetOverFallingCapIsInfeasible() {
        const PlanResult plan =
            planOf({"    gpu_hours: [13140, 17520, 0]", "grid_cap_mw: [0.01, 0.0018, 0.01]"});
        const StrategyResult *own = plan.strategy("own");
        QVERIFY(!own->feasible);
        QVERIFY(std::any_of(own->shortfalls.begin(), own->shortfalls.end(), [](const Shortfall &f) {
            return f.kind == Shortfall::Kind::OverGridCap && f.year == 2027 &&
                   f.detail == "year 2027: owned fleet exceeds the grid cap";
        }));
    }

    void optimalLiftingSaves_data() {
        QTest::addColumn<QStringList>("edits");
        QTest::addColumn<QString>("constraint");
        QTest::addColumn<QStringList>("lift");     // the same scenario without it
        QTest::addColumn<QStringList>("expected"); // all optimal notes: "year constraint"
        QTest::addColumn<double>("handSaving");    // worked out in comments, or NaN
        QTest::addColumn<QString>("costText");     // as the note words it
        const QString noGrid = "-grid_cap_mw";
        const QStringList noBudget{"-capex_budget_usd"};
        // Header: one node a year instead of [1, 2, 0] costs 7,612.40 USD.
        QTest::newRow("budget binds in 2027")
            << QStringList{noGrid, "capex_budget_usd: 15000"} << "budget" << noBudget
            << QStringList{"2027 budget"} << 7612.402103681441 << "7.6 k USD";
        // Buying the third node in 2026 instead costs 1363.64 capex + 1500 + 2000 +
        // 315.36 more and loses 5000/1.331 salvage: more than its 7,612.40, so the
        // budget's plan is still [1, 1, 0] and lifting it saves the same.
        QTest::newRow("budget binds in 2027 only, zero budget in 2028 unused")
            << QStringList{noGrid, "capex_budget_usd: [1000000, 15000, 0]"} << "budget" << noBudget
            << QStringList{"2027 budget"} << 7612.402103681441 << "7.6 k USD";
        // D = [17520, 26280, 4380]: the budget allows [1, 2, 0], lifted [2, 1, 0].
        // The node bought a year early: +15000 - 15000/1.1 capex, +1500 maintenance,
        // +2000 staff, +315.36 idle and +630.72 busy energy in 2026, and no salvage
        // (5000/1.331 lost); it saves 8,760 H100-h of cloud in 2026 (27,156 USD):
        // 27156 - 1363.6364 - 4446.08 - 3756.5740 = 17,589.71 USD.
        QTest::newRow("budget binds in the first year")
            << QStringList{noGrid, "    gpu_hours: [13140, 17520, 0]",
                           "capex_budget_usd: [15000, 1000000, 1000000]"}
            << "budget" << noBudget << QStringList{"2026 budget"} << 17589.709631855745
            << "17.6 k USD";
        QTest::newRow("budget exactly affords the plan: no note")
            << QStringList{noGrid, "capex_budget_usd: 30000"} << "budget" << noBudget
            << QStringList{} << kNoHandFigure << "";
        QTest::newRow("generous budget: no note")
            << QStringList{noGrid, "capex_budget_usd: 1000000"} << "budget" << noBudget
            << QStringList{} << kNoHandFigure << "";
        // Grid (2 in service in 2027) and budget (1 node a year) both stop the
        // third node; lifting either one alone leaves the other: neither binds.
        QTest::newRow("grid and budget stop the same node: budget alone does not bind")
            << QStringList{"capex_budget_usd: 15000"} << "budget" << noBudget << QStringList{}
            << kNoHandFigure << "";
        QTest::newRow("grid and budget stop the same node: grid alone does not bind")
            << QStringList{"capex_budget_usd: 15000"} << "grid" << QStringList{noGrid}
            << QStringList{} << kNoHandFigure << "";
        // Cloud at 0.5 + 0.1 egress = 0.6 USD/GPU-h: below any node. Sovereign
        // sensitive work keeps one node [1, 0, 0]: totals [19446.08, 1500 + 2000 +
        // 946.08 + 17520 x 0.6 = 14958.08, 1500 + 2000 + 630.72 = 4130.72], NPV
        // 36458.1527. All on cloud: 0.6 x D = [5256, 15768, 2628], NPV 21762.4463.
        // Sovereignty costs 14,695.71 USD and the relaxed plan sends S abroad every year.
        QTest::newRow("sovereignty binds with a cheap cloud")
            << QStringList{"  usd_per_gpu_hour: 0.5"} << "sovereignty"
            << QStringList{"  sovereign: true"}
            << QStringList{"2026 sovereignty", "2027 sovereignty", "2028 sovereignty"}
            << 14695.706446280994 << "14.7 k USD";
        // At 3.1 USD/GPU-h owning the sensitive work's node is cheaper anyway;
        // only the grid binds (tst_handcomputed).
        QTest::newRow("sovereignty free at the shipped cloud price: no note")
            << QStringList{} << "sovereignty" << QStringList{"  sovereign: true"}
            << QStringList{"2027 grid"} << kNoHandFigure << "";
    }

    void optimalLiftingSaves() {
        QFETCH(QStringList, edits);
        QFETCH(QString, constraint);
        QFETCH(QStringList, lift);
        QFETCH(QStringList, expected);
        QFETCH(double, handSaving);
        QFETCH(QString, costText);
        const PlanResult plan = planOf(edits);
        const StrategyResult *opt = plan.strategy("optimal");
        QVERIFY(opt->feasible);
        QVERIFY(opt->binding.empty()); // the optimal plan's reasons are its constraint costs
        QStringList actual;
        for (const ConstraintCost &c : opt->constraintCosts)
            for (int y : c.years)
                actual << QString("%1 %2").arg(y).arg(QString::fromStdString(c.constraint));
        QCOMPARE(actual, expected);

        // The second solve, through the public API: the same scenario with the
        // constraint lifted. Its NPV difference is what the constraint costs.
        const PlanResult lifted = planOf(edits + lift);
        QVERIFY(lifted.strategy("optimal")->feasible);
        const double saving = opt->npvUsd - lifted.strategy("optimal")->npvUsd;
        // Tolerance: CBC's relative gap is 1e-9; allow 1e-6 of the NPV (~0.07 USD).
        const double tol = 1e-6 * std::abs(opt->npvUsd);

        std::vector<const ConstraintCost *> mine;
        for (const ConstraintCost &c : opt->constraintCosts)
            if (c.constraint == constraint.toStdString())
                mine.push_back(&c);
        if (mine.empty()) {
            // Not binding: lifting it lowers NPV by no more than the 100 USD threshold.
            QVERIFY2(saving <= 100.0, qPrintable(QString("lifting saves %1 USD").arg(saving)));
            return;
        }
        const std::string detail = "lifting the " + constraint.toStdString() +
                                   " constraint would lower NPV by " + costText.toStdString();
        QCOMPARE(mine.size(), std::size_t(1)); // one cost per constraint, with its years
        for (const ConstraintCost *b : mine) {
            QVERIFY2(b->npvSavingUsd > 100.0, qPrintable(QString("cost %1").arg(b->npvSavingUsd)));
            QVERIFY2(std::abs(b->npvSavingUsd - saving) <= tol,
                     qPrintable(QString("note says %1 USD, re-solving without the %2 saves %3")
                                    .arg(b->npvSavingUsd, 0, 'f', 4)
                                    .arg(constraint)
                                    .arg(saving, 0, 'f', 4)));
            QCOMPARE(QString::fromStdString(b->detail), QString::fromStdString(detail));
        }
        if (!std::isnan(handSaving))
            QVERIFY2(std::abs(saving - handSaving) <= tol,
                     qPrintable(QString("re-solve saves %1, by hand %2")
                                    .arg(saving, 0, 'f', 4)
                                    .arg(handSaving, 0, 'f', 4)));
    }
};

QTEST_GUILESS_MAIN(TstBinding)
#include "tst_binding.moc"
