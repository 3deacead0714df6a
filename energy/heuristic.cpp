#include "energy/heuristic.h"

#include "energy/costmodel.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <numeric>
#include <random>

namespace sovereign::energy {

namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();

/// What is taken, slot by slot: nodes per place, and the site's draw above
/// idle against the cap.
class Occupancy {
  public:
    explicit Occupancy(const SiteSlots &site)
        : m_site(site),
          m_nodes(std::size_t(site.placeCount()), std::vector<int>(std::size_t(site.slotCount), 0)),
          m_headroomKw(std::size_t(site.slotCount)) {
        double idle = 0;
        for (const Partition &p : site.partitions)
            idle += p.nodes * p.idleKw;
        for (int t = 0; t < site.slotCount; ++t)
            m_headroomKw[std::size_t(t)] = site.capKw[std::size_t(t)] - idle;
    }

    int capacity(int place) const {
        return m_site.isBurst(place)
                   ? m_site.bursts[std::size_t(place) - m_site.partitions.size()].maxNodes
                   : m_site.partitions[std::size_t(place)].nodes;
    }

    /// Can `job` run on `place` in slot t, given what is taken?
    bool fits(const Job &job, int place, int t, bool capped = true) const {
        if (m_nodes[std::size_t(place)][std::size_t(t)] + job.nodes > capacity(place))
            return false;
        if (!capped || m_site.isBurst(place))
            return true;
        // A small tolerance: sums of kW in another order must not flip a verdict.
        return marginalKw(m_site, job, place) <= m_headroomKw[std::size_t(t)] + 1e-9;
    }

    void take(const Job &job, const Placement &p, int sign) {
        const double kw = marginalKw(m_site, job, p.place);
        for (int t : p.runSlots) {
            m_nodes[std::size_t(p.place)][std::size_t(t)] += sign * job.nodes;
            if (!m_site.isBurst(p.place))
                m_headroomKw[std::size_t(t)] -= sign * kw;
        }
    }

  private:
    const SiteSlots &m_site;
    std::vector<std::vector<int>> m_nodes;
    std::vector<double> m_headroomKw;
};

bool allowed(const SiteSlots &site, const Job &job, int place) {
    if (!site.isBurst(place))
        return job.partition < 0 || job.partition == place;
    const BurstProvider &b = site.bursts[std::size_t(place) - site.partitions.size()];
    return b.maxNodes >= job.nodes && (!job.sensitive || b.sovereign);
}

int firstSlot(const SiteSlots &site, const Job &job, int place) {
    int lo = std::max(0, job.earliest);
    if (site.isBurst(place))
        lo = std::max(lo, site.bursts[std::size_t(place) - site.partitions.size()].spinupSlots);
    return lo;
}

struct Candidate {
    Placement placement;
    double costUsd = kInfinity;
};

/// The cheapest placement of `job` on `place` within [lo, hi), or none.
Candidate cheapestOn(const SiteSlots &site, const Occupancy &taken, const Job &job, int place,
                     int lo, int hi) {
    Candidate best;
    if (hi - lo < job.duration)
        return best;
    const int width = hi - lo;
    std::vector<double> cost(std::size_t(width), kInfinity);
    for (int i = 0; i < width; ++i)
        if (taken.fits(job, place, lo + i))
            cost[std::size_t(i)] = slotCost(site, job, place, lo + i).marginalUsd;
    if (job.preemptible && !site.isBurst(place)) {
        std::vector<int> order;
        for (int i = 0; i < width; ++i)
            if (cost[std::size_t(i)] < kInfinity)
                order.push_back(i);
        if (int(order.size()) < job.duration)
            return best;
        // The cheapest slots, earlier first among equals.
        std::stable_sort(order.begin(), order.end(),
                         [&](int a, int b) { return cost[std::size_t(a)] < cost[std::size_t(b)]; });
        order.resize(std::size_t(job.duration));
        std::sort(order.begin(), order.end());
        best.placement.place = place;
        best.costUsd = 0;
        for (int i : order) {
            best.placement.runSlots.push_back(lo + i);
            best.costUsd += cost[std::size_t(i)];
        }
    } else {
        // Sliding window over runs of fitting slots.
        double sum = 0;
        int run = 0;
        int bestStart = -1;
        double bestSum = kInfinity;
        for (int i = 0; i < width; ++i) {
            if (cost[std::size_t(i)] == kInfinity) {
                run = 0;
                sum = 0;
                continue;
            }
            sum += cost[std::size_t(i)];
            ++run;
            if (run > job.duration) {
                sum -= cost[std::size_t(i - job.duration)];
                run = job.duration;
            }
            if (run == job.duration && sum < bestSum - 1e-12) {
                bestSum = sum;
                bestStart = i - job.duration + 1;
            }
        }
        if (bestStart < 0)
            return best;
        best.placement.place = place;
        for (int k = 0; k < job.duration; ++k)
            best.placement.runSlots.push_back(lo + bestStart + k);
        best.costUsd = bestSum;
    }
    if (site.isBurst(place))
        best.costUsd = placementCost(site, job, best.placement).marginalUsd; // spin-up included
    return best;
}

/// The placement that finishes first, deadline or not (for a job that
/// cannot meet it): contiguous, or the earliest fitting slots when preemptible.
Candidate earliestFinish(const SiteSlots &site, const Occupancy &taken, const Job &job) {
    Candidate best;
    int bestEnd = std::numeric_limits<int>::max();
    for (int place = 0; place < site.placeCount(); ++place) {
        if (!allowed(site, job, place))
            continue;
        Placement p;
        p.place = place;
        const bool split = job.preemptible && !site.isBurst(place);
        for (int t = firstSlot(site, job, place);
             t < site.slotCount && int(p.runSlots.size()) < job.duration; ++t) {
            if (taken.fits(job, place, t))
                p.runSlots.push_back(t);
            else if (!split)
                p.runSlots.clear();
        }
        if (int(p.runSlots.size()) == job.duration && p.runSlots.back() < bestEnd) {
            bestEnd = p.runSlots.back();
            best.placement = p;
            best.costUsd = placementCost(site, job, p).marginalUsd;
        }
    }
    return best;
}

std::string hoursText(int slots, double slotHours) {
    const double h = slots * slotHours;
    char buf[32];
    std::snprintf(buf, sizeof buf, h == std::floor(h) ? "%.0f h" : "%.2g h", h);
    return buf;
}

/// Places one job: the cheapest placement meeting the deadline, else the one
/// finishing first (flagged), else none (flagged).
Decision place(const SiteSlots &site, const Occupancy &taken, const Job &job) {
    Decision d;
    Candidate best;
    bool anyAllowed = false;
    const int hi = std::min(job.deadline, site.slotCount);
    for (int place = 0; place < site.placeCount(); ++place) {
        if (!allowed(site, job, place))
            continue;
        anyAllowed = true;
        Candidate c = cheapestOn(site, taken, job, place, firstSlot(site, job, place), hi);
        if (c.costUsd < best.costUsd - 1e-12)
            best = std::move(c);
    }
    if (best.placement.place >= 0) {
        d.placement = std::move(best.placement);
        return d;
    }
    d.deadlineMet = false;
    if (!anyAllowed) {
        d.problem = "no place may run it (sensitive work needs owned or sovereign capacity with " +
                    std::to_string(job.nodes) + " nodes)";
        return d;
    }
    const int window = hi - std::max(0, job.earliest);
    if (window < job.duration)
        d.problem =
            "it needs " + hoursText(job.duration, site.slotHours) + " but has " +
            hoursText(std::max(0, window), site.slotHours) +
            (job.deadline > site.slotCount ? " left in the horizon"
                                           : " between its earliest start and its deadline");
    else
        d.problem = "every place it may use is full (nodes or the power cap) for too long before "
                    "its deadline";
    Candidate late = earliestFinish(site, taken, job);
    if (late.placement.place >= 0) {
        d.placement = std::move(late.placement);
        d.problem += "; runs late instead";
    } else {
        d.problem += "; no room in the horizon at all: not placed";
    }
    return d;
}

} // namespace

namespace {

struct Attempt {
    std::vector<Decision> plan;
    int misses = 0;
    double costUsd = 0;

    bool betterThan(const Attempt &other) const {
        return misses != other.misses ? misses < other.misses : costUsd < other.costUsd - 1e-9;
    }
};

/// Brings bursting jobs home when the site can make room: the job takes its
/// cheapest owned placement as if the site were empty, the jobs in its way
/// that had slack are taken out and put back wherever is cheapest for them;
/// kept when the total costs less and no deadline is lost. Greedy placement
/// fills the cheap hours first and leaves long jobs no room; this undoes it.
void repairBursts(const Problem &problem, std::vector<Decision> &plan, Occupancy &taken) {
    const SiteSlots &site = problem.site;
    const std::vector<Job> &jobs = problem.jobs;
    if (site.bursts.empty())
        return;
    std::vector<std::size_t> bursting;
    for (std::size_t j = 0; j < jobs.size(); ++j)
        if (plan[j].placement.place >= 0 && site.isBurst(plan[j].placement.place))
            bursting.push_back(j);
    const auto cost = [&](std::size_t j, const Decision &d) {
        return placementCost(site, jobs[j], d.placement).marginalUsd + (d.deadlineMet ? 0.0 : 1e12);
    };
    // Dearest first: the most to gain.
    std::stable_sort(bursting.begin(), bursting.end(), [&](std::size_t a, std::size_t b) {
        return cost(a, plan[a]) > cost(b, plan[b]);
    });
    const Occupancy empty(site);
    // Which jobs run at home in each slot (rebuilt as moves are kept).
    std::vector<std::vector<std::size_t>> running(std::size_t(site.slotCount));
    const auto index = [&] {
        for (auto &r : running)
            r.clear();
        for (std::size_t j = 0; j < jobs.size(); ++j)
            if (plan[j].placement.place >= 0 && !site.isBurst(plan[j].placement.place))
                for (int t : plan[j].placement.runSlots)
                    running[std::size_t(t)].push_back(j);
    };
    index();
    for (std::size_t b : bursting) {
        const Job &job = jobs[b];
        Candidate target;
        for (int place = 0; place < int(site.partitions.size()); ++place) {
            if (!allowed(site, job, place))
                continue;
            Candidate c = cheapestOn(site, empty, job, place, firstSlot(site, job, place),
                                     std::min(job.deadline, site.slotCount));
            if (c.costUsd < target.costUsd)
                target = std::move(c);
        }
        if (target.placement.place < 0 || target.costUsd >= cost(b, plan[b]) - 1e-9)
            continue;
        // The jobs in its way that could move.
        std::vector<std::size_t> evicted;
        for (int t : target.placement.runSlots)
            for (std::size_t j : running[std::size_t(t)])
                if (plan[j].deadlineMet &&
                    std::min(jobs[j].deadline, site.slotCount) - jobs[j].earliest >
                        jobs[j].duration &&
                    std::find(evicted.begin(), evicted.end(), j) == evicted.end())
                    evicted.push_back(j);
        std::vector<std::pair<std::size_t, Decision>> saved;
        double before = cost(b, plan[b]);
        for (std::size_t j : evicted) {
            saved.emplace_back(j, plan[j]);
            before += cost(j, plan[j]);
            taken.take(jobs[j], plan[j].placement, -1);
        }
        const Decision savedB = plan[b];
        taken.take(job, plan[b].placement, -1);
        bool fits = true;
        for (int t : target.placement.runSlots)
            fits = fits && taken.fits(job, target.placement.place, t);
        double after = 0;
        if (fits) {
            plan[b] = Decision{target.placement, true, {}};
            taken.take(job, plan[b].placement, +1);
            after = cost(b, plan[b]);
            // Least slack first, as the greedy pass does.
            std::stable_sort(evicted.begin(), evicted.end(), [&](std::size_t x, std::size_t y) {
                return jobs[x].deadline - jobs[x].duration < jobs[y].deadline - jobs[y].duration;
            });
            for (std::size_t j : evicted) {
                plan[j] = place(site, taken, jobs[j]);
                if (plan[j].placement.place >= 0)
                    taken.take(jobs[j], plan[j].placement, +1);
                after += cost(j, plan[j]);
            }
        }
        if (fits && after < before - 1e-9) {
            index();
            continue;
        }
        // Undo: everything back where it was.
        if (fits) {
            taken.take(job, plan[b].placement, -1);
            for (std::size_t j : evicted)
                if (plan[j].placement.place >= 0)
                    taken.take(jobs[j], plan[j].placement, -1);
        }
        plan[b] = savedB;
        taken.take(job, plan[b].placement, +1);
        for (auto &[j, d] : saved) {
            plan[j] = std::move(d);
            taken.take(jobs[j], plan[j].placement, +1);
        }
    }
}

/// Places the jobs one by one in `order`, then improves: takes each placed job
/// out and puts it back where it is cheapest now that the others are known,
/// until a pass gains nothing.
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
