#include "planner/resultjson.h"

#include "planner/yearfields.h"

#include <QJsonArray>

#include <cmath>

namespace sovereign {

namespace {

QJsonValue number(double v) {
    return std::isfinite(v) ? QJsonValue(v) : QJsonValue();
}

QJsonObject yearJson(const YearResult &y) {
    QJsonObject o;
    o["year"] = y.year;
    o["phase"] = QString::fromStdString(y.phase);
    for (const auto &f : yearFields()) {
        const auto v = f.get(y);
        o[f.name] = v ? number(*v) : QJsonValue();
    }
    return o;
}

QJsonObject strategyJson(const StrategyResult &s) {
    QJsonObject o;
    o["npv_usd"] = s.npvUsd;
    o["salvage_usd"] = s.salvageUsd;
    o["feasible"] = s.feasible;
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
    QJsonArray reasons;
    for (const auto &r : s.infeasibleReasons)
        reasons.append(QString::fromStdString(r));
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
    o["prob_own_beats_lease"] = mc.probOwnBeatsLease;
    o["prob_optimal_sensitive_shortfall"] = mc.probOptimalSensitiveShortfall;
    QJsonObject strategies;
    for (const auto &s : mc.strategies) {
        QJsonArray tornado;
        for (const auto &b : s.tornado)
            tornado.append(QJsonObject{{"key", QString::fromStdString(b.key)},
                                       {"low_input", b.lowInput},
                                       {"high_input", b.highInput},
                                       {"npv_at_low_usd", b.npvAtLow},
                                       {"npv_at_high_usd", b.npvAtHigh},
                                       {"swing_usd", b.swing()}});
        strategies[QString::fromStdString(s.name)] =
            QJsonObject{{"npv_p10_usd", s.npv.p10},          {"npv_p50_usd", s.npv.p50},
                        {"npv_p90_usd", s.npv.p90},          {"npv_mean_usd", s.npv.mean},
                        {"feasible_share", s.feasibleShare}, {"tornado", tornado}};
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
    root["recommended"] = plan.recommended.empty()
                              ? QJsonValue()
                              : QJsonValue(QString::fromStdString(plan.recommended));
    root["recommendation"] = QString::fromStdString(plan.recommendation);
    QJsonArray kpis;
    for (const auto &k : plan.kpis) {
        QJsonArray ys;
        for (const auto &y : k.years)
            ys.append(QJsonObject{{"year", y.year},
                                  {"phase", QString::fromStdString(y.phase)},
                                  {"value", number(y.value)},
                                  {"target", y.hasTarget ? QJsonValue(y.target) : QJsonValue()},
                                  {"status", kpiStatusName(y.status)}});
        kpis.append(QJsonObject{{"name", QString::fromStdString(k.name)},
                                {"metric", QString::fromStdString(k.metric)},
                                {"strategy", QString::fromStdString(k.strategy)},
                                {"direction", k.atLeast ? "at_least" : "at_most"},
                                {"tolerance", k.tolerance},
                                {"years", ys}});
    }
    root["kpis"] = kpis;
    root["monte_carlo"] =
        plan.monteCarlo ? QJsonValue(monteCarloJson(*plan.monteCarlo)) : QJsonValue();
    return root;
}

} // namespace sovereign
