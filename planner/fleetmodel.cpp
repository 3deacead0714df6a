#include "planner/fleetmodel.h"

#include "planner/tolerances.h"

#include <cmath>

namespace sovereign {

namespace {

// Node counts come from ratios that are whole numbers on paper but not in
// floating point (3 nodes' worth of demand / 1 node = 3.0000000001).
constexpr double kCountSlack = 1e-9;

/// Nodes in service in year y among those bought in years [y - lifetime + 1, last].
Eigen::ArrayXd inService(const Table &newNodes, int y, int lifetime, int last) {
    Eigen::ArrayXd sum = Eigen::ArrayXd::Zero(newNodes.rows());
    for (int b = std::max(0, y - lifetime + 1); b <= last; ++b)
        sum += newNodes.col(b);
    return sum;
}

} // namespace

Table hoursPerGpu(const DrawInputs &in) {
    return kHoursPerYear * in[P::Utilization] * in[P::H100Equiv];
}

Table facilityKwPerGpu(const DrawInputs &in) {
    return in[P::TdpW] / 1000.0 * (1.0 + in[P::HostPowerOverhead]) * in[P::Pue];
}

Table gridNodeLimit(const Scenario &s, const DrawInputs &in) {
    const Table nodeKw = s.gpusPerNode * facilityKwPerGpu(in);
    return (in[P::GridCapMw] * 1000.0 / nodeKw + kCountSlack).floor();
}

Table nodeCostUsd(const Scenario &s, const DrawInputs &in) {
    return s.gpusPerNode * in[P::PriceUsd] * (1.0 + in[P::ServerOverhead]);
}

Sizing sizeFleet(const Scenario &s, const DrawInputs &in, const Table &targetHours) {
    const int n = in.draws, years = in.years;
    Sizing out;
    out.newNodes = Table::Zero(n, years);
    out.gridBinds = Flags::Constant(n, years, false);
    out.budgetBinds = Flags::Constant(n, years, false);
    out.gridExceeded = Flags::Constant(n, years, false);

    const Table nodeHours = s.gpusPerNode * hoursPerGpu(in);
    const Table gridNodes = gridNodeLimit(s, in);
    const Table nodeCost = nodeCostUsd(s, in);
    for (int y = 0; y < years; ++y) {
        // Zero utilization means owned nodes deliver nothing: buy none.
        const Eigen::ArrayXd desired =
            (nodeHours.col(y) > 0.0)
                .select((targetHours.col(y) / nodeHours.col(y) - kCountSlack).ceil().max(0.0), 0.0);
        const Eigen::ArrayXd held = inService(out.newNodes, y, s.lifetimeYears, y - 1);
        const Eigen::ArrayXd want = (desired - held).max(0.0);
        const Eigen::ArrayXd room = (gridNodes.col(y) - held).max(0.0);
        const Eigen::ArrayXd affordable =
            (nodeCost.col(y) > 0.0)
                .select((in[P::CapexBudgetUsd].col(y) / nodeCost.col(y) + kCountSlack).floor(),
                        kUnlimited);
        out.newNodes.col(y) = want.min(room).min(affordable);
        out.gridBinds.col(y) = want > room && room <= affordable;
        out.budgetBinds.col(y) = want > affordable && affordable <= room;
        out.gridExceeded.col(y) = held > gridNodes.col(y);
    }
    return out;
}

FleetOutcome evaluateFleet(const Scenario &s, const DrawInputs &in, const Demand &demand,
                           const Table &newNodes, Dispatch dispatch, SensitiveOverflow overflow) {
    const int n = in.draws, years = in.years;
    const double gpn = s.gpusPerNode;
    FleetOutcome o;
    for (Table *t : {&o.ownedGpus, &o.onpremHours, &o.onpremSensitiveHours, &o.cloudGpuHours,
                     &o.unmetHours, &o.sensitiveForeignHours, &o.maintenanceUsd})
        *t = Table::Zero(n, years);

    const Table cohortCost = nodeCostUsd(s, in) * newNodes; // capex of each year's cohort
    o.newGpus = gpn * newNodes;
    o.capexUsd = cohortCost;

    const Table capacity = hoursPerGpu(in);
    const Table itKwPerGpu = in[P::TdpW] / 1000.0 * (1.0 + in[P::HostPowerOverhead]);
    const Table idle = in[P::IdlePowerFraction];
    // Marginal cost of one H100-hour on owned GPUs (energy of the busy part) and on cloud.
    const Table onpremMarginal =
        (1.0 - idle) * itKwPerGpu * in[P::Pue] * in[P::ElectricityUsdPerKwh] / in[P::H100Equiv];
    const Table cloudPerGpuHour =
        in[P::CloudUsdPerGpuHour] +
        in[P::CloudEgressUsdPerTb] * in[P::CloudEgressTbPer1000GpuHours] / 1000.0;
    const Table cloudMarginal = cloudPerGpuHour / in[P::CloudH100Equiv];

    for (int y = 0; y < years; ++y) {
        const Eigen::ArrayXd nodes = inService(newNodes, y, s.lifetimeYears, y);
        o.ownedGpus.col(y) = gpn * nodes;
        for (int b = std::max(0, y - s.lifetimeYears + 1); b <= y; ++b)
            o.maintenanceUsd.col(y) += in[P::MaintenanceRate].col(y) * cohortCost.col(b);

        const Eigen::ArrayXd cap = o.ownedGpus.col(y) * capacity.col(y);
        const Eigen::ArrayXd S = demand.sensitive.col(y);
        const Eigen::ArrayXd N = demand.total.col(y) - S;
        Eigen::ArrayXd onS = Eigen::ArrayXd::Zero(n), onN = Eigen::ArrayXd::Zero(n);
        Eigen::ArrayXd cloudS = Eigen::ArrayXd::Zero(n), cloudN = Eigen::ArrayXd::Zero(n);
        Eigen::ArrayXd unmet = Eigen::ArrayXd::Zero(n);
        switch (dispatch) {
        case Dispatch::OwnOnly:
            onS = S.min(cap);
            onN = N.min(cap - onS);
            unmet = S + N - onS - onN;
            break;
        case Dispatch::OnPremFirst:
            onS = S.min(cap);
            onN = N.min(cap - onS);
            cloudS = S - onS;
            cloudN = N - onN;
            break;
        case Dispatch::CloudOnly:
            cloudS = S;
            cloudN = N;
            break;
        case Dispatch::CheapestFirst: {
            const auto cheaper = onpremMarginal.col(y) < cloudMarginal.col(y);
            if (s.cloudSovereign) {
                // Sensitive work may use the sovereign cloud: both pools are alike.
                onS = cheaper.select(S.min(cap), 0.0);
                onN = cheaper.select(N.min(cap - onS), 0.0);
                cloudS = S - onS;
                cloudN = N - onN;
            } else {
                onS = S.min(cap);
                onN = cheaper.select(N.min(cap - onS), 0.0);
                cloudN = N - onN;
                if (overflow == SensitiveOverflow::Unmet)
                    unmet = S - onS;
                else
                    cloudS = S - onS;
            }
            break;
        }
        }
        o.onpremHours.col(y) = onS + onN;
        o.onpremSensitiveHours.col(y) = onS;
        o.unmetHours.col(y) = unmet;
        o.cloudGpuHours.col(y) = (cloudS + cloudN) / in[P::CloudH100Equiv].col(y);
        if (!s.cloudSovereign)
            o.sensitiveForeignHours.col(y) = cloudS;
        const Eigen::ArrayXd served = demand.total.col(y) - unmet;
        Eigen::ArrayXd sovereignServed = o.onpremHours.col(y);
        if (s.cloudSovereign)
            sovereignServed += cloudS + cloudN;
        o.sovereignShare.resize(n, years);
        // A share: rounding in the sums must not carry it past 1.
        o.sovereignShare.col(y) =
            (served > 0.0).select((sovereignServed / served).min(1.0).max(0.0), 1.0);
    }

    const Table busyPhysicalHours = o.onpremHours / in[P::H100Equiv];
    const Table itKwh =
        itKwPerGpu * (idle * o.ownedGpus * kHoursPerYear + (1.0 - idle) * busyPhysicalHours);
    const Table facilityKwh = itKwh * in[P::Pue];
    o.energyMwh = facilityKwh / 1000.0;
    o.energyCostUsd = facilityKwh * in[P::ElectricityUsdPerKwh];
    o.co2T = o.energyMwh * in[P::CarbonKgPerKwh];
    o.staffUsd = o.ownedGpus / 100.0 * in[P::StaffPer100Gpus] * in[P::StaffCostUsd];
    o.cloudCostUsd = o.cloudGpuHours * cloudPerGpuHour;
    o.totalUsd = o.capexUsd + o.maintenanceUsd + o.staffUsd + o.energyCostUsd + o.cloudCostUsd;
    o.peakFacilityMw = o.ownedGpus * facilityKwPerGpu(in) / 1000.0;

    // Salvage: cohorts still in service at the horizon, straight-line on lifetime.
    o.salvageUsd = Eigen::ArrayXd::Zero(n);
    for (int b = 0; b < years; ++b) {
        const int age = years - b;
        if (age < s.lifetimeYears)
            o.salvageUsd += cohortCost.col(b) * (1.0 - static_cast<double>(age) / s.lifetimeYears);
    }
    const Eigen::ArrayXd rate = in[P::DiscountRate].col(0);
    o.npvUsd = -o.salvageUsd / (1.0 + rate).pow(years);
    for (int y = 0; y < years; ++y)
        o.npvUsd += o.totalUsd.col(y) / (1.0 + rate).pow(y);

    // Feasible: all demand served, no sensitive work abroad, no year over the grid cap.
    const Table capTol = in[P::GridCapMw] * (1.0 + kGridCapRelativeTolerance) + 1e-12;
    o.feasible = ((o.unmetHours <= kHoursTolerance) &&
                  (o.sensitiveForeignHours <= kHoursTolerance) && (o.peakFacilityMw <= capTol))
                     .rowwise()
                     .all();
    return o;
}

} // namespace sovereign
