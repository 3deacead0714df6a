// The energy scheduler's job inputs: JOBS.csv read and refused with
// file:line, jobs rounded onto slots by hand, and the GAIA/Alibaba PAI traces.
#include "energy/jobtable.h"
#include "energy/timeseries.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

using namespace sovereign;
using namespace sovereign::energy;

namespace {

QDateTime at(const QString &text) {
    auto t = parseNaiveTime(text.toStdString());
    if (!t)
        qFatal("bad time in the test: %s", qPrintable(text));
    return *t;
}

const char *jobsHeader =
    "id,arrival,duration_h,nodes,power_kw,earliest_start,deadline,sensitive,preemptible,priority\n";

} // namespace

class TstJobInputs : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;

    QString write(const QString &name, const QString &text) {
        const QString path = m_dir.filePath(name);
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
            qFatal("cannot write %s", qPrintable(path));
        f.write(text.toUtf8());
        return path;
    }

  private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void jobsCsvRead() {
        // Columns in another order; optional ones left out or empty.
        const QString path = write("JOBS.csv", "nodes,id,arrival,duration_h,deadline,sensitive,"
                                               "priority,power_kw,earliest_start\n"
                                               "2,train-a,2024-01-01 00:10,0.3,2024-01-01 02:50,"
                                               "true,5,1.5,2024-01-01 00:30\n"
                                               "\n"
                                               "1,infer-b,2024-01-01 01:00:30,1.5,,,,,\n");
        auto jobs = readJobsCsv(path.toStdString());
        QVERIFY2(jobs, jobs ? "" : jobs.error().toString().c_str());
        QCOMPARE(int(jobs->size()), 2);
        const JobRow &a = (*jobs)[0];
        QCOMPARE(a.line, 2);
        QCOMPARE(QString::fromStdString(a.id), QString("train-a"));
        QCOMPARE(a.arrival, at("2024-01-01 00:10"));
        QCOMPARE(a.durationH, 0.3);
        QCOMPARE(a.nodes, 2);
        QCOMPARE(a.powerKw, 1.5);
        QCOMPARE(a.earliestStart, std::optional<QDateTime>(at("2024-01-01 00:30")));
        QCOMPARE(a.deadline, std::optional<QDateTime>(at("2024-01-01 02:50")));
        QVERIFY(a.sensitive);
        QVERIFY(!a.preemptible);
        QCOMPARE(a.priority, 5);
        const JobRow &b = (*jobs)[1];
        QCOMPARE(b.line, 4); // the blank line is skipped but counted
        QCOMPARE(b.arrival, at("2024-01-01 01:00:30"));
        QCOMPARE(b.powerKw, 0.0);
        QVERIFY(!b.earliestStart);
        QVERIFY(!b.deadline);
        QVERIFY(!b.sensitive);
        QCOMPARE(b.priority, 0);
    }

    void jobsCsvRefused_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("line");
        QTest::addColumn<QString>("message");
        const QString h = jobsHeader;
        const QString ok = "a,2024-01-01 00:00,1,1,,,,,,\n";
        QTest::newRow("unknown column")
            << "id,arrival,duration_h,nodes,gpus\na,2024-01-01 00:00,1,1,2\n"
            << 1 << "unknown column 'gpus'";
        QTest::newRow("required column missing") << "id,arrival,duration_h\na,2024-01-01 00:00,1\n"
                                                 << 1 << "missing column 'nodes'";
        QTest::newRow("column twice") << "id,arrival,duration_h,nodes,id\n" << 1 << "appears twice";
        QTest::newRow("empty file") << "" << 1 << "empty";
        QTest::newRow("wrong number of fields") << h + ok + "b,2024-01-01 00:00,1,1\n"
                                                << 3 << "expected 10 fields";
        QTest::newRow("empty id") << h + ",2024-01-01 00:00,1,1,,,,,,\n" << 2 << "id:";
        QTest::newRow("id used twice") << h + ok + ok << 3 << "already used at line 2";
        QTest::newRow("bad arrival") << h + "a,2024-13-01 00:00,1,1,,,,,,\n" << 2 << "arrival:";
        QTest::newRow("zero duration") << h + "a,2024-01-01 00:00,0,1,,,,,,\n"
                                       << 2 << "duration_h: expected hours > 0";
        QTest::newRow("duration not a number") << h + "a,2024-01-01 00:00,1h,1,,,,,,\n"
                                               << 2 << "duration_h";
        QTest::newRow("zero nodes") << h + "a,2024-01-01 00:00,1,0,,,,,,\n"
                                    << 2 << "nodes: expected a whole number >= 1";
        QTest::newRow("fractional nodes") << h + "a,2024-01-01 00:00,1,1.5,,,,,,\n"
                                          << 2 << "nodes:";
        QTest::newRow("negative power") << h + "a,2024-01-01 00:00,1,1,-2,,,,,\n"
                                        << 2 << "power_kw";
        QTest::newRow("deadline at the arrival")
            << h + "a,2024-01-01 00:00,1,1,,,2024-01-01 00:00,,,\n"
            << 2 << "deadline: expected a time after the arrival";
        QTest::newRow("earliest start before the arrival")
            << h + "a,2024-01-01 01:00,1,1,,2024-01-01 00:30,,,,\n"
            << 2 << "earliest_start: expected a time not before the arrival";
        QTest::newRow("earliest start at the deadline")
            << h + "a,2024-01-01 00:00,1,1,,2024-01-01 05:00,2024-01-01 05:00,,,\n"
            << 2 << "earliest_start: expected a time before the deadline";
        QTest::newRow("sensitive yes") << h + "a,2024-01-01 00:00,1,1,,,,yes,,\n"
                                       << 2 << "sensitive: expected true or false";
        QTest::newRow("priority not whole") << h + "a,2024-01-01 00:00,1,1,,,,,,high\n"
                                            << 2 << "priority";
        QTest::newRow("quote not closed") << h + "\"a,2024-01-01 00:00,1,1,,,,,,\n"
                                          << 2 << "quoted field";
    }
    void jobsCsvRefused() {
        QFETCH(QString, text);
        QFETCH(int, line);
        QFETCH(QString, message);
        const QString path = write("JOBS-bad.csv", text);
        auto jobs = readJobsCsv(path.toStdString());
        QVERIFY(!jobs);
        const QString got = QString::fromStdString(jobs.error().toString());
        const QString prefix = path + ":" + QString::number(line) + ": ";
        QVERIFY2(got.startsWith(prefix),
                 qPrintable(got + "\n  expected it to start with " + prefix));
        QVERIFY2(got.contains(message), qPrintable(got));
    }

    // Horizon 2024-01-01 00:00, 96 slots of 15 minutes; a default deadline is
    // the earliest start + duration + 24 h, rounded down.
    void jobsInSlotsRounding_data() {
        QTest::addColumn<QString>("arrival");
        QTest::addColumn<QString>("earliest");
        QTest::addColumn<QString>("deadline");
        QTest::addColumn<double>("durationH");
        QTest::addColumn<bool>("kept");
        QTest::addColumn<int>("arrivalSlot");
        QTest::addColumn<int>("earliestSlot");
        QTest::addColumn<int>("deadlineSlot");
        QTest::addColumn<int>("durationSlots");
        // 00:10 -> ceil(10/15) = 1; 0.3 h = 18 min -> 2 slots; 00:10 + 18 min
        // + 24 h = 24:28 = 1468 min -> floor(1468/15) = 97.
        QTest::newRow("arrival 00:10 -> slot 1, 0.3 h -> 2 slots")
            << "2024-01-01 00:10"
            << ""
            << "" << 0.3 << true << 1 << 1 << 97 << 2;
        QTest::newRow("deadline 02:50 -> slot 11 exclusive")
            << "2024-01-01 00:00"
            << ""
            << "2024-01-01 02:50" << 1.0 << true << 0 << 0 << 11 << 4;
        QTest::newRow("deadline on a boundary 03:00 -> 12")
            << "2024-01-01 00:00"
            << ""
            << "2024-01-01 03:00" << 1.0 << true << 0 << 0 << 12 << 4;
        QTest::newRow("0.25 h is exactly one slot") << "2024-01-01 00:00"
                                                    << ""
                                                    << "" << 0.25 << true << 0 << 0 << 97 << 1;
        QTest::newRow("0.1 h still takes a whole slot") << "2024-01-01 00:00"
                                                        << ""
                                                        << "" << 0.1 << true << 0 << 0 << 96 << 1;
        // 01:05 -> ceil(65/15) = 5; deadline 01:05 + 1 h + 24 h = 1565 min -> 104.
        QTest::newRow("earliest 01:05 -> slot 5, default deadline from it")
            << "2024-01-01 00:00"
            << "2024-01-01 01:05"
            << "" << 1.0 << true << 0 << 5 << 104 << 4;
        QTest::newRow("arrival before the horizon -> slot 0")
            << "2023-12-31 23:00"
            << ""
            << "2024-01-01 06:00" << 1.0 << true << 0 << 0 << 24 << 4;
        QTest::newRow("deadline beyond the horizon kept")
            << "2024-01-01 00:00"
            << ""
            << "2024-01-03 00:00" << 1.0 << true << 0 << 0 << 192 << 4;
        QTest::newRow("arrival 23:50 rounds to the horizon's end: left out")
            << "2024-01-01 23:50"
            << ""
            << "" << 1.0 << false << 0 << 0 << 0 << 0;
        QTest::newRow("arrival after the horizon: left out")
            << "2024-01-05 00:00"
            << ""
            << "" << 1.0 << false << 0 << 0 << 0 << 0;
    }
    void jobsInSlotsRounding() {
        QFETCH(QString, arrival);
        QFETCH(QString, earliest);
        QFETCH(QString, deadline);
        QFETCH(double, durationH);
        QFETCH(bool, kept);
        QFETCH(int, arrivalSlot);
        QFETCH(int, earliestSlot);
        QFETCH(int, deadlineSlot);
        QFETCH(int, durationSlots);
        JobRow row;
        row.id = std::string("job"); // not = "j": g++ 12 -Wrestrict false positive
        row.arrival = at(arrival);
        if (!earliest.isEmpty())
            row.earliestStart = at(earliest);
        if (!deadline.isEmpty())
            row.deadline = at(deadline);
        row.durationH = durationH;
        row.nodes = 3;
        row.powerKw = 2.5;
        row.sensitive = true;
        row.priority = 7;
        const auto jobs = jobsInSlots({row}, at("2024-01-01 00:00"), 15, 96);
        QCOMPARE(int(jobs.size()), kept ? 1 : 0);
        if (!kept)
            return;
        const Job &j = jobs[0];
        QCOMPARE(j.arrival, arrivalSlot);
        QCOMPARE(j.earliest, earliestSlot);
        QCOMPARE(j.deadline, deadlineSlot);
        QCOMPARE(j.duration, durationSlots);
        QCOMPARE(j.nodes, 3);
        QCOMPARE(j.kwPerNode, 2.5);
        QVERIFY(j.sensitive);
        QVERIFY(!j.preemptible);
        QCOMPARE(j.priority, 7);
    }

    void paiTrace_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<double>("unitSeconds");
        QTest::addColumn<int>("rows");
        QTest::addColumn<qint64>("secondArrivalMs");
        QTest::addColumn<double>("firstDurationH");
        QTest::newRow("pai_1k in seconds: 6302 s first")
            << "pai_1k.csv" << 1.0 << 1000 << qint64(68'000) << 6302.0 / 3600;
        // 0.5769444444444503 h = 2077 s.
        QTest::newRow("pai_100k in hours")
            << "pai_100k.csv" << 3600.0 << 99998 << qint64(2'077'000) << 25.408055555555556;
    }
    void paiTrace() {
        QFETCH(QString, file);
        QFETCH(double, unitSeconds);
        QFETCH(int, rows);
        QFETCH(qint64, secondArrivalMs);
        QFETCH(double, firstDurationH);
        const QDateTime origin = at("2020-01-01 00:00");
        auto jobs =
            readPaiTrace((QString(SOVEREIGN_SOURCE_DIR "/resources/energy/") + file).toStdString(),
                         origin, unitSeconds);
        QVERIFY2(jobs, jobs ? "" : jobs.error().toString().c_str());
        QCOMPARE(int(jobs->size()), rows);
        const JobRow &first = jobs->front();
        QCOMPARE(QString::fromStdString(first.id), QString("pai-1"));
        QCOMPARE(first.line, 2);
        QCOMPARE(first.arrival, origin); // first arrival 0
        QVERIFY(std::abs(first.durationH - firstDurationH) < 1e-12);
        QCOMPARE(first.nodes, 1);
        QVERIFY(!first.earliestStart);
        QVERIFY(!first.deadline);
        QCOMPARE(origin.msecsTo((*jobs)[1].arrival), secondArrivalMs);
        QCOMPARE(QString::fromStdString(jobs->back().id), QString("pai-%1").arg(rows));
    }

    void paiTraceRefused_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("line");
        QTest::addColumn<QString>("message");
        const QString h = "arrival_time,length,cpus\n";
        QTest::newRow("negative length") << h + "0,10,1\n5,-1,1\n" << 3 << "length:";
        QTest::newRow("arrival not a number") << h + "0,10,1\nabc,10,1\n" << 3 << "arrival_time:";
        QTest::newRow("negative arrival") << h + "-1,10,1\n" << 2 << "arrival_time:";
        QTest::newRow("row too short") << h + "0,10\n" << 2 << "expected 3 fields";
        QTest::newRow("no length column") << "arrival_time,cpus\n0,1\n"
                                          << 1 << "missing column 'length'";
    }
    void paiTraceRefused() {
        QFETCH(QString, text);
        QFETCH(int, line);
        QFETCH(QString, message);
        const QString path = write("pai-bad.csv", text);
        auto jobs = readPaiTrace(path.toStdString(), at("2020-01-01 00:00"), 1.0);
        QVERIFY(!jobs);
        const QString got = QString::fromStdString(jobs.error().toString());
        const QString prefix = path + ":" + QString::number(line) + ": ";
        QVERIFY2(got.startsWith(prefix),
                 qPrintable(got + "\n  expected it to start with " + prefix));
        QVERIFY2(got.contains(message), qPrintable(got));
    }
};

QTEST_GUILESS_MAIN(TstJobInputs)
#include "tst_jobinputs.moc"
