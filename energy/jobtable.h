#pragma once

#include "energy/problem.h"
#include "planner/base/error.h"

#include <QDateTime>

#include <optional>
#include <string>
#include <vector>

namespace sovereign::energy {

/// One row of JOBS.csv, in the file's times.
struct JobRow {
    int line = 0;
    std::string id;
    QDateTime arrival;
    double durationH = 0;
    int nodes = 1;
    int cpus = 0;       ///< a trace's `cpus` column (0: not given); JOBS.csv has none
    double powerKw = 0; ///< per node; 0: the partition's busy_kw
    std::optional<QDateTime> earliestStart;
    std::optional<QDateTime> deadline;
    bool sensitive = false;
    bool preemptible = false;
    int priority = 0;
    std::string partition; ///< the owned partition it needs; empty: any
};

/// JOBS.csv: header `id,arrival,duration_h,nodes,power_kw,earliest_start,
/// deadline,sensitive,preemptible` (+ optional `priority`, `partition`); times
/// `YYYY-MM-DD HH:MM[:SS]`, booleans true|false, earliest_start and deadline
/// may be empty. Every bad row is refused with file:line and what was
/// expected; ids must be unique. Columns are found by header name (any
/// order); id, arrival, duration_h and nodes are required, an unknown column is
/// refused, an empty optional cell takes its default. earliest_start may not
/// be before the arrival and must be before the deadline; the deadline must be
/// after the arrival.
Result<std::vector<JobRow>> readJobsCsv(const std::string &path);

/// A GAIA/Alibaba PAI trace (`arrival_time,length,cpus`, times in units of
/// `timeUnitSeconds`: 1 for pai_1k.csv, 3600 for pai_100k.csv; GAIA,
/// github.com/umassos/GAIA, from Alibaba's cluster-trace-gpu-v2020). Row n
/// (1-based, after the header) becomes job "pai-n" arriving at origin +
/// arrival_time, running `length`, on one node, with no window of its own
/// (JobDefaults apply); `cpus`, when the trace has it, is kept in JobRow::cpus
/// (GAIA's setting prices and powers jobs by it). A bad row is refused with file:line.
Result<std::vector<JobRow>> readPaiTrace(const std::string &path, const QDateTime &origin,
                                         double timeUnitSeconds);

/// What a job without its own window gets.
struct JobDefaults {
    /// deadline = earliest start (the arrival, when none is given) + duration + this
    double deadlineSlackH = 24;
};

/// Jobs in slots of the horizon [start, start + slotCount x slotMinutes): arrival
/// and earliest start rounded up to a slot, the deadline down, the duration up.
/// Jobs arriving after the horizon are left out; a deadline beyond the
/// horizon is kept (the planner still must finish within the horizon).
/// `partitions` resolves each row's `partition` name to its index (see
/// checkJobPartitions).
std::vector<Job> jobsInSlots(const std::vector<JobRow> &rows, const QDateTime &start,
                             int slotMinutes, int slotCount, const JobDefaults &defaults = {},
                             const std::vector<Partition> &partitions = {});

/// Refuses (file:line) a job that names a partition the site does not have.
Result<void> checkJobPartitions(const std::vector<JobRow> &rows,
                                const std::vector<Partition> &partitions, const std::string &path);

} // namespace sovereign::energy
