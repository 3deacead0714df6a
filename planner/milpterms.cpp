#include "planner/milpterms.h"

#include "planner/fleetmodel.h"
#include "planner/tolerances.h"

#include <cmath>

namespace sovereign {

MilpTerms::MilpTerms(const Scenario &s, const DrawInputs &in, const Demand &d, int row)
    : s(s), Y(in.years) {
    const Table nodeCost = nodeCostUsd(s, in);
    const Table perGpu = hoursPerGpu(in);
    const Table gridNodes = gridNodeLimit(s, in);
    const Table itKw = in[P::TdpW] / 1000.0 * (1.0 + in[P::HostPowerOverhead]);
    const double r = in[P::DiscountRate](row, 0);
    const int L = s.lifetimeYears;
    const double G = s.gpusPerNode;
    for (int y = 0; y < Y; ++y) {
        disc.push_back(std::pow(1.0 + r, -y));
        // Amounts below the tolerance count as none (the exact accounting
        // still carries them); CBC's presolve fails on such crumbs.
        const auto hoursOrNone = [](double h) { return h > kHoursTolerance ? h : 0.0; };
        S.push_back(hoursOrNone(d.sensitive(row, y)));
        N.push_back(hoursOrNone(d.total(row, y) - d.sensitive(row, y)));
        nodeHours.push_back(G * perGpu(row, y));
        gridLimit.push_back(gridNodes(row, y));
        const double budget = in[P::CapexBudgetUsd](row, y);
        budgetLimit.push_back(nodeCost(row, y) > 0 ? std::floor(budget / nodeCost(row, y) + 1e-9)
                                                   : kUnlimited);
        const double idle = in[P::IdlePowerFraction](row, y);
        const double pue = in[P::Pue](row, y), kwh = in[P::ElectricityUsdPerKwh](row, y);
        onpremCost.push_back(disc[y] * (1 - idle) * itKw(row, y) * pue * kwh /
                             in[P::H100Equiv](row, y));
        const double cloudGpuHour = in[P::CloudUsdPerGpuHour](row, y) +
                                    in[P::CloudEgressUsdPerTb](row, y) *
                                        in[P::CloudEgressTbPer1000GpuHours](row, y) / 1000.0;
        cloudCost.push_back(disc[y] * cloudGpuHour / in[P::CloudH100Equiv](row, y));
        // Cost per node in service this year that does not depend on its use.
        heldCostPerNode.push_back(
            disc[y] * G *
            (in[P::StaffPer100Gpus](row, y) / 100.0 * in[P::StaffCostUsd](row, y) +
             idle * itKw(row, y) * kHoursPerYear * pue * kwh));
        maintRate.push_back(in[P::MaintenanceRate](row, y));
    }
    const double discH = std::pow(1.0 + r, -Y);
    for (int b = 0; b < Y; ++b) {
        double c = disc[b] * nodeCost(row, b);
        for (int y = b; y < std::min(Y, b + L); ++y)
            c += disc[y] * maintRate[y] * nodeCost(row, b) + heldCostPerNode[y];
        const int age = Y - b;
        if (age < L)
            c -= discH * nodeCost(row, b) * (1.0 - static_cast<double>(age) / L);
        nodeObjective.push_back(c);
    }
}

} // namespace sovereign
