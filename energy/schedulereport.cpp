#include "energy/schedulereport.h"

#include "energy/costmodel.h"

#include <QJsonArray>

#include <algorithm>
#include <cmath>
#include <limits>

namespace sovereign::energy {

std::string placeName(const SiteSlots &site, int place) {
    if (place < 0)
        return "";
    return site.isBurst(place) ? site.bursts[std::size_t(place) - site.partitions.size()].name
                               : site.partitions[std::size_t(place)].name;
}

PlanTotals planTotals(const Problem &problem, const std::vector<Decision> &plan) {
    PlanTotals t;
    for (std::size_t j = 0; j < plan.size(); ++j) {
        const JobCost c = placementCost(problem.site, problem.jobs[j], plan[j].placement);
        t.energyKwh += c.energyKwh;
        t.costUsd += c.totalUsd();
        t.co2Kg += c.co2Kg;
        if (!plan[j].deadlineMet)
            ++t.deadlineMisses;
        if (plan[j].placement.place >= 0 && problem.site.isBurst(plan[j].placement.place))
            ++t.bursts;
    }
    return t;
}

namespace {

QString clock(const QDateTime &start, int slotMinutes, int slot) {
    return start.addSecs(qint64(slot) * slotMinutes * 60).toString("yyyy-MM-dd HH:mm");
}

std::string hours(double h) {
    char buf[32];
    if (std::abs(h - std::round(h)) < 1e-9)
        std::snprintf(buf, sizeof buf, "%.0f h", h);
    else
        std::snprintf(buf, sizeof buf, "%.2g h", h);
    return buf;
}

std::string percentLess(double now, double before) {
    if (before <= 0)
        return "";
    char buf[48];
    const double p = 100.0 * (before - now) / before;
    if (p >= 0.5)
        std::snprintf(buf, sizeof buf, "%.0f %% less", p);
    else if (p <= -0.5)
        std::snprintf(buf, sizeof buf, "%.0f %% more", -p);
    else
        std::snprintf(buf, sizeof buf, "the same");
    return buf;
}

/// Nodes busy per owned partition and slot, and the site's draw per slot.
struct OwnedLoad {
    std::vector<std::vector<int>> busy;
    std::vector<double> kw;
};

OwnedLoad ownedLoad(const Problem &problem, const std::vector<Decision> &plan) {
    const SiteSlots &site = problem.site;
    OwnedLoad load;
    load.busy.assign(site.partitions.size(), std::vector<int>(std::size_t(site.slotCount), 0));
    std::vector<Placement> placements;
    for (std::size_t k = 0; k < plan.size(); ++k) {
        placements.push_back(plan[k].placement);
        const int p = plan[k].placement.place;
        if (p >= 0 && !site.isBurst(p))
            for (int s : plan[k].placement.runSlots)
                load.busy[std::size_t(p)][std::size_t(s)] += problem.jobs[k].nodes;
    }
    load.kw = sitePowerKw(site, problem.jobs, placements);
    return load;
}

/// The first slot from `from` at which owned capacity could have taken a job
/// that bursts (so takes nothing of it): nodes free and the cap leaving room.
int ownedFreeFrom(const Problem &problem, const OwnedLoad &load, std::size_t job, int from) {
    const SiteSlots &site = problem.site;
    const Job &j = problem.jobs[job];
    for (int t = std::max(0, from); t < site.slotCount; ++t)
        for (int p = 0; p < int(site.partitions.size()); ++p)
            if (load.busy[std::size_t(p)][std::size_t(t)] + j.nodes <=
                    site.partitions[std::size_t(p)].nodes &&
                load.kw[std::size_t(t)] + marginalKw(site, j, p) <=
                    site.capKw[std::size_t(t)] + 1e-9)
                return t;
    return site.slotCount;
}

std::string explainWith(const Problem &problem, const std::vector<Decision> &plan, std::size_t job,
                        const QDateTime &start, int slotMinutes, const OwnedLoad &load);

} // namespace

std::string explain(const Problem &problem, const std::vector<Decision> &plan, std::size_t job,
                    const QDateTime &start, int slotMinutes) {
    return explainWith(problem, plan, job, start, slotMinutes, ownedLoad(problem, plan));
}

namespace {

std::string explainWith(const Problem &problem, const std::vector<Decision> &plan, std::size_t job,
                        const QDateTime &start, int slotMinutes, const OwnedLoad &load) {
    const SiteSlots &site = problem.site;
    const Job &j = problem.jobs[job];
    const Decision &d = plan[job];
    if (d.placement.place < 0)
        return "not placed: " + d.problem;
    if (!d.deadlineMet)
        return "misses its deadline (" + clock(start, slotMinutes, j.deadline).toStdString() +
               "): " + d.problem;
    std::string why;
    const int first = d.placement.runSlots.front();
    const int last = d.placement.runSlots.back();
    if (site.isBurst(d.placement.place)) {
        const int free = ownedFreeFrom(problem, load, job, j.earliest);
        why = "bursts to " + placeName(site, d.placement.place) + ": ";
        if (free >= site.slotCount)
            why += "the owned nodes or the power cap have no room for it in the horizon";
        else
            why += "the owned nodes or the power cap are full until " +
                   clock(start, slotMinutes, free).toStdString();
    } else {
        const int wait = first - std::max(0, j.earliest);
        why = wait > 0 ? "waits " + hours(wait * site.slotHours) : "runs at once";
        if (int(d.placement.runSlots.size()) > 1 &&
            last - first + 1 > int(d.placement.runSlots.size()))
            why += ", paused " +
                   hours((last - first + 1 - int(d.placement.runSlots.size())) * site.slotHours) +
                   " (checkpointed)";
    }
    const JobCost now = placementCost(site, j, d.placement);
    // Against running it at once on the same place: when the other jobs
    // leave room for that, what waiting gained; when not, until when they
    // hold the room.
    Placement atOnce;
    atOnce.place = d.placement.place;
    int from = std::max(0, j.earliest);
    if (site.isBurst(d.placement.place))
        from = std::max(
            from, site.bursts[std::size_t(d.placement.place) - site.partitions.size()].spinupSlots);
    for (int k = 0; k < j.duration && from + k < site.slotCount; ++k)
        atOnce.runSlots.push_back(from + k);
    if (int(atOnce.runSlots.size()) == j.duration && atOnce.runSlots != d.placement.runSlots) {
        int blockedUntil = -1;
        if (!site.isBurst(d.placement.place)) {
            const std::size_t p = std::size_t(d.placement.place);
            const double kw = marginalKw(site, j, d.placement.place);
            const auto own = [&](int t) { // this job's share of the load in slot t
                return std::binary_search(d.placement.runSlots.begin(), d.placement.runSlots.end(),
                                          t);
            };
            for (int t : atOnce.runSlots) {
                const int busy = load.busy[p][std::size_t(t)] - (own(t) ? j.nodes : 0);
                const double drawKw = load.kw[std::size_t(t)] - (own(t) ? kw : 0.0);
                if (busy + j.nodes > site.partitions[p].nodes ||
                    drawKw + kw > site.capKw[std::size_t(t)] + 1e-9)
                    blockedUntil = t + 1;
            }
        }
        if (blockedUntil >= 0) {
            why += ": other work holds its nodes or the power cap until " +
                   clock(start, slotMinutes, blockedUntil).toStdString();
        } else {
            const JobCost then = placementCost(site, j, atOnce);
            char money[64];
            const double saved = then.totalUsd() - now.totalUsd();
            std::snprintf(money, sizeof money, "%.2f USD %s", std::abs(saved),
                          saved >= 0 ? "less" : "more");
            why +=
                ": " + percentLess(now.co2Kg, then.co2Kg) + " carbon, " + money + " than at once";
        }
    }
    if (j.deadline < std::numeric_limits<int>::max())
        why += "; deadline met with " + hours((j.deadline - last - 1) * site.slotHours) + " spare";
    return why;
}

} // namespace

QJsonObject planJson(const Problem &problem, const std::vector<Decision> &plan,
                     const QDateTime &start, int slotMinutes, double solveMs) {
    const SiteSlots &site = problem.site;
    const std::vector<Decision> fifo = planAtOnce(problem, false);
    const std::vector<Decision> fifoCapped = planAtOnce(problem, true);
    const OwnedLoad load = ownedLoad(problem, plan);
    QJsonArray jobs;
    for (std::size_t j = 0; j < plan.size(); ++j) {
        const Decision &d = plan[j];
        QJsonArray runs;
        const auto &s = d.placement.runSlots;
        for (std::size_t k = 0; k < s.size();) {
            std::size_t e = k;
            while (e + 1 < s.size() && s[e + 1] == s[e] + 1)
                ++e;
            runs.append(
                QJsonArray{clock(start, slotMinutes, s[k]), clock(start, slotMinutes, s[e] + 1)});
            k = e + 1;
        }
        const JobCost c = placementCost(site, problem.jobs[j], d.placement);
        jobs.append(QJsonObject{
            {"id", QString::fromStdString(problem.jobs[j].id)},
            {"place", QString::fromStdString(placeName(site, d.placement.place))},
            {"runs", runs},
            {"energy_kwh", c.energyKwh},
            {"cost_usd", c.totalUsd()},
            {"co2_kg", c.co2Kg},
            {"deadline_met", d.deadlineMet},
            {"why",
             QString::fromStdString(explainWith(problem, plan, j, start, slotMinutes, load))}});
    }
    std::vector<Placement> placements;
    for (const Decision &d : plan)
        placements.push_back(d.placement);
    QJsonArray power;
    for (double kw : sitePowerKw(site, problem.jobs, placements))
        power.append(kw);
    const auto totals = [&](const std::vector<Decision> &p) {
        const PlanTotals t = planTotals(problem, p);
        return QJsonObject{{"energy_kwh", t.energyKwh},
                           {"cost_usd", t.costUsd},
                           {"co2_kg", t.co2Kg},
                           {"deadline_misses", t.deadlineMisses},
                           {"bursts", t.bursts}};
    };
    return QJsonObject{
        {"start", start.toString("yyyy-MM-dd HH:mm")},
        {"slot_minutes", slotMinutes},
        {"jobs", jobs},
        {"power_kw", power},
        {"totals", totals(plan)},
        {"baselines", QJsonObject{{"fifo", totals(fifo)}, {"fifo_capped", totals(fifoCapped)}}},
        {"solve_ms", solveMs}};
}

} // namespace sovereign::energy
