#include "energy/gaiasetting.h"

#include "energy/csvtable.h"

#include <QSaveFile>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>

namespace sovereign::energy::gaia {

Result<std::vector<Task>> tasksFromTrace(const std::vector<JobRow> &rows, const QDateTime &origin) {
    std::vector<Task> tasks;
    tasks.reserve(rows.size());
    constexpr qint64 stepMs = kStepSeconds * 1000;
    for (const JobRow &row : rows) {
        if (row.cpus < 1)
            return fail("", row.line, 0,
                        "job " + row.id + ": GAIA's setting needs the trace's cpus column");
        Task t;
        t.id = row.id;
        // GAIA divides seconds by the step and truncates (task.py: int()).
        t.arrival = int(origin.msecsTo(row.arrival) / stepMs);
        t.length = int(std::llround(row.durationH * 3600.0 * 1000.0) / stepMs);
        t.cpus = row.cpus;
        if (t.length < 1)
            return fail("", row.line, 0, "job " + row.id + " is shorter than GAIA's 5-second step");
        tasks.push_back(std::move(t));
    }
    return tasks;
}

Result<std::vector<double>> carbonPerStep(const TimeSeries &series, const QDateTime &start,
                                          Resolution resolution) {
    // Minutes are fine enough for any published series (5 to 60 minutes).
    const bool hourly = resolution == Resolution::Hourly;
    const int slotMinutes = hourly ? 60 : 1;
    const int stepsPerSlot = slotMinutes * 60 / kStepSeconds;
    auto perSlot = valuesPerSlot(series, start, slotMinutes, kModelHours * 60 / slotMinutes);
    if (!perSlot)
        return std::unexpected(perSlot.error());
    std::vector<double> steps;
    steps.reserve(perSlot->size() * std::size_t(stepsPerSlot));
    for (double v : *perSlot)
        steps.insert(steps.end(), std::size_t(stepsPerSlot), v);
    return steps;
}

StepCarbon::StepCarbon(const std::vector<double> &gPerKwhPerStep)
    : m_prefix(gPerKwhPerStep.size() + 1, 0.0) {
    for (std::size_t t = 0; t < gPerKwhPerStep.size(); ++t)
        m_prefix[t + 1] = m_prefix[t] + gPerKwhPerStep[t];
}

double StepCarbon::grams(int cpus, int from, int to) const {
    // 1 W per CPU for one step is cpus / 1000 kW x (5 / 3600) h.
    const double kwhPerStep = cpus / 1000.0 * kStepSeconds / 3600.0;
    return kwhPerStep * (m_prefix[std::size_t(to)] - m_prefix[std::size_t(from)]);
}

Result<Problem> problemFor(const std::vector<Task> &tasks, const std::vector<double> &carbon,
                           bool suspendResume) {
    Problem p;
    SiteSlots &site = p.site;
    site.slotHours = kStepSeconds / 3600.0;
    site.slotCount = int(carbon.size());
    site.carbonGPerKwh = carbon;
    site.priceUsdPerKwh.assign(carbon.size(), 0.0);
    site.capKw.assign(carbon.size(), std::numeric_limits<double>::infinity());
    // Carbon alone decides: 1 USD per milligram keeps the smallest
    // differences (a CPU-step at an intensity 0.01 g/kWh apart) far above
    // rounding.
    site.carbonPriceUsdPerT = 1e9;
    Partition unbounded;
    unbounded.name = "gaia";
    unbounded.nodes = std::max<int>(1, int(tasks.size()));
    site.partitions.push_back(unbounded);
    for (const Task &t : tasks) {
        const int end = t.arrival + t.length + t.waitSteps();
        if (t.arrival < 0 || end > site.slotCount)
            return fail("job " + t.id + " waits until step " + std::to_string(end) +
                        ", past GAIA's " + std::to_string(kModelHours) +
                        " hours of carbon; expected every window inside them");
        Job job;
        job.id = t.id;
        job.arrival = job.earliest = t.arrival;
        job.deadline = end;
        job.duration = t.length;
        job.nodes = 1;
        job.kwPerNode = t.cpus / 1000.0;
        job.preemptible = suspendResume;
        p.jobs.push_back(std::move(job));
    }
    return p;
}

std::vector<Piece> piecesOf(const std::vector<Task> &tasks, const std::vector<Decision> &plan) {
    std::vector<Piece> pieces;
    for (std::size_t j = 0; j < tasks.size() && j < plan.size(); ++j) {
        const std::vector<int> &run = plan[j].placement.runSlots;
        for (std::size_t k = 0; k < run.size();) {
            std::size_t e = k + 1;
            while (e < run.size() && run[e] == run[e - 1] + 1)
                ++e;
            pieces.push_back({tasks[j].id, run[k], int(e - k), tasks[j].cpus});
            k = e;
        }
    }
    return pieces;
}

Result<std::vector<Piece>> readDetails(const std::string &path) {
    auto rows = csv::readCsvRows(path);
    if (!rows)
        return std::unexpected(rows.error());
    auto header = csv::readHeader(path, rows->front(), {"ID", "length", "cpus", "start_time"},
                                  {"arrival_time", "length_class", "resource_class", "carbon_cost",
                                   "dollar_cost", "waiting_time", "exit_time", "reason"});
    if (!header)
        return std::unexpected(header.error());
    const std::size_t width = rows->front().fields.size();
    std::vector<Piece> pieces;
    for (std::size_t r = 1; r < rows->size(); ++r) {
        const csv::CsvRow &row = (*rows)[r];
        if (row.fields.size() != width)
            return fail(path, row.line, 0,
                        "expected " + std::to_string(width) + " fields as in the header, got " +
                            std::to_string(row.fields.size()));
        const auto field = [&](const char *name) { return row.fields[header->at(name)]; };
        const auto number = [&](const char *name, int min) -> Result<int> {
            const auto v = csv::parseNumber(field(name));
            if (!v || *v != std::floor(*v) || *v < min || *v > 1e9)
                return fail(path, row.line, 0,
                            std::string(name) + ": expected a whole number >= " +
                                std::to_string(min) + ", got '" + field(name) + "'");
            return int(*v);
        };
        auto id = number("ID", -1);
        if (!id)
            return std::unexpected(id.error());
        if (*id < 0)
            continue; // the reserved instances' cost, not a job
        auto start = number("start_time", 0), length = number("length", 0),
             cpus = number("cpus", 0);
        for (const auto *v : {&start, &length, &cpus})
            if (!*v)
                return std::unexpected(v->error());
        // GAIA numbers trace rows from 0; readPaiTrace names them pai-1, pai-2, ...
        pieces.push_back({"pai-" + std::to_string(*id + 1), *start, *length, *cpus});
    }
    return pieces;
}

Result<double> gramsOf(const StepCarbon &carbon, const std::vector<Piece> &pieces) {
    double g = 0;
    for (const Piece &p : pieces) {
        if (p.start < 0 || p.length < 0 || p.start + p.length > carbon.steps())
            return fail("job " + p.id + " runs steps " + std::to_string(p.start) + " to " +
                        std::to_string(p.start + p.length) + ", outside the " +
                        std::to_string(carbon.steps()) + " steps of carbon");
        g += carbon.grams(p.cpus, p.start, p.start + p.length);
    }
    return g;
}

std::string checkPieces(const std::vector<Task> &tasks, const std::vector<Piece> &pieces) {
    std::map<std::string, const Task *> byId;
    for (const Task &t : tasks)
        byId[t.id] = &t;
    std::map<std::string, int> ran;
    for (const Piece &p : pieces) {
        const auto it = byId.find(p.id);
        if (it == byId.end())
            return "a piece of job " + p.id + ", which is not in the trace";
        const Task &t = *it->second;
        if (p.cpus != t.cpus)
            return "job " + p.id + " runs on " + std::to_string(p.cpus) + " CPUs, not " +
                   std::to_string(t.cpus);
        if (p.start < t.arrival || p.start + p.length > t.arrival + t.length + t.waitSteps())
            return "job " + p.id + " runs outside its window (steps " + std::to_string(t.arrival) +
                   " to " + std::to_string(t.arrival + t.length + t.waitSteps()) + ")";
        ran[p.id] += p.length;
    }
    for (const Task &t : tasks)
        if (ran[t.id] != t.length)
            return "job " + t.id + " runs " + std::to_string(ran[t.id]) + " steps of its " +
                   std::to_string(t.length);
    return {};
}

Result<void> writeTrace(const TimeSeries &series, int year, const std::string &path) {
    const QDateTime from(QDate(year, 1, 1), QTime(0, 0), Qt::UTC);
    const int hours = int(from.secsTo(from.addYears(1)) / 3600);
    auto hourly = valuesPerSlot(series, from, 60, hours);
    if (!hourly)
        return std::unexpected(hourly.error());
    QSaveFile file(QString::fromStdString(path));
    if (!file.open(QIODevice::WriteOnly))
        return fail(path, 0, 0, "cannot write: " + file.errorString().toStdString());
    QByteArray text = "datetime,carbon_intensity_avg\n";
    text.reserve(text.size() + kTracePadRows * 2 + hours * 40);
    for (int r = 0; r < kTracePadRows; ++r)
        text += ",\n";
    char value[40];
    for (int h = 0; h < hours; ++h) {
        // 17 significant digits: GAIA reads back exactly the doubles we plan with.
        std::snprintf(value, sizeof value, ",%.17g\n", (*hourly)[std::size_t(h)]);
        text += from.addSecs(qint64(h) * 3600).toString("yyyy-MM-dd HH:mm:ss").toUtf8() + value;
    }
    if (file.write(text) != text.size() || !file.commit())
        return fail(path, 0, 0, "cannot write: " + file.errorString().toStdString());
    return {};
}

} // namespace sovereign::energy::gaia
