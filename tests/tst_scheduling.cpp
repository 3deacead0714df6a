// The energy-aware planner on instances small enough to work out by hand (the
// numbers are in each row's comment), and on random ones checked slot by slot
// by plancheck, which must itself catch every kind of breach.
#include "energy/costmodel.h"
#include "energy/heuristic.h"
#include "energy/milpscheduler.h"
#include "energy/plancheck.h"
#include "energy/schedulereport.h"

#include <QJsonArray>

#include <QtTest>

#include <limits>
#include <random>

using namespace sovereign::energy;

namespace {

constexpr double kNoCap = std::numeric_limits<double>::infinity();

/// One partition of `nodes` nodes (10 kW busy, 0 idle), one-hour slots,
/// carbon 100 g/kWh and no carbon price unless a row changes them.
Problem site(std::vector<double> prices, int nodes = 2, double capKw = kNoCap) {
    Problem p;
    p.site.slotHours = 1.0;
    p.site.slotCount = int(prices.size());
    p.site.priceUsdPerKwh = std::move(prices);
    p.site.carbonGPerKwh.assign(std::size_t(p.site.slotCount), 100.0);
    p.site.capKw.assign(std::size_t(p.site.slotCount), capKw);
    p.site.partitions.push_back({"own", nodes, 10.0, 0.0});
    return p;
}

Job job(std::string id, int duration, int deadline, int nodes = 1) {
    Job j;
    j.id = std::move(id);
    j.duration = duration;
    j.deadline = deadline;
    j.nodes = nodes;
    return j;
}

BurstProvider cloud(bool sovereign, int spinupSlots = 0, int maxNodes = 4) {
    BurstProvider b;
    b.name = sovereign ? "sovereign-cloud" : "cloud";
    b.usdPerNodeHour = 1.0;
    b.spinupSlots = spinupSlots;
    b.maxNodes = maxNodes;
    b.sovereign = sovereign;
    return b;
}

void addBurst(Problem &p, BurstProvider b) {
    b.carbonGPerKwh.assign(std::size_t(p.site.slotCount), 300.0);
    p.site.bursts.push_back(std::move(b));
}

QString describe(const std::vector<Decision> &plan) {
    QStringList out;
    for (const Decision &d : plan) {
        QStringList used;
        for (int s : d.placement.runSlots)
            used << QString::number(s);
        out << QString("place %1 [%2]%3 %4")
                   .arg(d.placement.place)
                   .arg(used.join(','))
                   .arg(d.deadlineMet ? "" : " LATE")
                   .arg(QString::fromStdString(d.problem));
    }
    return out.join("; ");
}

using Slots = std::vector<int>;

} // namespace

Q_DECLARE_METATYPE(Problem)
Q_DECLARE_METATYPE(Slots)

class TestScheduling : public QObject {
    Q_OBJECT
  private slots:
    void handWorked_data();
    void handWorked();
    void neverBreaksAConstraint();
    void checkerCatchesEveryBreach_data();
    void checkerCatchesEveryBreach();
    void atOnceBaselines();
    void explanations();
    void exactPlanIsNeverWorse();
    void planJsonIsTheContract();
};

void TestScheduling::handWorked_data() {
    QTest::addColumn<Problem>("problem");
    QTest::addColumn<QList<int>>("places"); // per job
    QTest::addColumn<QList<Slots>>("runs"); // per job
    QTest::addColumn<QList<bool>>("met");   // per job
    QTest::addColumn<double>("costUsd");    // sum of marginal costs

    { // Temporal shifting: 10 kW for 2 h; the 0.10 USD/kWh hours 2-3 cost
        // 2 x 10 x 0.10 = 2.00 USD against 6.00 at once.
        Problem p = site({0.30, 0.30, 0.10, 0.10, 0.30, 0.30, 0.30, 0.30});
        p.jobs = {job("a", 2, 8)};
        QTest::newRow("waits for the cheap hours")
            << p << QList<int>{0} << QList<Slots>{{2, 3}} << QList<bool>{true} << 2.0;
    }
    { // The cap (15 kW) lets one 10 kW job run at a time: a takes 2-3 (2.00),
        // b the next cheapest pair 4-5 at 0.20: 4.00. Total 6.00.
        Problem p = site({0.30, 0.30, 0.10, 0.10, 0.20, 0.20, 0.30, 0.30}, 2, 15.0);
        p.jobs = {job("a", 2, 8), job("b", 2, 8)};
        QTest::newRow("the power cap pushes one job later")
            << p << QList<int>{0, 0} << QList<Slots>{{2, 3}, {4, 5}} << QList<bool>{true, true}
            << 6.0;
    }
    { // Idle draw counts against the cap: 4 nodes idle at 2 kW = 8 kW of a
        // 20 kW cap leave 12 kW; a 2-node job adds 2 x (10 - 2) = 16 kW: it can
        // never run. A 1-node job adds 8 kW: fits; 8 kWh x 0.10 x 1 h = 0.80.
        Problem p = site({0.10, 0.10}, 4, 20.0);
        p.site.partitions[0].idleKw = 2.0;
        p.jobs = {job("small", 1, 2, 1), job("wide", 1, 2, 2)};
        QTest::newRow("idle nodes count against the cap")
            << p << QList<int>{0, -1} << QList<Slots>{{0}, {}} << QList<bool>{true, false} << 0.8;
    }
    { // One node, two 4-hour jobs due in 4 h: one runs at home (4 x 10 x 0.10
        // = 4.00), the other bursts at 1 USD per node-hour: 4.00. Total 8.00.
        Problem p = site({0.10, 0.10, 0.10, 0.10, 0.10, 0.10, 0.10, 0.10}, 1);
        addBurst(p, cloud(false));
        p.jobs = {job("a", 4, 4), job("b", 4, 4)};
        QTest::newRow("bursts when the nodes are full")
            << p << QList<int>{0, 1} << QList<Slots>{{0, 1, 2, 3}, {0, 1, 2, 3}}
            << QList<bool>{true, true} << 8.0;
    }
    { // The same, but the cloud needs 1 h to spin up: b cannot finish by
        // hour 4 anywhere; it runs where it finishes first, late and flagged:
        // the cloud, hours 1-4 (done after hour 4, against hour 7 at home),
        // 5 node-hours with the spin-up: 5.00. a: 4.00. Total 9.00.
        Problem p = site({0.10, 0.10, 0.10, 0.10, 0.10, 0.10, 0.10, 0.10}, 1);
        addBurst(p, cloud(false, 1));
        p.jobs = {job("a", 4, 4), job("b", 4, 4)};
        QTest::newRow("spin-up too slow: late, flagged")
            << p << QList<int>{0, 1} << QList<Slots>{{0, 1, 2, 3}, {1, 2, 3, 4}}
            << QList<bool>{true, false} << 9.0;
    }
    { // Sensitive work may not go to a non-sovereign cloud: b keeps the
      // node and a, which may leave, bursts: both on time, 4.00 + 4.00.
        Problem p = site({0.10, 0.10, 0.10, 0.10, 0.10, 0.10, 0.10, 0.10}, 1);
        addBurst(p, cloud(false));
        p.jobs = {job("a", 4, 4), job("b", 4, 4)};
        p.jobs[1].sensitive = true;
        QTest::newRow("sensitive work stays home, the other bursts")
            << p << QList<int>{1, 0} << QList<Slots>{{0, 1, 2, 3}, {0, 1, 2, 3}}
            << QList<bool>{true, true} << 8.0;
    }
    { // Both sensitive: nothing may burst; one is late, flagged.
        Problem p = site({0.10, 0.10, 0.10, 0.10, 0.10, 0.10, 0.10, 0.10}, 1);
        addBurst(p, cloud(false));
        p.jobs = {job("a", 4, 4), job("b", 4, 4)};
        p.jobs[0].sensitive = p.jobs[1].sensitive = true;
        QTest::newRow("sensitive work never bursts to a foreign cloud")
            << p << QList<int>{0, 0} << QList<Slots>{{0, 1, 2, 3}, {4, 5, 6, 7}}
            << QList<bool>{true, false} << 8.0;
    }
    { // ... and may go to a sovereign one.
        Problem p = site({0.10, 0.10, 0.10, 0.10, 0.10, 0.10, 0.10, 0.10}, 1);
        addBurst(p, cloud(true));
        p.jobs = {job("a", 4, 4), job("b", 4, 4)};
        p.jobs[1].sensitive = true;
        QTest::newRow("sensitive work may burst to a sovereign cloud")
            << p << QList<int>{0, 1} << QList<Slots>{{0, 1, 2, 3}, {0, 1, 2, 3}}
            << QList<bool>{true, true} << 8.0;
    }
    { // The deadline (hour 2) leaves only the expensive hours 0-1: 2 x 10 x 0.50.
        Problem p = site({0.50, 0.50, 0.05, 0.05});
        p.jobs = {job("urgent", 2, 2)};
        QTest::newRow("a deadline forces the expensive hours")
            << p << QList<int>{0} << QList<Slots>{{0, 1}} << QList<bool>{true} << 10.0;
    }
    { // Preemptible: the two cheap hours 0 and 2 around the dear hour 1: 2.00;
        // run whole it would pay 0.10 + 0.50 at best: 6.00.
        Problem p = site({0.10, 0.50, 0.10, 0.50});
        p.jobs = {job("resumable", 2, 4)};
        p.jobs[0].preemptible = true;
        QTest::newRow("a preemptible job skips the dear hour")
            << p << QList<int>{0} << QList<Slots>{{0, 2}} << QList<bool>{true} << 2.0;
    }
    { // Carbon priced at 1,000 USD/t: hour 0 is cheap (0.05) but dirty
        // (500 g: +0.50 USD/kWh), hour 1 dear (0.20) but clean (50 g: +0.05):
        // 10 x 0.25 = 2.50 in hour 1 against 5.50 in hour 0.
        Problem p = site({0.05, 0.20});
        p.site.carbonGPerKwh = {500.0, 50.0};
        p.site.carbonPriceUsdPerT = 1000.0;
        p.jobs = {job("a", 1, 2)};
        QTest::newRow("a carbon price moves work to clean hours")
            << p << QList<int>{0} << QList<Slots>{{1}} << QList<bool>{true} << 2.5;
    }
    { // Two partitions: "cpu" draws 1 kW a node, "own" 10 kW. A job that
        // needs "own" goes there even though "cpu" would cost a tenth:
        // 10 kWh x 0.10 = 1.00; one free to choose takes "cpu": 0.10.
        Problem p = site({0.10});
        p.site.partitions.push_back({"cpu", 1, 1.0, 0.0});
        p.jobs = {job("needs-own", 1, 1), job("any", 1, 1)};
        p.jobs[0].partition = 0;
        QTEST_ASSERT(p.site.partitions[0].name == "own");
        QTest::newRow("a job that needs a partition gets it")
            << p << QList<int>{0, 1} << QList<Slots>{{0}, {0}} << QList<bool>{true, true} << 1.1;
    }
    { // The job is longer than its window: flagged, runs at once.
        Problem p = site({0.10, 0.10, 0.10, 0.10});
        p.jobs = {job("too-long", 3, 2)};
        QTest::newRow("a window shorter than the job")
            << p << QList<int>{0} << QList<Slots>{{0, 1, 2}} << QList<bool>{false} << 3.0;
    }
}

void TestScheduling::handWorked() {
    QFETCH(Problem, problem);
    QFETCH(QList<int>, places);
    QFETCH(QList<Slots>, runs);
    QFETCH(QList<bool>, met);
    QFETCH(double, costUsd);
    const std::vector<Decision> plan = planHeuristic(problem);
    const QString text = describe(plan);
    QCOMPARE(plan.size(), problem.jobs.size());
    double cost = 0;
    for (std::size_t j = 0; j < plan.size(); ++j) {
        QVERIFY2(plan[j].placement.place == places[qsizetype(j)], qPrintable(text));
        QVERIFY2(plan[j].placement.runSlots == runs[qsizetype(j)], qPrintable(text));
        QVERIFY2(plan[j].deadlineMet == met[qsizetype(j)], qPrintable(text));
        QVERIFY2(plan[j].deadlineMet || !plan[j].problem.empty(), qPrintable(text));
        cost += placementCost(problem.site, problem.jobs[j], plan[j].placement).marginalUsd;
    }
    QVERIFY2(std::abs(cost - costUsd) < 1e-9,
             qPrintable(QString("cost %1; %2").arg(cost).arg(text)));
    const auto breaches = checkPlan(problem, plan);
    QVERIFY2(breaches.empty(), breaches.empty() ? "" : breaches.front().c_str());
}

void TestScheduling::neverBreaksAConstraint() {
    // Random sites and jobs, checked slot by slot by plancheck.
    std::mt19937_64 rng(20261124);
    std::uniform_real_distribution<double> u(0.0, 1.0);
    for (int instance = 0; instance < 200; ++instance) {
        Problem p;
        p.site.slotHours = 0.25;
        p.site.slotCount = 96;
        for (int t = 0; t < p.site.slotCount; ++t) {
            p.site.priceUsdPerKwh.push_back(0.05 + 0.25 * u(rng));
            p.site.carbonGPerKwh.push_back(50 + 400 * u(rng));
            p.site.capKw.push_back(instance % 3 == 0 ? kNoCap : 20 + 60 * u(rng));
        }
        p.site.carbonPriceUsdPerT = instance % 2 ? 80.0 : 0.0;
        p.site.partitions.push_back({"gpu", 1 + int(4 * u(rng)), 8.0, 1.0});
        p.site.partitions.push_back({"cpu", 1 + int(6 * u(rng)), 3.0, 0.5});
        if (instance % 4 != 0) {
            addBurst(p, cloud(instance % 5 == 0, int(4 * u(rng)), 1 + int(4 * u(rng))));
            p.site.bursts.back().usdPerNodeHour = 2 + 5 * u(rng);
        }
        const int n = 5 + int(40 * u(rng));
        for (int k = 0; k < n; ++k) {
            Job j = job("j" + std::to_string(k), 1 + int(12 * u(rng)), 0, 1 + int(2 * u(rng)));
            j.arrival = j.earliest = int(48 * u(rng));
            j.deadline = j.earliest + j.duration + int(40 * u(rng));
            j.kwPerNode = u(rng) < 0.5 ? 0.0 : 2 + 8 * u(rng);
            j.sensitive = u(rng) < 0.2;
            j.preemptible = u(rng) < 0.3;
            j.partition = u(rng) < 0.3 ? int(2 * u(rng)) : -1;
            p.jobs.push_back(j);
        }
        const auto plan = planHeuristic(p);
        const auto breaches = checkPlan(p, plan);
        QVERIFY2(
            breaches.empty(),
            qPrintable(QString("instance %1: %2")
                           .arg(instance)
                           .arg(QString::fromStdString(breaches.empty() ? "" : breaches.front()))));
        // Never dearer than running at once under the cap, nor later.
        const auto atOnce = planAtOnce(p, true);
        double ours = 0, theirs = 0;
        int oursLate = 0, theirsLate = 0;
        for (std::size_t j = 0; j < p.jobs.size(); ++j) {
            ours += placementCost(p.site, p.jobs[j], plan[j].placement).marginalUsd;
            theirs += placementCost(p.site, p.jobs[j], atOnce[j].placement).marginalUsd;
            oursLate += plan[j].deadlineMet ? 0 : 1;
            theirsLate += atOnce[j].deadlineMet ? 0 : 1;
        }
        QVERIFY2(oursLate < theirsLate || (oursLate == theirsLate && ours <= theirs + 1e-9),
                 qPrintable(QString("instance %1: %2 late, %3 USD against %4 late, %5 USD at once")
                                .arg(instance)
                                .arg(oursLate)
                                .arg(ours)
                                .arg(theirsLate)
                                .arg(theirs)));
        for (bool capped : {true, false}) {
            const auto baseline = planAtOnce(p, capped);
            auto problems = checkPlan(p, baseline);
            if (!capped) // the uncapped baseline may exceed the cap; nothing else
                std::erase_if(problems, [](const std::string &s) {
                    return s.find("over its cap") != std::string::npos;
                });
            QVERIFY2(problems.empty(),
                     qPrintable(QString("at once (capped %1), instance %2: %3")
                                    .arg(capped)
                                    .arg(instance)
                                    .arg(QString::fromStdString(
                                        problems.empty() ? "" : problems.front()))));
        }
    }
}

void TestScheduling::checkerCatchesEveryBreach_data() {
    QTest::addColumn<QString>("breach");
    QTest::addColumn<QString>("expected");
    QTest::newRow("too few slots") << "short"
                                   << "runs 1 slots, needs 2";
    QTest::newRow("before the earliest slot") << "early"
                                              << "before its earliest slot";
    QTest::newRow("split without preemption") << "split"
                                              << "is split";
    QTest::newRow("false deadline claim") << "late"
                                          << "marked as meeting its deadline";
    QTest::newRow("too many nodes") << "nodes"
                                    << "nodes busy in slot";
    QTest::newRow("over the cap") << "cap"
                                  << "over its cap";
    QTest::newRow("sensitive on a foreign cloud") << "sensitive"
                                                  << "is not sovereign";
    QTest::newRow("burst before spin-up") << "spinup"
                                          << "before its nodes can spin up";
    QTest::newRow("outside the horizon") << "horizon"
                                         << "outside the horizon";
    QTest::newRow("dropped without a word") << "dropped"
                                            << "no reason given";
    QTest::newRow("on the wrong partition") << "partition"
                                            << "needs partition";
}

void TestScheduling::checkerCatchesEveryBreach() {
    QFETCH(QString, breach);
    QFETCH(QString, expected);
    Problem p = site({0.1, 0.1, 0.1, 0.1, 0.1, 0.1}, 1, 12.0);
    addBurst(p, cloud(false, 2));
    p.jobs = {job("a", 2, 4), job("b", 2, 6)};
    p.jobs[1].earliest = 2;
    std::vector<Decision> plan(2);
    plan[0].placement = {0, {0, 1}};
    plan[1].placement = {0, {2, 3}};
    QVERIFY(checkPlan(p, plan).empty()); // the untouched plan is fine
    if (breach == "short")
        plan[0].placement.runSlots = {0};
    else if (breach == "early")
        plan[1].placement.runSlots = {1, 2};
    else if (breach == "split")
        plan[1].placement.runSlots = {2, 4};
    else if (breach == "late")
        plan[0].placement.runSlots = {4, 5};
    else if (breach == "nodes" || breach == "cap")
        plan[1].placement.runSlots = {1, 2};
    else if (breach == "sensitive") {
        p.jobs[1].sensitive = true;
        plan[1].placement = {1, {2, 3}};
    } else if (breach == "spinup")
        plan[0].placement = {1, {0, 1}};
    else if (breach == "horizon")
        plan[1].placement.runSlots = {5, 6};
    else if (breach == "partition") {
        p.site.partitions.push_back({"other", 1, 1.0, 0.0});
        p.site.bursts.clear();
        p.jobs[1].partition = 1;
    } else if (breach == "dropped") {
        plan[1].placement = {};
        plan[1].deadlineMet = false;
    }
    if (breach == "cap")
        p.site.partitions[0].nodes = 2; // nodes allow it, the 12 kW cap does not
    if (breach == "early")
        plan[0].placement.runSlots = {4, 5}, plan[0].deadlineMet = false, plan[0].problem = "moved";
    const auto breaches = checkPlan(p, plan);
    QStringList all;
    for (const auto &b : breaches)
        all << QString::fromStdString(b);
    QVERIFY2(all.join('\n').contains(expected), qPrintable(all.join('\n')));
}

void TestScheduling::atOnceBaselines() {
    // Two 10 kW jobs arriving together under a 15 kW cap: uncapped they run
    // side by side in hours 0-1 (20 kW drawn); capped, b waits for a.
    Problem p = site({0.1, 0.1, 0.1, 0.1}, 2, 15.0);
    p.jobs = {job("a", 2, 4), job("b", 2, 4)};
    const auto free = planAtOnce(p, false);
    QCOMPARE(free[1].placement.runSlots, (Slots{0, 1}));
    const auto capped = planAtOnce(p, true);
    QCOMPARE(capped[1].placement.runSlots, (Slots{2, 3}));
    QVERIFY(capped[1].deadlineMet);
    QCOMPARE(sitePowerKw(p.site, p.jobs, {free[0].placement, free[1].placement})[0], 20.0);
}

void TestScheduling::explanations() {
    const QDateTime start(QDate(2020, 6, 1), QTime(0, 0), Qt::UTC);
    { // Waits 2 h for 0.10 instead of 0.30: 10 kWh x 0.20 x 2 = 4.00 USD less;
        // carbon is flat, so the same; done after hour 3 of 8: 4 h spare.
        Problem p = site({0.30, 0.30, 0.10, 0.10, 0.30, 0.30, 0.30, 0.30});
        p.jobs = {job("a", 2, 8)};
        const auto plan = planHeuristic(p);
        QCOMPARE(QString::fromStdString(explain(p, plan, 0, start, 60)),
                 QString("waits 2 h: the same carbon, 4.00 USD less than at once; deadline met "
                         "with 4 h spare"));
    }
    { // Carbon falls from 400 to 100 g/kWh after 3 h: 75 % less carbon.
        Problem p = site({0.10, 0.10, 0.10, 0.10, 0.10, 0.10});
        p.site.carbonGPerKwh = {400, 400, 400, 100, 100, 100};
        p.site.carbonPriceUsdPerT = 100.0; // 10 kWh x 300 g x 100 USD/t = 0.30 USD per hour shifted
        p.jobs = {job("a", 1, 6)};
        const auto plan = planHeuristic(p);
        QCOMPARE(QString::fromStdString(explain(p, plan, 0, start, 60)),
                 QString("waits 3 h: 75 % less carbon, 0.30 USD less than at once; deadline met "
                         "with 2 h spare"));
    }
    { // The node is busy with a until hour 4: b bursts.
        Problem p = site({0.10, 0.10, 0.10, 0.10, 0.10, 0.10, 0.10, 0.10}, 1);
        addBurst(p, cloud(false));
        p.jobs = {job("a", 4, 4), job("b", 4, 4)};
        const auto plan = planHeuristic(p);
        QCOMPARE(QString::fromStdString(explain(p, plan, 1, start, 60)),
                 QString("bursts to cloud: the owned nodes or the power cap are full until "
                         "2020-06-01 04:00; "
                         "deadline met with 0 h spare"));
    }
    { // A late job says why.
        Problem p = site({0.10, 0.10, 0.10, 0.10});
        p.jobs = {job("too-long", 3, 2)};
        const auto plan = planHeuristic(p);
        const QString why = QString::fromStdString(explain(p, plan, 0, start, 60));
        QVERIFY2(why.startsWith("misses its deadline (2020-06-01 02:00): it needs 3 h but has 2 h"),
                 qPrintable(why));
    }
}

void TestScheduling::planJsonIsTheContract() {
    const QDateTime start(QDate(2020, 6, 1), QTime(22, 0), Qt::UTC);
    Problem p = site({0.30, 0.10, 0.50, 0.10}, 1);
    p.jobs = {job("split", 2, 4)};
    p.jobs[0].preemptible = true;
    const auto plan = planHeuristic(p);
    const QJsonObject json = planJson(p, plan, start, 60, 1.5);
    const QJsonObject j = json["jobs"].toArray().first().toObject();
    QCOMPARE(j["id"].toString(), QString("split"));
    QCOMPARE(j["place"].toString(), QString("own"));
    // Hours 1 and 3: two runs, over midnight.
    QCOMPARE(j["runs"].toArray(), (QJsonArray{QJsonArray{"2020-06-01 23:00", "2020-06-02 00:00"},
                                              QJsonArray{"2020-06-02 01:00", "2020-06-02 02:00"}}));
    QCOMPARE(j["energy_kwh"].toDouble(), 20.0);
    QCOMPARE(j["cost_usd"].toDouble(), 2.0);
    QCOMPARE(j["co2_kg"].toDouble(), 2.0); // 20 kWh x 100 g
    QCOMPARE(j["deadline_met"].toBool(), true);
    QCOMPARE(json["power_kw"].toArray(), (QJsonArray{0.0, 10.0, 0.0, 10.0}));
    QCOMPARE(json["totals"]["cost_usd"].toDouble(), 2.0);
    // At once: hours 0-1, 0.30 + 0.10: 4.00 USD.
    QCOMPARE(json["baselines"]["fifo"]["cost_usd"].toDouble(), 4.0);
    QCOMPARE(json["baselines"]["fifo_capped"]["deadline_misses"].toInt(), 0);
    QCOMPARE(json["solve_ms"].toDouble(), 1.5);
}

void TestScheduling::exactPlanIsNeverWorse() {
    // Random small instances the MILP solves to optimality: the heuristic's
    // plan may cost more, never less (that would be a wrong optimum or a
    // heuristic breaking a constraint), and both pass the check.
    std::mt19937_64 rng(7);
    std::uniform_real_distribution<double> u(0.0, 1.0);
    double worstGap = 0, sumGap = 0;
    int solved = 0;
    for (int instance = 0; instance < 30; ++instance) {
        Problem p = site(std::vector<double>(32, 0.0), 3, 25.0);
        for (int t = 0; t < 32; ++t) {
            p.site.priceUsdPerKwh[std::size_t(t)] = 0.05 + 0.3 * u(rng);
            p.site.carbonGPerKwh[std::size_t(t)] = 50 + 400 * u(rng);
        }
        p.site.carbonPriceUsdPerT = 100;
        p.site.partitions[0].idleKw = 1.0;
        addBurst(p, cloud(false, 2, 2));
        p.site.bursts[0].usdPerNodeHour = 4.0;
        for (int k = 0; k < 8; ++k) {
            Job j = job("j" + std::to_string(k), 1 + int(5 * u(rng)), 0, 1 + int(2 * u(rng)));
            j.earliest = j.arrival = int(12 * u(rng));
            j.deadline = std::min(32, j.earliest + j.duration + 2 + int(14 * u(rng)));
            j.preemptible = u(rng) < 0.3;
            j.sensitive = u(rng) < 0.2;
            p.jobs.push_back(j);
        }
        const auto heuristic = planHeuristic(p);
        bool allMet = true;
        for (const auto &d : heuristic)
            allMet = allMet && d.deadlineMet;
        auto exact = planExact(p);
        if (!exact) {
            // Then the heuristic cannot have met every deadline either.
            QVERIFY2(!allMet, exact.error().toString().c_str());
            continue;
        }
        QVERIFY(exact->optimal);
        const auto breaches = checkPlan(p, exact->plan);
        QVERIFY2(breaches.empty(), breaches.empty() ? "" : breaches.front().c_str());
        if (!allMet)
            continue; // the MILP found deadlines the greedy order missed: allowed, counted below
        double cost = 0;
        for (std::size_t j = 0; j < p.jobs.size(); ++j)
            cost += placementCost(p.site, p.jobs[j], heuristic[j].placement).marginalUsd;
        QVERIFY2(cost >= exact->objectiveUsd - 1e-6,
                 qPrintable(QString("instance %1: heuristic %2 < exact %3")
                                .arg(instance)
                                .arg(cost)
                                .arg(exact->objectiveUsd)));
        const double gap =
            (cost - exact->objectiveUsd) / std::max(1e-9, std::abs(exact->objectiveUsd));
        worstGap = std::max(worstGap, gap);
        sumGap += gap;
        ++solved;
    }
    QVERIFY(solved >= 20);
    qInfo("heuristic against the MILP optimum on %d instances: mean gap %.2f %%, worst %.2f %%",
          solved, 100 * sumGap / solved, 100 * worstGap);
}

QTEST_GUILESS_MAIN(TestScheduling)
#include "tst_scheduling.moc"
