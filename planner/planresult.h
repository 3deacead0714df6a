#pragma once

#include "planner/kpi.h"

#include <array>
#include <optional>
#include <string>
#include <vector>

namespace sovereign {

/// One year of one strategy (JSON field names in comments where they differ).
struct YearResult {
    int year = 0;
    std::string phase;
    double demandH100Hours = 0, sensitiveH100Hours = 0;
    double ownedGpus = 0, newGpus = 0;
    double onpremH100Hours = 0, cloudGpuHours = 0, unmetH100Hours = 0;
    double sensitiveForeignH100Hours = 0;
    double capexUsd = 0, maintenanceUsd = 0, staffUsd = 0;
    double energyMwh = 0, energyCostUsd = 0, cloudCostUsd = 0, totalCostUsd = 0;
    double peakFacilityMw = 0;
    double gridCapMw = 0; ///< +inf when the scenario sets no cap (JSON null)
    double co2T = 0;
    double sovereignShare = 1;
    double costPerH100Hour = 0;                 ///< total cost / H100-hours served
    std::optional<double> costPerMillionTokens; ///< none without inference demand
    std::optional<double> kwhPerMillionTokens;  ///< on-prem energy; none without on-prem inference

    /// A field by its JSON / KPI metric name; nullopt for an unknown or empty field.
    std::optional<double> metric(const std::string &name) const;
};

/// Why a strategy looks the way it does in a year.
struct BindingNote {
    /// What happened, so front ends can word it in their own language.
    enum class Kind {
        CapCutPurchase,  ///< grid or budget allowed only `amount` nodes; more were needed (`limit`:
                         ///< MW or USD)
        FleetOverCap,    ///< nodes bought earlier draw more than the `limit` MW cap
        SensitiveAbroad, ///< `amount` sensitive H100-hours on a foreign cloud
    };
    int year = 0;           ///< calendar year
    std::string constraint; ///< grid, budget, sovereignty
    std::string detail;     ///< the same in English (CLI summary, JSON)
    Kind kind = Kind::CapCutPurchase;
    double amount = 0;
    double limit = 0;
};

/// Why a strategy's plan is infeasible in one year, judged with the planner's
/// tolerances (tolerances.h); front ends word it from the fields.
struct Shortfall {
    enum class Kind {
        UnmetDemand,          ///< `amount` H100-hours of demand not served
        SensitiveUnplaceable, ///< `amount` sensitive H100-hours with nowhere sovereign to run
        SensitiveAbroad,      ///< `amount` sensitive H100-hours on a foreign cloud
        OverGridCap           ///< the owned fleet draws `amount` MW, above the `limit` MW cap
    };
    int year = 0; ///< calendar year
    Kind kind = Kind::UnmetDemand;
    double amount = 0;
    double limit = 0;
    /// SensitiveUnplaceable: the constraints that, lifted, would let the work
    /// be placed ("grid", "budget"); empty when the utilization leaves no node
    /// usable hours.
    std::vector<std::string> limitedBy;
    std::string detail; ///< the same in English (CLI summary, JSON `infeasible_reasons`)
};

/// What a constraint costs a plan: re-solved without it, the plan's NPV is
/// lower by `npvSavingUsd` (only the optimal plan is re-solved).
struct ConstraintCost {
    std::string constraint;  ///< "grid", "budget" or "sovereignty"
    double npvSavingUsd = 0; ///< NPV lower by this much without the constraint
    std::vector<int> years;  ///< calendar years where the relaxed plan crosses it
    std::string detail;      ///< in English (CLI summary, JSON)
};

struct StrategyResult {
    std::string name; ///< own, lease, hybrid, optimal, robust
    double npvUsd = 0, salvageUsd = 0;
    bool feasible = true; ///< at the scenario's own figures
    /// Share of the robust plan's sampled futures in which this strategy's
    /// plan holds (no unmet demand, no sensitive hour abroad, under the cap);
    /// equal to `feasible` when no input carries a range.
    double futuresHeldShare = 1;
    std::vector<YearResult> years;
    std::vector<BindingNote> binding;
    std::vector<ConstraintCost> constraintCosts;
    std::vector<Shortfall> shortfalls; ///< empty when feasible
};

struct Percentiles {
    double p10 = 0, p50 = 0, p90 = 0, mean = 0;
};

struct TornadoBar {
    std::string key;
    double lowInput = 0, highInput = 0; ///< first-year values of the swing
    double npvAtLow = 0, npvAtHigh = 0;
    double swing() const {
        return npvAtHigh > npvAtLow ? npvAtHigh - npvAtLow : npvAtLow - npvAtHigh;
    }
};

struct StrategyUncertainty {
    std::string name;
    Percentiles npv;
    double feasibleShare = 0;        ///< share of draws with a feasible plan
    std::vector<double> npvDraws;    ///< every draw, for histograms
    std::vector<TornadoBar> tornado; ///< largest swing first
};

struct MonteCarloResult {
    int draws = 0;
    unsigned long long seed = 0;
    std::vector<std::string> uncertainKeys;
    std::vector<StrategyUncertainty> strategies; ///< own, lease, hybrid, optimal, robust
    double probOwnBeatsLease = 0;                ///< P(NPV own < NPV lease)
    double probOptimalSensitiveShortfall =
        0; ///< draws where the fixed optimal fleet sends sensitive work abroad
};

/// Why the planner recommends what it does (recommend() in planner.cpp,
/// docs/methodology.md "Recommendation"): the reasons as data, so every
/// front end words the same decision.
struct Decision {
    /// A strategy cheaper than the recommended one, and why it is not chosen.
    struct Rejected {
        std::string strategy;
        bool infeasible = false; ///< else: feasible, but holds in too few futures
        double cheaperByUsd = 0; ///< NPV below the recommended one's
        double heldShare = 0;    ///< its futuresHeldShare
    };
    /// A constraint that binds the recommended plan or the optimal one (whose
    /// re-solve measures what it costs), once, with the years it binds each.
    struct Binding {
        std::string constraint;        ///< grid, budget, sovereignty
        std::vector<int> years;        ///< where it binds the recommended plan
        std::vector<int> optimalYears; ///< where the optimal plan crosses it when lifted
        std::optional<double> optimalNpvSavingUsd; ///< what lifting it saves the optimal plan
    };
    bool targetReached = true;             ///< the choice holds in the target share
    std::vector<Rejected> cheaperRejected; ///< cheapest first
    std::string runnerUp;                  ///< next feasible strategy above, if any
    double runnerUpGapUsd = 0;             ///< its NPV above the recommended one's
    std::vector<Binding> binding;
};

struct PlanResult {
    std::string scenarioName;
    std::string region, accelerator;
    int startYear = 0, years = 0;
    std::vector<int> calendarYears;
    std::array<StrategyResult, 5> strategies; ///< own, lease, hybrid, optimal, robust
    std::string recommended;    ///< see recommend() in planner.cpp and docs/methodology.md
    std::string recommendation; ///< in numbers: cost and robustness (English)
    Decision decision;          ///< the reasons behind `recommended`
    /// The futures behind `futuresHeldShare` and the robust plan.
    int robustFutures = 0;
    double robustTargetShare = 0;
    bool robustTargetMet = true;
    std::vector<KpiResult> kpis;
    std::optional<MonteCarloResult> monteCarlo;

    const StrategyResult *strategy(const std::string &name) const;
};

inline constexpr std::array<const char *, 5> kStrategyNames = {"own", "lease", "hybrid", "optimal",
                                                               "robust"};
inline constexpr int kStrategyCount = static_cast<int>(kStrategyNames.size());

} // namespace sovereign
