#include "schedulecommand.h"

#include "clicommon.h"
#include "schedulebench.h"

#include "energy/heuristic.h"
#include "energy/jobtable.h"
#include "energy/plancheck.h"
#include "energy/schedulereport.h"
#include "energy/site.h"
#include "energy/timeseries.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

#include <cmath>
#include <cstdio>

namespace sovereign::cli {

namespace {

/// "48h", "2d", "90m" or a number of hours.
std::optional<double> parseHours(const QString &text) {
    static const QRegularExpression re("^\\s*([0-9]+(?:\\.[0-9]+)?)\\s*([hdm]?)\\s*$");
    const auto m = re.match(text);
    if (!m.hasMatch())
        return std::nullopt;
    const double v = m.captured(1).toDouble();
    const QString unit = m.captured(2);
    return unit == "d" ? v * 24 : unit == "m" ? v / 60 : v;
}

int runPlanCommand(const QStringList &args) {
    QCommandLineParser parser;
    parser.setApplicationDescription(
        "Plans when and where each job runs: the cheapest hours (energy, carbon price x CO2, "
        "cloud) that keep the deadlines, the nodes, the power cap and sovereignty.");
    parser.addHelpOption();
    parser.addPositionalArgument("plan", "The subcommand.");
    parser.addOption({"site", "The site (SITE.yaml).", "FILE"});
    parser.addOption({"jobs", "The jobs (JOBS.csv).", "FILE"});
    parser.addOption(
        {"start", "Start of the horizon, YYYY-MM-DD HH:MM (default: the first arrival).", "T"});
    parser.addOption({"horizon", "Length of the horizon: 48h (default), 2d, 90m.", "LENGTH"});
    parser.addOption({"json", "Write the plan as JSON to FILE, or - for stdout.", "FILE"});
    if (auto stop = parseCommand(parser, args))
        return *stop;
    if (!parser.isSet("site") || !parser.isSet("jobs"))
        return usageError("schedule plan: --site SITE.yaml and --jobs JOBS.csv are required");
    const auto horizonH = parseHours(parser.isSet("horizon") ? parser.value("horizon") : "48h");
    if (!horizonH || *horizonH <= 0 || *horizonH > 24 * 366)
        return usageError(
            "schedule plan: --horizon expects a length such as 48h, 2d or 90m, up to a year");
    auto site = energy::readSite(parser.value("site").toStdString());
    if (!site)
        return reportError(site.error());
    auto rows = energy::readJobsCsv(parser.value("jobs").toStdString());
    if (!rows)
        return reportError(rows.error());
    if (auto known =
            energy::checkJobPartitions(*rows, site->partitions, parser.value("jobs").toStdString());
        !known)
        return reportError(known.error());
    QDateTime start;
    if (parser.isSet("start")) {
        auto t = energy::parseNaiveTime(parser.value("start").toStdString());
        if (!t)
            return usageError("schedule plan: --start: " +
                              QString::fromStdString(t.error().message));
        start = *t;
    } else if (!rows->empty()) {
        start = rows->front().arrival;
        for (const auto &r : *rows)
            start = std::min(start, r.arrival);
        // Floor to a slot boundary, so slots fall on the clock's quarter hours.
        const qint64 slotS = qint64(site->slotMinutes) * 60;
        const qint64 secs = start.toSecsSinceEpoch();
        start = QDateTime::fromSecsSinceEpoch(secs - ((secs % slotS) + slotS) % slotS, Qt::UTC);
    } else {
        return reportError({parser.value("jobs").toStdString(), 0, 0, "no jobs to plan"});
    }
    const int slotCount = int(std::ceil(*horizonH * 60.0 / site->slotMinutes - 1e-9));
    auto aligned = energy::siteSlots(*site, start, slotCount);
    if (!aligned)
        return reportError(aligned.error());
    energy::Problem problem;
    problem.site = std::move(*aligned);
    problem.jobs = energy::jobsInSlots(*rows, start, site->slotMinutes, slotCount, {},
                                       problem.site.partitions);

    QElapsedTimer timer;
    timer.start();
    const auto plan = energy::planHeuristic(problem);
    const double solveMs = double(timer.nsecsElapsed()) / 1e6;
    // The planner's promise, checked apart from it before anything is shown.
    if (const auto breaches = energy::checkPlan(problem, plan); !breaches.empty())
        return reportError(
            {"", 0, 0, "internal error, the plan breaks a constraint: " + breaches.front()});
    const QJsonObject json = energy::planJson(problem, plan, start, site->slotMinutes, solveMs);
    if (parser.isSet("json")) {
        if (auto ok = writeOutput(parser.value("json"), QJsonDocument(json).toJson()); !ok)
            return reportError(ok.error());
        if (parser.value("json") == "-")
            return Ok;
    }
    std::printf("%zu jobs from %s over %.0f h (%d slots of %d min), planned in %.1f ms\n\n",
                problem.jobs.size(), qPrintable(start.toString("yyyy-MM-dd HH:mm")), *horizonH,
                slotCount, site->slotMinutes, solveMs);
    std::printf("%-14s %-12s %-16s %-16s %9s %8s  %s\n", "job", "place", "start", "end", "USD",
                "kg CO2", "why");
    for (const QJsonValue &v : json["jobs"].toArray()) {
        const QJsonObject j = v.toObject();
        const QJsonArray runs = j["runs"].toArray();
        const QString from = runs.isEmpty() ? "-" : runs.first()[0].toString();
        const QString to = runs.isEmpty() ? "-" : runs.last()[1].toString();
        std::printf("%-14s %-12s %-16s %-16s %9.2f %8.2f  %s%s\n", qPrintable(j["id"].toString()),
                    qPrintable(j["place"].toString()), qPrintable(from), qPrintable(to),
                    j["cost_usd"].toDouble(), j["co2_kg"].toDouble(),
                    j["deadline_met"].toBool() ? "" : "LATE: ", qPrintable(j["why"].toString()));
    }
    std::printf("\n%-26s %12s %12s %12s %10s\n", "", "cost USD", "CO2 kg", "energy kWh", "late");
    const auto line = [&](const char *name, const QJsonObject &t) {
        std::printf("%-26s %12.2f %12.2f %12.1f %10d\n", name, t["cost_usd"].toDouble(),
                    t["co2_kg"].toDouble(), t["energy_kwh"].toDouble(),
                    t["deadline_misses"].toInt());
    };
    line("this plan", json["totals"].toObject());
    line("run at once", json["baselines"]["fifo"].toObject());
    line("run at once, power-capped", json["baselines"]["fifo_capped"].toObject());
    return Ok;
}

} // namespace

int runSchedule(const QStringList &args) {
    const QString sub = args.size() > 1 ? args[1] : QString();
    if (sub == "plan")
        return runPlanCommand(args);
    if (sub == "bench")
        return runScheduleBench(args);
    return usageError(
        "schedule: expected 'schedule plan --site SITE.yaml --jobs JOBS.csv' or 'schedule bench'");
}

} // namespace sovereign::cli
