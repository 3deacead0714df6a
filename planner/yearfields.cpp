#include "planner/yearfields.h"

namespace sovereign {

const std::vector<YearField> &yearFields() {
    static const std::vector<YearField> fields = {
        {"demand_h100_hours", "H100-h", &YearResult::demandH100Hours},
        {"sensitive_h100_hours", "H100-h", &YearResult::sensitiveH100Hours},
        {"owned_gpus", "GPUs", &YearResult::ownedGpus},
        {"new_gpus", "GPUs", &YearResult::newGpus},
        {"onprem_h100_hours", "H100-h", &YearResult::onpremH100Hours},
        {"cloud_gpu_hours", "GPU-h", &YearResult::cloudGpuHours},
        {"unmet_h100_hours", "H100-h", &YearResult::unmetH100Hours},
        {"sensitive_foreign_cloud_h100_hours", "H100-h", &YearResult::sensitiveForeignH100Hours},
        {"capex_usd", "USD", &YearResult::capexUsd},
        {"maintenance_usd", "USD", &YearResult::maintenanceUsd},
        {"staff_usd", "USD", &YearResult::staffUsd},
        {"energy_mwh", "MWh", &YearResult::energyMwh},
        {"energy_cost_usd", "USD", &YearResult::energyCostUsd},
        {"cloud_cost_usd", "USD", &YearResult::cloudCostUsd},
        {"total_cost_usd", "USD", &YearResult::totalCostUsd},
        {"peak_facility_mw", "MW", &YearResult::peakFacilityMw},
        {"grid_cap_mw", "MW", &YearResult::gridCapMw},
        {"co2_t", "t CO2", &YearResult::co2T},
        {"sovereign_share", "share", &YearResult::sovereignShare},
        {"cost_per_h100_hour_usd", "USD/H100-h", &YearResult::costPerH100Hour},
        {"cost_per_million_tokens_usd", "USD/Mtok", nullptr, &YearResult::costPerMillionTokens},
        {"kwh_per_million_tokens", "kWh/Mtok", nullptr, &YearResult::kwhPerMillionTokens},
    };
    return fields;
}

std::optional<double> YearResult::metric(const std::string &name) const {
    for (const auto &f : yearFields())
        if (name == f.name)
            return f.get(*this);
    return std::nullopt;
}

} // namespace sovereign
