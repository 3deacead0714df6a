#include "energy/jobtable.h"

#include "energy/csvtable.h"
#include "energy/timeseries.h"

#include <QFile>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <limits>
#include <map>
#include <optional>

namespace sovereign::energy {

using csv::CsvRow;
using csv::parseInteger;
using csv::parseNumber;
using csv::readCsvRows;
using csv::readHeader;

namespace {

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

/// Floor and ceiling of a / b for b > 0, also for negative a.
qint64 floorDiv(qint64 a, qint64 b) {
    return a / b - ((a % b != 0) && (a < 0));
}
qint64 ceilDiv(qint64 a, qint64 b) {
    return -floorDiv(-a, b);
}

int clampToInt(qint64 v) {
    return int(
        std::clamp<qint64>(v, std::numeric_limits<int>::min(), std::numeric_limits<int>::max()));
}

} // namespace

Result<std::vector<JobRow>> readJobsCsv(const std::string &path) {
    auto rows = readCsvRows(path);
    if (!rows)
        return std::unexpected(rows.error());
    auto header = readHeader(path, rows->front(), {"id", "arrival", "duration_h", "nodes"},
                             {"power_kw", "earliest_start", "deadline", "sensitive", "preemptible",
                              "priority", "partition"});
    if (!header)
        return std::unexpected(header.error());
    const auto &columns = *header;
    const std::size_t width = rows->front().fields.size();

    std::vector<JobRow> jobs;
    std::map<std::string, int> idLines;
    for (std::size_t r = 1; r < rows->size(); ++r) {
        const CsvRow &row = (*rows)[r];
        const int line = row.line;
        if (row.fields.size() != width)
            return fail(path, line, 0,
                        "expected " + std::to_string(width) + " fields as in the header, got " +
                            std::to_string(row.fields.size()));
        // An absent optional column reads as an empty cell: its default.
        auto cell = [&](const std::string &name) -> std::string {
            const auto it = columns.find(name);
            return it == columns.end() ? std::string() : row.fields[it->second];
        };
        auto time = [&](const std::string &name) -> Result<std::optional<QDateTime>> {
            const std::string text = cell(name);
            if (text.empty())
                return std::optional<QDateTime>();
            auto t = parseNaiveTime(text);
            if (!t)
                return fail(path, line, 0,
                            name + ": expected a time YYYY-MM-DD HH:MM[:SS], got '" + text + "'");
            return std::optional<QDateTime>(*t);
        };
        auto flag = [&](const std::string &name) -> Result<bool> {
            const std::string text = lower(cell(name));
            if (text.empty() || text == "false")
                return false;
            if (text == "true")
                return true;
            return fail(path, line, 0, name + ": expected true or false, got '" + cell(name) + "'");
        };

        JobRow job;
        job.line = line;
        job.id = cell("id");
        if (job.id.empty())
            return fail(path, line, 0, "id: expected a non-empty job id");
        if (const auto [it, inserted] = idLines.emplace(job.id, line); !inserted)
            return fail(path, line, 0,
                        "id: '" + job.id + "' is already used at line " +
                            std::to_string(it->second) + "; expected unique ids");

        auto arrival = time("arrival");
        if (!arrival)
            return std::unexpected(arrival.error());
        if (!*arrival)
            return fail(path, line, 0, "arrival: expected a time YYYY-MM-DD HH:MM[:SS], got ''");
        job.arrival = **arrival;

        const auto duration = parseNumber(cell("duration_h"));
        if (!duration || *duration <= 0)
            return fail(path, line, 0,
                        "duration_h: expected hours > 0, got '" + cell("duration_h") + "'");
        job.durationH = *duration;

        const auto nodes = parseInteger(cell("nodes"));
        if (!nodes || *nodes < 1)
            return fail(path, line, 0,
                        "nodes: expected a whole number >= 1, got '" + cell("nodes") + "'");
        job.nodes = *nodes;

        if (const std::string text = cell("power_kw"); !text.empty()) {
            const auto kw = parseNumber(text);
            if (!kw || *kw < 0)
                return fail(path, line, 0,
                            "power_kw: expected kW per node >= 0 (or empty: the partition's "
                            "busy_kw), got '" +
                                text + "'");
            job.powerKw = *kw;
        }

        auto earliest = time("earliest_start");
        if (!earliest)
            return std::unexpected(earliest.error());
        job.earliestStart = *earliest;
        auto deadline = time("deadline");
        if (!deadline)
            return std::unexpected(deadline.error());
        job.deadline = *deadline;
        if (job.deadline && *job.deadline <= job.arrival)
            return fail(path, line, 0,
                        "deadline: expected a time after the arrival (" + cell("arrival") +
                            "), got '" + cell("deadline") + "'");
        // A job is not known before it arrives, so it cannot be allowed to start
        // earlier: an earliest start before the arrival is taken for a typo.
        if (job.earliestStart && *job.earliestStart < job.arrival)
            return fail(path, line, 0,
                        "earliest_start: expected a time not before the arrival (" +
                            cell("arrival") + "), got '" + cell("earliest_start") + "'");
        if (job.earliestStart && job.deadline && *job.earliestStart >= *job.deadline)
            return fail(path, line, 0,
                        "earliest_start: expected a time before the deadline (" + cell("deadline") +
                            "), got '" + cell("earliest_start") + "'");

        auto sensitive = flag("sensitive");
        if (!sensitive)
            return std::unexpected(sensitive.error());
        job.sensitive = *sensitive;
        auto preemptible = flag("preemptible");
        if (!preemptible)
            return std::unexpected(preemptible.error());
        job.preemptible = *preemptible;

        if (const std::string text = cell("priority"); !text.empty()) {
            const auto priority = parseInteger(text);
            if (!priority)
                return fail(path, line, 0,
                            "priority: expected a whole number (higher first), got '" + text + "'");
            job.priority = *priority;
        }
        job.partition = cell("partition");
        jobs.push_back(std::move(job));
    }
    return jobs;
}

Result<std::vector<JobRow>> readPaiTrace(const std::string &path, const QDateTime &origin,
                                         double timeUnitSeconds) {
    if (!(timeUnitSeconds > 0) || !std::isfinite(timeUnitSeconds))
        return fail(path, 0, 0, "the trace's time unit must be a number of seconds > 0");
    if (!origin.isValid())
        return fail(path, 0, 0, "the trace's origin is not a valid time");
    auto rows = readCsvRows(path);
    if (!rows)
        return std::unexpected(rows.error());
    auto header = readHeader(path, rows->front(), {"arrival_time", "length"}, {"cpus"});
    if (!header)
        return std::unexpected(header.error());
    const std::size_t width = rows->front().fields.size();
    const std::size_t arrivalAt = header->at("arrival_time");
    const std::size_t lengthAt = header->at("length");
    const auto cpusAt = header->find("cpus");

    std::vector<JobRow> jobs;
    jobs.reserve(rows->size() - 1);
    for (std::size_t r = 1; r < rows->size(); ++r) {
        const CsvRow &row = (*rows)[r];
        if (row.fields.size() != width)
            return fail(path, row.line, 0,
                        "expected " + std::to_string(width) + " fields as in the header, got " +
                            std::to_string(row.fields.size()));
        const auto arrival = parseNumber(row.fields[arrivalAt]);
        if (!arrival || *arrival < 0)
            return fail(path, row.line, 0,
                        "arrival_time: expected a time >= 0 since the trace's start, got '" +
                            row.fields[arrivalAt] + "'");
        const auto length = parseNumber(row.fields[lengthAt]);
        if (!length || *length <= 0)
            return fail(path, row.line, 0,
                        "length: expected a run time > 0, got '" + row.fields[lengthAt] + "'");
        JobRow job;
        job.line = row.line;
        job.id = "pai-" + std::to_string(r);
        job.arrival = origin.addMSecs(std::llround(*arrival * timeUnitSeconds * 1000.0));
        job.durationH = *length * timeUnitSeconds / 3600.0;
        job.nodes = 1;
        if (cpusAt != header->end()) {
            const auto cpus = parseNumber(row.fields[cpusAt->second]);
            if (!cpus || *cpus < 1 || *cpus != std::floor(*cpus) || *cpus > 1e6)
                return fail(path, row.line, 0,
                            "cpus: expected a whole number of CPUs >= 1, got '" +
                                row.fields[cpusAt->second] + "'");
            job.cpus = int(*cpus);
        }
        jobs.push_back(std::move(job));
    }
    return jobs;
}

std::vector<Job> jobsInSlots(const std::vector<JobRow> &rows, const QDateTime &start,
                             int slotMinutes, int slotCount, const JobDefaults &defaults,
                             const std::vector<Partition> &partitions) {
    std::vector<Job> jobs;
    if (slotMinutes < 1 || slotCount < 1 || !start.isValid())
        return jobs;
    const qint64 slotMs = qint64(slotMinutes) * 60 * 1000;
    // A time's slot: rounded up for arrivals and earliest starts (a job may
    // not run in a slot that began before it could), down for deadlines.
    auto slotUp = [&](const QDateTime &t) { return ceilDiv(start.msecsTo(t), slotMs); };
    auto slotDown = [&](const QDateTime &t) { return floorDiv(start.msecsTo(t), slotMs); };

    for (const auto &row : rows) {
        const qint64 arrival = std::max<qint64>(0, slotUp(row.arrival));
        if (arrival >= slotCount)
            continue; // arrives after the horizon
        Job job;
        job.id = row.id;
        job.arrival = int(arrival);
        job.earliest = job.arrival;
        if (row.earliestStart)
            job.earliest = clampToInt(std::max(arrival, slotUp(*row.earliestStart)));
        // Rounded up, less a hair so 0.25 h on 15-minute slots stays one slot
        // (tolerance 1e-9 of a slot, far below a second).
        const double durationSlots = row.durationH * 60.0 / slotMinutes;
        job.duration = std::max(1, int(std::ceil(durationSlots - 1e-9)));
        if (row.deadline) {
            job.deadline = clampToInt(slotDown(*row.deadline));
        } else {
            const QDateTime from = row.earliestStart ? *row.earliestStart : row.arrival;
            const qint64 slackMs =
                std::llround((row.durationH + defaults.deadlineSlackH) * 3600.0 * 1000.0);
            job.deadline = clampToInt(slotDown(from.addMSecs(slackMs)));
        }
        job.nodes = row.nodes;
        job.kwPerNode = row.powerKw;
        job.sensitive = row.sensitive;
        job.preemptible = row.preemptible;
        job.priority = row.priority;
        for (std::size_t p = 0; p < partitions.size(); ++p)
            if (!row.partition.empty() && partitions[p].name == row.partition)
                job.partition = int(p);
        jobs.push_back(std::move(job));
    }
    return jobs;
}

Result<void> checkJobPartitions(const std::vector<JobRow> &rows,
                                const std::vector<Partition> &partitions, const std::string &path) {
    for (const JobRow &row : rows) {
        if (row.partition.empty())
            continue;
        std::string names;
        bool known = false;
        for (const Partition &p : partitions) {
            known = known || p.name == row.partition;
            names += (names.empty() ? "" : ", ") + p.name;
        }
        if (!known)
            return fail(path, row.line, 0,
                        "partition: the site has no partition '" + row.partition + "' (it has " +
                            names + ")");
    }
    return {};
}

} // namespace sovereign::energy
