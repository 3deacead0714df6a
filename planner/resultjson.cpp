#include "planner/resultjson.h"

#include "planner/yearfields.h"

#include <QJsonArray>

#include <cmath>

namespace sovereign {

namespace {

/// A finite number, never "-0". planScenario refuses results with other
/// non-finite figures, so an infinity here is a cap that is absent.
QJsonValue number(double v) {
    return v == 0.0 ? QJsonValue(0.0) : QJsonValue(v);
}

QJsonObject yearJson(const YearResult &y) {
    QJsonObject o;
    o["year"] = y.year;
    o["phase"] = QString::fromStdString(y.phase);
    // A figure that does not exist this year (cost per token without
    // inference, a grid cap the scenario does not set) is left out, not null.
    for (const auto &f : yearFields()) {
        const auto v = f.get(y);
        if (v && std::isfinite(*v))
            o[f.name] = number(*v);
    }
    return o;
}

QJsonObject strategyJson(const StrategyResult &s) {
    QJsonObject o;
    o["npv_usd"] = number(s.npvUsd);
    o["salvage_usd"] = number(s.salvageUsd);
    o["feasible"] = s.feasible;
    o["futures_held_share"] = number(s.futuresHeldShare);
    QJsonArray years;
    for (const auto &y : s.years)
        years.append(yearJson(y));
    o["years"] = years;
    QJsonArray binding;
    for (const auto &b : s.binding)
        binding.append(QJsonObject{{"year", b.year},
                                   {"constraint", QString::fromStdString(b.constraint)},
                                   {"detail", QString::fromStdString(b.detail)}});
    o["binding"] = binding;
    QJsonArray costs;
    for (const auto &c : s.constraintCosts) {
        QJsonArray years;
        for (int y : c.years)
            years.append(y);
        costs.append(QJsonObject{{"constraint", QString::fromStdString(c.constraint)},
                                 {"years", years},
                                 {"npv_saving_usd", number(c.npvSavingUsd)},
                                 {"detail", QString::fromStdString(c.detail)}});
    }
    o["constraint_costs"] = costs;
    QJsonArray reasons;
    for (const auto &r : s.shortfalls)
        reasons.append(QString::fromStdString(r.detail));
    o["infeasible_reasons"] = reasons;
    return o;
}

QJsonObject monteCarloJson(const MonteCarloResult &mc) {
    QJsonObject o;
    o["draws"] = mc.draws;
    o["seed"] = QString::number(mc.seed);
    QJsonArray keys;
    for (const auto &k : mc.uncertainKeys)
        keys.append(QString::fromStdString(k));
    o["uncertain_keys"] = keys;
    o["prob_own_beats_lease"] = number(mc.probOwnBeatsLease);
    o["prob_optimal_sensitive_shortfall"] = number(mc.probOptimalSensitiveShortfall);
    QJsonObject strategies;
    for (const auto &s : mc.strategies) {
        QJsonArray tornado;
        for (const auto &b : s.tornado)
            tornado.append(QJsonObject{{"key", QString::fromStdString(b.key)},
                                       {"low_input", number(b.lowInput)},
                                       {"high_input", number(b.highInput)},
                                       {"npv_at_low_usd", number(b.npvAtLow)},
                                       {"npv_at_high_usd", number(b.npvAtHigh)},
                                       {"swing_usd", number(b.swing())}});
        strategies[QString::fromStdString(s.name)] = QJsonObject{
            {"npv_p10_usd", number(s.npv.p10)},          {"npv_p50_usd", number(s.npv.p50)},
            {"npv_p90_usd", number(s.npv.p90)},          {"npv_mean_usd", number(s.npv.mean)},
            {"feasible_share", number(s.feasibleShare)}, {"tornado", tornado}};
    }
    o["strategies"] = strategies;
    return o;
}

} // namespace

QJsonObject planToJson(const PlanResult &plan) {
    QJsonObject root;
    root["scenario"] = QJsonObject{{"name", QString::fromStdString(plan.scenarioName)},
                                   {"region", QString::fromStdString(plan.region)},
                                   {"accelerator", QString::fromStdString(plan.accelerator)},
                                   {"start_year", plan.startYear}};
    QJsonArray years;
    for (int y : plan.calendarYears)
        years.append(y);
    root["years"] = years;
    QJsonObject strategies;
    for (const auto &s : plan.strategies)
        strategies[QString::fromStdString(s.name)] = strategyJson(s);
    root["strategies"] = strategies;
    root["robust"] = QJsonObject{{"futures", plan.robustFutures},
                                 {"target_share", number(plan.robustTargetShare)},
                                 {"target_met", plan.robustTargetMet}};
    if (!plan.recommended.empty()) // no strategy is feasible: the key is absent
        root["recommended"] = QString::fromStdString(plan.recommended);
    root["recommendation"] = QString::fromStdString(plan.recommendation);
    QJsonArray kpis;
    for (const auto &k : plan.kpis) {
        QJsonArray ys;
        for (const auto &y : k.years) {
            QJsonObject o{{"year", y.year},
                          {"phase", QString::fromStdString(y.phase)},
                          {"status", kpiStatusName(y.status)}};
            if (y.hasValue)
                o["value"] = number(y.value);
            if (y.hasTarget)
                o["target"] = number(y.target);
            ys.append(o);
        }
        kpis.append(QJsonObject{{"name", QString::fromStdString(k.name)},
                                {"metric", QString::fromStdString(k.metric)},
                                {"strategy", QString::fromStdString(k.strategy)},
                                {"direction", k.atLeast ? "at_least" : "at_most"},
                                {"tolerance", k.tolerance},
                                {"years", ys}});
    }
    root["kpis"] = kpis;
    if (plan.monteCarlo)
        root["monte_carlo"] = monteCarloJson(*plan.monteCarlo);
    return root;
}

} // namespace sovereign
