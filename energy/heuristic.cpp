#include "energy/heuristic.h"

#include "energy/costmodel.h"
#include "energy/placing.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <numeric>
#include <random>

namespace sovereign::energy {

namespace {

struct Attempt {
    std::vector<Decision> plan;
    int misses = 0;
    double costUsd = 0;

    bool betterThan(const Attempt &other) const {
        return misses != other.misses ? misses < other.misses : costUsd < other.costUsd - 1e-9;
    }
};

/// Takes each placed job out and puts it back where it is cheapest now that
/// the others are known, until a pass gains nothing; then repairs bursts.
Attempt improve(const Problem &problem, const std::vector<int> &order, Attempt attempt,
                Occupancy &taken, bool repair) {
    const SiteSlots &site = problem.site;
    const std::vector<Job> &jobs = problem.jobs;
    std::vector<Decision> &plan = attempt.plan;
    for (int pass = 0; pass < 8; ++pass) {
        double gained = 0;
        for (int j : order) {
            Decision &d = plan[std::size_t(j)];
            const Job &job = jobs[std::size_t(j)];
            if (d.placement.place < 0 || !d.deadlineMet)
                continue;
            const double before = placementCost(site, job, d.placement).marginalUsd;
            taken.take(job, d.placement, -1);
            Decision again = place(site, taken, job);
            if (again.deadlineMet && again.placement.place >= 0) {
                const double after = placementCost(site, job, again.placement).marginalUsd;
                if (after < before - 1e-9) {
                    gained += before - after;
                    d = std::move(again);
                }
            }
            taken.take(job, d.placement, +1);
        }
        if (gained <= 1e-9)
            break;
    }
    if (repair)
        repairBursts(problem, plan, taken);
    attempt.misses = 0;
    attempt.costUsd = 0;
    for (std::size_t j = 0; j < jobs.size(); ++j) {
        attempt.misses += plan[j].deadlineMet ? 0 : 1;
        attempt.costUsd += placementCost(site, jobs[j], plan[j].placement).marginalUsd;
    }
    return attempt;
}

/// Places the jobs one by one in `order`, then improves.
Attempt greedy(const Problem &problem, const std::vector<int> &order, bool repair) {
    Occupancy taken(problem.site);
    Attempt attempt;
    attempt.plan.resize(problem.jobs.size());
    for (int j : order) {
        attempt.plan[std::size_t(j)] = place(problem.site, taken, problem.jobs[std::size_t(j)]);
        if (attempt.plan[std::size_t(j)].placement.place >= 0)
            taken.take(problem.jobs[std::size_t(j)], attempt.plan[std::size_t(j)].placement, +1);
    }
    return improve(problem, order, std::move(attempt), taken, repair);
}

/// Starts from a given plan (running at once under the cap) and improves it:
/// moves only ever lower the cost, so the result is never dearer than it.
Attempt fromPlan(const Problem &problem, const std::vector<int> &order, std::vector<Decision> start,
                 bool repair) {
    Occupancy taken(problem.site);
    Attempt attempt;
    attempt.plan = std::move(start);
    for (std::size_t j = 0; j < problem.jobs.size(); ++j)
        if (attempt.plan[j].placement.place >= 0)
            taken.take(problem.jobs[j], attempt.plan[j].placement, +1);
    return improve(problem, order, std::move(attempt), taken, repair);
}

} // namespace

std::vector<Decision> planHeuristic(const Problem &problem) {
    const SiteSlots &site = problem.site;
    const std::vector<Job> &jobs = problem.jobs;
    std::vector<int> base(jobs.size());
    std::iota(base.begin(), base.end(), 0);
    const auto slack = [&](const Job &j) {
        return std::min(j.deadline, site.slotCount) - std::max(0, j.earliest) - j.duration;
    };
    const auto size = [](const Job &j) {
        return double(j.nodes) * j.duration * std::max(1.0, j.kwPerNode);
    };
    // A few orders, each greedy then improved; the best plan wins (fewest
    // deadlines missed, then least cost). Priority always comes first.
    std::vector<std::function<bool(const Job &, const Job &)>> orders{
        [&](const Job &x, const Job &y) {
            return slack(x) != slack(y) ? slack(x) < slack(y) : size(x) > size(y);
        },
        [&](const Job &x, const Job &y) { return size(x) > size(y); },
        [&](const Job &x, const Job &y) { return x.deadline < y.deadline; },
    };
    Attempt best;
    best.misses = std::numeric_limits<int>::max();
    // What each job would cost on a site of its own: a job's cost depends on
    // its own placement only, so their sum bounds every plan from below, and
    // a plan that reaches it is optimal: no search can do better (the common
    // case when nothing is scarce, e.g. GAIA's setting with no capacity limit).
    double bound = 0;
    bool boundHolds = true;
    {
        const Occupancy empty(site);
        for (const Job &job : jobs) {
            const Decision alone = place(site, empty, job);
            boundHolds = boundHolds && alone.deadlineMet && alone.placement.place >= 0;
            if (boundHolds)
                bound += placementCost(site, job, alone.placement).marginalUsd;
        }
    }
    const auto optimal = [&] {
        return boundHolds && best.misses == 0 &&
               best.costUsd <= bound + 1e-9 * std::max(1.0, std::abs(bound));
    };
    const bool repair = jobs.size() <= 2000; // its eviction rounds grow with the jobs in the way
    const auto tryOrder = [&](std::vector<int> order) {
        std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
            return jobs[std::size_t(a)].priority > jobs[std::size_t(b)].priority;
        });
        Attempt a = greedy(problem, order, repair);
        if (a.betterThan(best))
            best = std::move(a);
    };
    for (const auto &less : orders) {
        std::vector<int> order = base;
        std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
            return less(jobs[std::size_t(a)], jobs[std::size_t(b)]);
        });
        tryOrder(order);
        if (optimal())
            return std::move(best.plan);
    }
    // Running everything at once under the cap, then improved: a plan that
    // spreads the load as arrivals do, where the cheapest-first orders can
    // crowd the cheap hours and leave long jobs no room.
    {
        std::vector<int> order = base;
        std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
            return slack(jobs[std::size_t(a)]) > slack(jobs[std::size_t(b)]);
        });
        Attempt a = fromPlan(problem, order, planAtOnce(problem, true), repair);
        if (a.betterThan(best))
            best = std::move(a);
    }
    if (optimal())
        return std::move(best.plan);
    // Small instances can afford shuffled orders too (seeded: plans repeat).
    const int shuffles = jobs.size() <= 200 ? 24 : jobs.size() <= 2000 ? 4 : 0;
    std::mt19937 rng(20261124);
    for (int k = 0; k < shuffles; ++k) {
        std::vector<int> order = base;
        std::shuffle(order.begin(), order.end(), rng);
        tryOrder(order);
    }
    // Ruin and recreate: take a random fifth of the jobs out, put them back
    // (least slack first, each where it is cheapest), keep the result when it
    // is no worse. Seeded, and a fixed number of rounds: plans repeat.
    const int rounds = jobs.size() <= 200 ? 400 : jobs.size() <= 2000 ? 40 : 0;
    if (rounds > 0 && !jobs.empty()) {
        Occupancy taken(site);
        for (std::size_t j = 0; j < jobs.size(); ++j)
            if (best.plan[j].placement.place >= 0)
                taken.take(jobs[j], best.plan[j].placement, +1);
        const std::size_t ruin = std::max<std::size_t>(2, jobs.size() / 5);
        for (int round = 0; round < rounds; ++round) {
            std::vector<int> out = base;
            std::shuffle(out.begin(), out.end(), rng);
            out.resize(std::min(ruin, out.size()));
            std::stable_sort(out.begin(), out.end(), [&](int a, int b) {
                const Job &x = jobs[std::size_t(a)], &y = jobs[std::size_t(b)];
                if (x.priority != y.priority)
                    return x.priority > y.priority;
                return slack(x) < slack(y);
            });
            std::vector<Decision> saved;
            double before = 0;
            int missesBefore = 0;
            for (int j : out) {
                const Decision &d = best.plan[std::size_t(j)];
                saved.push_back(d);
                before += placementCost(site, jobs[std::size_t(j)], d.placement).marginalUsd;
                missesBefore += d.deadlineMet ? 0 : 1;
                if (d.placement.place >= 0)
                    taken.take(jobs[std::size_t(j)], d.placement, -1);
            }
            double after = 0;
            int missesAfter = 0;
            for (int j : out) {
                Decision d = place(site, taken, jobs[std::size_t(j)]);
                if (d.placement.place >= 0)
                    taken.take(jobs[std::size_t(j)], d.placement, +1);
                after += placementCost(site, jobs[std::size_t(j)], d.placement).marginalUsd;
                missesAfter += d.deadlineMet ? 0 : 1;
                best.plan[std::size_t(j)] = std::move(d);
            }
            if (missesAfter > missesBefore ||
                (missesAfter == missesBefore && after > before + 1e-9)) {
                for (int j : out)
                    if (best.plan[std::size_t(j)].placement.place >= 0)
                        taken.take(jobs[std::size_t(j)], best.plan[std::size_t(j)].placement, -1);
                for (std::size_t k = 0; k < out.size(); ++k) {
                    best.plan[std::size_t(out[k])] = saved[k];
                    if (saved[k].placement.place >= 0)
                        taken.take(jobs[std::size_t(out[k])], saved[k].placement, +1);
                }
            }
        }
    }
    // Pairs: take two jobs out and put them back in either order, keeping the
    // better result; this lets a job that bursts or waits long trade places
    // with one at home that could go elsewhere more cheaply.
    if (jobs.size() <= 300) {
        Occupancy taken(site);
        for (std::size_t j = 0; j < jobs.size(); ++j)
            if (best.plan[j].placement.place >= 0)
                taken.take(jobs[j], best.plan[j].placement, +1);
        const auto costOf = [&](std::size_t j, const Decision &d) {
            return placementCost(site, jobs[j], d.placement).marginalUsd +
                   (d.deadlineMet ? 0.0 : 1e12);
        };
        for (int pass = 0; pass < 3; ++pass) {
            bool improved = false;
            for (std::size_t a = 0; a < jobs.size(); ++a)
                for (std::size_t b = a + 1; b < jobs.size(); ++b) {
                    Decision &da = best.plan[a], &db = best.plan[b];
                    if (da.placement.place < 0 || db.placement.place < 0)
                        continue;
                    const double before = costOf(a, da) + costOf(b, db);
                    taken.take(jobs[a], da.placement, -1);
                    taken.take(jobs[b], db.placement, -1);
                    Decision bestA = da, bestB = db;
                    double bestCost = before;
                    for (int first = 0; first < 2; ++first) {
                        const std::size_t x = first ? b : a, y = first ? a : b;
                        Decision dx = place(site, taken, jobs[x]);
                        if (dx.placement.place < 0)
                            continue;
                        taken.take(jobs[x], dx.placement, +1);
                        Decision dy = place(site, taken, jobs[y]);
                        taken.take(jobs[x], dx.placement, -1);
                        if (dy.placement.place < 0)
                            continue;
                        const double cost = costOf(x, dx) + costOf(y, dy);
                        if (cost < bestCost - 1e-9) {
                            bestCost = cost;
                            bestA = first ? std::move(dy) : std::move(dx);
                            bestB = first ? std::move(dx) : std::move(dy);
                        }
                    }
                    if (bestCost < before - 1e-9) {
                        da = std::move(bestA);
                        db = std::move(bestB);
                        improved = true;
                    }
                    taken.take(jobs[a], da.placement, +1);
                    taken.take(jobs[b], db.placement, +1);
                }
            if (!improved)
                break;
        }
    }
    return std::move(best.plan);
}

std::vector<Decision> planAtOnce(const Problem &problem, bool capped) {
    const SiteSlots &site = problem.site;
    const std::vector<Job> &jobs = problem.jobs;
    std::vector<int> order(jobs.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
        return jobs[std::size_t(a)].earliest < jobs[std::size_t(b)].earliest;
    });
    Occupancy taken(site);
    std::vector<Decision> plan(jobs.size());
    for (int j : order) {
        const Job &job = jobs[std::size_t(j)];
        Decision &d = plan[std::size_t(j)];
        const auto runsAt = [&](int place, int start) {
            if (start + job.duration > site.slotCount)
                return false;
            for (int k = 0; k < job.duration; ++k)
                if (!taken.fits(job, place, start + k, capped))
                    return false;
            return true;
        };
        for (int start = std::max(0, job.earliest); start < site.slotCount && d.placement.place < 0;
             ++start) {
            for (int place = 0; place < int(site.partitions.size()); ++place)
                if (allowed(site, job, place) && runsAt(place, start)) {
                    d.placement.place = place;
                    break;
                }
            // Burst only when no owned node is free at the job's own start.
            if (d.placement.place < 0 && start == std::max(0, job.earliest))
                for (int place = int(site.partitions.size()); place < site.placeCount(); ++place)
                    if (allowed(site, job, place) &&
                        runsAt(place, std::max(start, firstSlot(site, job, place)))) {
                        d.placement.place = place;
                        start = std::max(start, firstSlot(site, job, place));
                        break;
                    }
            if (d.placement.place >= 0)
                for (int k = 0; k < job.duration; ++k)
                    d.placement.runSlots.push_back(start + k);
        }
        if (d.placement.place < 0) {
            d.deadlineMet = false;
            d.problem = "no room in the horizon";
            continue;
        }
        taken.take(job, d.placement, +1);
        d.deadlineMet = d.placement.runSlots.back() < job.deadline;
        if (!d.deadlineMet)
            d.problem = "runs past its deadline";
    }
    return plan;
}

} // namespace sovereign::energy
