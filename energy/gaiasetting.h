#pragma once

// GAIA's simulation setting, so the planner can be measured on it beside the
// published carbon-aware schedulers (Hanafy et al., "Going Green for Less
// Green", ASPLOS 2024; github.com/umassos/GAIA, MIT, read at commit 62a5efc:
// src/task.py, src/carbon.py, src/cluster/base_cluster.py,
// src/scheduling/*.py). The rules, as that code has them:
// - time runs in 5-second steps; a job's arrival and length are truncated to
//   whole steps;
// - carbon intensity is hourly, 720 hours (30 days) from a start hour;
// - a job shorter than 2 h may finish up to 6 h later than at once, a longer
//   one up to 24 h (its window is [arrival, arrival + length + wait));
// - no capacity limit and no power cap; a job draws 1 W per CPU, so its
//   carbon is CPUs x the sum of its steps' intensity (GAIA's unit: g CO2);
// - every job is on demand at 0.0624 USD per CPU-hour, so cost is the same
//   for every schedule.

#include "energy/heuristic.h"
#include "energy/jobtable.h"
#include "energy/problem.h"
#include "energy/timeseries.h"
#include "planner/base/error.h"

#include <QDateTime>

#include <string>
#include <vector>

namespace sovereign::energy::gaia {

constexpr int kStepSeconds = 5;
constexpr int kStepsPerHour = 3600 / kStepSeconds;
constexpr int kShortBelowSteps = 2 * kStepsPerHour; ///< shorter than this: the short queue
constexpr int kShortWaitSteps = 6 * kStepsPerHour;
constexpr int kLongWaitSteps = 24 * kStepsPerHour;
constexpr int kModelHours = 720;          ///< GAIA's carbon model: 30 days from the start
constexpr double kUsdPerCpuHour = 0.0624; ///< on demand (base_cluster.py)
constexpr int kTracePadRows = 17544;      ///< GAIA reads hour k at data row 17544 + k

/// A job as GAIA sees it, in 5-second steps.
struct Task {
    std::string id;
    int arrival = 0;
    int length = 1;
    int cpus = 1;
    int waitSteps() const { return length < kShortBelowSteps ? kShortWaitSteps : kLongWaitSteps; }
};

/// The trace's rows (readPaiTrace with `origin` as time 0) as GAIA's tasks.
/// Refuses a row without cpus, or shorter than a step.
Result<std::vector<Task>> tasksFromTrace(const std::vector<JobRow> &rows, const QDateTime &origin);

/// Which carbon the plan sees and is measured on.
enum class Resolution {
    Hourly, ///< hourly means, as GAIA's trace files hold them
    Native, ///< the series as published (each value held until the next time)
};

/// Carbon intensity (g/kWh) per step, `kModelHours` from `start`.
Result<std::vector<double>> carbonPerStep(const TimeSeries &series, const QDateTime &start,
                                          Resolution resolution);

/// GAIA's carbon for CPUs running over steps: prefix sums of the intensity.
class StepCarbon {
  public:
    explicit StepCarbon(const std::vector<double> &gPerKwhPerStep);
    /// g CO2 of `cpus` at 1 W each over steps [from, to).
    double grams(int cpus, int from, int to) const;
    int steps() const { return int(m_prefix.size()) - 1; }

  private:
    std::vector<double> m_prefix;
};

/// One stretch a task runs without a break (a whole job, or a piece of a
/// suspended one): what GAIA's details-*.csv lists, one row each.
struct Piece {
    std::string id;
    int start = 0;
    int length = 0;
    int cpus = 1;
};

/// The planner's problem for these tasks: one partition with a node per task
/// (no capacity limit), no cap, energy free and carbon priced so high that
/// the plan minimises carbon alone; each task 1 W per CPU in its window.
/// `suspendResume`: tasks may run in separate steps, as GAIA's Wait-AWhile.
/// Refuses a window that ends past the carbon's steps, as GAIA would.
Result<Problem> problemFor(const std::vector<Task> &tasks, const std::vector<double> &carbon,
                           bool suspendResume);

/// The stretches of a plan of problemFor(tasks, ...).
std::vector<Piece> piecesOf(const std::vector<Task> &tasks, const std::vector<Decision> &plan);

/// Reads GAIA's details-*.csv (columns ID, length, cpus, start_time; its
/// reserved-cost row with ID -1 skipped); a bad row is refused with file:line.
Result<std::vector<Piece>> readDetails(const std::string &path);

/// The pieces' carbon (g at 1 W per CPU). Refuses a piece outside the steps.
Result<double> gramsOf(const StepCarbon &carbon, const std::vector<Piece> &pieces);

/// Checks that the pieces run each task exactly its length inside its window
/// (what "the same waiting rule" means); an empty text when they do.
std::string checkPieces(const std::vector<Task> &tasks, const std::vector<Piece> &pieces);

/// Writes a carbon trace in GAIA's format (src/traces/NAME.csv): a header
/// `datetime,carbon_intensity_avg`, kTracePadRows empty rows, then the hourly
/// means of `series` for every hour of `year`, so GAIA's start index k is
/// hour k of that year. Written whole or not at all.
Result<void> writeTrace(const TimeSeries &series, int year, const std::string &path);

} // namespace sovereign::energy::gaia
