#include "reports/plantext.h"

#include "reports/readablenumber.h"
#include "reports/reporttext.h"

#include <algorithm>
#include <cmath>
#include <map>

namespace sovereign {

QString strategyLabel(const std::string &name) {
    if (name == "own")
        return Report::tr("Own");
    if (name == "lease")
        return Report::tr("Lease");
    if (name == "hybrid")
        return Report::tr("Hybrid");
    if (name == "optimal")
        return Report::tr("Optimal");
    if (name == "robust")
        return Report::tr("Robust");
    return QString::fromStdString(name);
}

QString kpiStatusLabel(KpiStatus s) {
    switch (s) {
    case KpiStatus::OnTrack:
        return Report::tr("on track");
    case KpiStatus::AtRisk:
        return Report::tr("at risk");
    case KpiStatus::OffTrack:
        return Report::tr("off track");
    case KpiStatus::NotApplicable:
        return Report::tr("n/a");
    case KpiStatus::NoTarget:
        break;
    }
    return Report::tr("no target");
}

QString yearFieldLabel(const std::string &name) {
    // One entry per field of planner/yearfields.cpp; an unknown name (a field
    // added later) shows as itself rather than not at all.
    static const std::map<std::string, const char *> labels = {
        {"demand_h100_hours", QT_TRANSLATE_NOOP("Report", "Demand (H100-h)")},
        {"sensitive_h100_hours", QT_TRANSLATE_NOOP("Report", "Sensitive demand (H100-h)")},
        {"owned_gpus", QT_TRANSLATE_NOOP("Report", "Owned GPUs")},
        {"new_gpus", QT_TRANSLATE_NOOP("Report", "New GPUs")},
        {"onprem_h100_hours", QT_TRANSLATE_NOOP("Report", "On-prem (H100-h)")},
        {"cloud_gpu_hours", QT_TRANSLATE_NOOP("Report", "Cloud (GPU-h)")},
        {"unmet_h100_hours", QT_TRANSLATE_NOOP("Report", "Unmet (H100-h)")},
        {"sensitive_foreign_cloud_h100_hours",
         QT_TRANSLATE_NOOP("Report", "Sensitive work on a foreign cloud (H100-h)")},
        {"capex_usd", QT_TRANSLATE_NOOP("Report", "Capex (USD)")},
        {"maintenance_usd", QT_TRANSLATE_NOOP("Report", "Maintenance (USD)")},
        {"staff_usd", QT_TRANSLATE_NOOP("Report", "Staff (USD)")},
        {"energy_mwh", QT_TRANSLATE_NOOP("Report", "Energy (MWh)")},
        {"energy_cost_usd", QT_TRANSLATE_NOOP("Report", "Energy cost (USD)")},
        {"cloud_cost_usd", QT_TRANSLATE_NOOP("Report", "Cloud cost (USD)")},
        {"total_cost_usd", QT_TRANSLATE_NOOP("Report", "Total cost (USD)")},
        {"peak_facility_mw", QT_TRANSLATE_NOOP("Report", "Peak MW")},
        {"grid_cap_mw", QT_TRANSLATE_NOOP("Report", "Grid cap MW")},
        {"co2_t", QT_TRANSLATE_NOOP("Report", "CO2 (t)")},
        {"sovereign_share", QT_TRANSLATE_NOOP("Report", "Sovereign share")},
        {"cost_per_h100_hour_usd", QT_TRANSLATE_NOOP("Report", "Cost per H100-hour (USD)")},
        {"cost_per_million_tokens_usd",
         QT_TRANSLATE_NOOP("Report", "Cost per million tokens (USD)")},
        {"kwh_per_million_tokens", QT_TRANSLATE_NOOP("Report", "kWh per million tokens")},
    };
    const auto it = labels.find(name);
    return it == labels.end() ? QString::fromStdString(name) : Report::tr(it->second);
}

QString inputLabel(const std::string &key) {
    // Looked up at each call, so a report in another language gets its words.
    static const std::map<std::string, const char *> labels = {
        {"region", QT_TRANSLATE_NOOP("Report", "Region")},
        {"accelerator", QT_TRANSLATE_NOOP("Report", "Accelerator")},
        {"gpus_per_node", QT_TRANSLATE_NOOP("Report", "GPUs per node")},
        {"lifetime_years", QT_TRANSLATE_NOOP("Report", "Hardware lifetime (years)")},
        {"cloud.sovereign", QT_TRANSLATE_NOOP("Report", "Sovereign cloud")},
        {"discount_rate", QT_TRANSLATE_NOOP("Report", "Discount rate")},
        {"accelerator_overrides.price_usd", QT_TRANSLATE_NOOP("Report", "Accelerator price")},
        {"accelerator_overrides.tdp_w", QT_TRANSLATE_NOOP("Report", "Accelerator power (TDP)")},
        {"accelerator_overrides.h100_equiv", QT_TRANSLATE_NOOP("Report", "Accelerator throughput")},
        {"server_overhead", QT_TRANSLATE_NOOP("Report", "Server overhead")},
        {"utilization", QT_TRANSLATE_NOOP("Report", "Utilization")},
        {"idle_power_fraction", QT_TRANSLATE_NOOP("Report", "Idle power")},
        {"host_power_overhead", QT_TRANSLATE_NOOP("Report", "Host power overhead")},
        {"pue", QT_TRANSLATE_NOOP("Report", "Power usage effectiveness (PUE)")},
        {"electricity_usd_per_kwh", QT_TRANSLATE_NOOP("Report", "Electricity price")},
        {"carbon_kg_per_kwh", QT_TRANSLATE_NOOP("Report", "Grid carbon intensity")},
        {"grid_cap_mw", QT_TRANSLATE_NOOP("Report", "Grid power cap")},
        {"maintenance_rate", QT_TRANSLATE_NOOP("Report", "Maintenance")},
        {"staff_per_100_gpus", QT_TRANSLATE_NOOP("Report", "Staff per 100 GPUs")},
        {"staff_cost_usd", QT_TRANSLATE_NOOP("Report", "Staff cost")},
        {"capex_budget_usd", QT_TRANSLATE_NOOP("Report", "Capital budget")},
        {"hybrid_base_fraction", QT_TRANSLATE_NOOP("Report", "Hybrid owned share")},
        {"cloud.usd_per_gpu_hour", QT_TRANSLATE_NOOP("Report", "Cloud price")},
        {"cloud.h100_equiv", QT_TRANSLATE_NOOP("Report", "Cloud GPU throughput")},
        {"cloud.egress_usd_per_tb", QT_TRANSLATE_NOOP("Report", "Cloud egress price")},
        {"cloud.egress_tb_per_1000_gpu_hours", QT_TRANSLATE_NOOP("Report", "Cloud egress volume")},
    };
    if (const auto it = labels.find(key); it != labels.end())
        return Report::tr(it->second);
    const QStringList parts = QString::fromStdString(key).split('.');
    if (parts.size() == 3 && parts[0] == "workloads") {
        static const std::map<QString, const char *> fields = {
            {"runs_per_year", QT_TRANSLATE_NOOP("Report", "runs per year")},
            {"gpu_hours_per_run", QT_TRANSLATE_NOOP("Report", "GPU hours per run")},
            {"gpu_hours", QT_TRANSLATE_NOOP("Report", "GPU hours")},
            {"tokens_per_month", QT_TRANSLATE_NOOP("Report", "tokens per month")},
            {"tokens_per_gpu_second", QT_TRANSLATE_NOOP("Report", "tokens per GPU-second")},
            {"edge_cpu_share", QT_TRANSLATE_NOOP("Report", "share served on edge CPUs")},
        };
        const auto field = fields.find(parts[2]);
        //: %1 is a workload's name, %2 one of its inputs ("chat: tokens per month")
        return Report::tr("%1: %2").arg(
            parts[1], field == fields.end() ? parts[2] : Report::tr(field->second));
    }
    return QString::fromStdString(key);
}

QString phaseLabel(const std::string &phase) {
    static const std::map<std::string, const char *> known = {
        {"Seed", QT_TRANSLATE_NOOP("Report", "Seed")},
        {"Sprout", QT_TRANSLATE_NOOP("Report", "Sprout")},
        {"Scale", QT_TRANSLATE_NOOP("Report", "Scale")},
        {"Harvest", QT_TRANSLATE_NOOP("Report", "Harvest")},
        {"Flywheel", QT_TRANSLATE_NOOP("Report", "Flywheel")},
    };
    const auto it = known.find(phase);
    return it == known.end() ? QString::fromStdString(phase) : Report::tr(it->second);
}

QString constraintLabel(const std::string &c) {
    if (c == "grid")
        return Report::tr("grid");
    if (c == "budget")
        return Report::tr("budget");
    if (c == "sovereignty")
        return Report::tr("sovereignty");
    return QString::fromStdString(c);
}

QString moneyText(double usd, const QLocale &locale) {
    const double a = std::abs(usd);
    if (a >= 1e9)
        return Report::tr("%1 bn USD").arg(locale.toString(usd / 1e9, 'f', 1));
    if (a >= 1e6)
        return Report::tr("%1 M USD").arg(locale.toString(usd / 1e6, 'f', 1));
    return Report::tr("%1 k USD").arg(locale.toString(usd / 1e3, 'f', 1));
}

QString yearsText(const std::vector<int> &years) {
    QStringList parts;
    for (std::size_t i = 0; i < years.size();) {
        std::size_t j = i;
        while (j + 1 < years.size() && years[j + 1] == years[j] + 1)
            ++j;
        parts.append(j == i ? QString::number(years[i])
                            : QStringLiteral("%1\u2013%2").arg(years[i]).arg(years[j]));
        i = j + 1;
    }
    return parts.join(QStringLiteral(", "));
}

QString percentText(double share, const QLocale &locale) {
    // 99.5 % to 100 % exclusive keeps a decimal: "100 %" must mean all of it.
    const int decimals = share > 0.995 && share < 1 ? 1 : 0;
    return locale.toString(100 * share, 'f', decimals) + QStringLiteral("\u00a0%");
}

namespace {

QString hoursText(double h, const QLocale &locale) {
    return locale.toString(h, 'f', h < 10 ? 2 : 0);
}

} // namespace

QString bindingText(const BindingNote &note, const QLocale &locale) {
    switch (note.kind) {
    case BindingNote::Kind::CapCutPurchase:
        if (note.constraint == "grid")
            return Report::tr("the %1 MW grid cap allows %2 nodes in service; more were needed")
                .arg(readableNumber(note.limit, locale), locale.toString(note.amount, 'f', 0));
        return Report::tr("the capex budget of %1 buys %2 nodes; more were needed")
            .arg(moneyText(note.limit, locale), locale.toString(note.amount, 'f', 0));
    case BindingNote::Kind::FleetOverCap:
        return Report::tr("nodes bought earlier draw more than the %1 MW grid cap")
            .arg(readableNumber(note.limit, locale));
    case BindingNote::Kind::SensitiveAbroad:
        return Report::tr("%1 sensitive H100-hours on a foreign cloud")
            .arg(locale.toString(note.amount, 'f', 0));
    }
    return QString::fromStdString(note.detail);
}

QString shortfallText(const Shortfall &f, const QLocale &locale) {
    switch (f.kind) {
    case Shortfall::Kind::UnmetDemand:
        return Report::tr("%1 H100-hours of demand unmet").arg(hoursText(f.amount, locale));
    case Shortfall::Kind::SensitiveAbroad:
        return Report::tr("%1 sensitive H100-hours on a foreign cloud")
            .arg(hoursText(f.amount, locale));
    case Shortfall::Kind::OverGridCap:
        return Report::tr("the owned fleet draws %1 MW, above the %2 MW grid cap")
            .arg(readableNumber(f.amount, locale), readableNumber(f.limit, locale));
    case Shortfall::Kind::SensitiveUnplaceable: {
        const bool grid =
            std::find(f.limitedBy.begin(), f.limitedBy.end(), "grid") != f.limitedBy.end();
        const bool budget =
            std::find(f.limitedBy.begin(), f.limitedBy.end(), "budget") != f.limitedBy.end();
        const QString hours = hoursText(f.amount, locale);
        if (grid && budget)
            return Report::tr("%1 sensitive H100-hours cannot be placed: the grid cap and the "
                              "capex budget limit owned capacity and the cloud is not sovereign")
                .arg(hours);
        if (grid)
            return Report::tr("%1 sensitive H100-hours cannot be placed: the grid cap limits "
                              "owned capacity and the cloud is not sovereign")
                .arg(hours);
        if (budget)
            return Report::tr("%1 sensitive H100-hours cannot be placed: the capex budget limits "
                              "owned capacity and the cloud is not sovereign")
                .arg(hours);
        return Report::tr("%1 sensitive H100-hours cannot be placed: the utilization leaves a "
                          "node no usable hours and the cloud is not sovereign")
            .arg(hours);
    }
    }
    return QString::fromStdString(f.detail);
}

QString constraintCostText(const ConstraintCost &cost, const QLocale &locale) {
    return Report::tr("lifting this constraint would lower NPV by %1")
        .arg(moneyText(cost.npvSavingUsd, locale));
}

QString recommendationText(const PlanResult &plan, const QLocale &locale) {
    const StrategyResult *best =
        plan.recommended.empty() ? nullptr : plan.strategy(plan.recommended);
    if (!best) {
        const StrategyResult &opt = plan.strategies[3];
        if (opt.shortfalls.empty())
            return Report::tr("No strategy is feasible.");
        const Shortfall &f = opt.shortfalls.front();
        return Report::tr("No strategy is feasible: even the optimal plan fails in %1: %2.")
            .arg(QString::number(f.year), shortfallText(f, locale));
    }
    const Decision &d = plan.decision;
    QString text = Report::tr("Recommended: %1, NPV %2")
                       .arg(strategyLabel(best->name), moneyText(best->npvUsd, locale));
    if (plan.robustFutures > 0) {
        text += Report::tr(", holds in %1 of %2 sampled futures")
                    .arg(percentText(best->futuresHeldShare, locale))
                    .arg(plan.robustFutures);
        if (!d.targetReached)
            text += Report::tr(" (no strategy reaches the %1 target)")
                        .arg(percentText(plan.robustTargetShare, locale));
    }
    for (const auto &r : d.cheaperRejected)
        text += r.infeasible
                    ? Report::tr("; %1 is %2 cheaper but infeasible")
                          .arg(strategyLabel(r.strategy), moneyText(r.cheaperByUsd, locale))
                    : Report::tr("; %1 is %2 cheaper but holds in only %3")
                          .arg(strategyLabel(r.strategy), moneyText(r.cheaperByUsd, locale),
                               percentText(r.heldShare, locale));
    if (!d.runnerUp.empty())
        text += Report::tr("; %1 below %2")
                    .arg(moneyText(d.runnerUpGapUsd, locale), strategyLabel(d.runnerUp));
    return text + ".";
}

QString rejectionText(const PlanResult &plan, const Decision::Rejected &r, const QLocale &locale) {
    const StrategyResult *st = plan.strategy(r.strategy);
    const QString who = strategyLabel(r.strategy);
    const QString cheaper = moneyText(r.cheaperByUsd, locale);
    if (!r.infeasible)
        return Report::tr("%1 is %2 cheaper, but its plan holds in only %3 of the %4 sampled "
                          "futures, below the %5 target.")
            .arg(who, cheaper, percentText(r.heldShare, locale))
            .arg(plan.robustFutures)
            .arg(percentText(plan.robustTargetShare, locale));
    // The first few years' reasons; the yearly tables carry the rest.
    constexpr std::size_t kShown = 3;
    QStringList reasons;
    for (std::size_t i = 0; st && i < std::min(kShown, st->shortfalls.size()); ++i)
        reasons.append(QString::number(st->shortfalls[i].year) + ": " +
                       shortfallText(st->shortfalls[i], locale));
    if (st && st->shortfalls.size() > kShown)
        reasons.append(
            Report::tr("%n more", nullptr, static_cast<int>(st->shortfalls.size() - kShown)));
    return Report::tr("%1 is %2 cheaper but infeasible: %3.")
        .arg(who, cheaper, reasons.join(QStringLiteral("; ")));
}

} // namespace sovereign
