#include "planner/drawinputs.h"

namespace sovereign {

DrawInputs baseInputs(const Scenario &scenario, int draws) {
    DrawInputs in;
    in.draws = draws;
    in.years = scenario.years;
    in.params.reserve(scenario.params.size());
    for (const auto &p : scenario.params) {
        Eigen::Map<const Eigen::ArrayXd> row(p.values.data(), scenario.years);
        in.params.push_back(row.transpose().replicate(draws, 1));
    }
    return in;
}

Demand zeroDemand(int draws, int years) {
    Demand d;
    d.total = Table::Zero(draws, years);
    d.sensitive = Table::Zero(draws, years);
    d.inferenceHours = Table::Zero(draws, years);
    d.gpuTokens = Table::Zero(draws, years);
    return d;
}

void addWorkloadDemand(Demand &d, const Workload &w, const std::function<const Table &(W)> &field) {
    Table hours;
    switch (w.kind) {
    case Workload::Kind::Finetune:
        hours = field(W::RunsPerYear) * field(W::GpuHoursPerRun);
        break;
    case Workload::Kind::Inference: {
        const Table tokens = field(W::TokensPerMonth) * 12.0 * (1.0 - field(W::EdgeCpuShare));
        hours = tokens / (field(W::TokensPerGpuSecond) * 3600.0);
        d.inferenceHours += hours;
        d.gpuTokens += tokens;
        break;
    }
    case Workload::Kind::Training:
        hours = field(W::GpuHours);
        break;
    }
    d.total += hours;
    if (w.sensitive)
        d.sensitive += hours;
}

Demand computeDemand(const Scenario &scenario, const DrawInputs &in) {
    Demand d = zeroDemand(in.draws, in.years);
    for (const auto &w : scenario.workloads)
        addWorkloadDemand(d, w, [&](W f) -> const Table & {
            return in.params[w.firstParam + static_cast<int>(f)];
        });
    return d;
}

} // namespace sovereign
