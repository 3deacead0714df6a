// Price and carbon series (energy/timeseries) and the time-of-use tariff
// (energy/tariff): every refusal with its file:line, gap filling, the
// daylight-saving repeat, slot means on hand-worked numbers, and the data
// shipped in resources/energy.

#include "energy/tariff.h"
#include "energy/timeseries.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

using namespace sovereign;
using namespace sovereign::energy;

namespace {

const QString energyDir = QStringLiteral(SOVEREIGN_SOURCE_DIR "/resources/energy/");

QDateTime at(const char *text) {
    auto t = parseNaiveTime(text);
    if (!t)
        qFatal("%s", t.error().toString().c_str());
    return *t;
}

QString errorText(const Error &e) {
    return QString::fromStdString(e.toString());
}

} // namespace

class TstTimeSeries : public QObject {
    Q_OBJECT

  private:
    QTemporaryDir m_dir;
    int m_files = 0;

    /// Writes `bytes` to a fresh file and returns its path.
    std::string write(const QByteArray &bytes, const char *suffix = ".csv") {
        const QString path = m_dir.filePath(QStringLiteral("f%1%2").arg(++m_files).arg(suffix));
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size())
            qFatal("cannot write %s", qPrintable(path));
        return path.toStdString();
    }

    TimeSeries load(const QByteArray &csv, const char *column = "Price") {
        auto s = readTimeSeriesCsv(write(csv), column);
        if (!s)
            qFatal("%s", s.error().toString().c_str());
        return *s;
    }

  private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void parseNaiveTime_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("valid");
        QTest::addColumn<QString>("shown"); // as ISO text, when valid

        QTest::newRow("minutes") << "2020-03-29 02:00" << true << "2020-03-29T02:00:00Z";
        QTest::newRow("seconds") << "2020-10-25 02:00:30" << true << "2020-10-25T02:00:30Z";
        QTest::newRow("T separator") << "2020-01-01T23:45" << true << "2020-01-01T23:45:00Z";
        QTest::newRow("month 13") << "2020-13-01 00:00" << false << "";
        QTest::newRow("30 February") << "2020-02-30 00:00" << false << "";
        QTest::newRow("hour 24") << "2020-01-01 24:00" << false << "";
        QTest::newRow("no time") << "2020-01-01" << false << "";
        QTest::newRow("text") << "yesterday" << false << "";
    }
    void parseNaiveTime() {
        QFETCH(QString, text);
        QFETCH(bool, valid);
        QFETCH(QString, shown);
        const auto t = energy::parseNaiveTime(text.toStdString());
        QCOMPARE(t.has_value(), valid);
        if (valid) {
            // Naive wall-clock, UTC spec: the time is kept exactly as written.
            QCOMPARE(t->timeSpec(), Qt::UTC);
            QCOMPARE(t->toString(Qt::ISODate), shown);
        } else {
            QVERIFY2(t.error().message.find("YYYY-MM-DD HH:MM") != std::string::npos,
                     t.error().message.c_str());
        }
    }

    void refusals_data() {
        QTest::addColumn<QByteArray>("csv");
        QTest::addColumn<QString>("column");
        QTest::addColumn<int>("maxGapRows");
        QTest::addColumn<int>("line");
        QTest::addColumn<QString>("says");

        const QByteArray head = "Time,Price\n";
        QTest::newRow("wrong field count")
            << head + "2020-01-01 00:00,1\n2020-01-01 01:00,2,3\n"
            << "Price" << 8 << 3 << "expected 2 comma-separated fields";
        QTest::newRow("too few fields") << head + "2020-01-01 00:00,1\n2020-01-01 01:00:00\n"
                                        << "Price" << 8 << 3 << "got 1";
        QTest::newRow("blank line inside the data")
            << head + "2020-01-01 00:00,1\n\n2020-01-01 01:00,2\n"
            << "Price" << 8 << 3 << "expected 2 comma-separated fields";
        QTest::newRow("bad time") << head + "2020-01-01 00:00,1\n2020-02-30 01:00,2\n"
                                  << "Price" << 8 << 3 << "'2020-02-30 01:00' is not a time";
        QTest::newRow("time before the previous one")
            << head + "2020-01-01 00:00,1\n2020-01-01 02:00,2\n2020-01-01 01:00,3\n"
            << "Price" << 8 << 4 << "is not after the previous row's 2020-01-01 02:00";
        QTest::newRow("decimal comma makes a third field")
            << head + "2020-01-01 00:00,1\n2020-01-01 01:00,12,5\n"
            << "Price" << 8 << 3 << "expected 2 comma-separated fields";
        QTest::newRow("value is text") << head + "2020-01-01 00:00,1\n2020-01-01 01:00,n/a\n"
                                       << "Price" << 8 << 3 << "'n/a': expected a finite number";
        QTest::newRow("value is nan") << head + "2020-01-01 00:00,nan\n2020-01-01 01:00,1\n"
                                      << "Price" << 8 << 2 << "'nan': expected a finite number";
        QTest::newRow("value is inf") << head + "2020-01-01 00:00,1\n2020-01-01 01:00,inf\n"
                                      << "Price" << 8 << 3 << "'inf': expected a finite number";
        QTest::newRow("trailing text after the number")
            << head + "2020-01-01 00:00,1\n2020-01-01 01:00,4.5EUR\n"
            << "Price" << 8 << 3 << "'4.5EUR'";
        QTest::newRow("gap longer than maxGapRows")
            << head + "2020-01-01 00:00,1\n2020-01-01 01:00,\n2020-01-01 02:00,\n"
                      "2020-01-01 03:00,\n2020-01-01 04:00,5\n"
            << "Price" << 2 << 3
            << "3 empty 'Price' value(s) from this line (2020-01-01 01:00) in a row: at most 2";
        QTest::newRow("empty value in the first row")
            << head + "2020-01-01 00:00,\n2020-01-01 01:00,1\n"
            << "Price" << 8 << 2 << "at the start of the file";
        QTest::newRow("empty value in the last row")
            << head + "2020-01-01 00:00,1\n2020-01-01 01:00,2\n2020-01-01 02:00,\n"
            << "Price" << 8 << 4 << "at the end of the file";
        QTest::newRow("missing column lists the columns")
            << QByteArray("Time,Carbon Intensity\n2020-01-01 00:00,1\n") << "Price" << 8 << 1
            << "no column 'Price' after the time column in the header; the columns are 'Time', "
               "'Carbon Intensity'";
        QTest::newRow("the time column is not a value column")
            << head + "2020-01-01 00:00,1\n"
            << "Time" << 8 << 1 << "no column 'Time'";
        QTest::newRow("empty file") << QByteArray() << "Price" << 8 << 1 << "the file is empty";
        QTest::newRow("only a byte-order mark")
            << QByteArray("\xEF\xBB\xBF") << "Price" << 8 << 1 << "the file is empty";
        QTest::newRow("header only") << head << "Price" << 8 << 2 << "no data rows";
    }
    void refusals() {
        QFETCH(QByteArray, csv);
        QFETCH(QString, column);
        QFETCH(int, maxGapRows);
        QFETCH(int, line);
        QFETCH(QString, says);
        const std::string path = write(csv);
        const auto s = readTimeSeriesCsv(path, column.toStdString(), maxGapRows);
        QVERIFY2(!s, "expected a refusal");
        QCOMPARE(s.error().file, path);
        QCOMPARE(s.error().line, line);
        QVERIFY2(errorText(s.error()).contains(says), qPrintable(errorText(s.error())));
    }

    void unreadableFile() {
        const std::string path = m_dir.filePath("does-not-exist.csv").toStdString();
        const auto s = readTimeSeriesCsv(path, "Price");
        QVERIFY(!s);
        QCOMPARE(s.error().file, path);
        QVERIFY(s.error().message.find("cannot open") != std::string::npos);
    }

    void accepted_data() {
        QTest::addColumn<QByteArray>("csv");
        QTest::addColumn<int>("maxGapRows");
        QTest::addColumn<QStringList>("times");
        QTest::addColumn<QList<double>>("values");
        QTest::addColumn<int>("filled");
        QTest::addColumn<int>("repeats");

        QTest::newRow("one empty value interpolated")
            << QByteArray("Time,Price\n2020-03-29 01:00,10\n2020-03-29 02:00,\n"
                          "2020-03-29 03:00,30\n")
            << 8 << QStringList{"2020-03-29 01:00", "2020-03-29 02:00", "2020-03-29 03:00"}
            << QList<double>{10, 20, 30} << 1 << 0;
        // Interpolated in time, not by row: 15 min into a 60-minute gap is a quarter.
        QTest::newRow("empty values on irregular steps, linear in time")
            << QByteArray("Time,Price\n2020-01-01 00:00,0\n2020-01-01 00:15,\n"
                          "2020-01-01 00:30,\n2020-01-01 01:00,100\n")
            << 2
            << QStringList{"2020-01-01 00:00", "2020-01-01 00:15", "2020-01-01 00:30",
                           "2020-01-01 01:00"}
            << QList<double>{0, 25, 50, 100} << 2 << 0;
        QTest::newRow("repeated autumn hour dropped, first kept")
            << QByteArray("Time,Price\n2020-10-25 01:00,5\n2020-10-25 02:00,6\n"
                          "2020-10-25 02:00,7\n2020-10-25 03:00,8\n")
            << 8 << QStringList{"2020-10-25 01:00", "2020-10-25 02:00", "2020-10-25 03:00"}
            << QList<double>{5, 6, 8} << 0 << 1;
        QTest::newRow("byte-order mark and CRLF")
            << QByteArray("\xEF\xBB\xBFTime,Carbon,Price\r\n2020-01-01 00:00:00,1,-3.5\r\n"
                          "2020-01-01 01:00:00,2,4e1\r\n")
            << 8 << QStringList{"2020-01-01 00:00", "2020-01-01 01:00"} << QList<double>{-3.5, 40}
            << 0 << 0;
        QTest::newRow("no newline at the end, blank lines after are fine")
            << QByteArray("Time,Price\n2020-01-01 00:00,1\n2020-01-01 01:00,2\n\n\r\n") << 8
            << QStringList{"2020-01-01 00:00", "2020-01-01 01:00"} << QList<double>{1, 2} << 0 << 0;
        QTest::newRow("exactly maxGapRows empty values")
            << QByteArray("Time,Price\n2020-01-01 00:00,0\n2020-01-01 01:00,\n"
                          "2020-01-01 02:00,\n2020-01-01 03:00,30")
            << 2
            << QStringList{"2020-01-01 00:00", "2020-01-01 01:00", "2020-01-01 02:00",
                           "2020-01-01 03:00"}
            << QList<double>{0, 10, 20, 30} << 2 << 0;
    }
    void accepted() {
        QFETCH(QByteArray, csv);
        QFETCH(int, maxGapRows);
        QFETCH(QStringList, times);
        QFETCH(QList<double>, values);
        QFETCH(int, filled);
        QFETCH(int, repeats);
        const auto s = readTimeSeriesCsv(write(csv), "Price", maxGapRows);
        QVERIFY2(s, s ? "" : s.error().toString().c_str());
        QCOMPARE(int(s->times.size()), int(times.size()));
        QCOMPARE(int(s->values.size()), int(values.size()));
        for (int i = 0; i < times.size(); ++i) {
            QCOMPARE(s->times[std::size_t(i)], at(times[i].toLatin1().constData()));
            // Tolerance: interpolation of small integers, exact up to rounding.
            QVERIFY2(std::abs(s->values[std::size_t(i)] - values[i]) < 1e-12,
                     qPrintable(QStringLiteral("row %1: %2, expected %3")
                                    .arg(i)
                                    .arg(s->values[std::size_t(i)])
                                    .arg(values[i])));
        }
        QCOMPARE(s->emptyFilled, filled);
        QCOMPARE(s->repeatsDropped, repeats);
    }

    void valuesPerSlot_data() {
        QTest::addColumn<QByteArray>("csv");
        QTest::addColumn<QString>("start");
        QTest::addColumn<int>("slotMinutes");
        QTest::addColumn<QList<double>>("expected");

        // The last row holds for one median step (60 min here): covered to 02:00.
        QTest::newRow("hourly 10, 20 in 15-minute slots")
            << QByteArray("Time,Price\n2020-01-01 00:00,10\n2020-01-01 01:00,20\n")
            << "2020-01-01 00:00" << 15 << QList<double>{10, 10, 10, 10, 20, 20, 20, 20};
        QTest::newRow("30-minute values averaged into 60-minute slots")
            << QByteArray("Time,Carbon Intensity\n2020-01-01 00:00,10\n2020-01-01 00:30,20\n"
                          "2020-01-01 01:00,30\n2020-01-01 01:30,40\n")
            << "2020-01-01 00:00" << 60 << QList<double>{15, 35};
        // [00:30, 01:15): 30 min at 10, 15 min at 20 -> (300 + 300) / 45.
        QTest::newRow("a slot straddling two rows is weighted by time")
            << QByteArray("Time,Price\n2020-01-01 00:00,10\n2020-01-01 01:00,20\n"
                          "2020-01-01 02:00,30\n")
            << "2020-01-01 00:30" << 45 << QList<double>{600.0 / 45.0, 20, 30.0 * 2 / 3 + 10};
        // Steps 15 and 45 min: the median (upper of two) is 45, so 01:00..01:45 holds 30.
        // [00:00, 01:00): 15 min at 10, 45 min at 20 -> 17.5.
        QTest::newRow("irregular steps")
            << QByteArray("Time,Price\n2020-01-01 00:00,10\n2020-01-01 00:15,20\n"
                          "2020-01-01 01:00,30\n")
            << "2020-01-01 00:00" << 60 << QList<double>{17.5};
        QTest::newRow("a slot inside one row")
            << QByteArray("Time,Price\n2020-01-01 00:00,10\n2020-01-01 01:00,20\n")
            << "2020-01-01 01:10" << 20 << QList<double>{20, 20};
    }
    void valuesPerSlot() {
        QFETCH(QByteArray, csv);
        QFETCH(QString, start);
        QFETCH(int, slotMinutes);
        QFETCH(QList<double>, expected);
        const TimeSeries s =
            load(csv, csv.contains("Carbon Intensity") ? "Carbon Intensity" : "Price");
        const auto v = energy::valuesPerSlot(s, at(start.toLatin1().constData()), slotMinutes,
                                             int(expected.size()));
        QVERIFY2(v, v ? "" : v.error().toString().c_str());
        QCOMPARE(int(v->size()), int(expected.size()));
        for (int i = 0; i < expected.size(); ++i)
            // Tolerance 1e-9: hand-worked means of small numbers.
            QVERIFY2(std::abs((*v)[std::size_t(i)] - expected[i]) < 1e-9,
                     qPrintable(QStringLiteral("slot %1: %2, expected %3")
                                    .arg(i)
                                    .arg((*v)[std::size_t(i)], 0, 'g', 17)
                                    .arg(expected[i], 0, 'g', 17)));
    }

    void outOfRange_data() {
        QTest::addColumn<QString>("start");
        QTest::addColumn<int>("slotMinutes");
        QTest::addColumn<int>("slotCount");
        QTest::addColumn<QString>("firstUncovered"); // empty: accepted

        // Rows at 00:00 and 01:00: covered [00:00, 02:00).
        QTest::newRow("exactly the covered range") << "2020-01-01 00:00" << 60 << 2 << "";
        QTest::newRow("one slot past the end")
            << "2020-01-01 01:00" << 60 << 2 << "2020-01-01 02:00";
        QTest::newRow("a minute past the end")
            << "2020-01-01 01:00" << 61 << 1 << "2020-01-01 02:00";
        QTest::newRow("starts before the first row")
            << "2019-12-31 23:45" << 15 << 2 << "2019-12-31 23:45";
        QTest::newRow("entirely after") << "2020-02-01 00:00" << 60 << 1 << "2020-01-01 02:00";
    }
    void outOfRange() {
        QFETCH(QString, start);
        QFETCH(int, slotMinutes);
        QFETCH(int, slotCount);
        QFETCH(QString, firstUncovered);
        const std::string path = write("Time,Price\n2020-01-01 00:00,10\n2020-01-01 01:00,20\n");
        auto s = readTimeSeriesCsv(path, "Price");
        QVERIFY(s);
        const auto v =
            energy::valuesPerSlot(*s, at(start.toLatin1().constData()), slotMinutes, slotCount);
        if (firstUncovered.isEmpty()) {
            QVERIFY2(v, v ? "" : v.error().toString().c_str());
            QCOMPARE(int(v->size()), slotCount);
            return;
        }
        QVERIFY2(!v, "expected a refusal");
        QCOMPARE(v.error().file, path);
        const QString text = errorText(v.error());
        QVERIFY2(text.contains("does not cover " + firstUncovered), qPrintable(text));
        QVERIFY2(text.contains("2020-01-01 00:00 to 2020-01-01 02:00"), qPrintable(text));
    }

    void shippedFiles_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("column");
        QTest::addColumn<int>("maxGapRows");
        QTest::addColumn<int>("rows");
        QTest::addColumn<QString>("first");
        QTest::addColumn<QString>("last");
        QTest::addColumn<int>("filled");

        // A year of 15-minute rows: read at every plan, so it must load quickly.
        QTest::newRow("ger_ci_2020 (15 min)")
            << "ger_ci_2020.csv"
            << "Carbon Intensity" << 8 << 37147 << "2019-12-20 00:00"
            << "2021-01-09 23:00" << 0;
        // 30-minute steps, 15-minute from 2020-10-31.
        QTest::newRow("gb_ci_2020 (30 then 15 min)")
            << "gb_ci_2020.csv"
            << "Carbon Intensity" << 8 << 21980 << "2019-12-20 00:00"
            << "2021-01-09 23:30" << 0;
        QTest::newRow("fr_ci_2020 (30 min)")
            << "fr_ci_2020.csv"
            << "Carbon Intensity" << 8 << 18574 << "2019-12-20 00:00"
            << "2021-01-09 22:30" << 0;
        QTest::newRow("de_lu_da_2020 (spring DST hour empty)")
            << "de_lu_da_2020.csv"
            << "Price" << 8 << 8784 << "2020-01-01 00:00"
            << "2020-12-31 23:00" << 1;
        QTest::newRow("fr_da_2020 (spring DST hour empty)")
            << "fr_da_2020.csv"
            << "Price" << 8 << 8784 << "2020-01-01 00:00"
            << "2020-12-31 23:00" << 1;
        // 49 empty hours, the longest run 25 (2020-09-26 00:00 .. 09-27 00:00).
        QTest::newRow("gb_da_2020 with a 25-hour gap allowed")
            << "gb_da_2020.csv"
            << "Price" << 25 << 8784 << "2020-01-01 00:00"
            << "2020-12-31 23:00" << 49;
    }
    void shippedFiles() {
        QFETCH(QString, file);
        QFETCH(QString, column);
        QFETCH(int, maxGapRows);
        QFETCH(int, rows);
        QFETCH(QString, first);
        QFETCH(QString, last);
        QFETCH(int, filled);
        const auto s =
            readTimeSeriesCsv((energyDir + file).toStdString(), column.toStdString(), maxGapRows);
        QVERIFY2(s, s ? "" : s.error().toString().c_str());
        QCOMPARE(int(s->times.size()), rows);
        QCOMPARE(int(s->values.size()), rows);
        QCOMPARE(s->times.front(), at(first.toLatin1().constData()));
        QCOMPARE(s->times.back(), at(last.toLatin1().constData()));
        QCOMPARE(s->emptyFilled, filled);
        QCOMPARE(s->repeatsDropped, 0);
    }

    void shippedGbPricesRefusedAtItsFirstLongGap() {
        // With the default limit (8) GB's 23 missing hours of 2020-09-16 are refused.
        const std::string path = (energyDir + "gb_da_2020.csv").toStdString();
        const auto s = readTimeSeriesCsv(path, "Price");
        QVERIFY(!s);
        QCOMPARE(s.error().file, path);
        QCOMPARE(s.error().line, 6219);
        QVERIFY2(errorText(s.error()).contains("23 empty 'Price' value(s) from this line "
                                               "(2020-09-16 01:00)"),
                 qPrintable(errorText(s.error())));
    }

    void shippedDePricesFillTheSpringHour() {
        const auto s = readTimeSeriesCsv((energyDir + "de_lu_da_2020.csv").toStdString(), "Price");
        QVERIFY2(s, s ? "" : s.error().toString().c_str());
        const auto it = std::find(s->times.begin(), s->times.end(), at("2020-03-29 02:00"));
        QVERIFY(it != s->times.end());
        const std::size_t i = std::size_t(it - s->times.begin());
        // Neighbours 01:00 = 11.05 and 03:00 = 6.60 (EUR/MWh): the mean, to rounding.
        QCOMPARE(s->times[i - 1], at("2020-03-29 01:00"));
        QCOMPARE(s->times[i + 1], at("2020-03-29 03:00"));
        QVERIFY(std::abs(s->values[i - 1] - 11.05) < 1e-12);
        QVERIFY(std::abs(s->values[i + 1] - 6.60) < 1e-12);
        QVERIFY2(std::abs(s->values[i] - (11.05 + 6.60) / 2) < 1e-12,
                 qPrintable(QString::number(s->values[i], 'g', 17)));
    }

    void shippedCarbonHourlyMatchesAPlainMean() {
        // A year of 15-minute rows in hourly slots against the obvious
        // reference: the mean of the four quarter-hours (the file is regular
        // on 2020 but for 2020-12-19, whose 23:15 and 23:45 rows are missing).
        const auto s =
            readTimeSeriesCsv((energyDir + "ger_ci_2020.csv").toStdString(), "Carbon Intensity");
        QVERIFY2(s, s ? "" : s.error().toString().c_str());
        const QDateTime start = at("2020-01-01 00:00");
        const int slotCount = 366 * 24;
        const auto v = energy::valuesPerSlot(*s, start, 60, slotCount);
        QVERIFY2(v, v ? "" : v.error().toString().c_str());
        QCOMPARE(int(v->size()), slotCount);
        std::size_t row =
            std::size_t(std::find(s->times.begin(), s->times.end(), start) - s->times.begin());
        int checked = 0;
        for (int h = 0; h < slotCount; ++h) {
            const QDateTime t = start.addSecs(3600LL * h);
            while (s->times[row] < t)
                ++row;
            if (s->times[row] != t || s->times[row + 3] != t.addSecs(45 * 60))
                continue; // not four regular quarter-hours
            const double mean =
                (s->values[row] + s->values[row + 1] + s->values[row + 2] + s->values[row + 3]) / 4;
            // Tolerance: relative 1e-12, summation order only.
            QVERIFY2(std::abs((*v)[std::size_t(h)] - mean) <= 1e-12 * std::abs(mean),
                     qPrintable(t.toString(Qt::ISODate)));
            ++checked;
        }
        QCOMPARE(checked, slotCount - 1);
        // 2020-12-19 23:00: 30 min at 280.37..., 30 min at 283.68...
        const int h = int(start.secsTo(at("2020-12-19 23:00")) / 3600);
        QVERIFY(std::abs((*v)[std::size_t(h)] - (280.3718054720385 + 283.689425352646) / 2) < 1e-9);
    }

    void tariff_data() {
        QTest::addColumn<QString>("slotStart");
        QTest::addColumn<bool>("offPeak");

        // 2020-01-01 was a Wednesday.
        QTest::newRow("Wednesday 23:00 off-peak") << "2020-01-01 23:00" << true;
        QTest::newRow("Wednesday 05:00 off-peak") << "2020-01-01 05:00" << true;
        QTest::newRow("Wednesday 12:00 normal") << "2020-01-01 12:00" << false;
        QTest::newRow("Wednesday 06:00 normal (end excluded)") << "2020-01-01 06:00" << false;
        QTest::newRow("Wednesday 05:59 off-peak") << "2020-01-01 05:59" << true;
        QTest::newRow("Wednesday 21:59 normal") << "2020-01-01 21:59" << false;
        QTest::newRow("Wednesday 22:00 off-peak") << "2020-01-01 22:00" << true;
        QTest::newRow("Saturday 15:00 off-peak") << "2020-01-04 15:00" << true;
        QTest::newRow("Saturday 14:00 off-peak") << "2020-01-04 14:00" << true;
        QTest::newRow("Saturday 10:00 normal") << "2020-01-04 10:00" << false;
        // Our reading: Friday's night is not carried into Saturday.
        QTest::newRow("Saturday 05:00 normal") << "2020-01-04 05:00" << false;
        QTest::newRow("Sunday noon off-peak") << "2020-01-05 12:00" << true;
        QTest::newRow("Monday 05:00 off-peak") << "2020-01-06 05:00" << true;
        QTest::newRow("Monday 08:00 normal") << "2020-01-06 08:00" << false;
    }
    void tariff() {
        QFETCH(QString, slotStart);
        QFETCH(bool, offPeak);
        const auto t =
            readTouTariff((energyDir + "kenya_epra_ci_tou_2023.yaml").toStdString(), "CI1", 0);
        QVERIFY2(t, t ? "" : t.error().toString().c_str());
        QCOMPARE(t->currency, std::string("KES"));
        QCOMPARE(t->category, std::string("CI1"));
        QCOMPARE(t->normalPerKwh, 14.50);
        QCOMPARE(t->offPeakPerKwh, 7.25);
        const auto v = tariffPerSlot(*t, at(slotStart.toLatin1().constData()), 60, 1);
        QCOMPARE(int(v.size()), 1);
        QCOMPARE(v[0], offPeak ? 7.25 : 14.50);
    }

    void tariffADayInSlots() {
        const auto t =
            readTouTariff((energyDir + "kenya_epra_ci_tou_2023.yaml").toStdString(), "CI2", 2);
        QVERIFY2(t, t ? "" : t.error().toString().c_str());
        QCOMPARE(t->normalPerKwh, 12.16);
        QCOMPARE(t->offPeakPerKwh, 6.08);
        // Friday 2020-01-03 22:00 .. Saturday 16:00 in 2-hour slots.
        // Slots start Fri 22:00 (off-peak), Sat 00:00 .. 12:00 (normal: Friday's
        // night is not carried into Saturday), Sat 14:00 and 16:00 (off-peak).
        const auto v = tariffPerSlot(*t, at("2020-01-03 22:00"), 120, 10);
        const std::vector<double> expected{6.08,  12.16, 12.16, 12.16, 12.16,
                                           12.16, 12.16, 12.16, 6.08,  6.08};
        QCOMPARE(v, expected);
    }

    void tariffRefusals_data() {
        QTest::addColumn<QString>("file"); // empty: the shipped file
        QTest::addColumn<QByteArray>("yaml");
        QTest::addColumn<QString>("category");
        QTest::addColumn<int>("period");
        QTest::addColumn<int>("line");
        QTest::addColumn<QString>("says");

        const QString shipped = "kenya_epra_ci_tou_2023.yaml";
        QTest::newRow("unknown category") << shipped << QByteArray() << "CI9" << 0 << 26
                                          << "categories.CI9: no such category; expected one of: "
                                             "CI1, CI2, CI3, CI4, CI5";
        QTest::newRow("period 3") << shipped << QByteArray() << "CI1" << 3 << 26
                                  << "categories.CI1.normal: no tariff period 3; expected a "
                                     "period from 0 to 2";
        QTest::newRow("negative period")
            << shipped << QByteArray() << "CI1" << -1 << 26 << "no tariff period -1";

        const QByteArray good = "currency: KES\n"
                                "tou_rule:\n"
                                "  off_peak_periods:\n"
                                "    weekdays: \"22:00-06:00\"\n"
                                "    saturday: \"from 14:00\"\n"
                                "    sunday: \"all day\"\n"
                                "categories:\n"
                                "  CI1: {normal: [14.50], tou: [7.25]}\n";
        QByteArray badHours = good;
        badHours.replace("22:00-06:00", "10pm-6am");
        QTest::newRow("off-peak hours not understood")
            << "" << badHours << "CI1" << 0 << 4
            << "tou_rule.off_peak_periods.weekdays: '10pm-6am' is not understood; expected "
               "\"HH:MM-HH:MM\", \"from HH:MM\" or \"all day\"";
        QByteArray badFrom = good;
        badFrom.replace("from 14:00", "from 25:00");
        QTest::newRow("hour 25") << "" << badFrom << "CI1" << 0 << 5
                                 << "tou_rule.off_peak_periods.saturday: 'from 25:00'";
        QByteArray noSunday = good;
        noSunday.replace("    sunday: \"all day\"\n", "");
        QTest::newRow("sunday missing")
            << "" << noSunday << "CI1" << 0 << 4 << "tou_rule.off_peak_periods.sunday: missing";
        QByteArray unknownDay = good;
        unknownDay.replace("sunday:", "sundays:");
        QTest::newRow("unknown day key") << "" << unknownDay << "CI1" << 0 << 6
                                         << "unknown key 'sundays' in tou_rule.off_peak_periods";
        QByteArray badCharge = good;
        badCharge.replace("[7.25]", "[cheap]");
        QTest::newRow("charge not a number")
            << "" << badCharge << "CI1" << 0 << 8 << "categories.CI1.tou[0]: expected";
        QTest::newRow("empty file")
            << "" << QByteArray("# nothing\n") << "CI1" << 0 << 1 << "holds no YAML document";
    }
    void tariffRefusals() {
        QFETCH(QString, file);
        QFETCH(QByteArray, yaml);
        QFETCH(QString, category);
        QFETCH(int, period);
        QFETCH(int, line);
        QFETCH(QString, says);
        const std::string path =
            file.isEmpty() ? write(yaml, ".yaml") : (energyDir + file).toStdString();
        const auto t = readTouTariff(path, category.toStdString(), period);
        QVERIFY2(!t, "expected a refusal");
        QCOMPARE(t.error().file, path);
        QCOMPARE(t.error().line, line);
        QVERIFY2(errorText(t.error()).contains(says), qPrintable(errorText(t.error())));
    }

    void tariffAcceptsTheSameForms() {
        // The fixture of the refusals, unchanged, is accepted: a refusal row
        // fails for its own change, not for something else in the text.
        const std::string path = write("currency: KES\n"
                                       "tou_rule:\n"
                                       "  off_peak_periods:\n"
                                       "    weekdays: \"22:00-06:00\"\n"
                                       "    saturday: \"from 14:00\"\n"
                                       "    sunday: \"all day\"\n"
                                       "categories:\n"
                                       "  CI1: {normal: [14.50], tou: [7.25]}\n",
                                       ".yaml");
        const auto t = readTouTariff(path, "CI1", 0);
        QVERIFY2(t, t ? "" : t.error().toString().c_str());
        using Ranges = std::vector<std::pair<int, int>>;
        QCOMPARE(t->offPeak[0], (Ranges{{0, 360}, {1320, 1440}}));
        QCOMPARE(t->offPeak[4], (Ranges{{0, 360}, {1320, 1440}}));
        QCOMPARE(t->offPeak[5], (Ranges{{840, 1440}}));
        QCOMPARE(t->offPeak[6], (Ranges{{0, 1440}}));
    }
};

QTEST_GUILESS_MAIN(TstTimeSeries)
#include "tst_timeseries.moc"
