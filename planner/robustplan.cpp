#include "planner/robustplan.h"

#include "planner/fleetmodel.h"
#include "planner/milpterms.h"
#include "planner/strategies.h"

#include <Cbc_C_Interface.h>

#include <QLoggingCategory>

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <sstream>

Q_LOGGING_CATEGORY(lcRobust, "sovereign.planner.robust", QtInfoMsg)

namespace sovereign {

namespace {

constexpr double kObjectiveScale = 1e-6; // the solver sees millions of USD, as for optimal
constexpr double kInf = 1e30;            // COIN's "no bound"
// A sample-average MILP over hundreds of futures can take CBC long to close
// its last fraction of a percent; past this it keeps its best schedule and says so.
constexpr double kMaxSeconds = 5.0;
// Past this many nodes bought in a year, whole-node branching costs CBC far
// more than it is worth (one node in a thousand): the schedule is then the
// sample-average LP's, rounded up.
constexpr double kWholeNodesUpTo = 1000.0;

struct CbcDeleter {
    void operator()(Cbc_Model *m) const { Cbc_deleteModel(m); }
};

/// Nodes in service each future needs in each year for its sensitive work
/// (H100-hours over what a node delivers); +inf when a node delivers nothing.
std::vector<std::vector<double>> requiredNodes(const std::vector<MilpTerms> &futures) {
    std::vector<std::vector<double>> out;
    for (const auto &f : futures) {
        std::vector<double> r(f.Y, 0.0);
        for (int y = 0; y < f.Y; ++y)
            if (f.S[y] > 0)
                r[y] = f.nodeHours[y] > 0 ? std::ceil(f.S[y] / f.nodeHours[y] - 1e-9)
                                          : std::numeric_limits<double>::infinity();
        out.push_back(std::move(r));
    }
    return out;
}

/// The futures to keep whole, easiest first: a future's difficulty is its
/// largest need relative to the typical future's, year by year. One draw moves
/// every year of a parameter to the same quantile, so futures that are hard in
/// one year are hard in the others, and this order is the natural one.
std::vector<int> easiestFirst(const std::vector<std::vector<double>> &need,
                              const std::vector<double> &typical) {
    std::vector<double> difficulty;
    for (const auto &r : need) {
        double d = 0;
        for (std::size_t y = 0; y < r.size(); ++y)
            d = std::max(d, r[y] / std::max(1.0, typical[y]));
        difficulty.push_back(d);
    }
    std::vector<int> order(need.size());
    for (std::size_t k = 0; k < order.size(); ++k)
        order[k] = static_cast<int>(k);
    std::stable_sort(order.begin(), order.end(),
                     [&](int a, int b) { return difficulty[a] < difficulty[b]; });
    return order;
}

/// Columns: n_b (shared by every future), then per future k and year y
/// xs, xn (owned H100-hours, sensitive / other) and cs, cn (cloud).
class SampleAverageMilp {
  public:
    SampleAverageMilp(const Scenario &s, const MilpTerms &limits, std::vector<MilpTerms> futures)
        : s(s), limits(limits), F(std::move(futures)), K(static_cast<int>(F.size())), Y(limits.Y) {}

    int n(int b) const { return b; }
    int col(int k, int y, int j) const { return Y + (k * Y + y) * 4 + j; } // j: xs xn cs cn

    /// Whether some schedule within the grid cap and the budget keeps `floor`
    /// nodes in service each year: a MILP of the purchases alone.
    bool reachable(const std::vector<double> &floor) const {
        std::unique_ptr<Cbc_Model, CbcDeleter> m(model());
        Cbc_setMaximumSeconds(m.get(), kMaxSeconds);
        addPurchases(m.get(), false, true);
        addFloors(m.get(), floor);
        Cbc_solve(m.get());
        return Cbc_isProvenOptimal(m.get()) || Cbc_numberSavedSolutions(m.get()) > 0;
    }

    /// The least expected NPV with `floor` nodes in service each year; in
    /// the futures in `whole`, no sensitive hour leaves (unless the cloud is
    /// sovereign); in the others, sensitive work that does not fit goes to
    /// cloud at its price, as the Monte Carlo counts it.
    Result<std::vector<double>> solve(const std::vector<double> &floor,
                                      const std::vector<bool> &whole, bool integer,
                                      bool &proven) const {
        std::unique_ptr<Cbc_Model, CbcDeleter> m(model());
        Cbc_setAllowableFractionGap(m.get(), 1e-6);
        Cbc_setMaximumSeconds(m.get(), kMaxSeconds);
        addPurchases(m.get(), true, integer);
        const double w = kObjectiveScale / K; // the average over futures
        for (int k = 0; k < K; ++k)
            for (int y = 0; y < Y; ++y) {
                const MilpTerms &f = F[k];
                const double on = f.onpremCost[y] * w, cloud = f.cloudCost[y] * w;
                const std::string tag = std::to_string(k) + "_" + std::to_string(y);
                const double sensitiveCloud = s.cloudSovereign || !whole[k] ? kInf : 0.0;
                Cbc_addCol(m.get(), ("xs" + tag).c_str(), 0.0, kInf, on, 0, 0, nullptr, nullptr);
                Cbc_addCol(m.get(), ("xn" + tag).c_str(), 0.0, kInf, on, 0, 0, nullptr, nullptr);
                Cbc_addCol(m.get(), ("cs" + tag).c_str(), 0.0, sensitiveCloud, cloud, 0, 0, nullptr,
                           nullptr);
                Cbc_addCol(m.get(), ("cn" + tag).c_str(), 0.0, kInf, cloud, 0, 0, nullptr, nullptr);
            }
        addFloors(m.get(), floor);
        std::vector<int> cols;
        std::vector<double> coefs;
        for (int k = 0; k < K; ++k) {
            const MilpTerms &f = F[k];
            for (int y = 0; y < Y; ++y) {
                const std::string tag = std::to_string(k) + "_" + std::to_string(y);
                cols = {col(k, y, 0), col(k, y, 2)};
                coefs = {1, 1};
                Cbc_addRow(m.get(), ("sens" + tag).c_str(), 2, cols.data(), coefs.data(), 'E',
                           f.S[y]);
                cols = {col(k, y, 1), col(k, y, 3)};
                Cbc_addRow(m.get(), ("other" + tag).c_str(), 2, cols.data(), coefs.data(), 'E',
                           f.N[y]);
                cols = {col(k, y, 0), col(k, y, 1)};
                coefs = {1, 1};
                for (int b = 0; b < Y; ++b)
                    if (limits.inService(b, y)) {
                        cols.push_back(n(b));
                        coefs.push_back(-f.nodeHours[y]);
                    }
                Cbc_addRow(m.get(), ("cap" + tag).c_str(), static_cast<int>(cols.size()),
                           cols.data(), coefs.data(), 'L', 0.0);
            }
        }
        Cbc_setObjSense(m.get(), 1.0);
        Cbc_solve(m.get());
        proven = Cbc_isProvenOptimal(m.get());
        // A time limit with a schedule in hand is an answer (said so); anything else is not.
        if (!proven &&
            !(Cbc_isSecondsLimitReached(m.get()) && Cbc_numberSavedSolutions(m.get()) > 0)) {
            std::ostringstream os;
            os << "the robust strategy could not be planned: COIN-OR CBC did not solve its "
                  "sample-average MILP (status "
               << Cbc_status(m.get()) << ", secondary " << Cbc_secondaryStatus(m.get())
               << "); please report it with this scenario, and lower robust.futures meanwhile";
            return fail(s.file, 0, 0, os.str());
        }
        const double *x = Cbc_getColSolution(m.get());
        std::vector<double> nodes;
        for (int b = 0; b < Y; ++b)
            nodes.push_back(integer ? std::round(x[n(b)]) : x[n(b)]);
        return nodes;
    }

    /// Whole nodes from the LP's schedule: rounded up (floors stay met), then
    /// trimmed from the latest purchases wherever that breaks a year's
    /// purchase bound or the grid cap.
    std::vector<double> roundUp(std::vector<double> nodes) const {
        for (int b = 0; b < Y; ++b) {
            nodes[b] = std::max(0.0, std::ceil(nodes[b] - 1e-6));
            if (std::isfinite(limits.budgetLimit[b]))
                nodes[b] = std::min(nodes[b], limits.budgetLimit[b]);
        }
        for (int y = 0; y < Y; ++y) {
            if (!std::isfinite(limits.gridLimit[y]))
                continue;
            double held = 0;
            for (int b = 0; b < Y; ++b)
                if (limits.inService(b, y))
                    held += nodes[b];
            for (int b = y; b >= 0 && held > limits.gridLimit[y]; --b)
                if (limits.inService(b, y)) {
                    const double cut = std::min(nodes[b], held - limits.gridLimit[y]);
                    nodes[b] -= cut;
                    held -= cut;
                }
        }
        return nodes;
    }

    const Scenario &s;
    const MilpTerms &limits;
    std::vector<MilpTerms> F;
    int K, Y;

  private:
    static Cbc_Model *model() {
        Cbc_Model *m = Cbc_newModel();
        Cbc_setLogLevel(m, 0);
        Cbc_setParameter(m, "log", "0");
        Cbc_setParameter(m, "slog", "0");
        // CglTwomir prints to stdout whatever the log level (see optimalplan.cpp).
        Cbc_setParameter(m, "twoMirCuts", "off");
        return m;
    }

    void addPurchases(Cbc_Model *m, bool costed, bool integer) const {
        for (int b = 0; b < Y; ++b) {
            double ub = kInf;
            if (std::isfinite(limits.budgetLimit[b]))
                ub = limits.budgetLimit[b];
            if (std::isfinite(limits.gridLimit[b]))
                ub = std::min(ub, limits.gridLimit[b]);
            double cost = 0;
            for (const auto &f : F)
                cost += f.nodeObjective[b];
            Cbc_addCol(m, ("n" + std::to_string(b)).c_str(), 0.0, std::max(0.0, ub),
                       costed ? cost * kObjectiveScale / K : 0.0, integer ? 1 : 0, 0, nullptr,
                       nullptr);
        }
    }

    /// In-service rows: at least floor[y] nodes (the futures kept whole need
    /// them), at most the grid cap's.
    void addFloors(Cbc_Model *m, const std::vector<double> &floor) const {
        for (int y = 0; y < Y; ++y) {
            std::vector<int> cols;
            std::vector<double> coefs;
            for (int b = 0; b < Y; ++b)
                if (limits.inService(b, y)) {
                    cols.push_back(n(b));
                    coefs.push_back(1.0);
                }
            const auto size = static_cast<int>(cols.size());
            if (floor[y] > 0)
                Cbc_addRow(m, ("floor" + std::to_string(y)).c_str(), size, cols.data(),
                           coefs.data(), 'G', floor[y]);
            if (std::isfinite(limits.gridLimit[y]))
                Cbc_addRow(m, ("grid" + std::to_string(y)).c_str(), size, cols.data(), coefs.data(),
                           'L', limits.gridLimit[y]);
        }
    }
};

} // namespace

Result<RobustPlan> planRobust(const Scenario &s, const DrawInputs &base, const Demand &baseDemand,
                              const DrawInputs &futures, const Demand &futureDemand,
                              double targetShare) {
    const MilpTerms limits(s, base, baseDemand, 0);
    std::vector<MilpTerms> terms;
    terms.reserve(futures.draws);
    for (int k = 0; k < futures.draws; ++k)
        terms.emplace_back(s, futures, futureDemand, k);
    const int K = futures.draws, Y = limits.Y;
    const auto need = requiredNodes(terms);
    const auto typical = requiredNodes({limits}).front();
    const std::vector<int> order = easiestFirst(need, typical);
    const SampleAverageMilp milp(s, limits, std::move(terms));
    RobustPlan plan;
    plan.futures = K;
    plan.targetShare = targetShare;

    // Keep the m easiest futures whole: the floor is what the hardest of them
    // needs in each year. With a sovereign cloud (or no sensitive work) no
    // future needs owned nodes, and the schedule is the cheapest on average.
    const bool anyNeed =
        !s.cloudSovereign && std::any_of(need.begin(), need.end(), [](const auto &r) {
            return std::any_of(r.begin(), r.end(), [](double v) { return v > 0; });
        });
    const auto floorFor = [&](int m) {
        std::vector<double> floor(Y, 0.0);
        for (int i = 0; i < m && anyNeed; ++i)
            for (int y = 0; y < Y; ++y)
                floor[y] = std::max(floor[y], need[order[i]][y]);
        return floor;
    };
    const auto reachable = [&](int m) {
        const auto floor = floorFor(m);
        return std::all_of(floor.begin(), floor.end(), [](double v) { return std::isfinite(v); }) &&
               milp.reachable(floor);
    };
    int m = anyNeed ? static_cast<int>(std::ceil(targetShare * K - 1e-9)) : 0;
    if (m > 0 && !reachable(m)) {
        // The grid cap or the budget cannot keep that many futures whole: the
        // most that can be (reachability only grows as m shrinks).
        plan.targetMet = false;
        int lo = 0, hi = m - 1;
        while (lo < hi) {
            const int mid = (lo + hi + 1) / 2;
            ++plan.solves;
            if (reachable(mid))
                lo = mid;
            else
                hi = mid - 1;
        }
        m = lo;
    }
    std::vector<bool> whole(K, false);
    for (int i = 0; i < m; ++i)
        whole[order[i]] = true;
    bool proven = true;
    const auto floor = floorFor(m);
    // The LP first: it says whether whole nodes are worth branching on.
    auto nodes = milp.solve(floor, whole, false, proven);
    ++plan.solves;
    if (!nodes)
        return std::unexpected(nodes.error());
    if (*std::max_element(nodes->begin(), nodes->end()) <= kWholeNodesUpTo) {
        nodes = milp.solve(floor, whole, true, proven);
        ++plan.solves;
        if (!nodes)
            return std::unexpected(nodes.error());
    } else {
        nodes = milp.roundUp(*nodes);
    }
    plan.newNodes = *nodes;
    plan.provenOptimal = proven;
    const FleetOutcome exact =
        recostFixedFleet(s, futures, futureDemand, plan.newNodes, SensitiveOverflow::ForeignCloud);
    plan.heldShare = static_cast<double>(exact.feasible.count()) / K;
    qCDebug(lcRobust) << "robust plan over" << K << "futures keeps" << m << "whole, holds in"
                      << plan.heldShare << "of them; proven optimal:" << proven;
    return plan;
}

} // namespace sovereign
