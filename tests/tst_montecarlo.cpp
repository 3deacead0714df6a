// Monte Carlo: seeded, vectorised evaluation equal to one-draw evaluation,
// sampling laws checked through a strategy whose NPV is linear in one input,
// results independent of the chunk size.
#include "testsupport.h"

#include "planner/montecarlo.h"
#include "planner/planner.h"
#include "planner/scenarioloader.h"
#include "planner/strategies.h"

#include <QFile>
#include <QTest>

#include <algorithm>
#include <cmath>

using namespace sovereign;

class TstMonteCarlo : public QObject {
    Q_OBJECT
    Catalog m_catalog;

    Scenario load(const QString &path, const QString &extra = {}) {
        return test::scenarioFromText(test::readText(path) + "\n" + extra, path, m_catalog);
    }

  private slots:
    void initTestCase() { m_catalog = test::builtInCatalog(); }

    void percentileInterpolates() {
        QCOMPARE(percentile({4, 1, 3, 2, 5}, 50), 3.0);
        QCOMPARE(percentile({1, 2, 3, 4, 5}, 10), 1.4);
        QCOMPARE(percentile({10}, 90), 10.0);
    }

    void seededRunsRepeat() {
        const Scenario s = load(SOVEREIGN_SOURCE_DIR "/resources/scenarios/demo.yaml");
        auto a = planScenario(s, {5000, 7});
        auto b = planScenario(s, {5000, 7});
        auto c = planScenario(s, {5000, 8});
        QVERIFY(a && b && c);
        for (int k = 0; k < 4; ++k) {
            QCOMPARE(a->monteCarlo->strategies[k].npvDraws, b->monteCarlo->strategies[k].npvDraws);
            QVERIFY(a->monteCarlo->strategies[k].npv.p50 != c->monteCarlo->strategies[k].npv.p50);
        }
    }

    void withoutRangesEveryDrawIsTheDeterministicPlan() {
        // hand.yaml sets every value itself, so nothing carries a range.
        const Scenario s = load(SOVEREIGN_TEST_DATA "/hand.yaml");
        auto plan = planScenario(s, {300, 1});
        QVERIFY(plan);
        QVERIFY(plan->monteCarlo->uncertainKeys.empty());
        for (int k = 0; k < 4; ++k) {
            const auto &u = plan->monteCarlo->strategies[k];
            const double npv = plan->strategies[k].npvUsd;
            QVERIFY2(std::abs(u.npv.p10 - npv) < 1e-6 && std::abs(u.npv.p90 - npv) < 1e-6,
                     u.name.c_str());
        }
    }

    void vectorisedEqualsOneDrawAtATime() {
        const Scenario s = load(SOVEREIGN_SOURCE_DIR "/resources/scenarios/demo.yaml");
        // Eight draws with different utilization, price, cloud price and demand.
        DrawInputs many = baseInputs(s, 8);
        for (int i = 0; i < 8; ++i) {
            many[P::Utilization].row(i) *= 0.6 + 0.1 * i;
            many[P::PriceUsd].row(i) *= 0.7 + 0.08 * i;
            many[P::CloudUsdPerGpuHour].row(i) *= 1.5 - 0.15 * i;
            many.params[s.workloads[2].firstParam + static_cast<int>(W::GpuHours)].row(i) *=
                0.5 + 0.2 * i;
        }
        const Demand demand = computeDemand(s, many);
        const HeuristicRuns all = runHeuristics(s, many, demand);
        const std::vector<double> fleet = {1, 2, 3, 4, 5};
        const FleetOutcome fixed =
            recostFixedFleet(s, many, demand, fleet, SensitiveOverflow::ForeignCloud);
        for (int i = 0; i < 8; ++i) {
            DrawInputs one = baseInputs(s, 1);
            for (std::size_t p = 0; p < one.params.size(); ++p)
                one.params[p] = many.params[p].row(i);
            const Demand d1 = computeDemand(s, one);
            const HeuristicRuns r1 = runHeuristics(s, one, d1);
            const FleetOutcome f1 =
                recostFixedFleet(s, one, d1, fleet, SensitiveOverflow::ForeignCloud);
            // Tolerance: same arithmetic in the same order, 1e-12 relative.
            auto same = [](double a, double b) {
                return std::abs(a - b) <= 1e-12 * std::max(1.0, std::abs(b));
            };
            QVERIFY(same(all.own.npvUsd[i], r1.own.npvUsd[0]));
            QVERIFY(same(all.lease.npvUsd[i], r1.lease.npvUsd[0]));
            QVERIFY(same(all.hybrid.npvUsd[i], r1.hybrid.npvUsd[0]));
            QVERIFY(same(fixed.npvUsd[i], f1.npvUsd[0]));
            QVERIFY((all.own.ownedGpus.row(i) == r1.own.ownedGpus.row(0)).all());
            QCOMPARE(all.hybrid.feasible[i], r1.hybrid.feasible[0]);
        }
    }

    void samplingLaws_data() {
        QTest::addColumn<QString>("range");
        QTest::addColumn<double>("expectedMeanPrice");
        // Lease NPV is linear in the cloud price, so its mean follows the law's mean:
        // triangular (a + c + b) / 3, normal: its mean.
        QTest::newRow("triangular 2 / 3 / 7") << "{low: 2.0, high: 7.0}" << (2.0 + 3.0 + 7.0) / 3;
        QTest::newRow("normal 3, sd 0.5") << "{distribution: normal, sd: 0.5}" << 3.0;
    }

    void samplingLaws() {
        QFETCH(QString, range);
        QFETCH(double, expectedMeanPrice);
        const Scenario s = load(SOVEREIGN_TEST_DATA "/hand.yaml",
                                "uncertainty:\n  cloud.usd_per_gpu_hour: " + range + "\n");
        auto plan = planScenario(s, {20000, 3});
        QVERIFY(plan);
        const auto &lease = plan->monteCarlo->strategies[1];
        // NPV(price) = sum_y D_y (price + 0.1) / 1.1^y
        const double weight = 8760 + 26280 / 1.1 + 4380 / 1.21;
        const double expected = weight * (expectedMeanPrice + 0.1);
        double mean = 0, sq = 0;
        for (double v : lease.npvDraws)
            mean += v;
        mean /= lease.npvDraws.size();
        for (double v : lease.npvDraws)
            sq += (v - mean) * (v - mean);
        const double standardError =
            std::sqrt(sq / (lease.npvDraws.size() - 1) / lease.npvDraws.size());
        // Tolerance: 4 standard errors (a false alarm about once in 16,000 seeds; seed fixed).
        QVERIFY2(
            std::abs(mean - expected) < 4 * standardError,
            qPrintable(
                QString("mean %1, expected %2, se %3").arg(mean).arg(expected).arg(standardError)));
        QCOMPARE(plan->monteCarlo->uncertainKeys,
                 std::vector<std::string>{"cloud.usd_per_gpu_hour"});
        // The tornado swings lease NPV between the range's ends (triangular) or P10/P90 (normal).
        const TornadoBar &bar = lease.tornado.at(0);
        QVERIFY(std::abs(bar.npvAtLow - weight * (bar.lowInput + 0.1)) < 1e-6);
        QVERIFY(std::abs(bar.npvAtHigh - weight * (bar.highInput + 0.1)) < 1e-6);
    }

    void chunkSizeDoesNotChangeResults_data() {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("extra");
        QTest::addColumn<int>("chunkRows");
        const QString demo = SOVEREIGN_SOURCE_DIR "/resources/scenarios/demo.yaml";
        // The demo has triangular, normal, catalog and per-workload ranges.
        QTest::newRow("demo, 3 rows: tornado pairs split across chunks") << demo << "" << 3;
        QTest::newRow("demo, 1000 rows: three chunks of draws") << demo << "" << 1000;
        QTest::newRow("demo, 2999 rows: one draw left for the last chunk") << demo << "" << 2999;
        // Lease NPV is linear in the cloud price: a last-bit change in a normal
        // draw (e.g. from a vectorised log) shows in it.
        QTest::newRow("normal cloud price, 3 rows")
            << SOVEREIGN_TEST_DATA "/hand.yaml"
            << "uncertainty:\n  cloud.usd_per_gpu_hour: {distribution: normal, sd: 0.5}\n"
            << 3;
    }

    void chunkSizeDoesNotChangeResults() {
        QFETCH(QString, path);
        QFETCH(QString, extra);
        QFETCH(int, chunkRows);
        const Scenario s = load(path, extra);
        QVERIFY(monteCarloChunkRows(s) >= 3000);       // the reference below is one chunk
        const std::vector<double> fleet(s.years, 4.0); // nodes bought each year
        auto whole = runMonteCarlo(s, fleet, 3000, 11);
        auto chunked = runMonteCarlo(s, fleet, 3000, 11, nullptr, chunkRows);
        QVERIFY(whole && chunked);
        // Tolerance: none. Draw i takes the same random numbers through the same
        // arithmetic whatever chunk it falls in, so every figure is bit-identical.
        QVERIFY(chunked->probOwnBeatsLease == whole->probOwnBeatsLease);
        QVERIFY(chunked->probOptimalSensitiveShortfall == whole->probOptimalSensitiveShortfall);
        for (int k = 0; k < 4; ++k) {
            const auto &a = chunked->strategies[k], &b = whole->strategies[k];
            QVERIFY2(a.npvDraws == b.npvDraws, b.name.c_str());
            QVERIFY(a.npv.p10 == b.npv.p10 && a.npv.p50 == b.npv.p50 && a.npv.p90 == b.npv.p90);
            QVERIFY(a.npv.mean == b.npv.mean && a.feasibleShare == b.feasibleShare);
            QCOMPARE(a.tornado.size(), b.tornado.size());
            for (std::size_t j = 0; j < a.tornado.size(); ++j) {
                QCOMPARE(a.tornado[j].key, b.tornado[j].key);
                QVERIFY(a.tornado[j].npvAtLow == b.tornado[j].npvAtLow &&
                        a.tornado[j].npvAtHigh == b.tornado[j].npvAtHigh);
            }
        }
        // The draws vary (a run that ignored its ranges would pass the above).
        const auto &lease = whole->strategies[1].npvDraws;
        QVERIFY(*std::min_element(lease.begin(), lease.end()) <
                *std::max_element(lease.begin(), lease.end()));
    }

    void progressAndCancelPerChunk() {
        // Records progress; cancels at the first report when asked to.
        struct Recorder : Feedback {
            bool cancelAtFirst = false;
            std::vector<double> seen;
            void progressChanged(double percent) override {
                seen.push_back(percent);
                if (cancelAtFirst)
                    cancel();
            }
        };
        const Scenario s = load(SOVEREIGN_SOURCE_DIR "/resources/scenarios/demo.yaml");
        Recorder progress;
        QVERIFY(runMonteCarlo(s, std::vector<double>{1, 1, 1, 1, 1}, 3000, 1, &progress, 1000));
        QVERIFY(progress.seen.size() >= 3); // three chunks of draws, then the tornado
        QVERIFY(std::is_sorted(progress.seen.begin(), progress.seen.end()));
        QCOMPARE(progress.seen.back(), 100.0);

        Recorder canceling;
        canceling.cancelAtFirst = true;
        auto r = runMonteCarlo(s, std::vector<double>{1, 1, 1, 1, 1}, 3000, 1, &canceling, 1000);
        QVERIFY(!r);
        QCOMPARE(canceling.seen.size(), std::size_t{1}); // stopped before the second chunk
    }

    void cancelStops() {
        const Scenario s = load(SOVEREIGN_SOURCE_DIR "/resources/scenarios/demo.yaml");
        Feedback feedback;
        feedback.cancel();
        auto r = runMonteCarlo(s, std::vector<double>{1, 1, 1, 1, 1}, 100000, 1, &feedback);
        QVERIFY(!r);
        QVERIFY(r.error().message.find("canceled") != std::string::npos);
    }

    void progressReachesHundred() {
        const Scenario s = load(SOVEREIGN_SOURCE_DIR "/resources/scenarios/demo.yaml");
        Feedback feedback;
        auto r = runMonteCarlo(s, std::vector<double>{1, 1, 1, 1, 1}, 9000, 1, &feedback);
        QVERIFY(r);
        QCOMPARE(feedback.progress(), 100.0);
    }
};

QTEST_GUILESS_MAIN(TstMonteCarlo)
#include "tst_montecarlo.moc"
