// The exact scheduler (energy/milpscheduler) against an exhaustive search
// written here: every place and every start (or, for a preemptible job on an
// owned partition, every set of slots) of 2-3 jobs over 8 slots, the
// constraints checked by this file's own code, the least total marginal cost
// kept. Costs come from energy/costmodel (the one owner of what a placement
// costs); everything about feasibility is re-derived here from problem.h's
// words, apart from the MILP and from plancheck.
#include "energy/costmodel.h"
#include "energy/milpscheduler.h"

#include <QElapsedTimer>
#include <QLoggingCategory>
#include <QTest>

#include <cmath>
#include <limits>
#include <optional>
#include <random>

using namespace sovereign;
using namespace sovereign::energy;

Q_DECLARE_METATYPE(sovereign::energy::Problem)

namespace {

constexpr double kInfKw = std::numeric_limits<double>::infinity();
// The MILP's objective is recomputed from placementCost, as the brute force's
// is, in the same job order: only a different choice of plan can differ.
constexpr double kCostToleranceUsd = 1e-9;
// CBC accepts a row within its primal tolerance (about 1e-7).
constexpr double kPowerToleranceKw = 1e-6;

/// 8 one-hour slots, no carbon, no cap; one partition "gpu" whose nodes draw
/// 1.2 kW busy and 0.2 kW idle, so a job's marginal draw is 1 kW per node and
/// a slot's marginal cost is nodes x price.
SiteSlots site(std::vector<double> priceUsdPerKwh, int gpuNodes) {
    SiteSlots s;
    s.slotHours = 1.0;
    s.slotCount = int(priceUsdPerKwh.size());
    s.priceUsdPerKwh = std::move(priceUsdPerKwh);
    s.carbonGPerKwh.assign(std::size_t(s.slotCount), 0.0);
    s.capKw.assign(std::size_t(s.slotCount), kInfKw);
    s.partitions.push_back({"gpu", gpuNodes, 1.2, 0.2});
    return s;
}

BurstProvider burst(const std::string &name, double usdPerNodeHour, int spinupSlots, bool sovereign,
                    int slotCount) {
    return {name, usdPerNodeHour, spinupSlots,
            8,    sovereign,      std::vector<double>(std::size_t(slotCount), 0.0)};
}

Job job(const std::string &id, int nodes, int duration, int earliest = 0, int deadline = 8) {
    Job j;
    j.id = id;
    j.arrival = earliest;
    j.earliest = earliest;
    j.deadline = deadline;
    j.duration = duration;
    j.nodes = nodes;
    return j;
}

Job preemptible(Job j) {
    j.preemptible = true;
    return j;
}

Job sensitive(Job j) {
    j.sensitive = true;
    return j;
}

std::string placeName(const SiteSlots &s, int place) {
    return s.isBurst(place) ? s.bursts[std::size_t(place) - s.partitions.size()].name
                            : s.partitions[std::size_t(place)].name;
}

/// "a:gpu 5 6; b:cloud 0 1"
QString planText(const Problem &p, const std::vector<Decision> &plan) {
    QStringList parts;
    for (std::size_t j = 0; j < plan.size(); ++j) {
        QString part = QString::fromStdString(p.jobs[j].id) + ":" +
                       QString::fromStdString(placeName(p.site, plan[j].placement.place));
        for (int s : plan[j].placement.runSlots)
            part += " " + QString::number(s);
        parts << part;
    }
    return parts.join("; ");
}

// --- the independent checker -------------------------------------------------

/// What is wrong with one job's placement on its own (empty: nothing).
QStringList jobViolations(const SiteSlots &s, const Job &j, const Placement &pl) {
    QStringList out;
    const QString who = QString::fromStdString(j.id);
    if (pl.place < 0 || pl.place >= s.placeCount())
        return {who + ": not placed"};
    const bool isBurst = pl.place >= int(s.partitions.size());
    if (int(pl.runSlots.size()) != j.duration)
        out << who + ": runs " + QString::number(pl.runSlots.size()) + " slots";
    for (std::size_t i = 0; i < pl.runSlots.size(); ++i) {
        const int t = pl.runSlots[i];
        if (t < 0 || t >= s.slotCount || t < j.earliest || t >= j.deadline)
            out << who + ": slot " + QString::number(t) + " outside its window";
        if (i > 0 && t <= pl.runSlots[i - 1])
            out << who + ": slots not ascending";
        if (i > 0 && (isBurst || !j.preemptible) && t != pl.runSlots[i - 1] + 1)
            out << who + ": not contiguous";
    }
    if (isBurst) {
        const BurstProvider &b = s.bursts[std::size_t(pl.place) - s.partitions.size()];
        if (!pl.runSlots.empty() && pl.runSlots.front() < b.spinupSlots)
            out << who + ": starts before the burst's nodes are up";
        if (j.sensitive && !b.sovereign)
            out << who + ": sensitive on a non-sovereign burst";
    } else if (j.partition >= 0 && j.partition != pl.place) {
        out << who + ": not on the partition it needs";
    }
    return out;
}

/// kW one node of `j` draws on an owned partition (problem.h's words).
double nodeKw(const SiteSlots &s, const Job &j, int place) {
    return j.kwPerNode > 0 ? j.kwPerNode : s.partitions[std::size_t(place)].busyKw;
}

/// Every breach of the plan (empty: it keeps every constraint).
QStringList violations(const Problem &p, const std::vector<Decision> &plan) {
    const SiteSlots &s = p.site;
    if (plan.size() != p.jobs.size())
        return {"plan has " + QString::number(plan.size()) + " decisions"};
    QStringList out;
    std::vector<std::vector<int>> nodesUsed(std::size_t(s.slotCount),
                                            std::vector<int>(std::size_t(s.placeCount()), 0));
    double idleKw = 0;
    for (const Partition &part : s.partitions)
        idleKw += part.nodes * part.idleKw;
    std::vector<double> drawKw(std::size_t(s.slotCount), idleKw);
    for (std::size_t j = 0; j < plan.size(); ++j) {
        const Job &job = p.jobs[j];
        const Placement &pl = plan[j].placement;
        const QStringList own = jobViolations(s, job, pl);
        out << own;
        if (!plan[j].deadlineMet)
            out << QString::fromStdString(job.id) + ": deadline not met";
        if (!own.isEmpty())
            continue;
        for (int t : pl.runSlots) {
            nodesUsed[std::size_t(t)][std::size_t(pl.place)] += job.nodes;
            if (pl.place < int(s.partitions.size()))
                drawKw[std::size_t(t)] += job.nodes * (nodeKw(s, job, pl.place) -
                                                       s.partitions[std::size_t(pl.place)].idleKw);
        }
    }
    for (int t = 0; t < s.slotCount; ++t) {
        for (int place = 0; place < s.placeCount(); ++place) {
            const int limit = place < int(s.partitions.size())
                                  ? s.partitions[std::size_t(place)].nodes
                                  : s.bursts[std::size_t(place) - s.partitions.size()].maxNodes;
            if (nodesUsed[std::size_t(t)][std::size_t(place)] > limit)
                out << "slot " + QString::number(t) + ": too many nodes on " +
                           QString::fromStdString(placeName(s, place));
        }
        if (drawKw[std::size_t(t)] > s.capKw[std::size_t(t)] + kPowerToleranceKw)
            out << "slot " + QString::number(t) + ": over the power cap";
    }
    return out;
}

// --- the exhaustive search ---------------------------------------------------

/// Every placement of one job that keeps its own constraints: each place,
/// each contiguous run, and for preemptible jobs on owned partitions each
/// subset of the horizon's slots of the right size.
std::vector<Placement> candidates(const SiteSlots &s, const Job &j) {
    std::vector<Placement> out;
    for (int place = 0; place < s.placeCount(); ++place) {
        const bool isBurst = place >= int(s.partitions.size());
        if (j.preemptible && !isBurst) {
            for (unsigned mask = 0; mask < (1u << s.slotCount); ++mask) {
                Placement pl{place, {}};
                for (int t = 0; t < s.slotCount; ++t)
                    if (mask & (1u << t))
                        pl.runSlots.push_back(t);
                if (jobViolations(s, j, pl).isEmpty())
                    out.push_back(pl);
            }
            continue;
        }
        for (int first = 0; first + j.duration <= s.slotCount; ++first) {
            Placement pl{place, {}};
            for (int t = first; t < first + j.duration; ++t)
                pl.runSlots.push_back(t);
            if (jobViolations(s, j, pl).isEmpty())
                out.push_back(pl);
        }
    }
    return out;
}

/// The least total marginal cost of a plan keeping every constraint, and
/// that plan; nullopt when no plan does.
std::optional<std::pair<double, std::vector<Decision>>> bruteForce(const Problem &p) {
    std::vector<std::vector<Placement>> options;
    for (const Job &j : p.jobs)
        options.push_back(candidates(p.site, j));
    std::vector<Decision> plan(p.jobs.size());
    std::optional<std::pair<double, std::vector<Decision>>> best;
    const auto visit = [&](auto &&self, std::size_t j) -> void {
        if (j == p.jobs.size()) {
            if (!violations(p, plan).isEmpty())
                return;
            double usd = 0;
            for (std::size_t k = 0; k < plan.size(); ++k)
                usd += placementCost(p.site, p.jobs[k], plan[k].placement).marginalUsd;
            if (!best || usd < best->first)
                best = std::pair{usd, plan};
            return;
        }
        for (const Placement &pl : options[j]) {
            plan[j].placement = pl;
            self(self, j + 1);
        }
    };
    visit(visit, 0);
    return best;
}

/// A random tiny instance: 2-3 jobs over 6-8 slots, 1-2 partitions, 0-2
/// bursts, sometimes a cap, preemptible and sensitive jobs mixed in.
Problem randomProblem(unsigned seed) {
    std::mt19937 rng(seed);
    const auto uniform = [&](int lo, int hi) { return std::uniform_int_distribution(lo, hi)(rng); };
    const auto real = [&](double lo, double hi) {
        return std::uniform_real_distribution(lo, hi)(rng);
    };
    Problem p;
    SiteSlots &s = p.site;
    s.slotHours = 0.25;
    s.slotCount = uniform(6, 8);
    for (int t = 0; t < s.slotCount; ++t) {
        s.priceUsdPerKwh.push_back(real(0.02, 0.5));
        s.carbonGPerKwh.push_back(real(50, 600));
    }
    s.carbonPriceUsdPerT = uniform(0, 1) ? 80.0 : 0.0;
    const int partitions = uniform(1, 2);
    double idleKw = 0;
    for (int k = 0; k < partitions; ++k) {
        const Partition part{"p" + std::to_string(k), uniform(2, 4), real(0.8, 1.5),
                             real(0.1, 0.3)};
        idleKw += part.nodes * part.idleKw;
        s.partitions.push_back(part);
    }
    const bool capped = uniform(0, 2) > 0;
    for (int t = 0; t < s.slotCount; ++t)
        s.capKw.push_back(capped ? idleKw + real(1.0, 4.0) : kInfKw);
    for (int k = uniform(0, 2); k > 0; --k) {
        BurstProvider b = burst("b" + std::to_string(k), real(0.5, 4.0), uniform(0, 2),
                                uniform(0, 1) == 1, s.slotCount);
        b.maxNodes = uniform(2, 6);
        for (double &g : b.carbonGPerKwh)
            g = real(20, 400);
        s.bursts.push_back(b);
    }
    for (int k = uniform(2, 3); k > 0; --k) {
        Job j = job("j" + std::to_string(k), uniform(1, 3), uniform(1, 3));
        j.earliest = j.arrival = uniform(0, 2);
        j.deadline = uniform(j.earliest + j.duration, s.slotCount + 1);
        j.preemptible = uniform(0, 2) == 0;
        j.sensitive = uniform(0, 2) == 0;
        if (uniform(0, 3) == 0)
            j.kwPerNode = real(0.5, 2.0);
        if (partitions > 1 && uniform(0, 3) == 0)
            j.partition = uniform(0, partitions - 1);
        p.jobs.push_back(j);
    }
    return p;
}

/// A larger instance for timing: two days of 15-minute slots with a day/night
/// tariff, two partitions, one burst provider, a cap that binds at times.
Problem benchProblem(int jobs, int slotCount, int maxJobNodes, unsigned seed) {
    std::mt19937 rng(seed);
    const auto uniform = [&](int lo, int hi) { return std::uniform_int_distribution(lo, hi)(rng); };
    const auto real = [&](double lo, double hi) {
        return std::uniform_real_distribution(lo, hi)(rng);
    };
    Problem p;
    SiteSlots &s = p.site;
    s.slotHours = 0.25;
    s.slotCount = slotCount;
    s.carbonPriceUsdPerT = 80;
    s.partitions = {{"a100", 16, 3.0, 0.6}, {"h100", 8, 5.0, 0.9}};
    const double idleKw = 16 * 0.6 + 8 * 0.9;
    for (int t = 0; t < slotCount; ++t) {
        const int hour = (t / 4) % 24;
        const bool day = hour >= 7 && hour < 22;
        s.priceUsdPerKwh.push_back((day ? 0.28 : 0.12) + real(-0.02, 0.02));
        s.carbonGPerKwh.push_back((day ? 420 : 250) + real(-40, 40));
        s.capKw.push_back(idleKw + (day ? 40.0 : 70.0));
    }
    BurstProvider cloud = burst("cloud", 2.5, 2, false, slotCount);
    cloud.maxNodes = 32;
    for (double &g : cloud.carbonGPerKwh)
        g = real(50, 150);
    s.bursts.push_back(cloud);
    for (int k = 0; k < jobs; ++k) {
        Job j = job("job" + std::to_string(k), uniform(1, maxJobNodes), uniform(1, 16));
        j.earliest = j.arrival = uniform(0, slotCount - 40);
        j.deadline = std::min(slotCount, j.earliest + j.duration + uniform(4, 48));
        j.preemptible = uniform(0, 9) < 3;
        j.sensitive = uniform(0, 9) < 3;
        p.jobs.push_back(j);
    }
    return p;
}

Problem make(SiteSlots s, std::vector<Job> jobs) {
    return Problem{std::move(s), std::move(jobs)};
}

} // namespace

class TstMilpScheduler : public QObject {
    Q_OBJECT

  private slots:
    void matchesBruteForce_data() {
        QTest::addColumn<Problem>("problem");
        QTest::addColumn<double>("expectedUsd");
        QTest::addColumn<QString>("expectedPlan");
        const int n = 8;

        // a: the cheapest pair is 5,6 (0.05 + 0.05) x 2 nodes = 0.20; b must
        // end by slot 5: 2,3 (0.10 + 0.12) x 2 = 0.44; c (preemptible, 1 node)
        // takes the three cheapest slots 5, 6, 2: 0.05 + 0.05 + 0.10 = 0.20.
        // At most 3 of the 4 nodes are busy in any slot. Total 0.84.
        QTest::newRow("temporal shifting to the cheap slots")
            << make(site({0.30, 0.30, 0.10, 0.12, 0.30, 0.05, 0.05, 0.30}, 4),
                    {job("a", 2, 2), job("b", 2, 2, 0, 5), preemptible(job("c", 1, 3))})
            << 0.84 << "a:gpu 5 6; b:gpu 2 3; c:gpu 2 5 6";

        // Idle draw 4 x 0.2 = 0.8 kW, cap 2.8 kW: 2 kW of headroom, one 2-node
        // job at a time. a at 0,1 (0.10 + 0.10) x 2 = 0.40, b (from slot 1)
        // pushed past it to 2,3: (0.20 + 0.25) x 2 = 0.90. Total 1.30; without
        // the cap b would take 1,2 for 0.60 (total 1.00); b at 1,2 with a at
        // 3,4 costs 0.60 + 1.10 = 1.70.
        {
            SiteSlots s = site({0.10, 0.10, 0.20, 0.25, 0.30, 0.30, 0.30, 0.30}, 4);
            s.capKw.assign(n, 2.8);
            QTest::newRow("power cap forces one job later")
                << make(s, {job("a", 2, 2), job("b", 2, 2, 1)}) << 1.30 << "a:gpu 0 1; b:gpu 2 3";
        }

        // Both must run in slots 0-3 and the 4-node partition holds one.
        // a on gpu 4 x 4 x 0.10 = 1.60 + b on cloud 2 nodes x 4 h x 1.0 = 8.00
        // is 9.60; b on gpu (0.80) + a on cloud (16.00) is 16.80.
        QTest::newRow("second job bursts when the partition is full") << [&] {
            SiteSlots s = site(std::vector<double>(n, 0.10), 4);
            s.bursts = {burst("cloud", 1.0, 0, false, n)};
            return make(s, {job("a", 4, 4, 0, 4), job("b", 2, 4, 0, 4)});
        }() << 9.60 << "a:gpu 0 1 2 3; b:cloud 0 1 2 3";

        // As above, but b is sensitive: the cheap cloud is not sovereign, the
        // sovereign one costs 3.0 per node-hour. b on sovcloud (24.00) + a on
        // gpu (1.60) = 25.60; b on gpu (0.80) + a on cloud (16.00) = 16.80.
        QTest::newRow("sensitive job may not burst to a non-sovereign provider") << [&] {
            SiteSlots s = site(std::vector<double>(n, 0.10), 4);
            s.bursts = {burst("cloud", 1.0, 0, false, n), burst("sovcloud", 3.0, 0, true, n)};
            return make(s, {job("a", 4, 4, 0, 4), sensitive(job("b", 2, 4, 0, 4))});
        }() << 16.80 << "a:cloud 0 1 2 3; b:gpu 0 1 2 3";

        // a (preemptible, 4 slots before slot 5) skips the 0.90 slot:
        // 0, 1, 3, 4 at 0.10 = 0.40 (contiguous: 1.20). b runs in slot 5
        // (its earliest and cheapest after): 0.50. Total 0.90.
        QTest::newRow("preemptible job split around an expensive slot")
            << make(site({0.10, 0.10, 0.90, 0.10, 0.10, 0.50, 0.60, 0.70}, 4),
                    {preemptible(job("a", 1, 4, 0, 5)), job("b", 1, 1, 5)})
            << 0.90 << "a:gpu 0 1 3 4; b:gpu 5";

        // a must run in slots 0,1; the cloud's nodes are up from slot 2, so it
        // stays on gpu: 2 x (5 + 5) = 20.00 (the cloud would cost 2 x 2 x 1.0
        // + spin-up 2 x 2 x 1.0 = 8.00). b then takes gpu 2,3: 2 x 0.21 = 0.42.
        QTest::newRow("spin-up forbids an early burst start") << [&] {
            SiteSlots s = site({5.0, 5.0, 0.10, 0.11, 0.12, 0.13, 0.14, 0.15}, 2);
            s.bursts = {burst("cloud", 1.0, 2, false, n)};
            return make(s, {job("a", 2, 2, 0, 2), job("b", 2, 2)});
        }() << 20.42 << "a:gpu 0 1; b:gpu 2 3";

        // At 100 USD/t a gram costs 1e-4 USD: slot 2 (100 g/kWh) costs
        // 0.10 + 0.01 = 0.11 per kWh, slot 1 (300 g) 0.13, the rest 0.14.
        // a goes to slot 2; b must end by slot 2 and takes slot 1. 0.24.
        QTest::newRow("carbon price moves a job to the cleaner slot") << [&] {
            SiteSlots s = site(std::vector<double>(n, 0.10), 4);
            s.carbonGPerKwh = {400, 300, 100, 400, 400, 400, 400, 400};
            s.carbonPriceUsdPerT = 100;
            return make(s, {job("a", 1, 1), job("b", 1, 1, 0, 2)});
        }() << 0.24 << "a:gpu 2; b:gpu 1";
    }

    void matchesBruteForce() {
        QFETCH(Problem, problem);
        QFETCH(double, expectedUsd);
        QFETCH(QString, expectedPlan);
        const auto reference = bruteForce(problem);
        QVERIFY(reference);
        QVERIFY2(std::abs(reference->first - expectedUsd) <= kCostToleranceUsd,
                 qPrintable(QString("brute force %1, by hand %2: %3")
                                .arg(reference->first, 0, 'g', 17)
                                .arg(expectedUsd)
                                .arg(planText(problem, reference->second))));
        QElapsedTimer timer;
        timer.start();
        const auto milp = planExact(problem);
        const qint64 us = timer.nsecsElapsed() / 1000;
        QVERIFY2(milp, milp ? "" : milp.error().toString().c_str());
        QVERIFY(milp->optimal);
        const QStringList broken = violations(problem, milp->plan);
        QVERIFY2(broken.isEmpty(), qPrintable(broken.join("\n")));
        QVERIFY2(std::abs(milp->objectiveUsd - reference->first) <= kCostToleranceUsd,
                 qPrintable(QString("MILP %1, brute force %2")
                                .arg(milp->objectiveUsd, 0, 'g', 17)
                                .arg(reference->first, 0, 'g', 17)));
        QCOMPARE(planText(problem, milp->plan), expectedPlan);
        qInfo("solved in %lld us", us);
    }

    /// Random tiny instances: the MILP finds the brute force's optimum, or
    /// fails exactly when the brute force finds no plan at all.
    void randomInstances_data() {
        QTest::addColumn<unsigned>("seed");
        for (unsigned seed = 1; seed <= 60; ++seed)
            QTest::addRow("random instance %u", seed) << seed;
    }

    void randomInstances() {
        QFETCH(unsigned, seed);
        const Problem problem = randomProblem(seed);
        const auto reference = bruteForce(problem);
        const auto milp = planExact(problem);
        if (!reference) {
            QVERIFY2(!milp, "the MILP found a plan the exhaustive search did not");
            QVERIFY2(milp.error().message.starts_with("no plan meets every deadline"),
                     milp.error().message.c_str());
            return;
        }
        QVERIFY2(milp, milp ? "" : milp.error().toString().c_str());
        QVERIFY(milp->optimal);
        const QStringList broken = violations(problem, milp->plan);
        QVERIFY2(broken.isEmpty(), qPrintable(broken.join("\n")));
        QVERIFY2(std::abs(milp->objectiveUsd - reference->first) <= kCostToleranceUsd,
                 qPrintable(QString("MILP %1 (%2), brute force %3 (%4)")
                                .arg(milp->objectiveUsd, 0, 'g', 17)
                                .arg(planText(problem, milp->plan))
                                .arg(reference->first, 0, 'g', 17)
                                .arg(planText(problem, reference->second))));
    }

    void infeasible_data() {
        QTest::addColumn<Problem>("problem");
        QTest::addColumn<QString>("message");
        const int n = 8;
        // 4 + 2 nodes in slots 0-3 on a 4-node partition, nothing to burst to.
        QTest::newRow("partition full and nothing to burst to")
            << make(site(std::vector<double>(n, 0.1), 4),
                    {job("a", 4, 4, 0, 4), job("b", 2, 4, 0, 4)})
            << "no plan meets every deadline: each of the 2 jobs can start somewhere on its own";
        // 5 slots of running between slot 0 and a deadline at slot 4.
        QTest::newRow("window shorter than the job")
            << make(site(std::vector<double>(n, 0.1), 4), {job("a", 1, 2), job("b", 1, 5, 0, 4)})
            << "job 'b' has no possible start: it needs 5 slots between slot 0 (its earliest) "
               "and slot 4 (its deadline)";
        // Past the horizon's end, the deadline does not help.
        QTest::newRow("horizon ends before the job can finish")
            << make(site(std::vector<double>(n, 0.1), 4), {job("a", 1, 3, 6, 20)})
            << "job 'a' has no possible start: it needs 3 slots between slot 6 (its earliest) and "
               "slot 8 (the end of the 8-slot horizon)";
        // 6 nodes: too many for gpu; the only burst is not sovereign.
        QTest::newRow("sensitive job too big for the partition")
            <<
            [&] {
                SiteSlots s = site(std::vector<double>(n, 0.1), 4);
                s.bursts = {burst("cloud", 1.0, 0, false, n)};
                return make(s, {sensitive(job("a", 6, 2))});
            }()
            << "job 'a' has no possible start: partition 'gpu' has 4 nodes and the job needs 6; "
               "burst provider 'cloud' is not sovereign and the job is sensitive";
        // The job must run in slots 0,1 and the burst's nodes are up from 3.
        QTest::newRow("burst too slow to spin up, job too big") << [&] {
            SiteSlots s = site(std::vector<double>(n, 0.1), 2);
            s.bursts = {burst("cloud", 1.0, 3, false, n)};
            return make(s, {job("a", 4, 2, 0, 2)});
        }() << "burst provider 'cloud' has its nodes ready from slot 3";
        // 3 kW above idle against 2 kW of headroom in every slot.
        QTest::newRow("job draws more than the cap allows") << [&] {
            SiteSlots s = site(std::vector<double>(n, 0.1), 4);
            s.capKw.assign(n, 2.8);
            return make(s, {job("a", 3, 1)});
        }() << "does not fit under the power cap";
        // 0.8 kW of idle nodes against a 0.5 kW cap.
        QTest::newRow("idle draw above the cap") << [&] {
            SiteSlots s = site(std::vector<double>(n, 0.1), 4);
            s.capKw[3] = 0.5;
            return make(s, {job("a", 1, 1)});
        }() << "the site's idle draw (0.8 kW) exceeds the cap (0.5 kW) in slot 3";
    }

    void infeasible() {
        QFETCH(Problem, problem);
        QFETCH(QString, message);
        QVERIFY(!bruteForce(problem));
        const auto milp = planExact(problem);
        QVERIFY(!milp);
        QVERIFY2(QString::fromStdString(milp.error().message).contains(message),
                 milp.error().message.c_str());
    }

    void refusesLargeModels() {
        // 7 starts for a 2-slot job over 8 slots: above a limit of 5.
        const Problem p = make(site(std::vector<double>(8, 0.1), 4), {job("a", 1, 2)});
        const auto milp = planExact(p, {60, 5});
        QVERIFY(!milp);
        QVERIFY2(QString::fromStdString(milp.error().message)
                     .contains("would have up to 7 binaries (jobs x places x slots), above its "
                               "limit of 5"),
                 milp.error().message.c_str());
        QVERIFY(planExact(p, {60, 7}));
    }

    void noJobs() {
        const auto milp = planExact(make(site(std::vector<double>(8, 0.1), 4), {}));
        QVERIFY(milp);
        QVERIFY(milp->plan.empty());
        QCOMPARE(milp->objectiveUsd, 0.0);
        QVERIFY(milp->optimal);
    }

    /// How large an instance solves in 10 s: skipped unless
    /// SOVEREIGN_MILP_BENCH is set (ctest never sets it); a value above 1 is
    /// the time limit in seconds instead.
    void largeInstance_data() {
        QTest::addColumn<int>("jobs");
        QTest::addColumn<int>("slotCount");
        QTest::addColumn<int>("maxJobNodes");
        // 24 owned nodes x 192 slots; a job averages 8.5 slots. Jobs of 1-4
        // nodes: 100 of them ask for ~45% of the node-slots, 200 for ~90%.
        // Jobs of 1-8 nodes: 50 ask for ~40%, 100 for ~80%, with the cap
        // binding by day.
        for (int jobs : {50, 75, 100, 150, 200})
            QTest::addRow("%d jobs x 192 slots, jobs of 1-4 nodes", jobs) << jobs << 192 << 4;
        for (int jobs : {25, 50, 75, 100})
            QTest::addRow("%d jobs x 192 slots, jobs of 1-8 nodes", jobs) << jobs << 192 << 8;
    }

    void largeInstance() {
        if (!qEnvironmentVariableIsSet("SOVEREIGN_MILP_BENCH"))
            QSKIP("a timing, not a check: set SOVEREIGN_MILP_BENCH=1 to run it");
        QFETCH(int, jobs);
        QFETCH(int, slotCount);
        QFETCH(int, maxJobNodes);
        const int limitS = std::max(10, qEnvironmentVariableIntValue("SOVEREIGN_MILP_BENCH"));
        QLoggingCategory::setFilterRules("sovereign.energy.milp.debug=true");
        const Problem p = benchProblem(jobs, slotCount, maxJobNodes, 7);
        QElapsedTimer timer;
        timer.start();
        const auto milp = planExact(p, {double(limitS), 2'000'000});
        const double s = timer.nsecsElapsed() / 1e9;
        if (!milp) {
            qInfo("%d jobs x %d slots: %.2f s, %s", jobs, slotCount, s,
                  milp.error().message.c_str());
            return;
        }
        const QStringList broken = violations(p, milp->plan);
        QVERIFY2(broken.isEmpty(), qPrintable(broken.join("\n")));
        qInfo("%d jobs x %d slots: %.2f s, %s, %.2f USD", jobs, slotCount, s,
              milp->optimal ? "optimal" : "time limit", milp->objectiveUsd);
    }
};

QTEST_GUILESS_MAIN(TstMilpScheduler)
#include "tst_milpscheduler.moc"
