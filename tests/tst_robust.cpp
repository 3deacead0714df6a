// The robust strategy on a case worked by hand (docs/methodology.md, "robust").
//
// One year, one sensitive training workload, a non-sovereign cloud. A node is
// 8 H100s at 60 % utilization: H = 8 x 8760 x 0.6 = 42,048 H100-hours a year.
// The workload's hours are uncertain, triangular from H (also its mode, the
// scenario's value) to 4H. Future k needs ceil(D_k / H) nodes to keep its
// sensitive work home.
//   - optimal plans for the mode: 1 node; it holds only where D_k <= H,
//     which a triangular with its mode at the low end gives with probability 0;
//   - robust keeps the 95 % easiest futures whole: it buys the nodes the
//     190th-smallest D_k of 200 needs. P(D > 3H) = (4 - 3)^2 / 9 = 1/9, so
//     about 22 futures need 4 nodes and the answer is 4 (the test reads the
//     same 200 futures and counts, rather than trusting that estimate);
//   - own and hybrid re-size in every future (as in the Monte Carlo), so they
//     hold in all of them, and the cheapest of those is recommended;
//   - a grid cap that allows 2 nodes makes the target unreachable: robust buys
//     the 2 it may, and holds where D_k <= 2H, 1 - (4 - 2)^2 / 9 = 5/9 of the
//     futures in expectation (the test counts the sample's exact share).
#include "testsupport.h"

#include "planner/futures.h"
#include "planner/planner.h"

#include <QTest>

#include <algorithm>

using namespace sovereign;

namespace {

constexpr double kNodeHours = 8 * 8760 * 0.6;

QString handCase(const QString &extra) {
    return QString(R"(schema_version: 1
name: robust by hand
region: KE
start_year: 2026
years: 1
accelerator: h100
gpus_per_node: 8
discount_rate: 0.08
utilization: 0.6
idle_power_fraction: 0.2
maintenance_rate: 0.05
staff_per_100_gpus: 1
staff_cost_usd: 50000
hybrid_base_fraction: 0.5
%1
cloud:
  sovereign: false
  egress_tb_per_1000_gpu_hours: 0.5
workloads:
  - name: secret
    kind: training
    gpu_hours: %2
    sensitive: true
uncertainty:
  workloads.secret.gpu_hours: {low: %2, high: %3}
)")
        .arg(extra)
        .arg(kNodeHours, 0, 'f', 1)
        .arg(4 * kNodeHours, 0, 'f', 1);
}

/// Nodes each sampled future needs, sorted.
std::vector<double> sortedNeeds(const Scenario &s) {
    const DrawInputs futures = sampleFutures(s, s.robustFutures, s.robustSeed);
    const Demand d = computeDemand(s, futures);
    std::vector<double> need;
    for (int k = 0; k < futures.draws; ++k)
        need.push_back(std::ceil(d.sensitive(k, 0) / kNodeHours - 1e-9));
    std::sort(need.begin(), need.end());
    return need;
}

} // namespace

class TstRobust : public QObject {
    Q_OBJECT
    Catalog m_catalog;

  private slots:
    void initTestCase() { m_catalog = test::builtInCatalog(); }

    void buysForTheTargetShareOfFutures() {
        const Scenario s = test::scenarioFromText(handCase(""), "robust.yaml", m_catalog);
        const std::vector<double> need = sortedNeeds(s);
        const int kept = static_cast<int>(std::ceil(0.95 * need.size()));
        const double expected = need[kept - 1]; // the hardest future kept whole
        QCOMPARE(expected, 4.0);                // as worked out above, for this sample
        auto plan = planScenario(s);
        QVERIFY2(plan, plan ? "" : plan.error().toString().c_str());
        const StrategyResult &opt = *plan->strategy("optimal");
        const StrategyResult &rob = *plan->strategy("robust");
        QCOMPARE(opt.years[0].newGpus, 8.0); // 1 node, for the mode
        QCOMPARE(rob.years[0].newGpus, 8 * expected);
        // Held share: exactly the futures needing no more than 4 nodes.
        const double held =
            static_cast<double>(
                std::count_if(need.begin(), need.end(), [&](double n) { return n <= expected; })) /
            need.size();
        QCOMPARE(rob.futuresHeldShare, held);
        QVERIFY(rob.futuresHeldShare >= 0.95);
        QVERIFY(opt.futuresHeldShare < 0.05);
        QCOMPARE(plan->robustFutures, 200);
        QVERIFY(plan->robustTargetMet);
        // Optimal is cheaper than robust at the scenario's own figures but holds
        // in almost no future: it is not recommended. The recommendation is the
        // cheapest feasible strategy that holds in at least 95 % of the futures
        // (own and hybrid re-size in every future, as in the Monte Carlo).
        QVERIFY(opt.feasible && rob.feasible);
        QVERIFY(opt.npvUsd < rob.npvUsd);
        QVERIFY(plan->recommended != "optimal");
        const StrategyResult &chosen = *plan->strategy(plan->recommended);
        QVERIFY(chosen.feasible && chosen.futuresHeldShare >= 0.95);
        for (const auto &st : plan->strategies)
            if (st.feasible && st.futuresHeldShare >= 0.95)
                QVERIFY2(st.npvUsd >= chosen.npvUsd, st.name.c_str());
        QVERIFY2(QString::fromStdString(plan->recommendation).contains("holds in 100 % of 200"),
                 plan->recommendation.c_str());
    }

    void aCapThatForbidsTheTargetKeepsWhatItCan() {
        // 8 GPUs x 0.7 kW x (1 + host overhead) x PUE per node: a cap of two nodes' draw.
        const Scenario probe = test::scenarioFromText(handCase(""), "robust.yaml", m_catalog);
        const DrawInputs in = baseInputs(probe);
        const double nodeMw =
            8 * in[P::TdpW](0, 0) / 1e6 * (1 + in[P::HostPowerOverhead](0, 0)) * in[P::Pue](0, 0);
        const QString cap = QString("grid_cap_mw: %1").arg(2.5 * nodeMw, 0, 'g', 10);
        const Scenario s = test::scenarioFromText(handCase(cap), "robust.yaml", m_catalog);
        auto plan = planScenario(s);
        QVERIFY2(plan, plan ? "" : plan.error().toString().c_str());
        const StrategyResult &rob = *plan->strategy("robust");
        QCOMPARE(rob.years[0].newGpus, 16.0); // the two nodes the cap allows
        QVERIFY(!plan->robustTargetMet);
        const std::vector<double> need = sortedNeeds(s);
        const double held = static_cast<double>(std::count_if(need.begin(), need.end(),
                                                              [](double n) { return n <= 2; })) /
                            need.size();
        QCOMPARE(rob.futuresHeldShare, held);
        QVERIFY(held > 0.4 && held < 0.7); // 5/9 in expectation
        QVERIFY2(QString::fromStdString(plan->recommendation).contains("no strategy reaches"),
                 plan->recommendation.c_str());
    }

    void withoutRangesRobustIsOptimal() {
        QString yaml = handCase("");
        yaml.truncate(yaml.indexOf("uncertainty:"));
        // Catalog ranges (prices, power) still vary; take them out of play with
        // scenario values, which carry no range.
        yaml.replace("gpus_per_node: 8", "gpus_per_node: 8\naccelerator_overrides: {price_usd: "
                                         "30000, tdp_w: 700}\npue: 1.3\nelectricity_usd_per_kwh: "
                                         "0.1\ncarbon_kg_per_kwh: 0.1\nserver_overhead: 0.3\n"
                                         "host_power_overhead: 0.3");
        yaml.replace("  sovereign: false", "  sovereign: false\n  usd_per_gpu_hour: 3\n"
                                           "  egress_usd_per_tb: 90");
        const Scenario s = test::scenarioFromText(yaml, "robust.yaml", m_catalog);
        auto plan = planScenario(s);
        QVERIFY2(plan, plan ? "" : plan.error().toString().c_str());
        QCOMPARE(plan->robustFutures, 0);
        QCOMPARE(plan->strategy("robust")->years[0].newGpus,
                 plan->strategy("optimal")->years[0].newGpus);
        QCOMPARE(plan->strategy("robust")->npvUsd, plan->strategy("optimal")->npvUsd);
    }
};

QTEST_GUILESS_MAIN(TstRobust)
#include "tst_robust.moc"
