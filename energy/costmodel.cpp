#include "energy/costmodel.h"

namespace sovereign::energy {

double kwPerNode(const SiteSlots &site, const Job &job, int place) {
    if (job.kwPerNode > 0)
        return job.kwPerNode;
    if (!site.isBurst(place))
        return site.partitions[std::size_t(place)].busyKw;
    // A burst node runs what the site's nodes run: the first partition's draw.
    return site.partitions.empty() ? 0.0 : site.partitions.front().busyKw;
}

double marginalKw(const SiteSlots &site, const Job &job, int place) {
    if (site.isBurst(place))
        return 0.0;
    return job.nodes * (kwPerNode(site, job, place) - site.partitions[std::size_t(place)].idleKw);
}

JobCost slotCost(const SiteSlots &site, const Job &job, int place, int slot) {
    JobCost c;
    const double kw = job.nodes * kwPerNode(site, job, place);
    c.energyKwh = kw * site.slotHours;
    const std::size_t s = std::size_t(slot);
    if (site.isBurst(place)) {
        const BurstProvider &b = site.bursts[std::size_t(place) - site.partitions.size()];
        c.co2Kg = c.energyKwh * b.carbonGPerKwh[s] / 1000.0;
        c.cloudUsd = b.usdPerNodeHour * job.nodes * site.slotHours;
        c.carbonUsd = c.co2Kg / 1000.0 * site.carbonPriceUsdPerT;
        c.marginalUsd = c.cloudUsd + c.carbonUsd;
    } else {
        c.co2Kg = c.energyKwh * site.carbonGPerKwh[s] / 1000.0;
        c.electricityUsd = c.energyKwh * site.priceUsdPerKwh[s];
        c.carbonUsd = c.co2Kg / 1000.0 * site.carbonPriceUsdPerT;
        const double marginalKwh = marginalKw(site, job, place) * site.slotHours;
        c.marginalUsd = marginalKwh * (site.priceUsdPerKwh[s] +
                                       site.carbonGPerKwh[s] / 1e6 * site.carbonPriceUsdPerT);
    }
    return c;
}

JobCost placementCost(const SiteSlots &site, const Job &job, const Placement &placement) {
    JobCost total;
    if (placement.place < 0)
        return total;
    for (int slot : placement.runSlots) {
        const JobCost c = slotCost(site, job, placement.place, slot);
        total.energyKwh += c.energyKwh;
        total.co2Kg += c.co2Kg;
        total.electricityUsd += c.electricityUsd;
        total.cloudUsd += c.cloudUsd;
        total.carbonUsd += c.carbonUsd;
        total.marginalUsd += c.marginalUsd;
    }
    if (site.isBurst(placement.place)) {
        const BurstProvider &b = site.bursts[std::size_t(placement.place) - site.partitions.size()];
        const double spinup = b.usdPerNodeHour * job.nodes * b.spinupSlots * site.slotHours;
        total.cloudUsd += spinup;
        total.marginalUsd += spinup;
    }
    return total;
}

std::vector<double> sitePowerKw(const SiteSlots &site, const std::vector<Job> &jobs,
                                const std::vector<Placement> &plan) {
    double idle = 0;
    for (const Partition &p : site.partitions)
        idle += p.nodes * p.idleKw;
    std::vector<double> kw(std::size_t(site.slotCount), idle);
    for (std::size_t j = 0; j < jobs.size() && j < plan.size(); ++j) {
        if (plan[j].place < 0 || site.isBurst(plan[j].place))
            continue;
        const double add = marginalKw(site, jobs[j], plan[j].place);
        for (int s : plan[j].runSlots)
            if (s >= 0 && s < site.slotCount)
                kw[std::size_t(s)] += add;
    }
    return kw;
}

} // namespace sovereign::energy
