// GAIA's simulation setting (energy/gaiasetting.h): the trace read as GAIA
// truncates it, the waiting rule, carbon per 5-s step, the planner's plans in
// that setting worked out by hand, GAIA's result files read and refused, and
// GAIA's trace format written.
#include "energy/gaiasetting.h"
#include "energy/jobtable.h"
#include "energy/timeseries.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

using namespace sovereign;
using namespace sovereign::energy;

namespace {

const QDateTime kOrigin(QDate(2020, 1, 1), QTime(0, 0), Qt::UTC);

void writeFile(const QString &path, const QByteArray &text) {
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(text);
}

/// Hourly intensities, repeated per step as GAIA's extend() does.
std::vector<double> stepsOf(const std::vector<double> &hourly) {
    std::vector<double> steps;
    for (double v : hourly)
        steps.insert(steps.end(), gaia::kStepsPerHour, v);
    return steps;
}

gaia::Task task(std::string id, int arrival, int length, int cpus = 1) {
    return {std::move(id), arrival, length, cpus};
}

} // namespace

class TestGaiaSetting : public QObject {
    Q_OBJECT

  private Q_SLOTS:
    void tasksAreTruncatedToSteps();
    void waitingRule_data();
    void waitingRule();
    void gramsAreGaiasUnit();
    void plansInTheSettingByHand();
    void readsGaiasDetails();
    void refusesBadDetails_data();
    void refusesBadDetails();
    void checkPiecesCatchesBrokenRules();
    void writesGaiasTraceFormat();
};

void TestGaiaSetting::tasksAreTruncatedToSteps() {
    QTemporaryDir dir;
    const QString path = dir.filePath("trace.csv");
    // GAIA: arrival_time / 5 and length / 5, then int().
    writeFile(path, "arrival_time,length,cpus\n0.0,6302.0,1\n68.0,1000.0,4\n");
    auto rows = readPaiTrace(path.toStdString(), kOrigin, 1.0);
    QVERIFY2(rows, rows ? "" : rows.error().toString().c_str());
    auto tasks = gaia::tasksFromTrace(*rows, kOrigin);
    QVERIFY(tasks);
    QCOMPARE(tasks->size(), std::size_t(2));
    QCOMPARE((*tasks)[0].arrival, 0);
    QCOMPARE((*tasks)[0].length, 1260); // 6302 / 5 = 1260.4
    QCOMPARE((*tasks)[1].arrival, 13);  // 68 / 5 = 13.6
    QCOMPARE((*tasks)[1].length, 200);
    QCOMPARE((*tasks)[1].cpus, 4);

    // No cpus column: GAIA's setting cannot price or power the jobs.
    writeFile(path, "arrival_time,length\n0,600\n");
    rows = readPaiTrace(path.toStdString(), kOrigin, 1.0);
    QVERIFY(rows);
    tasks = gaia::tasksFromTrace(*rows, kOrigin);
    QVERIFY(!tasks);
    QCOMPARE(tasks.error().line, 2);
    // A cpus cell that is not a whole number >= 1 is refused at its line.
    writeFile(path, "arrival_time,length,cpus\n0,600,1\n5,600,0.5\n");
    rows = readPaiTrace(path.toStdString(), kOrigin, 1.0);
    QVERIFY(!rows);
    QCOMPARE(rows.error().line, 3);
    QVERIFY(rows.error().message.find("cpus") != std::string::npos);
}

void TestGaiaSetting::waitingRule_data() {
    QTest::addColumn<int>("lengthSteps");
    QTest::addColumn<int>("waitSteps");
    // task.py: length < 7200 / 5 steps is the short queue (6 h), else 24 h.
    QTest::newRow("1 h") << 720 << 6 * 720;
    QTest::newRow("just under 2 h") << 1439 << 6 * 720;
    QTest::newRow("2 h exactly") << 1440 << 24 * 720;
    QTest::newRow("30 h") << 30 * 720 << 24 * 720;
}

void TestGaiaSetting::waitingRule() {
    QFETCH(int, lengthSteps);
    QFETCH(int, waitSteps);
    QCOMPARE(task("j", 0, lengthSteps).waitSteps(), waitSteps);
}

void TestGaiaSetting::gramsAreGaiasUnit() {
    // GAIA: CPUs x sum over steps of (g/kWh / 1000 / 720). Two CPUs for one
    // hour at 360 g/kWh: 2 x 720 x 360 / 1000 / 720 = 0.72.
    const gaia::StepCarbon carbon(stepsOf({360, 100}));
    QVERIFY(std::abs(carbon.grams(2, 0, 720) - 0.72) < 1e-12);
    // Half an hour of each hour, one CPU: (360 + 100) / 2 / 1000 = 0.23.
    QVERIFY(std::abs(carbon.grams(1, 360, 1080) - 0.23) < 1e-12);
}

void TestGaiaSetting::plansInTheSettingByHand() {
    // 36 hours: dirty (500) but for hour 3 (100) and hours 20-21 (50). A 1-h
    // job arriving at 0 may finish by hour 7 (1 h + 6 h): its best is hour 3.
    // A 3-h job on 2 CPUs arriving at hour 1 may finish by hour 28 (1 + 3 +
    // 24): whole, its cheapest 3 hours in a row are 19-21 (or 20-22): 500 +
    // 50 + 50 = 600 g/kWh-hours; suspended, it runs hour 3 and hours 20-21:
    // 100 + 50 + 50 = 200.
    std::vector<double> hourly(36, 500.0);
    hourly[3] = 100;
    hourly[20] = hourly[21] = 50;
    const auto carbon = stepsOf(hourly);
    const gaia::StepCarbon grams(carbon);
    const std::vector<gaia::Task> tasks{task("short", 0, 720), task("long", 720, 3 * 720, 2)};

    for (bool suspend : {false, true}) {
        auto problem = gaia::problemFor(tasks, carbon, suspend);
        QVERIFY(problem);
        const auto plan = planHeuristic(*problem);
        const auto pieces = gaia::piecesOf(tasks, plan);
        QCOMPARE(gaia::checkPieces(tasks, pieces), std::string());
        auto g = gaia::gramsOf(grams, pieces);
        QVERIFY(g);
        // short: 1 CPU-hour at 100 g/kWh and 1 W = 0.1; long: 2 CPUs.
        const double expected = 0.1 + 2 * (suspend ? 200.0 : 600.0) / 1000.0;
        QVERIFY2(std::abs(*g - expected) < 1e-9,
                 qPrintable(
                     QString("suspend %1: %2 g, expected %3").arg(suspend).arg(*g).arg(expected)));
        QCOMPARE(int(pieces.size()), suspend ? 3 : 2);
        QCOMPARE(pieces.front().start, 3 * 720); // the short job waits 3 h
    }
    // Running at once: hours 0 and 1-3: 0.5 + 2 x (500 + 500 + 100) / 1000.
    auto problem = gaia::problemFor(tasks, carbon, false);
    QVERIFY(problem);
    auto g = gaia::gramsOf(grams, gaia::piecesOf(tasks, planAtOnce(*problem, false)));
    QVERIFY(g && std::abs(*g - 2.7) < 1e-9);

    // A window past the carbon GAIA models is refused, as GAIA asserts.
    auto late = gaia::problemFor({task("late", 30 * 720, 720)}, carbon, false);
    QVERIFY(!late);
    QVERIFY(late.error().message.find("late") != std::string::npos);
}

void TestGaiaSetting::readsGaiasDetails() {
    QTemporaryDir dir;
    const QString path = dir.filePath("details.csv");
    // As base_cluster.py writes it: a row per piece, then the reserved row.
    writeFile(path, "ID,arrival_time,length,cpus,length_class,resource_class,carbon_cost,"
                    "dollar_cost,start_time,waiting_time,exit_time,reason\n"
                    "0,0,1260,1,0-2,1,0.1,0.02,100,100,1360,completed\n"
                    "1,13,200,4,0-2,3-4,0.2,0.01,13,0,213,completed\n"
                    "-1,0,0,0,0,0,0,0.0,0,0,0,0\n");
    auto pieces = gaia::readDetails(path.toStdString());
    QVERIFY2(pieces, pieces ? "" : pieces.error().toString().c_str());
    QCOMPARE(pieces->size(), std::size_t(2));
    QCOMPARE((*pieces)[0].id, std::string("pai-1")); // GAIA's row 0 is our pai-1
    QCOMPARE((*pieces)[0].start, 100);
    QCOMPARE((*pieces)[0].length, 1260);
    QCOMPARE((*pieces)[1].cpus, 4);
}

void TestGaiaSetting::refusesBadDetails_data() {
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<int>("line");
    QTest::addColumn<QString>("names");
    const QByteArray header = "ID,length,cpus,start_time\n";
    QTest::newRow("missing column") << QByteArray("ID,length,cpus\n0,1,1\n") << 1 << "start_time";
    QTest::newRow("unknown column") << QByteArray("ID,length,cpus,start_time,x\n") << 1 << "'x'";
    QTest::newRow("start not a number") << header + "0,10,1,soon\n" << 2 << "start_time";
    QTest::newRow("fractional length") << header + "0,10,1,0\n1,2.5,1,0\n" << 3 << "length";
    QTest::newRow("short row") << header + "0,10,1\n" << 2 << "fields";
}

void TestGaiaSetting::refusesBadDetails() {
    QFETCH(QByteArray, text);
    QFETCH(int, line);
    QFETCH(QString, names);
    QTemporaryDir dir;
    const QString path = dir.filePath("details.csv");
    writeFile(path, text);
    auto pieces = gaia::readDetails(path.toStdString());
    QVERIFY(!pieces);
    QCOMPARE(QString::fromStdString(pieces.error().file), path);
    QCOMPARE(pieces.error().line, line);
    QVERIFY2(pieces.error().message.find(names.toStdString()) != std::string::npos,
             pieces.error().message.c_str());
}

void TestGaiaSetting::checkPiecesCatchesBrokenRules() {
    const std::vector<gaia::Task> tasks{task("a", 10, 100)};
    const int windowEnd = 10 + 100 + 6 * 720;
    QCOMPARE(gaia::checkPieces(tasks, {{"a", 10, 50, 1}, {"a", windowEnd - 50, 50, 1}}),
             std::string());
    QVERIFY(!gaia::checkPieces(tasks, {{"a", 9, 100, 1}}).empty());              // before arrival
    QVERIFY(!gaia::checkPieces(tasks, {{"a", windowEnd - 99, 100, 1}}).empty()); // past the wait
    QVERIFY(!gaia::checkPieces(tasks, {{"a", 10, 99, 1}}).empty());              // too short
    QVERIFY(!gaia::checkPieces(tasks, {{"a", 10, 100, 2}}).empty());             // other CPUs
    QVERIFY(!gaia::checkPieces(tasks, {{"b", 10, 100, 1}}).empty());             // unknown job
}

void TestGaiaSetting::writesGaiasTraceFormat() {
    // Half-hourly samples over 2020: hour h's mean is h + 0.25 (samples h
    // and h + 0.5). GAIA reads hour k of the year at data row 17544 + k.
    QTemporaryDir dir;
    const QString csvPath = dir.filePath("ci.csv");
    QByteArray csv = "Time,Carbon Intensity\n";
    const QDateTime from(QDate(2020, 1, 1), QTime(0, 0), Qt::UTC);
    for (int half = 0; half < 2 * 8784 + 2; ++half)
        csv += from.addSecs(qint64(half) * 1800).toString("yyyy-MM-dd HH:mm:ss").toUtf8() + "," +
               QByteArray::number(half / 2 + (half % 2) * 0.5) + "\n";
    writeFile(csvPath, csv);
    auto series = readTimeSeriesCsv(csvPath.toStdString(), "Carbon Intensity");
    QVERIFY(series);
    const QString out = dir.filePath("traces/DE-2020.csv");
    QVERIFY(!gaia::writeTrace(*series, 2020, out.toStdString())); // no such folder: refused
    QVERIFY(QDir(dir.path()).mkdir("traces"));
    QVERIFY(gaia::writeTrace(*series, 2020, out.toStdString()));
    QFile f(out);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = f.readAll().split('\n');
    QCOMPARE(lines.front(), QByteArray("datetime,carbon_intensity_avg"));
    QCOMPARE(lines.size(), 1 + gaia::kTracePadRows + 8784 + 1); // and the final newline
    QCOMPARE(lines[gaia::kTracePadRows], QByteArray(","));
    QCOMPARE(lines[1 + gaia::kTracePadRows], QByteArray("2020-01-01 00:00:00,0.25"));
    QCOMPARE(lines[1 + gaia::kTracePadRows + 7000], QByteArray("2020-10-18 16:00:00,7000.25"));
}

QTEST_GUILESS_MAIN(TestGaiaSetting)
#include "tst_gaiasetting.moc"
