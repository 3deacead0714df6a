#include "schedulegaia.h"

#include "clicommon.h"

#include "energy/gaiasetting.h"
#include "energy/heuristic.h"
#include "energy/jobtable.h"
#include "energy/plancheck.h"
#include "energy/timeseries.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cmath>
#include <cstdio>
#include <optional>

namespace sovereign::cli {

namespace {

namespace gaia = energy::gaia;

constexpr int kYear = 2020; // the bundled series' year

struct Zone {
    const char *name;
    const char *file; ///< under :/energy
    const char *step; ///< as published
};
const Zone kZones[] = {{"DE", "ger_ci_2020.csv", "15 min"},
                       {"GB", "gb_ci_2020.csv", "30 min"},
                       {"FR", "fr_ci_2020.csv", "30 min"}};

/// GAIA's policies as its src/run.py names them (README table, figure8-9.sh).
struct Policy {
    const char *label;
    const char *schedulingPolicy;
    const char *carbonPolicy;
    const char *waiting;
};
const Policy kPolicies[] = {
    {"GAIA run at once", "carbon", "oracle", "0x0"},
    {"GAIA Lowest-Window", "carbon", "waiting", "6x24"},
    {"GAIA Carbon-Time", "carbon", "cst_average", "6x24"},
    {"GAIA Lowest-Window*", "carbon", "oracle", "6x24"},
    {"GAIA Carbon-Time*", "carbon", "cst_oracle", "6x24"},
    {"GAIA Wait-AWhile", "suspend-resume", "oracle", "6x24"},
};

QString traceName(const Zone &z) {
    return QString("%1-%2").arg(z.name).arg(kYear);
}

/// One schedule, measured on both carbon series.
struct Row {
    std::string name;
    double hourlyG = 0, nativeG = 0;
    int pieces = 0;
    double planMs = -1; ///< < 0: not ours
};

Result<energy::TimeSeries> zoneSeries(const Zone &z) {
    return energy::readTimeSeriesCsv(std::string(":/energy/") + z.file, "Carbon Intensity");
}

int writeTraces(const QString &dir) {
    if (!QDir().mkpath(dir))
        return reportError({dir.toStdString(), 0, 0, "cannot create the folder"});
    for (const Zone &z : kZones) {
        auto series = zoneSeries(z);
        if (!series)
            return reportError(series.error());
        const QString path = QDir(dir).filePath(traceName(z) + ".csv");
        if (auto written = gaia::writeTrace(*series, kYear, path.toStdString()); !written)
            return reportError(written.error());
        std::printf("wrote %s (hourly means of %s, %d padding rows: GAIA's -i k is hour k of %d)\n",
                    qPrintable(path), z.file, gaia::kTracePadRows, kYear);
    }
    return Ok;
}

} // namespace

void addGaiaOptions(QCommandLineParser &parser) {
    parser.addOption({"gaia",
                      "GAIA's setting (pai_1k, hourly carbon, waits of 6 h / 24 h, no capacity "
                      "limit) instead of the site's week; see docs/scheduler.md."});
    parser.addOption({"zone", "With --gaia: DE, GB or FR (default: all three).", "Z"});
    parser.addOption(
        {"start-hour", "With --gaia: GAIA's start index, an hour of 2020 (default 7000).", "H"});
    parser.addOption(
        {"trace", "With --gaia: the job trace (default: the bundled pai_1k.csv).", "FILE"});
    parser.addOption({"gaia-results",
                      "With --gaia: GAIA's results/simulation/pai_1k folder; its schedules are "
                      "measured beside ours.",
                      "DIR"});
    parser.addOption({"write-gaia-traces",
                      "Writes DE-2020.csv, GB-2020.csv and FR-2020.csv in GAIA's trace format "
                      "into DIR, and stops.",
                      "DIR"});
    parser.addOption(
        {"json", "With --gaia: the figures as JSON too (- for stdout, the table then on stderr).",
         "FILE"});
}

int runGaiaBench(const QCommandLineParser &parser) {
    if (parser.isSet("write-gaia-traces"))
        return writeTraces(parser.value("write-gaia-traces"));
    // With --json -, stdout carries the JSON alone and the table goes to stderr.
    FILE *text = parser.value("json") == "-" ? stderr : stdout;
    bool ok = true;
    const int startHour = parser.isSet("start-hour") ? parser.value("start-hour").toInt(&ok) : 7000;
    const QDateTime yearStart(QDate(kYear, 1, 1), QTime(0, 0), Qt::UTC);
    const int lastStart = int(yearStart.secsTo(yearStart.addYears(1)) / 3600) - gaia::kModelHours;
    if (!ok || startHour < 0 || startHour > lastStart)
        return usageError(QString("schedule bench: --start-hour expects 0 to %1 (GAIA models "
                                  "%2 hours of %3 from it)")
                              .arg(lastStart)
                              .arg(gaia::kModelHours)
                              .arg(kYear));
    std::vector<const Zone *> zones;
    for (const Zone &z : kZones)
        if (!parser.isSet("zone") || parser.value("zone").compare(z.name, Qt::CaseInsensitive) == 0)
            zones.push_back(&z);
    if (zones.empty())
        return usageError("schedule bench: --zone expects DE, GB or FR");
    const QDateTime start = yearStart.addSecs(qint64(startHour) * 3600);

    const std::string tracePath =
        parser.isSet("trace") ? parser.value("trace").toStdString() : ":/energy/pai_1k.csv";
    auto rows = energy::readPaiTrace(tracePath, start, 1.0);
    if (!rows)
        return reportError(rows.error());
    auto tasks = gaia::tasksFromTrace(*rows, start);
    if (!tasks) {
        Error e = tasks.error();
        e.file = tracePath;
        return reportError(e);
    }
    double cpuHours = 0;
    for (const auto &t : *tasks)
        cpuHours += double(t.cpus) * t.length / gaia::kStepsPerHour;
    const double costUsd = cpuHours * gaia::kUsdPerCpuHour;

    std::fprintf(
        text,
        "GAIA's setting (Hanafy et al., ASPLOS 2024; github.com/umassos/GAIA): %zu jobs of %s in\n"
        "5-s steps; %d h of carbon from hour %d of %d (%s); a job under 2 h may finish up to 6 h\n"
        "late, a longer one 24 h; no capacity limit; 1 W per CPU, so carbon is in GAIA's unit,\n"
        "g CO2; every job on demand at %.4f USD per CPU-hour: %.2f USD whatever the schedule.\n",
        tasks->size(), QFileInfo(QString::fromStdString(tracePath)).fileName().toUtf8().constData(),
        gaia::kModelHours, startHour, kYear, qPrintable(start.toString("yyyy-MM-dd HH:mm")),
        gaia::kUsdPerCpuHour, costUsd);

    QJsonArray zonesJson;
    QElapsedTimer timer;
    for (const Zone *z : zones) {
        auto series = zoneSeries(*z);
        if (!series)
            return reportError(series.error());
        auto hourly = gaia::carbonPerStep(*series, start, gaia::Resolution::Hourly);
        auto native = gaia::carbonPerStep(*series, start, gaia::Resolution::Native);
        if (!hourly)
            return reportError(hourly.error());
        if (!native)
            return reportError(native.error());
        const gaia::StepCarbon onHourly(*hourly), onNative(*native);
        std::vector<Row> table;
        const auto measure = [&](std::string name, const std::vector<gaia::Piece> &pieces,
                                 double ms) -> Result<Row> {
            if (const std::string broken = gaia::checkPieces(*tasks, pieces); !broken.empty())
                return fail(name + " breaks the waiting rule: " + broken);
            auto h = gaia::gramsOf(onHourly, pieces);
            auto n = gaia::gramsOf(onNative, pieces);
            if (!h)
                return std::unexpected(h.error());
            if (!n)
                return std::unexpected(n.error());
            return Row{std::move(name), *h, *n, int(pieces.size()), ms};
        };
        // Ours: planned on each series, measured on the series it planned with.
        const auto plan = [&](const std::vector<double> &carbon, bool suspend,
                              bool atOnce) -> Result<std::pair<std::vector<gaia::Piece>, double>> {
            auto problem = gaia::problemFor(*tasks, carbon, suspend);
            if (!problem)
                return std::unexpected(problem.error());
            timer.restart();
            const auto decisions =
                atOnce ? energy::planAtOnce(*problem, false) : energy::planHeuristic(*problem);
            const double ms = double(timer.nsecsElapsed()) / 1e6;
            if (const auto breaches = energy::checkPlan(*problem, decisions); !breaches.empty())
                return fail("the plan breaks a constraint: " + breaches.front());
            return std::pair(gaia::piecesOf(*tasks, decisions), ms);
        };
        struct Ours {
            const char *name;
            bool suspend, atOnce;
        };
        for (const Ours &o :
             {Ours{"run at once", false, true}, Ours{"energy-aware, whole jobs", false, false},
              Ours{"energy-aware, suspend-resume", true, false}}) {
            auto onH = plan(*hourly, o.suspend, o.atOnce);
            auto onN = plan(*native, o.suspend, o.atOnce);
            if (!onH)
                return reportError(onH.error());
            if (!onN)
                return reportError(onN.error());
            auto rowH = measure(o.name, onH->first, onH->second);
            auto rowN = measure(o.name, onN->first, onN->second);
            if (!rowH)
                return reportError(rowH.error());
            if (!rowN)
                return reportError(rowN.error());
            Row row = *rowH;
            row.nativeG = rowN->nativeG; // planned on the published series
            row.planMs = onH->second + onN->second;
            table.push_back(row);
        }
        // GAIA's schedules from its own run, measured on both.
        if (parser.isSet("gaia-results")) {
            const QDir dir(parser.value("gaia-results"));
            for (const Policy &p : kPolicies) {
                const QString file =
                    dir.filePath(QString("details-%1-%2-%3-%4-0-%5.csv")
                                     .arg(p.schedulingPolicy)
                                     .arg(startHour)
                                     .arg(p.carbonPolicy, traceName(*z), p.waiting));
                if (!QFileInfo::exists(file))
                    continue;
                auto pieces = gaia::readDetails(file.toStdString());
                if (!pieces)
                    return reportError(pieces.error());
                auto row = measure(p.label, *pieces, -1);
                if (!row)
                    return reportError(row.error());
                table.push_back(*row);
            }
        }

        const Row &base = table.front();
        const auto cut = [](double g, double baseG) {
            const double pct = 100.0 * (baseG - g) / baseG;
            return std::abs(pct) < 5e-3 ? 0.0 : pct; // no "-0.00" from rounding noise
        };
        std::fprintf(text,
                     "\n%s (%s, published in %s steps)  carbon on the hourly means (GAIA's data) | "
                     "on the series as published\n",
                     z->name, z->file, z->step);
        std::fprintf(text, "%-30s %10s %11s %8s %11s %8s %7s %9s\n", "", "cost USD", "g CO2",
                     "cut %", "g CO2", "cut %", "pieces", "plan ms");
        QJsonArray rowsJson;
        for (const Row &r : table) {
            char ms[16] = "";
            if (r.planMs >= 0)
                std::snprintf(ms, sizeof ms, "%.0f", r.planMs);
            std::fprintf(text, "%-30s %10.2f %11.3f %8.2f %11.3f %8.2f %7d %9s\n", r.name.c_str(),
                         costUsd, r.hourlyG, cut(r.hourlyG, base.hourlyG), r.nativeG,
                         cut(r.nativeG, base.nativeG), r.pieces, ms);
            rowsJson.append(QJsonObject{
                {"name", QString::fromStdString(r.name)},
                {"cost_usd", costUsd},
                {"hourly_g", r.hourlyG},
                {"hourly_cut_pct", cut(r.hourlyG, base.hourlyG)},
                {"native_g", r.nativeG},
                {"native_cut_pct", cut(r.nativeG, base.nativeG)},
                {"pieces", r.pieces},
                {"plan_ms", r.planMs >= 0 ? QJsonValue(r.planMs) : QJsonValue()},
            });
        }
        zonesJson.append(QJsonObject{{"zone", z->name},
                                     {"series", z->file},
                                     {"gaia_trace", traceName(*z)},
                                     {"rows", rowsJson}});
    }
    std::fprintf(text,
                 "\nOurs: planned on each series, measured on it. GAIA's: its schedules, measured "
                 "on both.\nStarred GAIA policies know each job's length; the others use its "
                 "class's mean.\n");
    if (parser.isSet("json")) {
        const QJsonObject doc{{"start_hour", startHour},
                              {"start", start.toString("yyyy-MM-dd HH:mm")},
                              {"jobs", int(tasks->size())},
                              {"cpu_hours", cpuHours},
                              {"zones", zonesJson}};
        if (auto written = writeOutput(parser.value("json"), QJsonDocument(doc).toJson()); !written)
            return reportError(written.error());
    }
    return Ok;
}

} // namespace sovereign::cli
