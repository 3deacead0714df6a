#include "energy/plancheck.h"

#include <cmath>
#include <set>
#include <sstream>

// Written apart from heuristic.cpp and costmodel.cpp on purpose: the draw of
// a job is recomputed here from the problem's own figures, so a mistake in the
// planners' bookkeeping cannot hide behind the same mistake in the check.

namespace sovereign::energy {

std::vector<std::string> checkPlan(const Problem &problem, const std::vector<Decision> &plan) {
    const SiteSlots &site = problem.site;
    const auto &jobs = problem.jobs;
    const int partitions = int(site.partitions.size());
    std::vector<std::string> breaches;
    const auto breach = [&](const std::string &text) { breaches.push_back(text); };
    if (plan.size() != jobs.size()) {
        breach("the plan has " + std::to_string(plan.size()) + " decisions for " +
               std::to_string(jobs.size()) + " jobs");
        return breaches;
    }
    std::vector<std::vector<int>> nodes(std::size_t(site.placeCount()),
                                        std::vector<int>(std::size_t(site.slotCount), 0));
    double idleKw = 0;
    for (const Partition &p : site.partitions)
        idleKw += p.nodes * p.idleKw;
    std::vector<double> drawKw(std::size_t(site.slotCount), idleKw);

    for (std::size_t j = 0; j < jobs.size(); ++j) {
        const Job &job = jobs[j];
        const Decision &d = plan[j];
        const std::string who = "job " + job.id + ": ";
        const Placement &p = d.placement;
        if (p.place < 0) {
            if (d.deadlineMet)
                breach(who + "not placed, yet marked as meeting its deadline");
            if (d.problem.empty())
                breach(who + "not placed, with no reason given");
            continue;
        }
        if (p.place >= site.placeCount()) {
            breach(who + "placed on place " + std::to_string(p.place) + ", which does not exist");
            continue;
        }
        const bool burst = p.place >= partitions;
        if (int(p.runSlots.size()) != job.duration)
            breach(who + "runs " + std::to_string(p.runSlots.size()) + " slots, needs " +
                   std::to_string(job.duration));
        std::set<int> seen;
        for (std::size_t k = 0; k < p.runSlots.size(); ++k) {
            const int t = p.runSlots[k];
            if (t < 0 || t >= site.slotCount) {
                breach(who + "runs in slot " + std::to_string(t) + ", outside the horizon");
                continue;
            }
            if (!seen.insert(t).second)
                breach(who + "runs twice in slot " + std::to_string(t));
            if (t < job.earliest)
                breach(who + "runs in slot " + std::to_string(t) + " before its earliest slot " +
                       std::to_string(job.earliest));
            if (k > 0 && t != p.runSlots[k - 1] + 1 && (!job.preemptible || burst))
                breach(who + "is split (slot " + std::to_string(p.runSlots[k - 1]) + " then " +
                       std::to_string(t) + ") but may not be");
        }
        if (d.deadlineMet && !p.runSlots.empty() && p.runSlots.back() >= job.deadline)
            breach(who + "marked as meeting its deadline (slot " + std::to_string(job.deadline) +
                   ") but runs in slot " + std::to_string(p.runSlots.back()));
        if (!d.deadlineMet && d.problem.empty())
            breach(who + "misses its deadline with no reason given");
        double kwPerNodeHere;
        if (burst) {
            const BurstProvider &b = site.bursts[std::size_t(p.place - partitions)];
            if (job.sensitive && !b.sovereign)
                breach(who + "is sensitive but bursts to " + b.name + ", which is not sovereign");
            if (!p.runSlots.empty() && p.runSlots.front() < b.spinupSlots)
                breach(
                    who + "starts on " + b.name + " in slot " + std::to_string(p.runSlots.front()) +
                    ", before its nodes can spin up (slot " + std::to_string(b.spinupSlots) + ")");
            kwPerNodeHere = 0;
        } else {
            if (job.partition >= 0 && job.partition != p.place)
                breach(who + "needs partition " + site.partitions[std::size_t(job.partition)].name +
                       " but runs on " + site.partitions[std::size_t(p.place)].name);
            const Partition &part = site.partitions[std::size_t(p.place)];
            kwPerNodeHere = (job.kwPerNode > 0 ? job.kwPerNode : part.busyKw) - part.idleKw;
        }
        for (int t : p.runSlots) {
            if (t < 0 || t >= site.slotCount)
                continue;
            nodes[std::size_t(p.place)][std::size_t(t)] += job.nodes;
            drawKw[std::size_t(t)] += job.nodes * kwPerNodeHere;
        }
    }
    for (int place = 0; place < site.placeCount(); ++place) {
        const bool burst = place >= partitions;
        const int limit = burst ? site.bursts[std::size_t(place - partitions)].maxNodes
                                : site.partitions[std::size_t(place)].nodes;
        const std::string name = burst ? site.bursts[std::size_t(place - partitions)].name
                                       : site.partitions[std::size_t(place)].name;
        for (int t = 0; t < site.slotCount; ++t)
            if (nodes[std::size_t(place)][std::size_t(t)] > limit)
                breach(name + ": " + std::to_string(nodes[std::size_t(place)][std::size_t(t)]) +
                       " nodes busy in slot " + std::to_string(t) + ", it has " +
                       std::to_string(limit));
    }
    for (int t = 0; t < site.slotCount; ++t) {
        const double cap = site.capKw[std::size_t(t)];
        if (drawKw[std::size_t(t)] > cap + 1e-6 * std::max(1.0, std::abs(cap))) {
            std::ostringstream text;
            text << "slot " << t << ": the site draws " << drawKw[std::size_t(t)]
                 << " kW over its cap of " << cap << " kW";
            breach(text.str());
        }
    }
    return breaches;
}

} // namespace sovereign::energy
