// Roadmap KPIs: the judgement of one value against its target, the phases the
// years map to, and the KPIs planScenario() judges on tests/data/hand.yaml.
//
// The rule, from docs/methodology.md ("Roadmap KPIs"):
//   "A KPI names a yearly metric (any field of the JSON year record), a strategy
//   (default optimal), a direction (`at_least`/`at_most`), a tolerance (default
//   0.1) and a target per year (or `null`). Status: **on-track** when the target
//   is met; **at-risk** when missed by no more than tolerance x |target|;
//   **off-track** otherwise."
//   "Years map to the phases Seed, Sprout, Scale, Harvest, Flywheel ...; years
//   past the fifth stay Flywheel, and a scenario may name its own `phases`."
//
// So, with miss = target - value (at_least) or value - target (at_most):
//   miss <= 0                          -> on-track
//   0 < miss <= tolerance x |target|   -> at-risk
//   miss > tolerance x |target|        -> off-track
//   no target that year                -> no status (no-target)
// Every expectation below is worked out from that rule, not from the code.
#include "testsupport.h"

#include "planner/kpi.h"
#include "planner/planner.h"

#include <QRegularExpression>
#include <QTest>

#include <cmath>
#include <limits>

using namespace sovereign;

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

/// The next double below / above v: the smallest step off a boundary.
double below(double v) {
    return std::nextafter(v, -kInf);
}
double above(double v) {
    return std::nextafter(v, kInf);
}

// Four KPIs on the hand-computed scenario. Its figures (tst_handcomputed.cpp):
//   optimal owned GPUs           [2, 4, 4]
//   own unmet H100-hours         [0, 8760, 0]
//   lease cloud cost USD         [27156, 81468, 13578]
//   hybrid sovereign share       [1, 1/3, 1]
const char *kHandKpis = R"(
kpis:
  - name: fleet size
    metric: owned_gpus
    target: [2, 4.4, null]
  - name: unmet demand
    metric: unmet_h100_hours
    strategy: own
    direction: at_most
    target: 0
  - name: cloud spend
    metric: cloud_cost_usd
    strategy: lease
    direction: at_most
    tolerance: 0.25
    target: [27156, 70000, 10000]
  - name: sovereign share
    metric: sovereign_share
    strategy: hybrid
    direction: at_least
    tolerance: 0.5
    target: 0.5
)";

} // namespace

class TstKpi : public QObject {
    Q_OBJECT
    Catalog m_catalog;
    PlanResult m_hand;

    PlanResult planOf(const QString &yaml) {
        auto plan = planScenario(test::scenarioFromText(yaml, "kpi.yaml", m_catalog));
        if (!plan)
            qFatal("%s", plan.error().toString().c_str());
        return *plan;
    }

  private slots:
    void initTestCase() {
        m_catalog = test::builtInCatalog();
        m_hand = planOf(test::readText(SOVEREIGN_TEST_DATA "/hand.yaml") + kHandKpis);
    }

    void statusNames() {
        // The words of the methodology; "no-target" is what a year without one shows.
        QCOMPARE(kpiStatusName(KpiStatus::OnTrack), "on-track");
        QCOMPARE(kpiStatusName(KpiStatus::AtRisk), "at-risk");
        QCOMPARE(kpiStatusName(KpiStatus::OffTrack), "off-track");
        QCOMPARE(kpiStatusName(KpiStatus::NoTarget), "no-target");
    }

    void judge_data() {
        QTest::addColumn<double>("value");
        QTest::addColumn<double>("target");
        QTest::addColumn<bool>("atLeast");
        QTest::addColumn<double>("tolerance");
        QTest::addColumn<QString>("expected");
        // Tolerances 0.25, 0.5 and 1 are exact in binary, so target x (1 -/+ tol)
        // is an exact boundary; 0.1 x 100 also rounds to exactly 10.
        // at_least, target 100, tolerance 0.25: on-track >= 100, at-risk >= 75.
        QTest::newRow("at least: exactly on target")
            << 100.0 << 100.0 << true << 0.25 << "on-track";
        QTest::newRow("at least: above target") << 150.0 << 100.0 << true << 0.25 << "on-track";
        QTest::newRow("at least: just below target")
            << below(100.0) << 100.0 << true << 0.25 << "at-risk";
        QTest::newRow("at least: missed by one unit") << 99.0 << 100.0 << true << 0.25 << "at-risk";
        QTest::newRow("at least: missed by exactly the tolerance")
            << 75.0 << 100.0 << true << 0.25 << "at-risk";
        QTest::newRow("at least: just past the tolerance")
            << below(75.0) << 100.0 << true << 0.25 << "off-track";
        QTest::newRow("at least: missed by one unit more than the tolerance")
            << 74.0 << 100.0 << true << 0.25 << "off-track";
        QTest::newRow("at least: far below target") << 0.0 << 100.0 << true << 0.25 << "off-track";
        // Default tolerance 0.1: band 10 on a target of 100.
        QTest::newRow("at least: default tolerance, missed by exactly 10 %")
            << 90.0 << 100.0 << true << 0.1 << "at-risk";
        QTest::newRow("at least: default tolerance, missed by 11 %")
            << 89.0 << 100.0 << true << 0.1 << "off-track";
        // Zero tolerance: no at-risk band at all.
        QTest::newRow("at least: zero tolerance, exactly on target")
            << 100.0 << 100.0 << true << 0.0 << "on-track";
        QTest::newRow("at least: zero tolerance, just below target")
            << below(100.0) << 100.0 << true << 0.0 << "off-track";
        // Tolerance 1: the band reaches down to zero.
        QTest::newRow("at least: full tolerance, value zero")
            << 0.0 << 100.0 << true << 1.0 << "at-risk";
        QTest::newRow("at least: full tolerance, value negative")
            << -1.0 << 100.0 << true << 1.0 << "off-track";
        // Negative target -100, tolerance 0.25: band 0.25 x |-100| = 25, at-risk >= -125.
        QTest::newRow("at least: negative target met")
            << -99.0 << -100.0 << true << 0.25 << "on-track";
        QTest::newRow("at least: negative target, missed by exactly |target| x tolerance")
            << -125.0 << -100.0 << true << 0.25 << "at-risk";
        QTest::newRow("at least: negative target, missed by more")
            << -126.0 << -100.0 << true << 0.25 << "off-track";
        // Target 0: the band is 0 x tolerance = 0, so any shortfall is off-track.
        QTest::newRow("at least: zero target met") << 0.0 << 0.0 << true << 0.25 << "on-track";
        QTest::newRow("at least: zero target, any shortfall")
            << -0.5 << 0.0 << true << 0.25 << "off-track";

        // at_most (lower is better), target 100, tolerance 0.25: on-track <= 100, at-risk <= 125.
        QTest::newRow("at most: exactly on target")
            << 100.0 << 100.0 << false << 0.25 << "on-track";
        QTest::newRow("at most: below target") << 50.0 << 100.0 << false << 0.25 << "on-track";
        QTest::newRow("at most: just over target")
            << above(100.0) << 100.0 << false << 0.25 << "at-risk";
        QTest::newRow("at most: over by one unit") << 101.0 << 100.0 << false << 0.25 << "at-risk";
        QTest::newRow("at most: over by exactly the tolerance")
            << 125.0 << 100.0 << false << 0.25 << "at-risk";
        QTest::newRow("at most: just past the tolerance")
            << above(125.0) << 100.0 << false << 0.25 << "off-track";
        QTest::newRow("at most: over by one unit more than the tolerance")
            << 126.0 << 100.0 << false << 0.25 << "off-track";
        QTest::newRow("at most: default tolerance, over by exactly 10 %")
            << 110.0 << 100.0 << false << 0.1 << "at-risk";
        QTest::newRow("at most: default tolerance, over by 11 %")
            << 111.0 << 100.0 << false << 0.1 << "off-track";
        QTest::newRow("at most: zero tolerance, just over target")
            << above(100.0) << 100.0 << false << 0.0 << "off-track";
        // Negative target -100, tolerance 0.25: at-risk <= -75.
        QTest::newRow("at most: negative target met")
            << -101.0 << -100.0 << false << 0.25 << "on-track";
        QTest::newRow("at most: negative target, over by exactly |target| x tolerance")
            << -75.0 << -100.0 << false << 0.25 << "at-risk";
        QTest::newRow("at most: negative target, over by more")
            << -74.0 << -100.0 << false << 0.25 << "off-track";
        QTest::newRow("at most: zero target met") << 0.0 << 0.0 << false << 0.25 << "on-track";
        QTest::newRow("at most: zero target, any excess")
            << 0.5 << 0.0 << false << 0.25 << "off-track";
    }

    void judge() {
        QFETCH(double, value);
        QFETCH(double, target);
        QFETCH(bool, atLeast);
        QFETCH(double, tolerance);
        QFETCH(QString, expected);
        QCOMPARE(QString(kpiStatusName(judgeKpi(value, target, atLeast, tolerance))), expected);
    }

    void defaultPhases_data() {
        QTest::addColumn<int>("years");
        QTest::addColumn<QStringList>("expected");
        QTest::newRow("one year: Seed") << 1 << QStringList{"Seed"};
        QTest::newRow("three years") << 3 << QStringList{"Seed", "Sprout", "Scale"};
        QTest::newRow("five years: the whole roadmap")
            << 5 << QStringList{"Seed", "Sprout", "Scale", "Harvest", "Flywheel"};
        QTest::newRow("seven years: past the fifth stay Flywheel")
            << 7 << QStringList{"Seed",     "Sprout",   "Scale",   "Harvest",
                                "Flywheel", "Flywheel", "Flywheel"};
    }

    void defaultPhases() {
        QFETCH(int, years);
        QFETCH(QStringList, expected);
        QStringList actual;
        for (const auto &p : sovereign::defaultPhases(years))
            actual << QString::fromStdString(p);
        QCOMPARE(actual, expected);
    }

    void kpiSettings() {
        // What each KPI of kHandKpis says, defaults filled in (strategy optimal,
        // direction at_least, tolerance 0.1; the name is what the YAML calls it).
        QCOMPARE(m_hand.kpis.size(), std::size_t(4));
        const KpiResult &fleet = m_hand.kpis[0];
        QCOMPARE(fleet.name, std::string("fleet size"));
        QCOMPARE(fleet.metric, std::string("owned_gpus"));
        QCOMPARE(fleet.strategy, std::string("optimal"));
        QVERIFY(fleet.atLeast);
        QCOMPARE(fleet.tolerance, 0.1);
        QCOMPARE(m_hand.kpis[1].strategy, std::string("own"));
        QVERIFY(!m_hand.kpis[1].atLeast);
        QCOMPARE(m_hand.kpis[2].tolerance, 0.25);
        for (const KpiResult &k : m_hand.kpis)
            QCOMPARE(k.years.size(), std::size_t(3));
    }

    void handScenario_data() {
        QTest::addColumn<int>("kpi");
        QTest::addColumn<int>("year");
        QTest::addColumn<double>("value");
        QTest::addColumn<bool>("hasTarget");
        QTest::addColumn<double>("target");
        QTest::addColumn<QString>("expected");
        // fleet size: optimal owned GPUs >= [2, 4.4, null], tolerance 0.1.
        QTest::newRow("fleet size 2026: target met exactly")
            << 0 << 2026 << 2.0 << true << 2.0 << "on-track";
        // 4 < 4.4, miss 0.4 <= 0.1 x 4.4 = 0.44.
        QTest::newRow("fleet size 2027: missed within the default tolerance")
            << 0 << 2027 << 4.0 << true << 4.4 << "at-risk";
        QTest::newRow("fleet size 2028: no target set")
            << 0 << 2028 << 4.0 << false << 0.0 << "no-target";
        // unmet demand: own unmet H100-hours <= 0 every year; the band is 0.1 x 0 = 0.
        QTest::newRow("unmet demand 2026: lower-is-better, on target")
            << 1 << 2026 << 0.0 << true << 0.0 << "on-track";
        QTest::newRow("unmet demand 2027: any excess over a zero target")
            << 1 << 2027 << 8760.0 << true << 0.0 << "off-track";
        QTest::newRow("unmet demand 2028: on target again")
            << 1 << 2028 << 0.0 << true << 0.0 << "on-track";
        // cloud spend: lease cloud cost <= [27156, 70000, 10000], tolerance 0.25.
        QTest::newRow("cloud spend 2026: lower-is-better, exactly on target")
            << 2 << 2026 << 27156.0 << true << 27156.0 << "on-track";
        // 81468 - 70000 = 11468 <= 0.25 x 70000 = 17500.
        QTest::newRow("cloud spend 2027: lower-is-better KPI over target, within tolerance")
            << 2 << 2027 << 81468.0 << true << 70000.0 << "at-risk";
        // 13578 - 10000 = 3578 > 0.25 x 10000 = 2500.
        QTest::newRow("cloud spend 2028: lower-is-better KPI over target, past tolerance")
            << 2 << 2028 << 13578.0 << true << 10000.0 << "off-track";
        // sovereign share: hybrid share >= 0.5 (one number for every year), tolerance 0.5.
        QTest::newRow("sovereign share 2026: scalar target, above it")
            << 3 << 2026 << 1.0 << true << 0.5 << "on-track";
        // 1/3 < 0.5, miss 1/6 <= 0.5 x 0.5 = 0.25.
        QTest::newRow("sovereign share 2027: below a scalar target, within tolerance")
            << 3 << 2027 << 1.0 / 3 << true << 0.5 << "at-risk";
        QTest::newRow("sovereign share 2028: scalar target, above it")
            << 3 << 2028 << 1.0 << true << 0.5 << "on-track";
    }

    void handScenario() {
        QFETCH(int, kpi);
        QFETCH(int, year);
        QFETCH(double, value);
        QFETCH(bool, hasTarget);
        QFETCH(double, target);
        QFETCH(QString, expected);
        const KpiYear &y = m_hand.kpis.at(kpi).years.at(year - 2026);
        QCOMPARE(y.year, year);
        // The hand scenario is three years long: Seed, Sprout, Scale.
        QCOMPARE(y.phase, (std::vector<std::string>{"Seed", "Sprout", "Scale"})[year - 2026]);
        // Tolerance: 1e-9 relative (the hand figures are exact decimals).
        QVERIFY2(std::abs(y.value - value) <= 1e-9 * std::max(1.0, std::abs(value)),
                 qPrintable(QString("value %1, expected %2").arg(y.value, 0, 'g', 12).arg(value)));
        QCOMPARE(y.hasTarget, hasTarget);
        if (hasTarget)
            QCOMPARE(y.target, target);
        QCOMPARE(QString(kpiStatusName(y.status)), expected);
    }

    void phasesFollowTheScenario_data() {
        QTest::addColumn<QString>("edit");
        QTest::addColumn<QStringList>("expected");
        QTest::newRow("six years: the sixth stays Flywheel")
            << "years: 6"
            << QStringList{"Seed", "Sprout", "Scale", "Harvest", "Flywheel", "Flywheel"};
        QTest::newRow("the scenario names its own phases")
            << "phases: [Pilot, Build, Run]" << QStringList{"Pilot", "Build", "Run"};
    }

    void phasesFollowTheScenario() {
        QFETCH(QString, edit);
        QFETCH(QStringList, expected);
        // minimal.yaml sets every figure as one number for all years, so its
        // length can change; one KPI with a target every year.
        QString yaml = test::readText(SOVEREIGN_TEST_DATA "/minimal.yaml");
        if (edit.startsWith("years:"))
            yaml.replace(QRegularExpression("^years:.*$", QRegularExpression::MultilineOption),
                         edit);
        else
            yaml += "\n" + edit + "\n";
        yaml += "kpis:\n  - metric: owned_gpus\n    target: 0\n";
        const PlanResult plan = planOf(yaml);
        QCOMPARE(plan.kpis.size(), std::size_t(1));
        QStringList kpiPhases, yearPhases;
        for (const KpiYear &y : plan.kpis[0].years) {
            kpiPhases << QString::fromStdString(y.phase);
            // owned GPUs >= 0 always holds: on-track, never no-target.
            QCOMPARE(QString(kpiStatusName(y.status)), QString("on-track"));
        }
        for (const YearResult &y : plan.strategy("optimal")->years)
            yearPhases << QString::fromStdString(y.phase);
        QCOMPARE(kpiPhases, expected);
        QCOMPARE(yearPhases, expected);
    }
};

QTEST_GUILESS_MAIN(TstKpi)
#include "tst_kpi.moc"
