#include "energy/placing.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

namespace sovereign::energy {

namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();

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

} // namespace

void Occupancy::take(const Job &job, const Placement &p, int sign) {
    const double kw = marginalKw(m_site, job, p.place);
    for (int t : p.runSlots) {
        m_nodes[std::size_t(p.place)][std::size_t(t)] += sign * job.nodes;
        if (!m_site.isBurst(p.place))
            m_headroomKw[std::size_t(t)] -= sign * kw;
    }
}

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

} // namespace sovereign::energy
