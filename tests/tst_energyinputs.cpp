// The energy scheduler's site inputs: SITE.yaml read and aligned onto slots
// (prices to USD/kWh by hand), its refusals with file:line:column, gaps and
// tariffs (the job inputs are in tst_jobinputs.cpp).
#include "energy/jobtable.h"
#include "energy/site.h"

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

// Hourly day-ahead price (EUR/MWh) and half-hourly carbon (gCO2/kWh) over
// 2020-01-01 00:00-03:00; the last row of each holds for one step.
const char *priceCsv = "Time,Price\n"
                       "2020-01-01 00:00:00,50\n"
                       "2020-01-01 01:00:00,80\n"
                       "2020-01-01 02:00:00,20\n";
const char *carbonCsv = "Time,Carbon Intensity\n"
                        "2020-01-01 00:00:00,100\n"
                        "2020-01-01 00:30:00,200\n"
                        "2020-01-01 01:00:00,300\n"
                        "2020-01-01 01:30:00,400\n"
                        "2020-01-01 02:00:00,500\n"
                        "2020-01-01 02:30:00,600\n";
const char *capCsv = "Time,kW\n"
                     "2020-01-01 00:00:00,100\n"
                     "2020-01-01 01:00:00,150\n"
                     "2020-01-01 02:00:00,90\n";
// Monday 2024-01-01 and the day after, for the tariff site.
const char *carbonKenyaCsv = "Time,Carbon Intensity\n"
                             "2024-01-01 00:00:00,80\n"
                             "2024-01-02 00:00:00,90\n";

// A good site; the refusal rows each change one piece of it. Line numbers
// matter to those rows.
const char *goodSite = "schema_version: 1\n"                                         // 1
                       "partitions:\n"                                               // 2
                       "  - {name: gpu, nodes: 4, busy_kw: 10, idle_kw: 2}\n"        // 3
                       "power_cap_kw: 120\n"                                         // 4
                       "carbon: {file: CI.csv, column: \"Carbon Intensity\"}\n"      // 5
                       "price: {file: DA.csv, column: Price, unit: EUR/MWh}\n"       // 6
                       "usd_per_currency_unit: 1.2\n"                                // 7
                       "carbon_price_usd_per_t: 50\n"                                // 8
                       "slot_minutes: 15\n"                                          // 9
                       "burst:\n"                                                    // 10
                       "  - name: cloud\n"                                           // 11
                       "    usd_per_node_hour: 3.5\n"                                // 12
                       "    spinup_min: 20\n"                                        // 13
                       "    max_nodes: 8\n"                                          // 14
                       "    sovereign: false\n"                                      // 15
                       "    carbon: {file: CI.csv, column: \"Carbon Intensity\"}\n"; // 16

} // namespace

class TstEnergyInputs : public QObject {
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

    SiteSpec site(const QString &yaml, const QString &name = "SITE.yaml") {
        auto s = readSite(write(name, yaml).toStdString());
        if (!s)
            qFatal("%s", s.error().toString().c_str());
        return *s;
    }

  private slots:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        write("DA.csv", priceCsv);
        write("CI.csv", carbonCsv);
        write("CAP.csv", capCsv);
        write("CI-KE.csv", carbonKenyaCsv);
        write("CAP0.csv", "Time,kW\n2020-01-01 00:00:00,100\n2020-01-01 01:00:00,0\n");
        write("CINEG.csv", "Time,Carbon Intensity\n2020-01-01 00:00:00,-5\n");
        write("BADPRICE.csv", "Time,Price\n2020-01-01 00:00:00,50\n2020-01-01 01:00:00,abc\n");
        QVERIFY(QFile::copy(SOVEREIGN_SOURCE_DIR "/resources/energy/kenya_epra_ci_tou_2023.yaml",
                            m_dir.filePath("kenya.yaml")));
    }

    void priceUnits_data() {
        QTest::addColumn<QString>("unit");
        QTest::addColumn<QString>("currency");
        QTest::addColumn<double>("kwhPerUnit");
        QTest::newRow("EUR/MWh") << "EUR/MWh"
                                 << "EUR" << 1000.0;
        QTest::newRow("USD/kWh") << "USD/kWh"
                                 << "USD" << 1.0;
        QTest::newRow("KES/kWh") << "KES/kWh"
                                 << "KES" << 1.0;
        QTest::newRow("KES/MWh") << "KES/MWh"
                                 << "KES" << 1000.0;
        QTest::newRow("gbp/MWh upper-cased") << "gbp/MWh"
                                             << "GBP" << 1000.0;
        QTest::newRow("MJ refused") << "EUR/MJ"
                                    << "" << 0.0;
        QTest::newRow("mWh refused (milliwatt-hours)") << "EUR/mWh"
                                                       << "" << 0.0;
        QTest::newRow("no currency refused") << "/MWh"
                                             << "" << 0.0;
        QTest::newRow("euro sign refused") << "€/MWh"
                                           << "" << 0.0;
    }
    void priceUnits() {
        QFETCH(QString, unit);
        QFETCH(QString, currency);
        QFETCH(double, kwhPerUnit);
        const auto parsed = parsePriceUnit(unit.toStdString());
        QCOMPARE(parsed.has_value(), !currency.isEmpty());
        if (parsed) {
            QCOMPARE(QString::fromStdString(parsed->currency), currency);
            QCOMPARE(parsed->kwhPerUnit, kwhPerUnit);
        }
    }

    // Hand-worked, tolerance 1e-12 (relative to figures of order 0.1-500):
    // 50 EUR/MWh x 1.2 USD/EUR / 1000 kWh/MWh = 0.06 USD/kWh.
    void goodSiteAligned_data() {
        QTest::addColumn<QString>("start");
        QTest::addColumn<int>("slot");
        QTest::addColumn<double>("priceUsdPerKwh");
        QTest::addColumn<double>("carbon");
        QTest::addColumn<double>("capSeriesKw");
        QTest::newRow("00:00 slot: 50 EUR/MWh x 1.2 = 0.06 USD/kWh")
            << "2020-01-01 00:00" << 0 << 0.06 << 100.0 << 100.0;
        QTest::newRow("00:45 slot: second half hour's carbon")
            << "2020-01-01 00:00" << 3 << 0.06 << 200.0 << 100.0;
        QTest::newRow("01:00 slot: 80 EUR/MWh x 1.2 = 0.096 USD/kWh")
            << "2020-01-01 00:00" << 4 << 0.096 << 300.0 << 150.0;
        QTest::newRow("01:45 slot: 0.096 USD/kWh, 400 g")
            << "2020-01-01 00:00" << 7 << 0.096 << 400.0 << 150.0;
        // 00:50-01:05: 10 min at 50 and 5 at 80 = 60 EUR/MWh -> 0.072; carbon
        // 10 min at 200 and 5 at 300 = 233.33; cap 10 at 100, 5 at 150 = 116.67.
        QTest::newRow("00:50-01:05 straddles the hour: 2:1 weights")
            << "2020-01-01 00:50" << 0 << 0.072 << 700.0 / 3 << 350.0 / 3;
        QTest::newRow("02:45 slot: last price row holds its hour")
            << "2020-01-01 00:00" << 11 << 0.024 << 600.0 << 90.0;
    }
    void goodSiteAligned() {
        QFETCH(QString, start);
        QFETCH(int, slot);
        QFETCH(double, priceUsdPerKwh);
        QFETCH(double, carbon);
        QFETCH(double, capSeriesKw);
        const SiteSpec constantCap = site(goodSite);
        QCOMPARE(QString::fromStdString(constantCap.priceUnit), QString("EUR/MWh"));
        QCOMPARE(constantCap.usdPerCurrencyUnit, 1.2);
        const int count = slot + 1; // the series cover 00:00-03:00 only
        auto aligned = siteSlots(constantCap, at(start), count);
        QVERIFY2(aligned, aligned ? "" : aligned.error().toString().c_str());
        QCOMPARE(aligned->slotCount, count);
        QCOMPARE(aligned->slotHours, 0.25);
        QCOMPARE(aligned->carbonPriceUsdPerT, 50.0);
        QCOMPARE(int(aligned->priceUsdPerKwh.size()), count);
        QCOMPARE(int(aligned->carbonGPerKwh.size()), count);
        QCOMPARE(int(aligned->capKw.size()), count);
        QVERIFY2(std::abs(aligned->priceUsdPerKwh[slot] - priceUsdPerKwh) < 1e-12,
                 qPrintable(QString::number(aligned->priceUsdPerKwh[slot], 'g', 17)));
        QVERIFY(std::abs(aligned->carbonGPerKwh[slot] - carbon) < 1e-9);
        QCOMPARE(aligned->capKw[slot], 120.0);
        QCOMPARE(int(aligned->partitions.size()), 1);
        QCOMPARE(aligned->partitions[0].nodes, 4);
        QCOMPARE(aligned->partitions[0].busyKw, 10.0);
        QCOMPARE(aligned->partitions[0].idleKw, 2.0);
        QCOMPARE(int(aligned->bursts.size()), 1);
        QCOMPARE(aligned->bursts[0].spinupSlots, 2); // 20 min on 15-minute slots
        QVERIFY(std::abs(aligned->bursts[0].carbonGPerKwh[slot] - carbon) < 1e-9);

        const SiteSpec seriesCap = site(QString(goodSite).replace(
            "power_cap_kw: 120", "power_cap_kw: {file: CAP.csv, column: kW}"));
        QVERIFY(seriesCap.capSeries.has_value());
        auto withSeries = siteSlots(seriesCap, at(start), count);
        QVERIFY2(withSeries, withSeries ? "" : withSeries.error().toString().c_str());
        QVERIFY(std::abs(withSeries->capKw[slot] - capSeriesKw) < 1e-9);
    }

    void horizonBeyondTheSeriesRefused() {
        const SiteSpec s = site(goodSite);
        auto aligned = siteSlots(s, at("2020-01-01 00:00"), 13); // 03:00-03:15 not covered
        QVERIFY(!aligned);
        QVERIFY2(QString::fromStdString(aligned.error().file).endsWith(".csv"),
                 aligned.error().toString().c_str());
    }

    void burstSpinup_data() {
        QTest::addColumn<int>("slotMinutes");
        QTest::addColumn<int>("spinupMin");
        QTest::addColumn<int>("spinupSlots");
        QTest::newRow("20 min on 15-minute slots -> 2") << 15 << 20 << 2;
        QTest::newRow("15 min on 15-minute slots -> 1") << 15 << 15 << 1;
        QTest::newRow("no spin-up -> 0") << 15 << 0 << 0;
        QTest::newRow("1 min on 30-minute slots -> 1") << 30 << 1 << 1;
        QTest::newRow("61 min on 60-minute slots -> 2") << 60 << 61 << 2;
    }
    void burstSpinup() {
        QFETCH(int, slotMinutes);
        QFETCH(int, spinupMin);
        QFETCH(int, spinupSlots);
        const SiteSpec s =
            site(QString(goodSite)
                     .replace("spinup_min: 20", QString("spinup_min: %1").arg(spinupMin))
                     .replace("slot_minutes: 15", QString("slot_minutes: %1").arg(slotMinutes)));
        auto aligned = siteSlots(s, at("2020-01-01 00:00"), 1);
        QVERIFY2(aligned, aligned ? "" : aligned.error().toString().c_str());
        QCOMPARE(aligned->slotHours, slotMinutes / 60.0);
        QCOMPARE(aligned->bursts[0].spinupSlots, spinupSlots);
    }

    // Kenya Power CI1, 2023/24: 14.50 KES/kWh normal, 7.25 off-peak (weekdays
    // 22:00-06:00); at 0.0078 USD/KES: 0.1131 and 0.05655 USD/kWh.
    void tariffSite_data() {
        QTest::addColumn<int>("slot");
        QTest::addColumn<double>("priceUsdPerKwh");
        QTest::newRow("Monday 00:00 off-peak") << 0 << 7.25 * 0.0078;
        QTest::newRow("Monday 05:45 off-peak") << 23 << 7.25 * 0.0078;
        QTest::newRow("Monday 06:00 normal") << 24 << 14.50 * 0.0078;
        QTest::newRow("Monday 21:45 normal") << 87 << 14.50 * 0.0078;
        QTest::newRow("Monday 22:00 off-peak") << 88 << 7.25 * 0.0078;
    }
    void tariffSite() {
        QFETCH(int, slot);
        QFETCH(double, priceUsdPerKwh);
        const SiteSpec s = site("schema_version: 1\n"
                                "partitions: [{name: gpu, nodes: 2, busy_kw: 5, idle_kw: 1}]\n"
                                "power_cap_kw: 40\n"
                                "carbon: {file: CI-KE.csv, column: Carbon Intensity}\n"
                                "tariff: {file: kenya.yaml, category: CI1, period: 0}\n"
                                "usd_per_currency_unit: 0.0078\n"
                                "slot_minutes: 15\n",
                                "SITE-KE.yaml");
        QVERIFY(s.tariff.has_value());
        QVERIFY(!s.price.has_value());
        QCOMPARE(QString::fromStdString(s.priceUnit), QString("KES/kWh"));
        auto aligned = siteSlots(s, at("2024-01-01 00:00"), 96);
        QVERIFY2(aligned, aligned ? "" : aligned.error().toString().c_str());
        QVERIFY2(std::abs(aligned->priceUsdPerKwh[slot] - priceUsdPerKwh) < 1e-12,
                 qPrintable(QString::number(aligned->priceUsdPerKwh[slot], 'g', 17)));
        QCOMPARE(aligned->carbonGPerKwh[slot], 80.0);
        QVERIFY(aligned->bursts.empty());
    }

    void refusedSites_data() {
        QTest::addColumn<QString>("from");
        QTest::addColumn<QString>("to");
        QTest::addColumn<QString>("file"); // the file the error names
        QTest::addColumn<int>("line");
        QTest::addColumn<int>("column");
        QTest::addColumn<QString>("message");
        const QString site = "SITE.yaml";
        const QString partition = "  - {name: gpu, nodes: 4, busy_kw: 10, idle_kw: 2}\n";
        QTest::newRow("schema version 2")
            << "schema_version: 1"
            << "schema_version: 2" << site << 1 << 17 << "reads schema_version 1";
        QTest::newRow("unknown top-level key")
            << "slot_minutes: 15\n"
            << "slot_minutes: 15\ngpus: 3\n"
            << site << 10 << 1 << "unknown key 'gpus' in SITE.yaml";
        QTest::newRow("key given twice") << "slot_minutes: 15\n"
                                         << "slot_minutes: 15\nslot_minutes: 30\n"
                                         << site << 10 << 1 << "appears twice";
        QTest::newRow("no partitions") << "partitions:\n" + partition << "partitions: []\n"
                                       << site << 2 << 13 << "at least one";
        QTest::newRow("partition names repeated")
            << partition << partition + partition << site << 4 << 12 << "expected unique names";
        QTest::newRow("partition without idle_kw")
            << ", idle_kw: 2}"
            << "}" << site << 3 << 5 << "missing key 'idle_kw'";
        QTest::newRow("unknown partition key")
            << "idle_kw: 2}"
            << "idle_kw: 2, gpus: 8}" << site << 3 << 52 << "unknown key 'gpus' in partitions[0]";
        QTest::newRow("zero nodes") << "nodes: 4"
                                    << "nodes: 0" << site << 3 << 24
                                    << "partitions[0].nodes: expected a whole number from 1";
        QTest::newRow("negative busy_kw")
            << "busy_kw: 10"
            << "busy_kw: -1" << site << 3 << 36 << "busy_kw: expected a number >= 0";
        QTest::newRow("idle above busy")
            << "idle_kw: 2"
            << "idle_kw: 12" << site << 3 << 49 << "expected at most busy_kw (10)";
        QTest::newRow("cap zero") << "power_cap_kw: 120"
                                  << "power_cap_kw: 0" << site << 4 << 15
                                  << "power_cap_kw: expected a number of kW > 0";
        QTest::newRow("carbon missing") << "carbon: {file: CI.csv, column: \"Carbon Intensity\"}\n"
                                        << "" << site << 1 << 1 << "missing key 'carbon'";
        QTest::newRow("price unit unknown")
            << "unit: EUR/MWh"
            << "unit: EUR/MJ" << site << 6 << 44 << "CUR/MWh or CUR/kWh";
        QTest::newRow("price and tariff both")
            << "slot_minutes: 15\n"
            << "slot_minutes: 15\ntariff: {file: kenya.yaml, category: CI1, period: 0}\n"
            << site << 10 << 9 << "not both";
        QTest::newRow("neither price nor tariff")
            << "price: {file: DA.csv, column: Price, unit: EUR/MWh}\n"
            << "" << site << 1 << 1 << "missing key 'price' (or 'tariff')";
        QTest::newRow("no exchange rate for EUR")
            << "usd_per_currency_unit: 1.2\n"
            << "" << site << 6 << 44 << "expected usd_per_currency_unit";
        QTest::newRow("USD price with a rate other than 1")
            << "unit: EUR/MWh"
            << "unit: USD/MWh" << site << 7 << 24 << "already in USD";
        QTest::newRow("slot of 7 minutes")
            << "slot_minutes: 15"
            << "slot_minutes: 7" << site << 9 << 15 << "divisor of 60";
        QTest::newRow("burst max_nodes 0")
            << "max_nodes: 8"
            << "max_nodes: 0" << site << 14 << 16 << "burst[0].max_nodes";
        QTest::newRow("burst negative spin-up")
            << "spinup_min: 20"
            << "spinup_min: -5" << site << 13 << 17 << "burst[0].spinup_min";
        QTest::newRow("burst named like a partition")
            << "name: cloud"
            << "name: gpu" << site << 11 << 11 << "expected unique names";
        QTest::newRow("burst without carbon")
            << "    carbon: {file: CI.csv, column: \"Carbon Intensity\"}\n"
            << "" << site << 11 << 5 << "missing key 'carbon'";
        // Errors in the files it names come back with their own file and line.
        QTest::newRow("price CSV value not a number") << "file: DA.csv"
                                                      << "file: BADPRICE.csv"
                                                      << "BADPRICE.csv" << 3 << 0 << "'abc'";
        QTest::newRow("cap series with a zero")
            << "power_cap_kw: 120"
            << "power_cap_kw: {file: CAP0.csv, column: kW}"
            << "CAP0.csv" << 0 << 0
            << "at 2020-01-01 01:00:00: expected a power cap in kW > 0, got 0";
        QTest::newRow("negative carbon intensity")
            << "carbon: {file: CI.csv"
            << "carbon: {file: CINEG.csv"
            << "CINEG.csv" << 0 << 0 << "expected gCO2/kWh >= 0, got -5";
        QTest::newRow("tariff category unknown")
            << "price: {file: DA.csv, column: Price, unit: EUR/MWh}\n"
            << "tariff: {file: kenya.yaml, category: CI9, period: 0}\n"
            << "kenya.yaml" << 26 << 0 << "CI9";
    }
    void refusedSites() {
        QFETCH(QString, from);
        QFETCH(QString, to);
        QFETCH(QString, file);
        QFETCH(int, line);
        QFETCH(int, column);
        QFETCH(QString, message);
        const QString text = QString(goodSite);
        QVERIFY2(text.contains(from), qPrintable(from));
        const QString path = write("SITE.yaml", QString(text).replace(from, to));
        auto s = readSite(path.toStdString());
        QVERIFY(!s);
        const QString got = QString::fromStdString(s.error().toString());
        // Column 0: not checked (another file's reader places it); line 0: a
        // value of a series, named by its time rather than a line.
        QString prefix = m_dir.filePath(file) + ":";
        if (line > 0)
            prefix += QString::number(line) + ":";
        if (column > 0)
            prefix += QString::number(column) + ": ";
        QVERIFY2(got.startsWith(prefix),
                 qPrintable(got + "\n  expected it to start with " + prefix));
        QVERIFY2(got.contains(message), qPrintable(got));
    }

    void longGapNeedsMaxGapRows() {
        // Twelve empty hours in a row (gb_da_2020.csv has 23 and 25): more
        // than the default 8 are refused, at the line of the first; the
        // site's max_gap_rows lets them be filled.
        QString csv = "Time,Price\n2020-01-01 00:00:00,50\n";
        for (int h = 1; h <= 12; ++h)
            csv += QString("2020-01-01 %1:00:00,\n").arg(h, 2, 10, QChar('0'));
        csv += "2020-01-01 13:00:00,76\n2020-01-01 14:00:00,20\n";
        const QString priceFile = write("DA-gap.csv", csv);
        const QString from = "price: {file: DA.csv, column: Price, unit: EUR/MWh}";
        const QString refusedSite = write(
            "SITE.yaml", QString(goodSite).replace(
                             from, "price: {file: DA-gap.csv, column: Price, unit: EUR/MWh}"));
        auto refused = readSite(refusedSite.toStdString());
        QVERIFY(!refused);
        QCOMPARE(QString::fromStdString(refused.error().file), priceFile);
        QVERIFY2(refused.error().message.find("empty") != std::string::npos,
                 refused.error().message.c_str());
        const QString site = write(
            "SITE.yaml", QString(goodSite).replace(from, "price: {file: DA-gap.csv, column: Price, "
                                                         "unit: EUR/MWh, max_gap_rows: 12}"));
        auto s = readSite(site.toStdString());
        QVERIFY2(s, s ? "" : s.error().toString().c_str());
        QCOMPARE(s->price->emptyFilled, 12);
        QCOMPARE(s->price->values[6], 50.0 + 26.0 * 6 / 13); // filled linearly from 50 to 76
        // The key takes a whole number >= 0.
        const QString bad = write(
            "SITE.yaml", QString(goodSite).replace(from, "price: {file: DA-gap.csv, column: Price, "
                                                         "unit: EUR/MWh, max_gap_rows: -1}"));
        auto badSite = readSite(bad.toStdString());
        QVERIFY(!badSite);
        QVERIFY2(badSite.error().message.find("price.max_gap_rows") != std::string::npos,
                 badSite.error().message.c_str());
    }

    void shippedSiteReads() {
        auto s = readSite(SOVEREIGN_SOURCE_DIR "/resources/energy/site-de.yaml");
        QVERIFY2(s, s ? "" : s.error().toString().c_str());
        auto aligned = siteSlots(*s, at("2020-06-01 00:00"), 96);
        QVERIFY2(aligned, aligned ? "" : aligned.error().toString().c_str());
        QCOMPARE(int(aligned->partitions.size()), 2);
        QCOMPARE(aligned->bursts[0].spinupSlots, 2);
        QCOMPARE(aligned->capKw[95], 60.0);
        auto jobs = readJobsCsv(SOVEREIGN_SOURCE_DIR "/resources/energy/jobs-demo.csv");
        QVERIFY2(jobs, jobs ? "" : jobs.error().toString().c_str());
        QVERIFY(!jobs->empty());
    }
};

QTEST_GUILESS_MAIN(TstEnergyInputs)
#include "tst_energyinputs.moc"
