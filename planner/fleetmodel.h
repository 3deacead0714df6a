#pragma once

#include "planner/drawinputs.h"

namespace sovereign {

using Flags = Eigen::Array<bool, Eigen::Dynamic, Eigen::Dynamic>;

/// How a year's demand is split between owned capacity and the cloud.
enum class Dispatch {
    OwnOnly,      ///< `own`: owned capacity only, the rest is unmet
    OnPremFirst,  ///< `hybrid`: owned capacity first, the rest bursts to cloud
    CloudOnly,    ///< `lease`: everything on cloud
    CheapestFirst ///< `optimal`: owned capacity where its marginal cost is below the cloud's
};

/// Under CheapestFirst, what happens to sensitive work that owned capacity cannot hold
/// when the cloud is not sovereign.
enum class SensitiveOverflow { Unmet, ForeignCloud };

/// A strategy's yearly figures for every draw (draws x years), plus NPV per draw.
struct FleetOutcome {
    Table ownedGpus, newGpus, onpremHours, onpremSensitiveHours, cloudGpuHours, unmetHours,
        sensitiveForeignHours, capexUsd, maintenanceUsd, staffUsd, energyMwh, energyCostUsd,
        cloudCostUsd, totalUsd, peakFacilityMw, co2T, sovereignShare;
    Eigen::ArrayXd npvUsd, salvageUsd;
    Eigen::Array<bool, Eigen::Dynamic, 1> feasible;
};

/// Costs a fleet (whole nodes bought per year) under a dispatch rule, following
/// docs/methodology.md to the letter. newNodes is draws x years.
FleetOutcome evaluateFleet(const Scenario &s, const DrawInputs &in, const Demand &demand,
                           const Table &newNodes, Dispatch dispatch,
                           SensitiveOverflow overflow = SensitiveOverflow::Unmet);

/// Nodes bought each year so owned capacity covers `targetHours`, within the
/// grid cap and the capex budget (methodology: own and hybrid).
struct Sizing {
    Table newNodes;
    Flags gridBinds, budgetBinds; ///< the cap cut that year's purchase
    Flags gridExceeded;           ///< nodes still in service draw more than the cap allows
};
Sizing sizeFleet(const Scenario &s, const DrawInputs &in, const Table &targetHours);

/// H100-equivalent hours one owned GPU delivers in a year: 8760 x utilization x h100_equiv.
Table hoursPerGpu(const DrawInputs &in);
/// Facility kW one GPU draws at full load: tdp x (1 + host overhead) x PUE.
Table facilityKwPerGpu(const DrawInputs &in);
/// The most nodes the grid cap allows in service each year (+inf without a cap).
Table gridNodeLimit(const Scenario &s, const DrawInputs &in);
/// Cost of one node bought that year: gpus_per_node x price x (1 + server_overhead).
Table nodeCostUsd(const Scenario &s, const DrawInputs &in);

constexpr double kHoursPerYear = 8760.0;

} // namespace sovereign
