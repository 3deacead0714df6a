// Checks every strategy's yearly figures and NPV on tests/data/hand.yaml
// against numbers worked out by hand from docs/methodology.md.
//
// The scenario, in short: 3 years, lifetime 3, 2 GPUs per node.
//   Node cost = 2 GPUs x 5,000 USD x (1 + 0.5) = 15,000 USD.
//   One GPU delivers 8,760 h x 0.5 utilization x 1.0 = 4,380 H100-h/year; a node 8,760.
//   IT kW per GPU = 0.5 kW x (1 + 0.2) = 0.6; facility kW per GPU = 0.6 x 1.5 = 0.9,
//   so a node needs 1.8 kW and the grid caps [10, 3.6, 10] kW allow [5, 2, 5] nodes.
//   Demand: sensitive S = [4380, 8760, 4380], other N = [4380, 17520, 0],
//   total D = [8760, 26280, 4380] H100-h.
//   Cloud: 3.0 USD/GPU-h + egress 1 TB per 1,000 GPU-h x 100 USD/TB = 3.1 USD/GPU-h.
//   Staff: owned/100 x 1 x 100,000 = 1,000 USD per GPU-year.
//   Energy: facility kWh = 0.6 x 1.5 x (0.2 x owned x 8760 + 0.8 x on-prem hours);
//   cost at 0.1 USD/kWh; CO2 t = MWh x 0.5.
//   Discount 10 %: factors 1, 1/1.1, 1/1.21; horizon 1/1.331.
//
// own (target = D):
//   2026: need ceil(8760/8760) = 1 node, buy 1 (2 GPUs). All 8,760 h on-prem.
//   2027: need ceil(26280/8760) = 3, hold 1, the grid allows 2 in service: buy 1 more
//         (grid binds). 4 GPUs = 17,520 h on-prem, 8,760 h unmet.
//   2028: need 1, hold 2: buy 0; 4,380 h on-prem.
//   capex [15000, 15000, 0]; maintenance 10 % of the cohorts in service
//   [1500, 3000, 3000]; staff [2000, 4000, 4000].
//   energy kWh: 2026 0.9 x (0.2x2x8760 + 0.8x8760) = 0.9 x 10512 = 9460.8;
//               2027 0.9 x (0.2x4x8760 + 0.8x17520) = 0.9 x 21024 = 18921.6;
//               2028 0.9 x (0.2x4x8760 + 0.8x4380) = 0.9 x 10512 = 9460.8.
//   totals [19446.08, 23892.16, 7946.08]. Salvage: cohort 2027 is 2 years old at
//   the horizon: 15000 x (1 - 2/3) = 5000. NPV = 19446.08 + 23892.16/1.1 +
//   7946.08/1.21 - 5000/1.331 = 43976.6597. Infeasible (unmet demand in 2027).
// lease: cloud GPU-h = D; cost 3.1 x D = [27156, 81468, 13578];
//   NPV = 27156 + 81468/1.1 + 13578/1.21 = 112439.3058. Sensitive work abroad: infeasible.
// hybrid (hybrid_base_fraction 0, target = S): buy 1 node in 2026 only (it covers
//   8,760 h each year). 2027: 8,760 sensitive h on-prem, 17,520 other h to cloud
//   (54,312 USD). energy 2027 = 0.9 x (3504 + 7008) = 9460.8 kWh; 2028 = 0.9 x
//   (3504 + 3504) = 6307.2 kWh. totals [19446.08, 58758.08, 4130.72]; no salvage
//   (the 2026 cohort is 3 years old). NPV = 76276.3345.
// optimal: sensitive work must stay on-prem, so at least 1 node in 2026. A second
//   node in 2027 costs 15000/1.1 + (1500+2000+315.36)/1.1 + 3815.36/1.21 -
//   5000/1.331 = 16501.5 in present value and saves 8760 x (3.1 - 0.072)/1.1 =
//   24114.4 of cloud in 2027, so buy it; the grid forbids a third. Nodes
//   [1, 1, 0], owned capacity first, 8,760 h to cloud in 2027 (27,156 USD).
//   totals [19446.08, 51048.16, 7946.08], salvage 5000, NPV = 68663.9324.
//   Without the grid cap a third node in 2027 would lower NPV by 7612.40.
#include "testsupport.h"

#include "planner/planner.h"

#include <QTest>

using namespace sovereign;

class TstHandComputed : public QObject {
    Q_OBJECT
    PlanResult m_plan;

  private slots:
    void initTestCase() {
        const QString path = SOVEREIGN_TEST_DATA "/hand.yaml";
        const Scenario s =
            test::scenarioFromText(test::readText(path), path, test::builtInCatalog());
        auto plan = planScenario(s);
        QVERIFY2(plan, plan ? "" : plan.error().toString().c_str());
        m_plan = *plan;
    }

    void yearly_data() {
        QTest::addColumn<QString>("strategy");
        QTest::addColumn<int>("year");
        // owned, new, onprem, cloud GPU-h, unmet, sensitive abroad, capex, maintenance,
        // staff, energy MWh, energy cost, cloud cost, total, peak MW, CO2 t, sovereign share
        QTest::addColumn<QList<double>>("expected");
        using L = QList<double>;
        QTest::newRow("own 2026: one node covers demand")
            << "own" << 2026 << L{2,    2,      8760,   0, 0,        0,      15000,  1500,
                                  2000, 9.4608, 946.08, 0, 19446.08, 0.0018, 4.7304, 1};
        QTest::newRow("own 2027: grid cap binds, demand unmet")
            << "own" << 2027 << L{4,    2,       17520,   0, 8760,     0,      15000,  3000,
                                  4000, 18.9216, 1892.16, 0, 23892.16, 0.0036, 9.4608, 1};
        QTest::newRow("own 2028: fleet held, half used")
            << "own" << 2028
            << L{4, 0, 4380, 0, 0, 0, 0, 3000, 4000, 9.4608, 946.08, 0, 7946.08, 0.0036, 4.7304, 1};
        QTest::newRow("lease 2026: all cloud")
            << "lease" << 2026 << L{0, 0, 0, 8760, 0, 4380, 0, 0, 0, 0, 0, 27156, 27156, 0, 0, 0};
        QTest::newRow("lease 2027: all cloud")
            << "lease" << 2027 << L{0, 0, 0, 26280, 0, 8760, 0, 0, 0, 0, 0, 81468, 81468, 0, 0, 0};
        QTest::newRow("lease 2028: all cloud")
            << "lease" << 2028 << L{0, 0, 0, 4380, 0, 4380, 0, 0, 0, 0, 0, 13578, 13578, 0, 0, 0};
        QTest::newRow("hybrid 2026: sensitive-sized node")
            << "hybrid" << 2026 << L{2,    2,      8760,   0, 0,        0,      15000,  1500,
                                     2000, 9.4608, 946.08, 0, 19446.08, 0.0018, 4.7304, 1};
        QTest::newRow("hybrid 2027: bursts the rest")
            << "hybrid" << 2027
            << L{2,    0,      8760,   17520, 0,        0,      0,      1500,
                 2000, 9.4608, 946.08, 54312, 58758.08, 0.0018, 4.7304, 1.0 / 3};
        QTest::newRow("hybrid 2028: half-used node")
            << "hybrid" << 2028
            << L{2, 0, 4380, 0, 0, 0, 0, 1500, 2000, 6.3072, 630.72, 0, 4130.72, 0.0018, 3.1536, 1};
        QTest::newRow("optimal 2026: one node")
            << "optimal" << 2026 << L{2,    2,      8760,   0, 0,        0,      15000,  1500,
                                      2000, 9.4608, 946.08, 0, 19446.08, 0.0018, 4.7304, 1};
        QTest::newRow("optimal 2027: second node at the grid cap, rest to cloud")
            << "optimal" << 2027
            << L{4,    2,       17520,   8760,  0,        0,      15000,  3000,
                 4000, 18.9216, 1892.16, 27156, 51048.16, 0.0036, 9.4608, 2.0 / 3};
        QTest::newRow("optimal 2028: fleet held")
            << "optimal" << 2028
            << L{4, 0, 4380, 0, 0, 0, 0, 3000, 4000, 9.4608, 946.08, 0, 7946.08, 0.0036, 4.7304, 1};
    }

    void yearly() {
        QFETCH(QString, strategy);
        QFETCH(int, year);
        QFETCH(QList<double>, expected);
        const StrategyResult *st = m_plan.strategy(strategy.toStdString());
        QVERIFY(st);
        const YearResult &y = st->years.at(year - 2026);
        const double actual[] = {y.ownedGpus,     y.newGpus,        y.onpremH100Hours,
                                 y.cloudGpuHours, y.unmetH100Hours, y.sensitiveForeignH100Hours,
                                 y.capexUsd,      y.maintenanceUsd, y.staffUsd,
                                 y.energyMwh,     y.energyCostUsd,  y.cloudCostUsd,
                                 y.totalCostUsd,  y.peakFacilityMw, y.co2T,
                                 y.sovereignShare};
        const char *names[] = {
            "owned", "new",         "onprem", "cloud",          "unmet",       "sensitive abroad",
            "capex", "maintenance", "staff",  "energy MWh",     "energy cost", "cloud cost",
            "total", "peak MW",     "CO2",    "sovereign share"};
        QCOMPARE(expected.size(), 16);
        for (int i = 0; i < 16; ++i) {
            // Tolerance: 1e-9 relative, 1e-9 absolute (hand figures are exact decimals).
            const double tol = 1e-9 * std::max(1.0, std::abs(expected[i]));
            QVERIFY2(std::abs(actual[i] - expected[i]) <= tol,
                     qPrintable(QString("%1: got %2, expected %3")
                                    .arg(names[i])
                                    .arg(actual[i], 0, 'g', 12)
                                    .arg(expected[i], 0, 'g', 12)));
        }
        QCOMPARE(y.demandH100Hours, (QList<double>{8760, 26280, 4380})[year - 2026]);
        QCOMPARE(y.sensitiveH100Hours, (QList<double>{4380, 8760, 4380})[year - 2026]);
    }

    void npv_data() {
        QTest::addColumn<QString>("strategy");
        QTest::addColumn<double>("npv");
        QTest::addColumn<double>("salvage");
        QTest::addColumn<bool>("feasible");
        QTest::newRow("own: cheapest but leaves demand unmet")
            << "own" << 43976.659714500376 << 5000.0 << false;
        QTest::newRow("lease: sends sensitive work abroad")
            << "lease" << 112439.30578512396 << 0.0 << false;
        QTest::newRow("hybrid: feasible") << "hybrid" << 76276.33454545453 << 0.0 << true;
        QTest::newRow("optimal: feasible and below hybrid")
            << "optimal" << 68663.93244177311 << 5000.0 << true;
    }

    void npv() {
        QFETCH(QString, strategy);
        QFETCH(double, npv);
        QFETCH(double, salvage);
        QFETCH(bool, feasible);
        const StrategyResult *st = m_plan.strategy(strategy.toStdString());
        QVERIFY(std::abs(st->npvUsd - npv) < 1e-6);
        QVERIFY(std::abs(st->salvageUsd - salvage) < 1e-6);
        QCOMPARE(st->feasible, feasible);
    }

    void bindingConstraints() {
        const StrategyResult *own = m_plan.strategy("own");
        QCOMPARE(own->binding.size(), std::size_t(1));
        QCOMPARE(own->binding[0].year, 2027);
        QCOMPARE(own->binding[0].constraint, std::string("grid"));
        const StrategyResult *opt = m_plan.strategy("optimal");
        QCOMPARE(opt->constraintCosts.size(), std::size_t(1));
        QCOMPARE(opt->constraintCosts[0].years, std::vector<int>{2027});
        QCOMPARE(opt->constraintCosts[0].constraint, std::string("grid"));
        QVERIFY2(opt->constraintCosts[0].detail.find("7.6 k USD") != std::string::npos,
                 opt->constraintCosts[0].detail.c_str());
        QCOMPARE(m_plan.recommended, std::string("optimal"));
    }
};

QTEST_GUILESS_MAIN(TstHandComputed)
#include "tst_handcomputed.moc"
