#include "schedulebench.h"

#include "clicommon.h"
#include "schedulegaia.h"

#include "energy/costmodel.h"
#include "energy/heuristic.h"
#include "energy/jobtable.h"
#include "energy/milpscheduler.h"
#include "energy/plancheck.h"
#include "energy/schedulereport.h"
#include "energy/site.h"

#include <QElapsedTimer>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <random>

namespace sovereign::cli {

namespace {

// The bundled defaults (resources/energy, embedded in the CLI).
const char *kBenchSite = ":/energy/site-bench.yaml";
const char *kTrace = ":/energy/pai_100k.csv";

double marginal(const energy::Problem &p, const std::vector<energy::Decision> &plan) {
    double usd = 0;
    for (std::size_t j = 0; j < plan.size(); ++j)
        usd += energy::placementCost(p.site, p.jobs[j], plan[j].placement).marginalUsd;
    return usd;
}

} // namespace

int runScheduleBench(const QStringList &args) {
    QCommandLineParser parser;
    parser.setApplicationDescription(
        "Plans a week of real prices and carbon with the Alibaba PAI jobs of that week (more weeks "
        "folded in up to --jobs-count), beside running every job at once, capped and not; then the "
        "heuristic against the exact MILP on 100-job instances.");
    parser.addHelpOption();
    parser.addPositionalArgument("bench", "The subcommand.");
    parser.addOption(
        {"site", "The site (default: the bundled resources/energy/site-bench.yaml).", "FILE"});
    parser.addOption({"jobs", "JOBS.csv instead of the PAI trace.", "FILE"});
    parser.addOption({"week", "The week's first day (default 2020-06-01).", "DATE"});
    parser.addOption({"weeks",
                      "Weeks of the trace to fold into the week (default: as many as "
                      "--jobs-count needs).",
                      "N"});
    parser.addOption({"jobs-count", "Jobs to plan (default 10000).", "N"});
    parser.addOption({"seed", "Seed for the deferrable share and slack (default 1).", "S"});
    parser.addOption(
        {"milp-instances", "100-job instances to solve exactly (default 3; 0: none).", "K"});
    addGaiaOptions(parser);
    if (auto stop = parseCommand(parser, args))
        return *stop;
    if (parser.isSet("gaia") || parser.isSet("write-gaia-traces"))
        return runGaiaBench(parser);
    bool ok = true;
    const int want = parser.isSet("jobs-count") ? parser.value("jobs-count").toInt(&ok) : 10000;
    if (!ok || want < 1)
        return usageError("schedule bench: --jobs-count expects a whole number of at least 1");
    const int seed = parser.isSet("seed") ? parser.value("seed").toInt(&ok) : 1;
    if (!ok)
        return usageError("schedule bench: --seed expects a whole number");
    const int milpInstances =
        parser.isSet("milp-instances") ? parser.value("milp-instances").toInt(&ok) : 3;
    if (!ok || milpInstances < 0)
        return usageError("schedule bench: --milp-instances expects a whole number");
    int weeksLimit = 0;
    if (parser.isSet("weeks")) {
        weeksLimit = parser.value("weeks").toInt(&ok);
        if (!ok || weeksLimit < 1 || weeksLimit > 52)
            return usageError("schedule bench: --weeks expects 1 to 52");
    }
    auto weekStart = energy::parseNaiveTime(
        (parser.isSet("week") ? parser.value("week") : "2020-06-01").toStdString() + " 00:00");
    if (!weekStart)
        return usageError("schedule bench: --week expects YYYY-MM-DD");

    const std::string sitePath =
        parser.isSet("site") ? parser.value("site").toStdString() : kBenchSite;
    auto site = energy::readSite(sitePath);
    if (!site)
        return reportError(site.error());
    const QDateTime origin(QDate(2020, 1, 1), QTime(0, 0), Qt::UTC);
    auto rows = parser.isSet("jobs") ? energy::readJobsCsv(parser.value("jobs").toStdString())
                                     : energy::readPaiTrace(kTrace, origin, 3600.0);
    if (!rows)
        return reportError(rows.error());

    // Fold: the jobs of week w after the chosen one arrive w weeks earlier,
    // until there are enough; then keep the first `want` by arrival.
    const qint64 weekS = 7 * 24 * 3600;
    std::vector<energy::JobRow> week;
    int weeksUsed = 0;
    for (int w = 0; w < 52 && int(week.size()) < want && (weeksLimit == 0 || w < weeksLimit); ++w) {
        const QDateTime from = weekStart->addSecs(w * weekS), to = from.addSecs(weekS);
        for (const auto &r : *rows)
            if (r.arrival >= from && r.arrival < to) {
                energy::JobRow folded = r;
                folded.arrival = r.arrival.addSecs(-w * weekS);
                folded.earliestStart.reset();
                folded.deadline.reset();
                week.push_back(std::move(folded));
            }
        weeksUsed = w + 1;
    }
    std::stable_sort(week.begin(), week.end(),
                     [](const auto &a, const auto &b) { return a.arrival < b.arrival; });
    if (int(week.size()) > want)
        week.resize(std::size_t(want));
    // 70 % deferrable with 4-24 h of slack, the rest due when they would end
    // if started at once, plus half an hour: room for rounding to slots
    // (seeded).
    std::mt19937_64 rng{std::uint64_t(seed)};
    std::uniform_real_distribution<double> u(0.0, 1.0);
    int deferrable = 0;
    for (auto &r : week) {
        const bool defer = u(rng) < 0.7;
        const double slackH = defer ? 4.0 + 20.0 * u(rng) : 0.5;
        deferrable += defer ? 1 : 0;
        r.deadline = r.arrival.addSecs(qint64(std::llround((r.durationH + slackH) * 3600.0)));
    }
    // The week, plus room for the longest job to finish.
    double longestH = 0;
    for (const auto &r : week)
        longestH = std::max(longestH, r.durationH);
    const int slotCount = int(std::ceil((7 * 24 + longestH + 24) * 60.0 / site->slotMinutes));
    auto aligned = energy::siteSlots(*site, *weekStart, slotCount);
    if (!aligned)
        return reportError(aligned.error());
    energy::Problem problem;
    problem.site = std::move(*aligned);
    problem.jobs = energy::jobsInSlots(week, *weekStart, site->slotMinutes, slotCount, {},
                                       problem.site.partitions);

    std::printf("%zu jobs (%d deferrable, 4-24 h slack, seed %d) from %d week(s) of %s folded into "
                "the week of %s;\n"
                "%d slots of %d min; site %s\n\n",
                problem.jobs.size(), deferrable, seed, weeksUsed,
                parser.isSet("jobs") ? qPrintable(parser.value("jobs"))
                                     : "Alibaba PAI (GAIA's pai_100k)",
                qPrintable(weekStart->toString("yyyy-MM-dd")), slotCount, site->slotMinutes,
                sitePath.c_str());
    QElapsedTimer timer;
    const auto time = [&](auto &&plan) {
        timer.restart();
        auto result = plan();
        return std::pair(std::move(result), double(timer.nsecsElapsed()) / 1e6);
    };
    const auto [heuristic, heuristicMs] = time([&] { return energy::planHeuristic(problem); });
    const auto [fifo, fifoMs] = time([&] { return energy::planAtOnce(problem, false); });
    const auto [capped, cappedMs] = time([&] { return energy::planAtOnce(problem, true); });
    if (const auto breaches = energy::checkPlan(problem, heuristic); !breaches.empty())
        return reportError({"", 0, 0, "the plan breaks a constraint: " + breaches.front()});
    std::printf("%-28s %12s %12s %8s %8s %10s\n", "", "cost USD", "CO2 kg", "late", "bursts",
                "plan ms");
    const auto line = [&](const char *name, const std::vector<energy::Decision> &plan, double ms) {
        const energy::PlanTotals t = energy::planTotals(problem, plan);
        std::printf("%-28s %12.0f %12.0f %8d %8d %10.1f\n", name, t.costUsd, t.co2Kg,
                    t.deadlineMisses, t.bursts, ms);
        return t;
    };
    const auto ours = line("energy-aware (heuristic)", heuristic, heuristicMs);
    line("run at once (FIFO)", fifo, fifoMs);
    const auto base = line("run at once, power-capped", capped, cappedMs);
    std::printf("\nagainst running at once under the cap: %.1f %% less cost, %.1f %% less CO2\n",
                100.0 * (base.costUsd - ours.costUsd) / base.costUsd,
                100.0 * (base.co2Kg - ours.co2Kg) / base.co2Kg);
    if (milpInstances == 0)
        return Ok;

    // The heuristic against the optimum: 100 consecutive jobs of the week
    // on a site scaled to them (a tenth of the nodes, cap and cloud), 48 h.
    std::printf("\nheuristic against the exact MILP (100 jobs, 48 h, 10 s limit each):\n");
    for (int k = 0; k < milpInstances; ++k) {
        const std::size_t first =
            std::size_t(k) * problem.jobs.size() / std::size_t(std::max(1, milpInstances));
        energy::Problem small;
        small.site = problem.site;
        const int span = (48 + 24) * 60 / site->slotMinutes; // 48 h of arrivals and a day to finish
        small.site.slotCount = span;
        const auto shrink = [&](auto &v) { v.resize(std::size_t(span)); };
        shrink(small.site.priceUsdPerKwh);
        shrink(small.site.carbonGPerKwh);
        shrink(small.site.capKw);
        for (auto &b : small.site.bursts)
            shrink(b.carbonGPerKwh);
        for (auto &p : small.site.partitions)
            p.nodes = std::max(1, p.nodes / 10);
        for (double &c : small.site.capKw)
            c /= 10;
        for (auto &b : small.site.bursts)
            b.maxNodes = std::max(1, b.maxNodes / 10);
        const int offset = problem.jobs[first].earliest;
        for (std::size_t j = first; j < problem.jobs.size() && small.jobs.size() < 100; ++j) {
            energy::Job job = problem.jobs[j];
            job.arrival -= offset;
            job.earliest -= offset;
            job.deadline = std::min(job.deadline - offset, span);
            if (job.earliest + job.duration > job.deadline)
                continue; // cannot fit the shortened horizon
            small.jobs.push_back(job);
        }
        small.site.priceUsdPerKwh.assign(problem.site.priceUsdPerKwh.begin() + offset,
                                         problem.site.priceUsdPerKwh.begin() + offset + span);
        small.site.carbonGPerKwh.assign(problem.site.carbonGPerKwh.begin() + offset,
                                        problem.site.carbonGPerKwh.begin() + offset + span);
        for (std::size_t b = 0; b < small.site.bursts.size(); ++b)
            small.site.bursts[b].carbonGPerKwh.assign(
                problem.site.bursts[b].carbonGPerKwh.begin() + offset,
                problem.site.bursts[b].carbonGPerKwh.begin() + offset + span);
        const auto [plan, ms] = time([&] { return energy::planHeuristic(small); });
        energy::MilpOptions options;
        options.timeLimitS = 10;
        options.start = &plan; // CBC starts from the heuristic's plan
        timer.restart();
        auto exact = energy::planExact(small, options);
        const double milpMs = double(timer.nsecsElapsed()) / 1e6;
        if (!exact) {
            std::printf("  instance %d (%zu jobs): no exact plan: %s\n", k + 1, small.jobs.size(),
                        exact.error().message.c_str());
            continue;
        }
        const double h = marginal(small, plan), e = exact->objectiveUsd;
        std::printf("  instance %d (%zu jobs): heuristic %.2f USD in %.1f ms, MILP %.2f USD in "
                    "%.0f ms%s: gap %.2f %%\n",
                    k + 1, small.jobs.size(), h, ms, e, milpMs,
                    exact->optimal ? " (optimal)" : " (time limit)",
                    100.0 * (h - e) / std::max(1e-9, std::abs(e)));
    }
    return Ok;
}

} // namespace sovereign::cli
