#include "benchcommand.h"

#include "clicommon.h"

#include "planner/montecarlo.h"
#include "planner/planner.h"
#include "planner/scenarioloader.h"

#include <QElapsedTimer>
#include <QFile>

#include <algorithm>
#include <cstdio>

namespace sovereign::cli {

namespace {

double medianMs(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

} // namespace

int runBench(const QStringList &args) {
    QStringList pos = args.mid(1);
    pos.removeAll("--bench");
    Result<Scenario> scenario = fail("no scenario");
    if (pos.isEmpty()) {
        QFile demo(":/sovereign/scenarios/demo.yaml");
        if (!demo.open(QIODevice::ReadOnly))
            return reportError(
                Error{"resources/scenarios/demo.yaml", 0, 0, "missing from the build"});
        scenario = loadScenarioText(demo.readAll().toStdString(), "resources/scenarios/demo.yaml",
                                    catalog());
    } else {
        scenario = loadScenarioFile(pos[0].toStdString(), catalog());
    }
    if (!scenario)
        return reportError(scenario.error());

    constexpr int kPlanRuns = 51, kMcRuns = 7, kDraws = 10'000;
    std::vector<double> planMs, mcMs;
    QElapsedTimer timer;
    int solves = 0;
    for (int i = 0; i < kPlanRuns; ++i) {
        timer.start();
        auto plan = planScenario(*scenario);
        planMs.push_back(timer.nsecsElapsed() / 1e6);
        if (!plan)
            return reportError(plan.error());
    }
    // The same plan without the robust strategy's futures: what the
    // sample-average MILP and the futures' tests cost, told apart.
    std::vector<double> deterministicMs;
    Scenario fixed = *scenario;
    for (auto &p : fixed.params)
        p.distribution.reset();
    for (int i = 0; i < kPlanRuns; ++i) {
        timer.start();
        auto plan = planScenario(fixed);
        deterministicMs.push_back(timer.nsecsElapsed() / 1e6);
        if (!plan)
            return reportError(plan.error());
    }
    {
        auto fleets = solveFixedFleets(*scenario, true, &solves);
        if (!fleets)
            return reportError(fleets.error());
        for (int i = 0; i < kMcRuns; ++i) {
            timer.start();
            auto mc = runMonteCarlo(*scenario, *fleets, kDraws, 42 + i);
            mcMs.push_back(timer.nsecsElapsed() / 1e6);
            if (!mc)
                return reportError(mc.error());
        }
    }
    std::printf("bench: scenario '%s' (%d years, %zu workloads)\n", scenario->name.c_str(),
                scenario->years, scenario->workloads.size());
    std::printf("bench: five strategies (own, lease, hybrid, optimal, robust; %d CBC solves, the "
                "robust one over %d sampled futures): median %.2f ms, min %.2f ms over %d runs\n",
                solves, scenario->robustFutures, medianMs(planMs),
                *std::min_element(planMs.begin(), planMs.end()), kPlanRuns);
    std::printf("bench:   of which the deterministic strategies (no futures): median %.2f ms, min "
                "%.2f ms (target < 50 ms); the robust plan and the futures' tests: %.2f ms\n",
                medianMs(deterministicMs),
                *std::min_element(deterministicMs.begin(), deterministicMs.end()),
                medianMs(planMs) - medianMs(deterministicMs));
    std::printf("bench: monte carlo %d draws + tornado: median %.2f ms, min %.2f ms over %d runs "
                "(target < 200 ms)\n",
                kDraws, medianMs(mcMs), *std::min_element(mcMs.begin(), mcMs.end()), kMcRuns);
    return Ok;
}

} // namespace sovereign::cli
