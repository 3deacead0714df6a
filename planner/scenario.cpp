#include "planner/scenario.h"

namespace sovereign {

namespace {
// Keep in the order of enum P. Plausible ranges are wide on purpose: they
// catch typos and unit mix-ups (a price in cents, a rate in percent), not
// unusual plans; docs/methodology.md lists them with their reasons.
const std::array<ParamInfo, kFixedParams> kInfo = {{
    {"discount_rate", Domain::Fraction, false, {0, 0.5}},
    // The dearest accelerator sells for tens of thousands of USD.
    {"accelerator_overrides.price_usd", Domain::NonNegative, true, {0, 1e7}},
    {"accelerator_overrides.tdp_w", Domain::Positive, true, {1, 1e4}},
    {"accelerator_overrides.h100_equiv", Domain::Positive, true, {1e-3, 100}},
    {"server_overhead", Domain::NonNegative, true, {0, 10}},
    {"utilization", Domain::Fraction, true, {0, 1}},
    {"idle_power_fraction", Domain::Fraction, true, {0, 1}},
    {"host_power_overhead", Domain::NonNegative, true, {0, 10}},
    // PUE is total facility power over IT power: never below 1.
    {"pue", Domain::Positive, true, {1, 4}},
    {"electricity_usd_per_kwh", Domain::NonNegative, true, {0, 5}},
    // Coal plants emit about 1 kg CO2 per kWh.
    {"carbon_kg_per_kwh", Domain::NonNegative, true, {0, 2}},
    // A whole national grid is tens of GW.
    {"grid_cap_mw", Domain::NonNegative, true, {0, 1e5}},
    {"maintenance_rate", Domain::NonNegative, true, {0, 1}},
    {"staff_per_100_gpus", Domain::NonNegative, true, {0, 100}},
    {"staff_cost_usd", Domain::NonNegative, true, {0, 1e7}},
    {"capex_budget_usd", Domain::NonNegative, true, {0, 1e13}},
    {"hybrid_base_fraction", Domain::Fraction, true, {0, 1}},
    {"cloud.usd_per_gpu_hour", Domain::NonNegative, true, {0, 1000}},
    {"cloud.h100_equiv", Domain::Positive, true, {1e-3, 100}},
    {"cloud.egress_usd_per_tb", Domain::NonNegative, true, {0, 1e4}},
    {"cloud.egress_tb_per_1000_gpu_hours", Domain::NonNegative, true, {0, 1e4}},
}};

const std::array<const char *, kWorkloadParams> kWorkloadKeys = {
    "runs_per_year",         "gpu_hours_per_run", "tokens_per_month",
    "tokens_per_gpu_second", "edge_cpu_share",    "gpu_hours"};

// Each bound alone stays below kMaxDemandH100HoursPerYear, which also bounds
// their sum over workloads.
const std::array<Plausible, kWorkloadParams> kWorkloadPlausible = {{
    {0, 1e6},    // runs_per_year
    {0, 1e9},    // gpu_hours_per_run
    {0, 1e17},   // tokens_per_month: the largest services serve ~1e15
    {1e-3, 1e7}, // tokens_per_gpu_second
    {0, 1},      // edge_cpu_share
    {0, 1e11},   // gpu_hours (a year's)
}};
} // namespace

const ParamInfo &paramInfo(P p) {
    return kInfo[static_cast<int>(p)];
}

const char *workloadFieldKey(W f) {
    return kWorkloadKeys[static_cast<int>(f)];
}

Domain workloadFieldDomain(W f) {
    return f == W::EdgeCpuShare         ? Domain::Fraction
           : f == W::TokensPerGpuSecond ? Domain::Positive
                                        : Domain::NonNegative;
}

Plausible workloadFieldPlausible(W f) {
    return kWorkloadPlausible[static_cast<int>(f)];
}

int Scenario::indexOf(const std::string &key) const {
    for (std::size_t i = 0; i < params.size(); ++i)
        if (params[i].key == key)
            return static_cast<int>(i);
    return -1;
}

} // namespace sovereign
