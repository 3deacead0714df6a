#include "planner/montecarlo.h"

#include "planner/strategies.h"

#include <QLoggingCategory>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <random>

Q_LOGGING_CATEGORY(lcMc, "sovereign.planner.mc", QtInfoMsg)

namespace sovereign {

namespace {

// Draws are processed in chunks of this many so memory stays flat for
// 100,000 draws and progress can be reported; fixed so a seed always gives
// the same numbers.
constexpr int kChunk = 4096;
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

void summarise(StrategyUncertainty &out, const std::vector<double> &npv, int feasibleCount) {
    out.npvDraws = npv;
    out.npv.p10 = percentile(npv, 10);
    out.npv.p50 = percentile(npv, 50);
    out.npv.p90 = percentile(npv, 90);
    double sum = 0;
    for (double v : npv)
        sum += v;
    out.npv.mean = npv.empty() ? 0 : sum / npv.size();
    out.feasibleShare = npv.empty() ? 0 : static_cast<double>(feasibleCount) / npv.size();
}

std::array<const FleetOutcome *, 4> outcomes(const HeuristicRuns &h, const FleetOutcome &opt) {
    return {&h.own, &h.lease, &h.hybrid, &opt};
}

} // namespace

double percentile(std::vector<double> values, double pct) {
    if (values.empty())
        return 0.0;
    std::sort(values.begin(), values.end());
    const double pos = pct / 100.0 * (values.size() - 1);
    const auto lo = static_cast<std::size_t>(std::floor(pos));
    const auto hi = std::min(values.size() - 1, lo + 1);
    return values[lo] + (pos - lo) * (values[hi] - values[lo]);
}

Result<MonteCarloResult> runMonteCarlo(const Scenario &s,
                                       const std::vector<double> &optimalNewNodes, int draws,
                                       std::uint64_t seed, Feedback *feedback) {
    if (draws < 1)
        return fail("monte carlo: expected at least 1 draw, got " + std::to_string(draws));
    MonteCarloResult mc;
    mc.draws = draws;
    mc.seed = seed;
    std::vector<int> uncertain;
    for (std::size_t i = 0; i < s.params.size(); ++i)
        if (s.params[i].distribution) {
            uncertain.push_back(static_cast<int>(i));
            mc.uncertainKeys.push_back(s.params[i].key);
        }

    std::array<std::vector<double>, 4> npv;
    std::array<int, 4> feasible{};
    int ownBeatsLease = 0, shortfall = 0;
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> unit(0.0, 1.0);

    for (int done = 0; done < draws; done += kChunk) {
        if (feedback && feedback->isCanceled())
            return fail("monte carlo: canceled");
        const int n = std::min(kChunk, draws - done);
        DrawInputs in = baseInputs(s, n);
        for (int index : uncertain) {
            const Param &p = s.params[index];
            const Distribution &d = *p.distribution;
            Eigen::ArrayXd u(n), z;
            for (int i = 0; i < n; ++i)
                u[i] = unit(rng);
            if (d.kind == Distribution::Kind::Normal) {
                Eigen::ArrayXd u2(n);
                for (int i = 0; i < n; ++i)
                    u2[i] = unit(rng);
                // Box-Muller; 1 - u keeps the logarithm finite.
                z = (-2.0 * (1.0 - u).log()).sqrt() * (2.0 * std::numbers::pi * u2).cos();
            }
            for (int y = 0; y < s.years; ++y) {
                Eigen::ArrayXd v = d.kind == Distribution::Kind::Triangular
                                       ? triangular(u, d.low[y], d.mode[y], d.high[y])
                                       : Eigen::ArrayXd(d.mean[y] + d.sd[y] * z);
                in.params[index].col(y) = clampToDomain(std::move(v), p.domain);
            }
        }
        const Demand demand = computeDemand(s, in);
        const HeuristicRuns h = runHeuristics(s, in, demand);
        const FleetOutcome opt =
            recostFixedFleet(s, in, demand, optimalNewNodes, SensitiveOverflow::ForeignCloud);
        const auto all = outcomes(h, opt);
        for (int k = 0; k < 4; ++k) {
            npv[k].insert(npv[k].end(), all[k]->npvUsd.begin(), all[k]->npvUsd.end());
            feasible[k] += static_cast<int>(all[k]->feasible.count());
        }
        ownBeatsLease += static_cast<int>((h.own.npvUsd < h.lease.npvUsd).count());
        shortfall += static_cast<int>(((opt.sensitiveForeignHours > 0.0).rowwise().any()).count());
        if (feedback)
            feedback->setProgress(100.0 * (done + n) / draws);
    }

    mc.strategies.resize(4);
    for (int k = 0; k < 4; ++k) {
        mc.strategies[k].name = kStrategyNames[k];
        summarise(mc.strategies[k], npv[k], feasible[k]);
    }
    mc.probOwnBeatsLease = static_cast<double>(ownBeatsLease) / draws;
    mc.probOptimalSensitiveShortfall = static_cast<double>(shortfall) / draws;

    // Tornado: rows 2k and 2k+1 put parameter k at its low and high end
    // (triangular: the range's ends; normal: P10 and P90), all else typical.
    const int k = static_cast<int>(uncertain.size());
    if (k > 0) {
        DrawInputs in = baseInputs(s, 2 * k);
        std::vector<std::pair<double, double>> inputs;
        for (int j = 0; j < k; ++j) {
            const Param &p = s.params[uncertain[j]];
            const Distribution &d = *p.distribution;
            for (int y = 0; y < s.years; ++y) {
                const bool tri = d.kind == Distribution::Kind::Triangular;
                Eigen::ArrayXd ends(2);
                ends << (tri ? d.low[y] : d.mean[y] - kZ90 * d.sd[y]),
                    (tri ? d.high[y] : d.mean[y] + kZ90 * d.sd[y]);
                ends = clampToDomain(ends, p.domain);
                in.params[uncertain[j]](2 * j, y) = ends[0];
                in.params[uncertain[j]](2 * j + 1, y) = ends[1];
            }
            inputs.emplace_back(in.params[uncertain[j]](2 * j, 0),
                                in.params[uncertain[j]](2 * j + 1, 0));
        }
        const Demand demand = computeDemand(s, in);
        const HeuristicRuns h = runHeuristics(s, in, demand);
        const FleetOutcome opt =
            recostFixedFleet(s, in, demand, optimalNewNodes, SensitiveOverflow::ForeignCloud);
        const auto all = outcomes(h, opt);
        for (int st = 0; st < 4; ++st) {
            auto &bars = mc.strategies[st].tornado;
            for (int j = 0; j < k; ++j)
                bars.push_back(TornadoBar{mc.uncertainKeys[j], inputs[j].first, inputs[j].second,
                                          all[st]->npvUsd[2 * j], all[st]->npvUsd[2 * j + 1]});
            std::stable_sort(
                bars.begin(), bars.end(),
                [](const TornadoBar &a, const TornadoBar &b) { return a.swing() > b.swing(); });
        }
    }
    qCDebug(lcMc) << "monte carlo:" << draws << "draws," << k << "uncertain parameters";
    return mc;
}

} // namespace sovereign
