#include "planner/scenario.h"

namespace sovereign {

namespace {
// Keep in the order of enum P.
const std::array<ParamInfo, kFixedParams> kInfo = {{
    {"discount_rate", Domain::Fraction, false},
    {"accelerator_overrides.price_usd", Domain::NonNegative, true},
    {"accelerator_overrides.tdp_w", Domain::Positive, true},
    {"accelerator_overrides.h100_equiv", Domain::Positive, true},
    {"server_overhead", Domain::NonNegative, true},
    {"utilization", Domain::Fraction, true},
    {"idle_power_fraction", Domain::Fraction, true},
    {"host_power_overhead", Domain::NonNegative, true},
    {"pue", Domain::Positive, true},
    {"electricity_usd_per_kwh", Domain::NonNegative, true},
    {"carbon_kg_per_kwh", Domain::NonNegative, true},
    {"grid_cap_mw", Domain::NonNegative, true},
    {"maintenance_rate", Domain::NonNegative, true},
    {"staff_per_100_gpus", Domain::NonNegative, true},
    {"staff_cost_usd", Domain::NonNegative, true},
    {"capex_budget_usd", Domain::NonNegative, true},
    {"hybrid_base_fraction", Domain::Fraction, true},
    {"cloud.usd_per_gpu_hour", Domain::NonNegative, true},
    {"cloud.h100_equiv", Domain::Positive, true},
    {"cloud.egress_usd_per_tb", Domain::NonNegative, true},
    {"cloud.egress_tb_per_1000_gpu_hours", Domain::NonNegative, true},
}};

const std::array<const char *, kWorkloadParams> kWorkloadKeys = {
    "runs_per_year",         "gpu_hours_per_run", "tokens_per_month",
    "tokens_per_gpu_second", "edge_cpu_share",    "gpu_hours"};
} // namespace

const ParamInfo &paramInfo(P p) {
    return kInfo[static_cast<int>(p)];
}

const char *workloadFieldKey(W f) {
    return kWorkloadKeys[static_cast<int>(f)];
}

int Scenario::indexOf(const std::string &key) const {
    for (std::size_t i = 0; i < params.size(); ++i)
        if (params[i].key == key)
            return static_cast<int>(i);
    return -1;
}

} // namespace sovereign
