#pragma once

#include "energy/problem.h"

namespace sovereign::energy {

/// What a placement costs and emits. The one place that says how (the
/// heuristic, the MILP, the checker and the reports all call it):
/// - on an owned partition the job draws nodes x kW (its own, else the
///   partition's busy_kw) in each slot it runs, at the site's price and
///   carbon; those nodes would otherwise draw idle_kw, so the site's bill
///   grows by the difference (the marginal figures);
/// - on a burst provider the site pays usd_per_node_hour for every node from
///   spin-up to the end (electricity included); the energy is the job's draw,
///   its carbon the region's.
/// Carbon is priced at carbon_price_usd_per_t in both.
struct JobCost {
    double energyKwh = 0;      ///< the job's own draw
    double co2Kg = 0;          ///< of that draw
    double electricityUsd = 0; ///< owned: the job's draw at the site's price
    double cloudUsd = 0;       ///< burst: node-hours
    double carbonUsd = 0;      ///< co2 x carbon price
    /// What the site's bill changes by: owned partitions count the draw above
    /// idle only, so a plan's objective is the sum of these.
    double marginalUsd = 0;

    double totalUsd() const { return electricityUsd + cloudUsd + carbonUsd; }
};

/// kW per node the job draws on `place`.
double kwPerNode(const SiteSlots &site, const Job &job, int place);
/// kW the job adds to the site's draw on an owned partition (above idle).
double marginalKw(const SiteSlots &site, const Job &job, int place);
/// The cost of one slot of running (no spin-up).
JobCost slotCost(const SiteSlots &site, const Job &job, int place, int slot);
/// The cost of a whole placement, spin-up included.
JobCost placementCost(const SiteSlots &site, const Job &job, const Placement &placement);

/// The site's draw (kW) in each slot for a plan: every owned node idle, plus
/// each running job's draw above idle.
std::vector<double> sitePowerKw(const SiteSlots &site, const std::vector<Job> &jobs,
                                const std::vector<Placement> &plan);

} // namespace sovereign::energy
