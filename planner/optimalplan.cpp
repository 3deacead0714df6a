#include "planner/optimalplan.h"

#include "planner/fleetmodel.h"
#include "planner/milpterms.h"
#include "planner/strategies.h"
#include "planner/tolerances.h"

#include <Cbc_C_Interface.h>

#include <QLoggingCategory>

#include <cmath>
#include <memory>
#include <sstream>

Q_LOGGING_CATEGORY(lcMilp, "sovereign.planner.milp", QtInfoMsg)

namespace sovereign {

namespace {

constexpr double kObjectiveScale = 1e-6; // the solver sees millions of USD
constexpr double kInf = 1e30;            // COIN's "no bound"

struct Relax {
    bool grid = false, budget = false, sovereignty = false;
};

struct Solution {
    std::vector<double> newNodes, cloudSensitive, unmetSensitive;
    double objective = 0; // scaled NPV (phase 2) or unmet hours (phase 1)
};

struct CbcDeleter {
    void operator()(Cbc_Model *m) const { Cbc_deleteModel(m); }
};

/// The MILP of docs/methodology.md on draw 0. Columns: n_b (nodes bought in
/// year b), then per year xs, xn (owned H100-hours, sensitive / other),
/// cs, cn (cloud H100-hours), us (unmet sensitive).
class Milp : public MilpTerms {
  public:
    Milp(const Scenario &s, const DrawInputs &in, const Demand &d) : MilpTerms(s, in, d, 0) {}

    int n(int b) const { return b; }
    int xs(int y) const { return Y + 5 * y; }
    int xn(int y) const { return Y + 5 * y + 1; }
    int cs(int y) const { return Y + 5 * y + 2; }
    int cn(int y) const { return Y + 5 * y + 3; }
    int us(int y) const { return Y + 5 * y + 4; }

    /// phase1: minimise unmet sensitive hours; otherwise minimise NPV with
    /// unmet sensitive hours capped at unmetCap.
    Result<Solution> solve(Relax relax, bool phase1, double unmetCap) const {
        std::unique_ptr<Cbc_Model, CbcDeleter> m(Cbc_newModel());
        Cbc_setLogLevel(m.get(), 0);
        Cbc_setParameter(m.get(), "log", "0");
        Cbc_setParameter(m.get(), "slog", "0");
        // CglTwomir prints "2mir_test: why does constraint not exist ?" to
        // stdout whatever the log level, and stdout is the JSON's alone.
        Cbc_setParameter(m.get(), "twoMirCuts", "off");
        Cbc_setAllowableGap(m.get(), 1e-9);
        Cbc_setAllowableFractionGap(m.get(), 1e-12);
        const bool sensitiveMayLeave = s.cloudSovereign || relax.sovereignty;
        for (int b = 0; b < Y; ++b) {
            double ub = kInf;
            if (!relax.budget && std::isfinite(budgetLimit[b]))
                ub = budgetLimit[b];
            if (!relax.grid && std::isfinite(gridLimit[b]))
                ub = std::min(ub, gridLimit[b]);
            Cbc_addCol(m.get(), ("n" + std::to_string(b)).c_str(), 0.0, std::max(0.0, ub),
                       phase1 ? 0.0 : nodeObjective[b] * kObjectiveScale, 1, 0, nullptr, nullptr);
        }
        for (int y = 0; y < Y; ++y) {
            const auto col = [&](const char *name, double ub, double cost) {
                Cbc_addCol(m.get(), (name + std::to_string(y)).c_str(), 0.0, ub,
                           phase1 ? 0.0 : cost * kObjectiveScale, 0, 0, nullptr, nullptr);
            };
            col("xs", kInf, onpremCost[y]);
            col("xn", kInf, onpremCost[y]);
            col("cs", sensitiveMayLeave ? kInf : 0.0, cloudCost[y]);
            col("cn", kInf, cloudCost[y]);
            Cbc_addCol(m.get(), ("us" + std::to_string(y)).c_str(), 0.0, S[y], phase1 ? 1.0 : 0.0,
                       0, 0, nullptr, nullptr);
        }
        std::vector<int> cols;
        std::vector<double> coefs;
        for (int y = 0; y < Y; ++y) {
            const std::string tag = std::to_string(y);
            cols = {xs(y), cs(y), us(y)};
            coefs = {1, 1, 1};
            Cbc_addRow(m.get(), ("sens" + tag).c_str(), 3, cols.data(), coefs.data(), 'E', S[y]);
            cols = {xn(y), cn(y)};
            coefs = {1, 1};
            Cbc_addRow(m.get(), ("other" + tag).c_str(), 2, cols.data(), coefs.data(), 'E', N[y]);
            cols = {xs(y), xn(y)};
            coefs = {1, 1};
            for (int b = 0; b < Y; ++b)
                if (inService(b, y)) {
                    cols.push_back(n(b));
                    coefs.push_back(-nodeHours[y]);
                }
            Cbc_addRow(m.get(), ("cap" + tag).c_str(), static_cast<int>(cols.size()), cols.data(),
                       coefs.data(), 'L', 0.0);
            if (!relax.grid && std::isfinite(gridLimit[y])) {
                cols.clear();
                coefs.clear();
                for (int b = 0; b < Y; ++b)
                    if (inService(b, y)) {
                        cols.push_back(n(b));
                        coefs.push_back(1.0);
                    }
                Cbc_addRow(m.get(), ("grid" + tag).c_str(), static_cast<int>(cols.size()),
                           cols.data(), coefs.data(), 'L', gridLimit[y]);
            }
        }
        if (!phase1) {
            cols.clear();
            coefs.clear();
            for (int y = 0; y < Y; ++y) {
                cols.push_back(us(y));
                coefs.push_back(1.0);
            }
            Cbc_addRow(m.get(), "unmet", Y, cols.data(), coefs.data(), 'L', unmetCap);
        }
        Cbc_setObjSense(m.get(), 1.0);
        Cbc_solve(m.get());
        if (!Cbc_isProvenOptimal(m.get())) {
            std::ostringstream os;
            os << "the optimal strategy could not be planned: COIN-OR CBC did not prove its MILP "
                  "optimal (status "
               << Cbc_status(m.get()) << ", secondary " << Cbc_secondaryStatus(m.get())
               << "). Every figure is within its plausible range, so this is a limit of the "
                  "solver: please report it with this scenario; meanwhile narrow the figures "
                  "that span the most orders of magnitude (workload sizes, prices)";
            return fail(s.file, 0, 0, os.str());
        }
        const double *x = Cbc_getColSolution(m.get());
        Solution sol;
        for (int y = 0; y < Y; ++y) {
            sol.newNodes.push_back(std::round(x[n(y)]));
            sol.cloudSensitive.push_back(x[cs(y)]);
            sol.unmetSensitive.push_back(x[us(y)]);
        }
        sol.objective = Cbc_getObjValue(m.get());
        return sol;
    }

    /// Whole nodes added to `nodes` so the sensitive hours left unmet in each
    /// year get owned capacity, bought as late as possible (the cheapest to
    /// carry) within the grid cap and the capex budget.
    std::vector<double> topUp(std::vector<double> nodes, const Table &unmet) const {
        for (int y = 0; y < Y; ++y) {
            if (unmet(0, y) <= kHoursTolerance || !(nodeHours[y] > 0))
                continue;
            double need = std::ceil(unmet(0, y) / nodeHours[y]);
            for (int b = y; b >= 0 && need > 0; --b) {
                if (!inService(b, y))
                    continue;
                double room = budgetLimit[b] - nodes[b];
                for (int t = b; t < Y && inService(b, t); ++t) {
                    double held = 0;
                    for (int c = 0; c < Y; ++c)
                        if (inService(c, t))
                            held += nodes[c];
                    room = std::min(room, gridLimit[t] - held);
                }
                const double add = std::min(need, std::floor(room + 1e-9));
                if (add > 0) {
                    nodes[b] += add;
                    need -= add;
                }
            }
        }
        return nodes;
    }

    /// Lexicographic: least unmet sensitive work first, then least NPV.
    Result<Solution> solveBoth(Relax relax, int &solves) const {
        double unmetCap = 0.0;
        double totalS = 0.0;
        for (double v : S)
            totalS += v;
        if (!(s.cloudSovereign || relax.sovereignty) && totalS > 0) {
            auto first = solve(relax, true, 0.0);
            ++solves;
            if (!first)
                return first;
            unmetCap = first->objective;
        }
        // A little slack so the second solve is not infeasible by rounding.
        auto second = solve(relax, false, unmetCap + 1e-7 * std::max(1.0, totalS));
        ++solves;
        return second;
    }
};

std::string hoursText(double h) {
    std::ostringstream os;
    os.precision(h < 10 ? 2 : 0);
    os << std::fixed << h;
    return os.str();
}

double sum(const std::vector<double> &v) {
    double total = 0;
    for (double x : v)
        total += x;
    return total;
}

std::vector<int> yearsWhere(int years, const auto &pred) {
    std::vector<int> out;
    for (int y = 0; y < years; ++y)
        if (pred(y))
            out.push_back(y);
    return out;
}

} // namespace

Result<OptimalPlan> planOptimal(const Scenario &s, const DrawInputs &in, const Demand &demand,
                                bool analyseConstraints) {
    const Milp milp(s, in, demand);
    const int Y = in.years;
    OptimalPlan plan;
    auto base = milp.solveBoth({}, plan.solves);
    if (!base)
        return std::unexpected(base.error());
    // The verdict comes from the exact accounting of the whole-node fleet, as
    // for every strategy; CBC's tolerances are relative to a row (about 1e-7),
    // so on a large plan a few sensitive hours can fall between what the
    // solver accepts and what the accounting counts: buy the missing node
    // where the limits allow (the lexicographic first phase says it exists).
    FleetOutcome exact = recostFixedFleet(s, in, demand, base->newNodes, SensitiveOverflow::Unmet);
    if (auto toppedUp = milp.topUp(base->newNodes, exact.unmetHours); toppedUp != base->newNodes) {
        base->newNodes = toppedUp;
        exact = recostFixedFleet(s, in, demand, base->newNodes, SensitiveOverflow::Unmet);
    }
    plan.newNodes = base->newNodes;
    plan.unmetSensitiveHours.assign(Y, 0.0);
    for (int y = 0; y < Y; ++y) {
        plan.unmetSensitiveHours[y] = exact.unmetHours(0, y);
        plan.feasible = plan.feasible && plan.unmetSensitiveHours[y] <= kHoursTolerance;
    }
    const double totalS = sum(milp.S);
    const double tol = kHoursTolerance;

    const bool hasGrid = std::any_of(milp.gridLimit.begin(), milp.gridLimit.end(),
                                     [](double v) { return std::isfinite(v); });
    const bool hasBudget = std::any_of(milp.budgetLimit.begin(), milp.budgetLimit.end(),
                                       [](double v) { return std::isfinite(v); });
    const bool hasSovereignty = !s.cloudSovereign && totalS > 0;

    auto inServiceNodes = [&](const std::vector<double> &nodes, int y) {
        double sum = 0;
        for (int b = 0; b < Y; ++b)
            if (milp.inService(b, y))
                sum += nodes[b];
        return sum;
    };

    if (!plan.feasible) {
        // Why: which constraint, when lifted, lets the sensitive work be placed.
        std::vector<std::string> causes;
        const std::pair<const char *, Relax> tries[] = {{"grid cap", {true, false, false}},
                                                        {"capex budget", {false, true, false}}};
        for (const auto &[label, relax] : tries) {
            if ((relax.grid && !hasGrid) || (relax.budget && !hasBudget))
                continue;
            auto r = milp.solve(relax, true, 0.0);
            ++plan.solves;
            if (!r)
                return std::unexpected(r.error());
            if (sum(r->unmetSensitive) < sum(plan.unmetSensitiveHours) - tol)
                causes.push_back(label);
        }
        std::string because = causes.empty() ? std::string() : "the " + causes.front();
        if (causes.size() > 1)
            because += " and the " + causes[1];
        for (int y = 0; y < Y; ++y) {
            if (plan.unmetSensitiveHours[y] <= tol)
                continue;
            Shortfall f;
            f.year = s.startYear + y;
            f.kind = Shortfall::Kind::SensitiveUnplaceable;
            f.amount = plan.unmetSensitiveHours[y];
            for (const auto &c : causes)
                f.limitedBy.push_back(c == "grid cap" ? "grid" : "budget");
            std::ostringstream os;
            os << "year " << f.year << ": " << hoursText(f.amount)
               << " sensitive H100-hours cannot be placed: "
               << (because.empty() ? std::string("no owned capacity can be added (utilization "
                                                 "leaves a node no usable hours)")
                                   : because + " limits owned capacity")
               << " and the cloud is not sovereign";
            f.detail = os.str();
            plan.shortfalls.push_back(std::move(f));
        }
        return plan;
    }

    if (!analyseConstraints)
        return plan;
    struct Family {
        const char *name;
        bool present;
        Relax relax;
    };
    const Family families[] = {{"grid", hasGrid, {true, false, false}},
                               {"budget", hasBudget, {false, true, false}},
                               {"sovereignty", hasSovereignty, {false, false, true}}};
    for (const auto &f : families) {
        if (!f.present)
            continue;
        auto r = milp.solveBoth(f.relax, plan.solves);
        if (!r)
            return std::unexpected(r.error());
        const double saving = (base->objective - r->objective) / kObjectiveScale;
        // Below this the "saving" is solver tolerance, not a constraint at work.
        if (saving <=
            std::max(kBindingMinimumUsd, 1e-6 * std::abs(base->objective / kObjectiveScale)))
            continue;
        ConstraintCost c;
        c.constraint = f.name;
        c.npvSavingUsd = saving;
        const std::string name = f.name;
        for (int y : yearsWhere(Y, [&](int y) {
                 if (name == "grid")
                     return inServiceNodes(r->newNodes, y) > milp.gridLimit[y] + 1e-9;
                 if (name == "budget")
                     return r->newNodes[y] > milp.budgetLimit[y] + 1e-9;
                 return r->cloudSensitive[y] > tol;
             }))
            c.years.push_back(s.startYear + y);
        qCDebug(lcMilp) << "constraint" << f.name << "costs" << saving << "USD of NPV";
        plan.binding.push_back(c);
    }
    return plan;
}

} // namespace sovereign
