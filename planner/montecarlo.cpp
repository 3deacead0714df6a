#include "planner/montecarlo.h"

#include "planner/futures.h"

#include "planner/strategies.h"

#include <QLoggingCategory>

#include <algorithm>
#include <array>
#include <cmath>
#include <functional>
#include <numbers>
#include <random>

Q_LOGGING_CATEGORY(lcMc, "sovereign.planner.mc", QtInfoMsg)

namespace sovereign {

namespace {

constexpr int kMaxChunkRows = 4096; // enough rows to amortise the per-table overhead
constexpr int kChunkRowStep = 64;   // whole SIMD packets and cache lines per column
// draws x years tables alive at once while a chunk is evaluated: the 21 fixed
// parameters, one workload's figures (at most 6), demand (4), the four
// strategies' outcomes (17 each), sizing (2 plus flags) and evaluateFleet's
// temporaries (about 15); counted from strategies.cpp and fleetmodel.cpp and
// rounded up. bench/mc_memory.py checks the bound this gives (30 years x 200
// workloads: about 24 MiB above the plan for a 32 MiB budget).
constexpr int kTablesPerChunkRow = 128;
constexpr double kZ90 = 1.2815515655446004; // standard normal quantile at 0.9

Eigen::ArrayXd clampToDomain(Eigen::ArrayXd v, Domain domain) {
    switch (domain) {
    case Domain::Any:
        return v;
    case Domain::NonNegative:
        return v.max(0.0);
    case Domain::Positive:
        return v.max(1e-12);
    case Domain::Fraction:
        return v.max(0.0).min(1.0);
    }
    return v;
}

/// Triangular inverse CDF, coefficient-wise on u in [0, 1).
Eigen::ArrayXd triangular(const Eigen::ArrayXd &u, double a, double c, double b) {
    if (b <= a)
        return Eigen::ArrayXd::Constant(u.size(), a);
    const double fc = (c - a) / (b - a);
    const Eigen::ArrayXd left = a + (u * (b - a) * (c - a)).sqrt();
    const Eigen::ArrayXd right = b - ((1.0 - u) * (b - a) * (b - c)).sqrt();
    return (u < fc).select(left, right);
}

/// Parameter `index`'s own random stream: seeded from (seed, index) alone, so
/// a draw's values depend neither on the chunk it falls in nor on which other
/// parameters carry a range.
std::mt19937_64 paramStream(std::uint64_t seed, int index) {
    std::seed_seq seq{static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32),
                      static_cast<std::uint32_t>(index)};
    return std::mt19937_64(seq);
}

/// The next `rows` draws of `p` from its stream, into `out` (rows x years):
/// one number per draw (triangular) or two (normal), taken draw by draw.
void drawParam(const Param &p, std::mt19937_64 &rng, int rows, int years, Table &out) {
    const Distribution &d = *p.distribution;
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    const bool tri = d.kind == Distribution::Kind::Triangular;
    Eigen::ArrayXd q(rows); // the draw's uniform quantile (triangular) or standard normal
    for (int i = 0; i < rows; ++i) {
        if (tri) {
            q[i] = unit(rng);
            continue;
        }
        const double u1 = unit(rng);
        const double u2 = unit(rng);
        // Box-Muller draw by draw with std::log: Eigen's vectorised log differs
        // from std::log in the last bit, and which one a draw got would depend on
        // its place in a SIMD packet, i.e. on the chunk size. 1 - u1 keeps the
        // logarithm finite.
        q[i] = std::sqrt(-2.0 * std::log(1.0 - u1)) * std::cos(2.0 * std::numbers::pi * u2);
    }
    out.resize(rows, years);
    for (int y = 0; y < years; ++y)
        out.col(y) = clampToDomain(tri ? triangular(q, d.low[y], d.mode[y], d.high[y])
                                       : Eigen::ArrayXd(d.mean[y] + d.sd[y] * q),
                                   p.domain);
}

/// A parameter's low and high end in year y for the tornado (triangular: the
/// range's ends; normal: P10 and P90), clamped to its domain.
std::pair<double, double> tornadoEnds(const Param &p, int y) {
    const Distribution &d = *p.distribution;
    const bool tri = d.kind == Distribution::Kind::Triangular;
    Eigen::ArrayXd ends(2);
    ends << (tri ? d.low[y] : d.mean[y] - kZ90 * d.sd[y]),
        (tri ? d.high[y] : d.mean[y] + kZ90 * d.sd[y]);
    ends = clampToDomain(ends, p.domain);
    return {ends[0], ends[1]};
}

/// Parameter `index`'s scenario values repeated for `rows` rows.
void fillTypical(const Scenario &s, int index, int rows, Table &out) {
    Eigen::Map<const Eigen::ArrayXd> row(s.params[index].values.data(), s.years);
    out = row.transpose().replicate(rows, 1);
}

/// Writes parameter `index` as a rows x years table for one chunk.
using FillParam = std::function<void(int index, Table &out)>;

struct ChunkRuns {
    HeuristicRuns heuristics;
    FleetOutcome optimal, robust;
};

/// Every strategy over `rows` rows whose inputs `fill` writes. Only the fixed
/// parameters and one workload's figures exist as tables at a time: workload
/// figures feed demand alone, so they are built, added and dropped one workload
/// after another (with 200 workloads, holding them all took a gigabyte).
ChunkRuns evaluateChunk(const Scenario &s, const FixedFleets &fleets, int rows,
                        const FillParam &fill) {
    DrawInputs in;
    in.draws = rows;
    in.years = s.years;
    in.params.resize(s.params.size()); // workload entries stay empty: see above
    for (int i = 0; i < kFixedParams; ++i)
        fill(i, in.params[i]);
    Demand demand = zeroDemand(rows, s.years);
    std::array<Table, kWorkloadParams> figures; // reused: same size each workload
    for (const Workload &w : s.workloads)
        addWorkloadDemand(demand, w, [&](W f) -> const Table & {
            Table &t = figures[static_cast<int>(f)];
            fill(w.firstParam + static_cast<int>(f), t);
            return t;
        });
    ChunkRuns runs{runHeuristics(s, in, demand), {}, {}};
    runs.optimal = recostFixedFleet(s, in, demand, fleets.optimal, SensitiveOverflow::ForeignCloud);
    runs.robust = recostFixedFleet(s, in, demand, fleets.robust, SensitiveOverflow::ForeignCloud);
    return runs;
}

double sortedPercentile(const std::vector<double> &sorted, double pct) {
    if (sorted.empty())
        return 0.0;
    const double pos = pct / 100.0 * (sorted.size() - 1);
    const auto lo = static_cast<std::size_t>(std::floor(pos));
    const auto hi = std::min(sorted.size() - 1, lo + 1);
    return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
}

void summarise(StrategyUncertainty &out, std::vector<double> npv, int feasibleCount) {
    std::vector<double> sorted = npv;
    std::sort(sorted.begin(), sorted.end());
    out.npv.p10 = sortedPercentile(sorted, 10);
    out.npv.p50 = sortedPercentile(sorted, 50);
    out.npv.p90 = sortedPercentile(sorted, 90);
    double sum = 0;
    for (double v : npv) // in draw order, as before sorting
        sum += v;
    out.npv.mean = npv.empty() ? 0 : sum / npv.size();
    out.feasibleShare = npv.empty() ? 0 : static_cast<double>(feasibleCount) / npv.size();
    out.npvDraws = std::move(npv);
}

std::array<const FleetOutcome *, kStrategyCount> outcomes(const ChunkRuns &r) {
    return {&r.heuristics.own, &r.heuristics.lease, &r.heuristics.hybrid, &r.optimal, &r.robust};
}

} // namespace

double percentile(std::vector<double> values, double pct) {
    std::sort(values.begin(), values.end());
    return sortedPercentile(values, pct);
}

DrawInputs sampleFutures(const Scenario &s, int draws, std::uint64_t seed) {
    DrawInputs in;
    in.draws = draws;
    in.years = s.years;
    in.params.resize(s.params.size());
    for (std::size_t i = 0; i < s.params.size(); ++i) {
        const int index = static_cast<int>(i);
        if (s.params[i].distribution) {
            auto stream = paramStream(seed, index);
            drawParam(s.params[i], stream, draws, s.years, in.params[i]);
        } else {
            fillTypical(s, index, draws, in.params[i]);
        }
    }
    return in;
}

bool hasUncertainty(const Scenario &s) {
    return std::any_of(s.params.begin(), s.params.end(),
                       [](const Param &p) { return p.distribution.has_value(); });
}

int monteCarloChunkRows(const Scenario &s) {
    const std::size_t bytesPerRow =
        sizeof(double) * kTablesPerChunkRow * static_cast<std::size_t>(std::max(1, s.years));
    const auto fit =
        static_cast<int>(std::min<std::size_t>(kMaxChunkRows, kMonteCarloChunkBytes / bytesPerRow));
    return std::max(kChunkRowStep, fit / kChunkRowStep * kChunkRowStep);
}

Result<MonteCarloResult> runMonteCarlo(const Scenario &s, const FixedFleets &fleets, int draws,
                                       std::uint64_t seed, Feedback *feedback, int chunkRows) {
    if (draws < 1)
        return fail("monte carlo: expected at least 1 draw, got " + std::to_string(draws));
    const int chunk = chunkRows > 0 ? chunkRows : monteCarloChunkRows(s);
    MonteCarloResult mc;
    mc.draws = draws;
    mc.seed = seed;
    std::vector<int> uncertain;                 // parameter indices with a range
    std::vector<int> slot(s.params.size(), -1); // parameter index -> place in `uncertain`
    std::vector<std::mt19937_64> streams;       // one per uncertain parameter
    for (std::size_t i = 0; i < s.params.size(); ++i)
        if (s.params[i].distribution) {
            slot[i] = static_cast<int>(uncertain.size());
            uncertain.push_back(static_cast<int>(i));
            mc.uncertainKeys.push_back(s.params[i].key);
            streams.push_back(paramStream(seed, static_cast<int>(i)));
        }
    const int k = static_cast<int>(uncertain.size());
    // Progress counts draws and tornado rows alike.
    const double work = static_cast<double>(draws) + 2.0 * k;
    auto progress = [&](double rowsDone) {
        if (feedback)
            feedback->setProgress(100.0 * rowsDone / work);
    };

    std::array<std::vector<double>, kStrategyCount> npv; // kept whole for the histograms
    for (auto &v : npv)
        v.reserve(draws);
    std::array<int, kStrategyCount> feasible{};
    int ownBeatsLease = 0, shortfall = 0;
    for (int first = 0; first < draws; first += chunk) {
        if (feedback && feedback->isCanceled())
            return fail("monte carlo: canceled");
        const int n = std::min(chunk, draws - first);
        const ChunkRuns runs = evaluateChunk(s, fleets, n, [&](int index, Table &out) {
            if (slot[index] >= 0)
                drawParam(s.params[index], streams[slot[index]], n, s.years, out);
            else
                fillTypical(s, index, n, out);
        });
        const auto all = outcomes(runs);
        for (int st = 0; st < kStrategyCount; ++st) {
            npv[st].insert(npv[st].end(), all[st]->npvUsd.begin(), all[st]->npvUsd.end());
            feasible[st] += static_cast<int>(all[st]->feasible.count());
        }
        ownBeatsLease +=
            static_cast<int>((runs.heuristics.own.npvUsd < runs.heuristics.lease.npvUsd).count());
        shortfall +=
            static_cast<int>(((runs.optimal.sensitiveForeignHours > 0.0).rowwise().any()).count());
        progress(first + n);
    }

    mc.strategies.resize(kStrategyCount);
    for (int st = 0; st < kStrategyCount; ++st) {
        mc.strategies[st].name = kStrategyNames[st];
        summarise(mc.strategies[st], std::move(npv[st]), feasible[st]);
    }
    mc.probOwnBeatsLease = static_cast<double>(ownBeatsLease) / draws;
    mc.probOptimalSensitiveShortfall = static_cast<double>(shortfall) / draws;

    // Tornado: rows 2j and 2j+1 put uncertain parameter j at its low and high
    // end, all else typical; in chunks too, as 2k rows of 200 workloads' worth
    // of tables would take as much memory as the draws once did.
    std::array<std::vector<double>, kStrategyCount> tornadoNpv;
    for (int first = 0; first < 2 * k; first += chunk) {
        if (feedback && feedback->isCanceled())
            return fail("monte carlo: canceled");
        const int n = std::min(chunk, 2 * k - first);
        const ChunkRuns runs = evaluateChunk(s, fleets, n, [&](int index, Table &out) {
            fillTypical(s, index, n, out);
            const int j = slot[index];
            if (j < 0)
                return;
            for (int row = std::max(first, 2 * j); row < std::min(first + n, 2 * j + 2); ++row)
                for (int y = 0; y < s.years; ++y) {
                    const auto [low, high] = tornadoEnds(s.params[index], y);
                    out(row - first, y) = row == 2 * j ? low : high;
                }
        });
        const auto all = outcomes(runs);
        for (int st = 0; st < kStrategyCount; ++st)
            tornadoNpv[st].insert(tornadoNpv[st].end(), all[st]->npvUsd.begin(),
                                  all[st]->npvUsd.end());
        progress(draws + first + n);
    }
    for (int st = 0; st < kStrategyCount && k > 0; ++st) {
        auto &bars = mc.strategies[st].tornado;
        for (int j = 0; j < k; ++j) {
            const auto [low, high] = tornadoEnds(s.params[uncertain[j]], 0);
            bars.push_back(TornadoBar{mc.uncertainKeys[j], low, high, tornadoNpv[st][2 * j],
                                      tornadoNpv[st][2 * j + 1]});
        }
        std::stable_sort(bars.begin(), bars.end(), [](const TornadoBar &a, const TornadoBar &b) {
            return a.swing() > b.swing();
        });
    }
    qCDebug(lcMc) << "monte carlo:" << draws << "draws," << k << "uncertain parameters, chunks of"
                  << chunk;
    return mc;
}

} // namespace sovereign
