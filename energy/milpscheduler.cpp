#include "energy/milpscheduler.h"

#include "energy/costmodel.h"

#include <Cbc_C_Interface.h>

#include <QElapsedTimer>
#include <QLoggingCategory>

#include <algorithm>
#include <cmath>
#include <memory>
#include <sstream>

Q_LOGGING_CATEGORY(lcEnergyMilp, "sovereign.energy.milp", QtInfoMsg)

namespace sovereign::energy {

namespace {

constexpr double kInf = 1e30; // COIN's "no bound"
// A start whose draw alone exceeds the cap's headroom by more than this (kW)
// is left out of the model; CBC's own row tolerance is about 1e-7.
constexpr double kCapToleranceKw = 1e-9;

struct CbcDeleter {
    void operator()(Cbc_Model *m) const { Cbc_deleteModel(m); }
};

/// One binary of the model (see planExact's comment for the formulation).
struct Column {
    enum class Kind { Start, Place, Slot };
    Kind kind = Kind::Start;
    int job = 0;
    int place = 0;
    int slot = -1; ///< Start: the first slot it runs; Slot: the slot; Place: unused
};

/// The slots a job may run in: [first, end), its deadline cut to the horizon.
struct Window {
    int first = 0;
    int end = 0;
};

Window windowOf(const SiteSlots &site, const Job &job) {
    return {std::max(0, job.earliest), std::min(job.deadline, site.slotCount)};
}

const BurstProvider &burstOf(const SiteSlots &site, int place) {
    return site.bursts[std::size_t(place) - site.partitions.size()];
}

std::string placeName(const SiteSlots &site, int place) {
    if (site.isBurst(place))
        return "burst provider '" + burstOf(site, place).name + "'";
    return "partition '" + site.partitions[std::size_t(place)].name + "'";
}

/// What the model is built from: the instance plus the derived figures every
/// column needs.
class Builder {
  public:
    explicit Builder(const Problem &problem) : problem_(problem), site_(problem.site) {
        double idleKw = 0;
        for (const Partition &p : site_.partitions)
            idleKw += p.nodes * p.idleKw;
        idleKw_ = idleKw;
        headroomKw_.resize(std::size_t(site_.slotCount));
        for (int t = 0; t < site_.slotCount; ++t)
            headroomKw_[std::size_t(t)] = site_.capKw[std::size_t(t)] - idleKw;
    }

    double idleKw() const { return idleKw_; }
    double headroomKw(int slot) const { return headroomKw_[std::size_t(slot)]; }

    /// Sovereignty and size: whether the job may use the place at all.
    bool mayUse(const Job &job, int place) const {
        if (site_.isBurst(place)) {
            const BurstProvider &b = burstOf(site_, place);
            return (b.sovereign || !job.sensitive) && job.nodes <= b.maxNodes;
        }
        return (job.partition < 0 || job.partition == place) &&
               job.nodes <= site_.partitions[std::size_t(place)].nodes;
    }

    /// Whether the job's draw alone fits under the cap in `slot` on `place`.
    bool fitsCap(const Job &job, int place, int slot) const {
        if (site_.isBurst(place) || std::isinf(headroomKw(slot)))
            return true;
        return marginalKw(site_, job, place) <= headroomKw(slot) + kCapToleranceKw;
    }

    /// Contiguous starts (time-indexed x) on this place, else slot binaries.
    bool usesStarts(const Job &job, int place) const {
        return site_.isBurst(place) || !job.preemptible;
    }

    /// The first slot a start may use on `place`: nodes on a burst are ready
    /// spinupSlots after the horizon opens.
    int firstStart(const Job &job, int place) const {
        const int first = windowOf(site_, job).first;
        return site_.isBurst(place) ? std::max(first, burstOf(site_, place).spinupSlots) : first;
    }

    /// Binaries before the power cap rules any start out: an upper bound on
    /// the model's size, cheap enough to check before building it.
    long binaryBound() const {
        long n = 0;
        for (const Job &job : problem_.jobs) {
            const Window w = windowOf(site_, job);
            for (int p = 0; p < site_.placeCount(); ++p) {
                if (!mayUse(job, p))
                    continue;
                if (usesStarts(job, p))
                    n += std::max(0, w.end - job.duration - firstStart(job, p) + 1);
                else if (w.end - w.first >= job.duration)
                    n += 1 + (w.end - w.first);
            }
        }
        return n;
    }

    bool startFits(const Job &job, int place, int start) const {
        for (int s = start; s < start + job.duration; ++s)
            if (!fitsCap(job, place, s))
                return false;
        return true;
    }

    /// Why a job has no column at all: the message of the infeasibility error.
    std::string noStartReason(const Job &job) const {
        const Window w = windowOf(site_, job);
        std::ostringstream os;
        os << "job '" << job.id << "' has no possible start: ";
        if (w.end - w.first < job.duration) {
            os << "it needs " << job.duration << " slots between slot " << w.first
               << " (its earliest) and slot " << w.end;
            if (job.deadline > site_.slotCount)
                os << " (the end of the " << site_.slotCount << "-slot horizon)";
            else
                os << " (its deadline)";
            return os.str();
        }
        if (site_.placeCount() == 0)
            return os.str() + "the site has no partition and no burst provider";
        std::vector<std::string> why;
        for (int p = 0; p < site_.placeCount(); ++p) {
            std::ostringstream r;
            r << placeName(site_, p);
            if (site_.isBurst(p)) {
                const BurstProvider &b = burstOf(site_, p);
                if (!b.sovereign && job.sensitive)
                    r << " is not sovereign and the job is sensitive";
                else if (job.nodes > b.maxNodes)
                    r << " lends at most " << b.maxNodes << " nodes and the job needs "
                      << job.nodes;
                else
                    r << " has its nodes ready from slot " << b.spinupSlots
                      << ", too late for the job's " << job.duration << " slots before slot "
                      << w.end;
            } else {
                const Partition &part = site_.partitions[std::size_t(p)];
                if (job.partition >= 0 && job.partition != p)
                    r << " is not the partition the job needs";
                else if (job.nodes > part.nodes)
                    r << " has " << part.nodes << " nodes and the job needs " << job.nodes;
                else
                    r << ": the job's draw (" << marginalKw(site_, job, p)
                      << " kW above idle) does not fit under the power cap in enough slots";
            }
            why.push_back(r.str());
        }
        for (std::size_t i = 0; i < why.size(); ++i)
            os << (i ? "; " : "") << why[i];
        return os.str();
    }

  private:
    const Problem &problem_;
    const SiteSlots &site_;
    double idleKw_ = 0;
    std::vector<double> headroomKw_;
};

/// The model in COIN's column-major form, built column by column.
struct Matrix {
    std::vector<Column> columns;
    std::vector<double> cost;
    std::vector<CoinBigIndex> start{0};
    std::vector<int> index;
    std::vector<double> value;
    std::vector<double> rowLower, rowUpper;

    int addRow(double lower, double upper) {
        rowLower.push_back(lower);
        rowUpper.push_back(upper);
        return int(rowLower.size()) - 1;
    }
    void add(int row, double coef) {
        index.push_back(row);
        value.push_back(coef);
    }
    void endColumn(Column c, double costUsd) {
        columns.push_back(c);
        cost.push_back(costUsd);
        start.push_back(CoinBigIndex(index.size()));
    }
};

/// Empty when `v` has a value per slot, else what is wrong.
std::string seriesProblem(const std::string &name, const std::vector<double> &v, int slotCount) {
    if (v.size() >= std::size_t(std::max(0, slotCount)))
        return {};
    return "site: " + name + " has " + std::to_string(v.size()) + " values for " +
           std::to_string(slotCount) + " slots";
}

/// Empty when the instance can be modelled, else what is wrong with it.
std::string checkInput(const Problem &problem, const MilpOptions &options) {
    const SiteSlots &site = problem.site;
    std::vector<std::string> issues = {
        seriesProblem("priceUsdPerKwh", site.priceUsdPerKwh, site.slotCount),
        seriesProblem("carbonGPerKwh", site.carbonGPerKwh, site.slotCount),
        seriesProblem("capKw", site.capKw, site.slotCount)};
    for (const BurstProvider &b : site.bursts)
        issues.push_back(seriesProblem("burst provider '" + b.name + "' carbonGPerKwh",
                                       b.carbonGPerKwh, site.slotCount));
    for (const Job &job : problem.jobs)
        if (job.duration < 1 || job.nodes < 1)
            issues.push_back(
                "job '" + job.id + "': duration and nodes must be at least 1 (duration " +
                std::to_string(job.duration) + ", nodes " + std::to_string(job.nodes) + ")");
    if (!(options.timeLimitS > 0))
        issues.push_back("the MILP's time limit must be positive (it is " +
                         std::to_string(options.timeLimitS) + " s)");
    for (const std::string &issue : issues)
        if (!issue.empty())
            return issue;
    return {};
}

} // namespace

// The time-indexed MILP. For job j and a place p it may use (owned partitions
// with room for its nodes, only the one it names if it names one; bursts when
// sovereign or the job is not sensitive):
// - x[j,p,t] = "starts at t" for non-preemptible jobs and every job on a burst,
//   t >= earliest (>= spinupSlots on a burst), t + duration <= min(deadline,
//   slots); cost: placementCost of slots t..t+d-1 (spin-up included);
// - preemptible jobs on owned partitions: z[j,p] (the chosen place) and
//   y[j,p,t] (runs in slot t), sum_t y = d z, y <= z; cost of y: slotCost;
// - each job exactly one place/start: sum x + sum z = 1;
// - per slot: nodes running on a partition <= its nodes, on a burst <= its
//   maxNodes, and the owned jobs' marginalKw <= cap - every node's idle draw.
// Minimising the sum of marginalUsd. Starts whose draw alone breaks the cap
// are left out, so a job with no start at all is named in the error.
Result<MilpResult> planExact(const Problem &problem, const MilpOptions &options) {
    if (std::string bad = checkInput(problem, options); !bad.empty())
        return fail(bad);
    const SiteSlots &site = problem.site;
    const Builder builder(problem);
    for (int t = 0; t < site.slotCount; ++t)
        if (builder.headroomKw(t) < -kCapToleranceKw) {
            std::ostringstream os;
            os << "no plan keeps the power cap: the site's idle draw (" << builder.idleKw()
               << " kW) exceeds the cap (" << site.capKw[std::size_t(t)] << " kW) in slot " << t;
            return fail(os.str());
        }
    if (problem.jobs.empty())
        return MilpResult{{}, 0.0, true};
    if (const long bound = builder.binaryBound(); bound > options.maxBinaries) {
        std::ostringstream os;
        os << "the exact scheduler's model would have up to " << bound
           << " binaries (jobs x places x slots), above its limit of " << options.maxBinaries
           << ": plan this instance with the heuristic, or with fewer jobs or a shorter horizon";
        return fail(os.str());
    }

    const int J = int(problem.jobs.size());
    const int P = site.placeCount();
    Matrix m;
    for (int j = 0; j < J; ++j)
        m.addRow(1.0, 1.0); // one place/start per job
    const auto capacityRow = [&](int slot, int place) { return J + slot * P + place; };
    for (int t = 0; t < site.slotCount; ++t)
        for (int p = 0; p < P; ++p)
            m.addRow(-kInf, site.isBurst(p) ? burstOf(site, p).maxNodes
                                            : site.partitions[std::size_t(p)].nodes);
    std::vector<int> powerRow(std::size_t(site.slotCount), -1);
    for (int t = 0; t < site.slotCount; ++t)
        if (!std::isinf(builder.headroomKw(t)))
            powerRow[std::size_t(t)] = m.addRow(-kInf, builder.headroomKw(t));
    // A running slot's rows: node capacity, and the cap on owned partitions.
    const auto running = [&](const Job &job, int p, int slot) {
        m.add(capacityRow(slot, p), job.nodes);
        if (!site.isBurst(p) && powerRow[std::size_t(slot)] >= 0)
            m.add(powerRow[std::size_t(slot)], marginalKw(site, job, p));
    };

    for (int j = 0; j < J; ++j) {
        const Job &job = problem.jobs[std::size_t(j)];
        const Window w = windowOf(site, job);
        const std::size_t before = m.columns.size();
        for (int p = 0; p < P; ++p) {
            if (!builder.mayUse(job, p))
                continue;
            if (builder.usesStarts(job, p)) {
                for (int t = builder.firstStart(job, p); t + job.duration <= w.end; ++t) {
                    if (!builder.startFits(job, p, t))
                        continue;
                    Placement pl{p, {}};
                    m.add(j, 1.0);
                    for (int s = t; s < t + job.duration; ++s) {
                        pl.runSlots.push_back(s);
                        running(job, p, s);
                    }
                    m.endColumn({Column::Kind::Start, j, p, t},
                                placementCost(site, job, pl).marginalUsd);
                }
                continue;
            }
            std::vector<int> usable;
            for (int t = w.first; t < w.end; ++t)
                if (builder.fitsCap(job, p, t))
                    usable.push_back(t);
            if (int(usable.size()) < job.duration)
                continue;
            // z: in the job's row, -d in sum_t y - d z = 0, -1 in each y - z <= 0.
            const int link = m.addRow(0.0, 0.0);
            const int firstBound = int(m.rowLower.size());
            for (std::size_t i = 0; i < usable.size(); ++i)
                m.addRow(-kInf, 0.0);
            m.add(j, 1.0);
            m.add(link, -job.duration);
            for (std::size_t i = 0; i < usable.size(); ++i)
                m.add(firstBound + int(i), -1.0);
            m.endColumn({Column::Kind::Place, j, p, -1}, 0.0);
            for (std::size_t i = 0; i < usable.size(); ++i) {
                m.add(link, 1.0);
                m.add(firstBound + int(i), 1.0);
                running(job, p, usable[i]);
                m.endColumn({Column::Kind::Slot, j, p, usable[i]},
                            slotCost(site, job, p, usable[i]).marginalUsd);
            }
        }
        if (m.columns.size() == before)
            return fail("no plan meets every deadline: " + builder.noStartReason(job));
    }

    const int cols = int(m.columns.size());
    const int rows = int(m.rowLower.size());
    std::unique_ptr<Cbc_Model, CbcDeleter> model(Cbc_newModel());
    Cbc_Model *cbc = model.get();
    Cbc_setLogLevel(cbc, 0);
    Cbc_setParameter(cbc, "log", "0");
    Cbc_setParameter(cbc, "slog", "0");
    // CglTwomir can print to stdout whatever the log level (planner/optimalplan.cpp).
    Cbc_setParameter(cbc, "twoMirCuts", "off");
    Cbc_setAllowableGap(cbc, 1e-9);
    Cbc_setAllowableFractionGap(cbc, 1e-7);
    Cbc_setMaximumSeconds(cbc, options.timeLimitS);
    const std::vector<double> lower(std::size_t(cols), 0.0), upper(std::size_t(cols), 1.0);
    Cbc_loadProblem(cbc, cols, rows, m.start.data(), m.index.data(), m.value.data(), lower.data(),
                    upper.data(), m.cost.data(), m.rowLower.data(), m.rowUpper.data());
    for (int c = 0; c < cols; ++c)
        Cbc_setInteger(cbc, c);
    Cbc_setObjSense(cbc, 1.0);
    if (options.start && options.start->size() == problem.jobs.size() &&
        std::all_of(options.start->begin(), options.start->end(),
                    [](const Decision &d) { return d.deadlineMet && d.placement.place >= 0; })) {
        // The start plan as a value for every column.
        const auto &plan = *options.start;
        std::vector<int> indices(static_cast<std::size_t>(cols));
        std::vector<double> values(std::size_t(cols), 0.0);
        for (int c = 0; c < cols; ++c) {
            indices[std::size_t(c)] = c;
            const Column &col = m.columns[std::size_t(c)];
            const Placement &p = plan[std::size_t(col.job)].placement;
            if (p.place != col.place || p.runSlots.empty())
                continue;
            const bool on = col.kind == Column::Kind::Place ||
                            (col.kind == Column::Kind::Start && p.runSlots.front() == col.slot) ||
                            (col.kind == Column::Kind::Slot &&
                             std::binary_search(p.runSlots.begin(), p.runSlots.end(), col.slot));
            values[std::size_t(c)] = on ? 1.0 : 0.0;
        }
        Cbc_setMIPStartI(cbc, cols, indices.data(), values.data());
    }
    QElapsedTimer timer;
    timer.start();
    Cbc_solve(cbc);
    const double seconds = timer.nsecsElapsed() / 1e9;
    const bool optimal = Cbc_isProvenOptimal(cbc) != 0;
    qCDebug(lcEnergyMilp) << J << "jobs," << cols << "binaries," << rows << "rows,"
                          << m.index.size() << "non-zeros: status" << Cbc_status(cbc) << "secondary"
                          << Cbc_secondaryStatus(cbc) << "optimal" << optimal << "objective"
                          << Cbc_getObjValue(cbc) << "bound" << Cbc_getBestPossibleObjValue(cbc)
                          << "in" << seconds << "s";

    const double *x = Cbc_bestSolution(cbc);
    if (Cbc_isProvenInfeasible(cbc) || (!x && optimal)) {
        std::ostringstream os;
        os << "no plan meets every deadline: each of the " << J
           << " jobs can start somewhere on its own, but node capacity and the power cap do "
              "not let them all run by their deadlines within the "
           << site.slotCount << "-slot horizon";
        return fail(os.str());
    }
    if (!x) {
        std::ostringstream os;
        os << "the exact scheduler found no plan within its time limit of " << options.timeLimitS
           << " s (CBC status " << Cbc_status(cbc) << ", secondary " << Cbc_secondaryStatus(cbc)
           << "): allow more time, or plan this instance with the heuristic";
        return fail(os.str());
    }

    MilpResult result;
    result.optimal = optimal;
    result.plan.resize(std::size_t(J));
    std::vector<int> chosen(std::size_t(J), -1); // z's place, for preemptible jobs
    for (int c = 0; c < cols; ++c)
        if (x[c] > 0.5 && m.columns[std::size_t(c)].kind == Column::Kind::Place)
            chosen[std::size_t(m.columns[std::size_t(c)].job)] = m.columns[std::size_t(c)].place;
    for (int c = 0; c < cols; ++c) {
        if (!(x[c] > 0.5))
            continue;
        const Column &col = m.columns[std::size_t(c)];
        Placement &pl = result.plan[std::size_t(col.job)].placement;
        const Job &job = problem.jobs[std::size_t(col.job)];
        if (col.kind == Column::Kind::Start) {
            pl.place = col.place;
            for (int s = col.slot; s < col.slot + job.duration; ++s)
                pl.runSlots.push_back(s);
        } else if (col.kind == Column::Kind::Slot && chosen[std::size_t(col.job)] == col.place) {
            pl.place = col.place;
            pl.runSlots.push_back(col.slot);
        }
    }
    for (int j = 0; j < J; ++j) {
        const Job &job = problem.jobs[std::size_t(j)];
        Decision &d = result.plan[std::size_t(j)];
        std::sort(d.placement.runSlots.begin(), d.placement.runSlots.end());
        // The rows forbid anything else; this guards the decoding, not CBC.
        if (d.placement.place < 0 || int(d.placement.runSlots.size()) != job.duration)
            return fail("the exact scheduler decoded " +
                        std::to_string(d.placement.runSlots.size()) + " slots for job '" + job.id +
                        "' (duration " + std::to_string(job.duration) +
                        "): CBC's solution breaks its own model; please report this instance");
        d.deadlineMet = true;
        result.objectiveUsd += placementCost(site, job, d.placement).marginalUsd;
    }
    return result;
}

} // namespace sovereign::energy
