#include "planner/planner.h"

#include "planner/futures.h"
#include "planner/montecarlo.h"
#include "planner/optimalplan.h"
#include "planner/robustplan.h"
#include "planner/strategies.h"
#include "planner/tolerances.h"
#include "planner/yearfields.h"

#include <algorithm>
#include <cmath>
#include <sstream>

namespace sovereign {

namespace {

std::string money(double usd) {
    std::ostringstream os;
    os.setf(std::ios::fixed);
    os.precision(1);
    if (std::abs(usd) >= 1e9)
        os << usd / 1e9 << " bn USD";
    else if (std::abs(usd) >= 1e6)
        os << usd / 1e6 << " M USD";
    else
        os << usd / 1e3 << " k USD";
    return os.str();
}

std::string hours(double h) {
    std::ostringstream os;
    os.setf(std::ios::fixed);
    os.precision(0);
    os << h;
    return os.str();
}

/// Megawatts as the notes print them: two decimals, or three significant
/// digits below 1 MW (a 0.0036 MW cap must not read "0.00").
std::string megawatts(double mw) {
    std::ostringstream os;
    if (std::abs(mw) >= 1 || mw == 0) {
        os.setf(std::ios::fixed);
        os.precision(2);
    } else {
        os.precision(3);
    }
    os << mw;
    return os.str();
}

std::vector<YearResult> yearsOf(const Scenario &s, const DrawInputs &in, const Demand &d,
                                const FleetOutcome &o) {
    std::vector<YearResult> out;
    for (int y = 0; y < s.years; ++y) {
        YearResult r;
        r.year = s.startYear + y;
        r.phase = s.phases[y];
        r.demandH100Hours = d.total(0, y);
        r.sensitiveH100Hours = d.sensitive(0, y);
        r.ownedGpus = o.ownedGpus(0, y);
        r.newGpus = o.newGpus(0, y);
        r.onpremH100Hours = o.onpremHours(0, y);
        r.cloudGpuHours = o.cloudGpuHours(0, y);
        r.unmetH100Hours = o.unmetHours(0, y);
        r.sensitiveForeignH100Hours = o.sensitiveForeignHours(0, y);
        r.capexUsd = o.capexUsd(0, y);
        r.maintenanceUsd = o.maintenanceUsd(0, y);
        r.staffUsd = o.staffUsd(0, y);
        r.energyMwh = o.energyMwh(0, y);
        r.energyCostUsd = o.energyCostUsd(0, y);
        r.cloudCostUsd = o.cloudCostUsd(0, y);
        r.totalCostUsd = o.totalUsd(0, y);
        r.peakFacilityMw = o.peakFacilityMw(0, y);
        r.gridCapMw = in[P::GridCapMw](0, y);
        r.co2T = o.co2T(0, y);
        r.sovereignShare = o.sovereignShare(0, y);
        const double served = r.demandH100Hours - r.unmetH100Hours;
        r.costPerH100Hour = served > 0 ? r.totalCostUsd / served : 0.0;
        // Tokens carry the average cost of an H100-hour; energy is the owned
        // fleet's facility kWh per H100-hour (cloud energy is not reported to us).
        const double tokens = d.gpuTokens(0, y);
        if (tokens > 0 && d.inferenceHours(0, y) > 0) {
            const double hoursPerMillion = d.inferenceHours(0, y) / (tokens / 1e6);
            r.costPerMillionTokens = r.costPerH100Hour * hoursPerMillion;
            if (r.onpremH100Hours > 0)
                r.kwhPerMillionTokens = r.energyMwh * 1000.0 / r.onpremH100Hours * hoursPerMillion;
        }
        out.push_back(r);
    }
    return out;
}

void sizingNotes(const Scenario &s, const DrawInputs &in, const Sizing &sizing,
                 StrategyResult &out) {
    const Table gridNodes = gridNodeLimit(s, in);
    const Table nodeCost = nodeCostUsd(s, in);
    for (int y = 0; y < s.years; ++y) {
        std::ostringstream os;
        os.setf(std::ios::fixed);
        os.precision(2);
        if (sizing.gridBinds(0, y)) {
            os << "the " << megawatts(in[P::GridCapMw](0, y)) << " MW grid cap allows "
               << hours(gridNodes(0, y)) << " nodes in service; more were needed";
            out.binding.push_back({s.startYear + y, "grid", os.str(),
                                   BindingNote::Kind::CapCutPurchase, gridNodes(0, y),
                                   in[P::GridCapMw](0, y)});
        }
        if (sizing.budgetBinds(0, y)) {
            os.str("");
            const double affordable =
                std::floor(in[P::CapexBudgetUsd](0, y) / nodeCost(0, y) + 1e-9);
            os << "the capex budget of " << money(in[P::CapexBudgetUsd](0, y)) << " buys "
               << hours(affordable) << " nodes; more were needed";
            out.binding.push_back({s.startYear + y, "budget", os.str(),
                                   BindingNote::Kind::CapCutPurchase, affordable,
                                   in[P::CapexBudgetUsd](0, y)});
        }
        if (sizing.gridExceeded(0, y)) {
            os.str("");
            os << "nodes bought earlier draw more than the " << megawatts(in[P::GridCapMw](0, y))
               << " MW grid cap";
            out.binding.push_back({s.startYear + y, "grid", os.str(),
                                   BindingNote::Kind::FleetOverCap, 0, in[P::GridCapMw](0, y)});
        }
    }
}

void feasibilityNotes(StrategyResult &out) {
    for (const auto &y : out.years) {
        const std::string year = "year " + std::to_string(y.year) + ": ";
        if (y.unmetH100Hours > kHoursTolerance)
            out.shortfalls.push_back(
                {y.year,
                 Shortfall::Kind::UnmetDemand,
                 y.unmetH100Hours,
                 0,
                 {},
                 year + hours(y.unmetH100Hours) + " H100-hours of demand unmet"});
        if (y.sensitiveForeignH100Hours > kHoursTolerance) {
            const std::string text =
                hours(y.sensitiveForeignH100Hours) + " sensitive H100-hours on foreign cloud";
            out.shortfalls.push_back({y.year,
                                      Shortfall::Kind::SensitiveAbroad,
                                      y.sensitiveForeignH100Hours,
                                      0,
                                      {},
                                      year + text});
            out.binding.push_back({y.year, "sovereignty", text, BindingNote::Kind::SensitiveAbroad,
                                   y.sensitiveForeignH100Hours, 0});
        }
        if (y.peakFacilityMw > y.gridCapMw * (1 + kGridCapRelativeTolerance) + 1e-12)
            out.shortfalls.push_back({y.year,
                                      Shortfall::Kind::OverGridCap,
                                      y.peakFacilityMw,
                                      y.gridCapMw,
                                      {},
                                      year + "owned fleet exceeds the grid cap"});
    }
}

StrategyResult strategyResult(const char *name, const Scenario &s, const DrawInputs &in,
                              const Demand &d, const FleetOutcome &o) {
    StrategyResult r;
    r.name = name;
    r.npvUsd = o.npvUsd[0];
    r.salvageUsd = o.salvageUsd[0];
    r.feasible = o.feasible[0];
    r.years = yearsOf(s, in, d, o);
    return r;
}

std::vector<KpiResult> judgeKpis(const Scenario &s, const PlanResult &plan) {
    std::vector<KpiResult> out;
    for (const auto &t : s.kpis) {
        KpiResult k;
        k.name = t.name;
        k.metric = t.metric;
        k.strategy = t.strategy;
        k.atLeast = t.atLeast;
        k.tolerance = t.tolerance;
        const StrategyResult *st = plan.strategy(t.strategy);
        for (int y = 0; y < s.years; ++y) {
            KpiYear ky;
            ky.year = s.startYear + y;
            ky.phase = s.phases[y];
            const std::optional<double> value = st->years[y].metric(t.metric);
            ky.hasValue = value.has_value();
            ky.value = value.value_or(0.0);
            if (t.targets[y]) {
                ky.hasTarget = true;
                ky.target = *t.targets[y];
                ky.status = ky.hasValue ? judgeKpi(ky.value, ky.target, t.atLeast, t.tolerance)
                                        : KpiStatus::NotApplicable;
            } else if (!ky.hasValue) {
                ky.status = KpiStatus::NotApplicable;
            }
            k.years.push_back(ky);
        }
        out.push_back(k);
    }
    return out;
}

std::string percent(double share) {
    std::ostringstream os;
    os.setf(std::ios::fixed);
    os.precision(share > 0.995 && share < 1 ? 1 : 0);
    os << 100 * share << " %";
    return os.str();
}

/// The constraints behind the choice, once each: the years each binds the
/// chosen strategy (its heuristic notes, or for the optimal plan what
/// re-solving found) and what it costs the optimal plan, where measured.
std::vector<Decision::Binding> decisionBinding(const PlanResult &plan, const StrategyResult &best) {
    std::vector<Decision::Binding> out;
    const auto entry = [&](const std::string &constraint) -> Decision::Binding & {
        auto it = std::find_if(out.begin(), out.end(),
                               [&](const auto &b) { return b.constraint == constraint; });
        if (it != out.end())
            return *it;
        out.push_back({constraint, {}, {}, std::nullopt});
        return out.back();
    };
    const auto addYear = [](std::vector<int> &years, int year) {
        if (std::find(years.begin(), years.end(), year) == years.end())
            years.push_back(year);
    };
    for (const auto &n : best.binding)
        addYear(entry(n.constraint).years, n.year);
    const StrategyResult &optimal = plan.strategies[3];
    for (const auto &c : optimal.constraintCosts) {
        Decision::Binding &b = entry(c.constraint);
        b.optimalYears = c.years;
        b.optimalNpvSavingUsd = c.npvSavingUsd;
        if (&best == &optimal)
            for (int y : c.years)
                addYear(b.years, y);
    }
    for (auto &b : out)
        std::sort(b.years.begin(), b.years.end());
    return out;
}

/// The recommendation weighs cost against robustness (docs/methodology.md,
/// "Recommendation"): the cheapest feasible strategy that holds in the target
/// share of the sampled futures; when none does, the one that holds in most.
void recommend(PlanResult &plan) {
    const double target = plan.robustTargetShare;
    const bool sampled = plan.robustFutures > 0;
    const StrategyResult *best = nullptr;
    for (const auto &st : plan.strategies)
        if (st.feasible && st.futuresHeldShare >= target - 1e-12 &&
            (!best || st.npvUsd < best->npvUsd))
            best = &st;
    Decision &d = plan.decision;
    d = {};
    d.targetReached = best != nullptr;
    if (!best)
        for (const auto &st : plan.strategies)
            if (st.feasible &&
                (!best || st.futuresHeldShare > best->futuresHeldShare ||
                 (st.futuresHeldShare == best->futuresHeldShare && st.npvUsd < best->npvUsd)))
                best = &st;
    if (!best) {
        plan.recommended.clear();
        plan.recommendation =
            "No strategy is feasible: " + (plan.strategies[3].shortfalls.empty()
                                               ? std::string("see each strategy's reasons")
                                               : plan.strategies[3].shortfalls.front().detail);
        return;
    }
    plan.recommended = best->name;
    for (const auto &st : plan.strategies)
        if (&st != best && st.npvUsd < best->npvUsd)
            d.cheaperRejected.push_back(
                {st.name, !st.feasible, best->npvUsd - st.npvUsd, st.futuresHeldShare});
    std::sort(d.cheaperRejected.begin(), d.cheaperRejected.end(),
              [](const auto &a, const auto &b) { return a.cheaperByUsd > b.cheaperByUsd; });
    // The runner-up is a different plan: robust equals optimal to the cent
    // when nothing is uncertain, and "0.0 k USD below robust" says nothing.
    const StrategyResult *next = nullptr;
    for (const auto &st : plan.strategies)
        if (&st != best && st.feasible && st.npvUsd >= best->npvUsd + kSamePlanUsd &&
            (!next || st.npvUsd < next->npvUsd))
            next = &st;
    if (next) {
        d.runnerUp = next->name;
        d.runnerUpGapUsd = next->npvUsd - best->npvUsd;
    }
    d.binding = decisionBinding(plan, *best);

    std::ostringstream os;
    os << "Recommended: " << best->name << ", NPV " << money(best->npvUsd);
    if (sampled) {
        os << ", holds in " << percent(best->futuresHeldShare) << " of " << plan.robustFutures
           << " sampled futures";
        if (!d.targetReached)
            os << " (no strategy reaches the " << percent(target) << " target)";
    }
    for (const auto &r : d.cheaperRejected) {
        os << "; " << r.strategy << " is " << money(r.cheaperByUsd) << " cheaper but ";
        if (r.infeasible)
            os << "infeasible";
        else
            os << "holds in only " << percent(r.heldShare);
    }
    if (next)
        os << "; " << money(d.runnerUpGapUsd) << " below " << next->name;
    double owned = 0;
    for (const auto &y : best->years)
        owned = std::max(owned, y.ownedGpus);
    os << "; owns up to " << hours(owned) << " GPUs";
    // "grid binds in 2027, 2028": one clause per constraint.
    for (const auto &b : d.binding) {
        const bool bindsBest =
            !b.years.empty() || (best == &plan.strategies[3] && b.optimalNpvSavingUsd);
        if (!bindsBest)
            continue;
        os << "; " << b.constraint << " binds" << (b.years.empty() ? "" : " in ");
        for (std::size_t i = 0; i < b.years.size(); ++i)
            os << (i ? ", " : "") << b.years[i];
    }
    plan.recommendation = os.str();
}

} // namespace

const StrategyResult *PlanResult::strategy(const std::string &name) const {
    for (const auto &s : strategies)
        if (s.name == name)
            return &s;
    return nullptr;
}

/// Every figure of a plan is a finite number (a grid cap the scenario does not
/// set is the one infinity): the plausible ranges should make this hold, and
/// a plan that breaks it is refused rather than printed with nulls.
static Result<void> checkFinite(const Scenario &s, const PlanResult &plan) {
    const auto bad = [&](const std::string &what) {
        return fail(s.file, 0, 0,
                    what + " is not a finite number: the scenario's figures overflow a double "
                           "together; check the largest ones (workload sizes, prices, rates)");
    };
    for (const auto &st : plan.strategies) {
        if (!std::isfinite(st.npvUsd) || !std::isfinite(st.salvageUsd))
            return bad(st.name + ": NPV");
        for (const auto &y : st.years)
            for (const auto &f : yearFields()) {
                const auto v = f.get(y);
                if (v && !std::isfinite(*v) && std::string(f.name) != "grid_cap_mw")
                    return bad(st.name + ": " + f.name + " in " + std::to_string(y.year));
            }
    }
    if (plan.monteCarlo)
        for (const auto &st : plan.monteCarlo->strategies)
            for (double v : {st.npv.p10, st.npv.p50, st.npv.p90, st.npv.mean})
                if (!std::isfinite(v))
                    return bad(st.name + ": the Monte Carlo's NPV");
    return {};
}

Result<PlanResult> planScenario(const Scenario &s, const PlanOptions &options, Feedback *feedback) {
    const DrawInputs in = baseInputs(s, 1);
    const Demand demand = computeDemand(s, in);
    const HeuristicRuns h = runHeuristics(s, in, demand);

    PlanResult plan;
    plan.scenarioName = s.name;
    plan.region = s.region;
    plan.accelerator = s.accelerator;
    plan.startYear = s.startYear;
    plan.years = s.years;
    for (int y = 0; y < s.years; ++y)
        plan.calendarYears.push_back(s.startYear + y);

    plan.strategies[0] = strategyResult("own", s, in, demand, h.own);
    sizingNotes(s, in, h.ownSizing, plan.strategies[0]);
    plan.strategies[1] = strategyResult("lease", s, in, demand, h.lease);
    plan.strategies[2] = strategyResult("hybrid", s, in, demand, h.hybrid);
    sizingNotes(s, in, h.hybridSizing, plan.strategies[2]);
    for (int k = 0; k < 3; ++k)
        feasibilityNotes(plan.strategies[k]);

    auto optimal = planOptimal(s, in, demand);
    if (!optimal)
        return std::unexpected(optimal.error());
    const FleetOutcome opt =
        recostFixedFleet(s, in, demand, optimal->newNodes, SensitiveOverflow::Unmet);
    StrategyResult &o = plan.strategies[3];
    o = strategyResult("optimal", s, in, demand, opt);
    o.feasible = o.feasible && optimal->feasible;
    o.shortfalls = optimal->shortfalls;
    o.constraintCosts = optimal->binding;
    for (auto &c : o.constraintCosts)
        c.detail = "lifting the " + c.constraint + " constraint would lower NPV by " +
                   money(c.npvSavingUsd);

    // robust: one schedule against sampled futures; every strategy is then
    // tested on the same futures, which is what the recommendation weighs.
    std::vector<double> robustNodes = optimal->newNodes;
    plan.robustTargetShare = s.robustShare;
    if (hasUncertainty(s)) {
        const DrawInputs futures = sampleFutures(s, s.robustFutures, s.robustSeed);
        const Demand futureDemand = computeDemand(s, futures);
        auto robust = planRobust(s, in, demand, futures, futureDemand, s.robustShare);
        if (!robust)
            return std::unexpected(robust.error());
        robustNodes = robust->newNodes;
        plan.robustFutures = robust->futures;
        plan.robustTargetMet = robust->targetMet;
        const HeuristicRuns fh = runHeuristics(s, futures, futureDemand);
        const auto share = [&](const FleetOutcome &o) {
            return static_cast<double>(o.feasible.count()) / futures.draws;
        };
        plan.strategies[0].futuresHeldShare = share(fh.own);
        plan.strategies[1].futuresHeldShare = share(fh.lease);
        plan.strategies[2].futuresHeldShare = share(fh.hybrid);
        plan.strategies[3].futuresHeldShare = share(recostFixedFleet(
            s, futures, futureDemand, optimal->newNodes, SensitiveOverflow::ForeignCloud));
        plan.strategies[4].futuresHeldShare = robust->heldShare;
    } else {
        for (auto &st : plan.strategies)
            st.futuresHeldShare = st.feasible ? 1.0 : 0.0;
    }
    const FleetOutcome rob = recostFixedFleet(s, in, demand, robustNodes, SensitiveOverflow::Unmet);
    StrategyResult &r = plan.strategies[4];
    const double robustShare = r.futuresHeldShare;
    r = strategyResult("robust", s, in, demand, rob);
    r.futuresHeldShare = hasUncertainty(s) ? robustShare : (r.feasible ? 1.0 : 0.0);
    feasibilityNotes(r);

    plan.kpis = judgeKpis(s, plan);
    recommend(plan);

    if (options.monteCarloDraws > 0) {
        auto mc = runMonteCarlo(s, {optimal->newNodes, robustNodes}, options.monteCarloDraws,
                                options.seed, feedback);
        if (!mc)
            return std::unexpected(mc.error());
        plan.monteCarlo = std::move(*mc);
    }
    if (auto ok = checkFinite(s, plan); !ok)
        return std::unexpected(ok.error());
    return plan;
}

Result<FixedFleets> solveFixedFleets(const Scenario &s, bool analyseConstraints, int *solves) {
    const DrawInputs in = baseInputs(s);
    const Demand demand = computeDemand(s, in);
    auto optimal = planOptimal(s, in, demand, analyseConstraints);
    if (!optimal)
        return std::unexpected(optimal.error());
    int count = optimal->solves;
    std::vector<double> robust = optimal->newNodes;
    if (hasUncertainty(s)) {
        const DrawInputs futures = sampleFutures(s, s.robustFutures, s.robustSeed);
        auto plan = planRobust(s, in, demand, futures, computeDemand(s, futures), s.robustShare);
        if (!plan)
            return std::unexpected(plan.error());
        robust = plan->newNodes;
        count += plan->solves;
    }
    if (solves)
        *solves = count;
    return FixedFleets(std::move(optimal->newNodes), std::move(robust));
}

} // namespace sovereign
