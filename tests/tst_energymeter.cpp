// The energy meter against a fake powercap tree (zones picked, counters wrapped, unreadable
// counters refused) and its CPU-time estimate against getrusage read by the test itself.
#include "agents/energymeter.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <sys/resource.h>
#include <unistd.h>

using namespace sovereign::agent;

Q_DECLARE_METATYPE(sovereign::agent::EnergySource)

namespace {

/// Process CPU time, user + system, all threads: the reference the estimate must agree with.
double cpuSeconds() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return double(u.ru_utime.tv_sec) + double(u.ru_utime.tv_usec) * 1e-6 +
           double(u.ru_stime.tv_sec) + double(u.ru_stime.tv_usec) * 1e-6;
}

void writeFile(const QString &path, const QByteArray &text) {
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
        qFatal("cannot write %s", qPrintable(path));
    f.write(text);
}

/// A zone as the kernel lays it out: name, energy_uj, max_energy_range_uj (0: no such file).
void writeZone(const QString &root, const QString &dir, const QByteArray &name, quint64 energyUj,
               quint64 maxRangeUj) {
    QDir().mkpath(root + "/" + dir);
    writeFile(root + "/" + dir + "/name", name + "\n");
    writeFile(root + "/" + dir + "/energy_uj", QByteArray::number(energyUj) + "\n");
    if (maxRangeUj > 0)
        writeFile(root + "/" + dir + "/max_energy_range_uj", QByteArray::number(maxRangeUj) + "\n");
}

void setEnergy(const QString &root, const QString &dir, quint64 energyUj) {
    writeFile(root + "/" + dir + "/energy_uj", QByteArray::number(energyUj) + "\n");
}

EnergyOptions fakeRoot(const QString &root) {
    EnergyOptions o;
    o.powercapRoot = root.toStdString();
    o.useNvml = false; // a GPU on the test machine must not change what is checked
    return o;
}

} // namespace

class TstEnergyMeter : public QObject {
    Q_OBJECT

  private slots:
    void sourceTexts_data() {
        QTest::addColumn<EnergySource>("source");
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("key");
        QTest::newRow("RAPL") << EnergySource::Rapl << "measured: RAPL"
                              << "rapl";
        QTest::newRow("NVML") << EnergySource::Nvml << "measured: NVML"
                              << "nvml";
        QTest::newRow("RAPL and NVML") << EnergySource::RaplAndNvml << "measured: RAPL + NVML"
                                       << "rapl+nvml";
        QTest::newRow("estimated is never called measured")
            << EnergySource::Estimated << "estimated: CPU time x TDP"
            << "estimated";
    }
    void sourceTexts() {
        QFETCH(EnergySource, source);
        QFETCH(QString, text);
        QFETCH(QString, key);
        QCOMPARE(QString::fromStdString(energySourceText(source)), text);
        QCOMPARE(QString::fromStdString(energySourceKey(source)), key);
    }

    void packagesOnly() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString root = dir.path();
        // Created out of order; the control-type folder, a sub-zone, the platform zone and the
        // MMIO door to package 0 are there as on real machines, and must all be left out.
        writeZone(root, "intel-rapl:1", "package-1", 500, 1'000'000);
        writeZone(root, "intel-rapl:0", "package-0", 1000, 1'000'000);
        writeZone(root, "intel-rapl:0:0", "core", 0, 1'000'000);
        writeZone(root, "intel-rapl:2", "psys", 0, 1'000'000);
        writeZone(root, "intel-rapl-mmio:0", "package-0", 0, 1'000'000);
        QDir().mkpath(root + "/intel-rapl");

        auto m = EnergyMeter::create(fakeRoot(root));
        QCOMPARE(m->source(), EnergySource::Rapl);
        QVERIFY(m->measured());
        QCOMPARE(QString::fromStdString(m->description()), "RAPL package-0, package-1");
        QCOMPARE(m->joules(), 0.0);

        setEnergy(root, "intel-rapl:0", 3000);      // +2000 uJ
        setEnergy(root, "intel-rapl:1", 1500);      // +1000 uJ
        setEnergy(root, "intel-rapl:0:0", 900'000); // inside package-0: not added again
        setEnergy(root, "intel-rapl:2", 900'000);   // holds both packages: not added again
        setEnergy(root, "intel-rapl-mmio:0", 900'000);
        QCOMPARE(m->joules(), 3000e-6);
    }

    void wrapAround_data() {
        QTest::addColumn<quint64>("maxRangeUj");
        QTest::addColumn<quint64>("beforeUj");
        QTest::addColumn<quint64>("afterUj");
        QTest::addColumn<double>("expectedUj");
        QTest::newRow("counter grows")
            << quint64(1'000'000) << quint64(100) << quint64(600) << 500.0;
        QTest::newRow("one wrap between reads")
            << quint64(1'000'000) << quint64(900'000) << quint64(100'000) << 200'000.0;
        QTest::newRow("wraps to exactly zero")
            << quint64(1'000'000) << quint64(999'000) << quint64(0) << 1'000.0;
        QTest::newRow("unchanged") << quint64(1'000'000) << quint64(42) << quint64(42) << 0.0;
        QTest::newRow("goes back with no max_energy_range_uj: adds nothing")
            << quint64(0) << quint64(900'000) << quint64(100'000) << 0.0;
        // A 64-bit range as some AMD parts report it: no overflow in the wrap arithmetic.
        QTest::newRow("wrap near a 64-bit range")
            << quint64(0xFFFF'FFFF'FFFF'0000ULL) << quint64(0xFFFF'FFFF'FFFF'0000ULL - 10)
            << quint64(5) << 15.0;
    }
    void wrapAround() {
        QFETCH(quint64, maxRangeUj);
        QFETCH(quint64, beforeUj);
        QFETCH(quint64, afterUj);
        QFETCH(double, expectedUj);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        writeZone(dir.path(), "intel-rapl:0", "package-0", beforeUj, maxRangeUj);
        auto m = EnergyMeter::create(fakeRoot(dir.path()));
        QCOMPARE(m->source(), EnergySource::Rapl);

        setEnergy(dir.path(), "intel-rapl:0", afterUj);
        const double first = m->joules();
        QCOMPARE(first, expectedUj * 1e-6);
        // The next read counts from where the wrap left off, and nothing is counted twice.
        setEnergy(dir.path(), "intel-rapl:0", afterUj + 50);
        QCOMPARE(m->joules(), (expectedUj + 50) * 1e-6);
    }

    void unusableRaplFallsBackToEstimate_data() {
        QTest::addColumn<QString>("how");
        QTest::newRow("energy_uj readable by root only") << "mode 000";
        QTest::newRow("energy_uj a dangling link") << "dangling";
        QTest::newRow("energy_uj not a number") << "garbage";
        QTest::newRow("energy_uj a folder") << "folder";
        QTest::newRow("no powercap folder at all") << "absent";
    }
    void unusableRaplFallsBackToEstimate() {
        QFETCH(QString, how);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QString root = dir.path();
        const QString energy = root + "/intel-rapl:0/energy_uj";
        writeZone(root, "intel-rapl:0", "package-0", 1000, 1'000'000);
        QFile::remove(energy);
        if (how == "mode 000") {
            if (::geteuid() == 0)
                QSKIP("root reads a mode-000 file");
            writeFile(energy, "1000\n");
            QVERIFY(QFile::setPermissions(energy, QFileDevice::Permissions()));
        } else if (how == "dangling") {
            QVERIFY(QFile::link(root + "/intel-rapl:0/gone", energy));
        } else if (how == "garbage") {
            writeFile(energy, "n/a\n");
        } else if (how == "folder") {
            QVERIFY(QDir().mkpath(energy));
        } else {
            root += "/no-such-folder";
        }
        // A sub-zone that reads well must not stand in for its package.
        writeZone(dir.path(), "intel-rapl:0:0", "core", 1000, 1'000'000);

        auto m = EnergyMeter::create(fakeRoot(root));
        QCOMPARE(m->source(), EnergySource::Estimated);
        QVERIFY(!m->measured());
        QVERIFY2(m->description().starts_with("estimated: "), m->description().c_str());
        QVERIFY(energySourceText(m->source()).starts_with("estimated"));
    }

    void estimateGrowsWithCpuTime_data() {
        QTest::addColumn<double>("optionW");
        QTest::addColumn<QByteArray>("env"); // SOVEREIGN_CPU_TDP_W; empty: unset
        QTest::addColumn<double>("expectedW");
        QTest::addColumn<QString>("origin");
        QTest::newRow("configured 100 W") << 100.0 << QByteArray() << 100.0 << "W TDP (configured)";
        QTest::newRow("SOVEREIGN_CPU_TDP_W 40")
            << 0.0 << QByteArray("40") << 40.0 << "W TDP (SOVEREIGN_CPU_TDP_W)";
        QTest::newRow("configured beats the environment")
            << 120.0 << QByteArray("40") << 120.0 << "W TDP (configured)";
        QTest::newRow("default is CodeCarbon's 85 W")
            << 0.0 << QByteArray() << 85.0 << "85 W TDP (default, CodeCarbon's fallback)";
        QTest::newRow("invalid environment ignored with a warning")
            << 0.0 << QByteArray("lots") << 85.0
            << "SOVEREIGN_CPU_TDP_W=\"lots\" ignored: not a positive number of watts";
        QTest::newRow("negative environment ignored")
            << 0.0 << QByteArray("-5") << 85.0 << "SOVEREIGN_CPU_TDP_W=\"-5\" ignored";
    }
    void estimateGrowsWithCpuTime() {
        QFETCH(double, optionW);
        QFETCH(QByteArray, env);
        QFETCH(double, expectedW);
        QFETCH(QString, origin);
        QTemporaryDir empty; // no RAPL zones
        QVERIFY(empty.isValid());
        const QByteArray saved = qgetenv("SOVEREIGN_CPU_TDP_W");
        const bool hadEnv = qEnvironmentVariableIsSet("SOVEREIGN_CPU_TDP_W");
        if (env.isEmpty())
            qunsetenv("SOVEREIGN_CPU_TDP_W");
        else
            qputenv("SOVEREIGN_CPU_TDP_W", env);
        EnergyOptions o = fakeRoot(empty.path());
        o.cpuTdpW = optionW;
        const double beforeCreate = cpuSeconds();
        auto m = EnergyMeter::create(o);
        const double afterCreate = cpuSeconds();
        if (hadEnv)
            qputenv("SOVEREIGN_CPU_TDP_W", saved);
        else
            qunsetenv("SOVEREIGN_CPU_TDP_W");

        QCOMPARE(m->source(), EnergySource::Estimated);
        QVERIFY(!m->measured());
        QCOMPARE(m->cpuTdpW(), expectedW);
        const QString text = QString::fromStdString(m->description());
        QVERIFY2(text.startsWith("estimated: "), qPrintable(text));
        QVERIFY2(text.contains(origin), qPrintable(text));
        const long cpus = sysconf(_SC_NPROCESSORS_ONLN);
        QVERIFY2(text.contains(QString("estimated: %1 logical CPU").arg(cpus)), qPrintable(text));

        // Spend 0.2 s of CPU time; the estimate must lie between what the test saw spent
        // inside and around the meter's reads (the same clock, so the bracket is exact up to
        // rounding: relative tolerance 1e-9).
        volatile double sink = 0;
        while (cpuSeconds() - afterCreate < 0.2)
            for (int i = 0; i < 100000; ++i)
                sink = sink + i * 0.5;
        const double beforeRead = cpuSeconds();
        const double j = m->joules();
        const double afterRead = cpuSeconds();
        const double wattsPerCpu = expectedW / double(cpus);
        QVERIFY2(j >= (beforeRead - afterCreate) * wattsPerCpu * (1 - 1e-9),
                 qPrintable(QString::number(j)));
        QVERIFY2(j <= (afterRead - beforeCreate) * wattsPerCpu * (1 + 1e-9),
                 qPrintable(QString::number(j)));
        QVERIFY(j >= 0.2 * wattsPerCpu * (1 - 1e-9));
        QVERIFY(m->joules() >= j); // monotonic
    }
};

QTEST_GUILESS_MAIN(TstEnergyMeter)
#include "tst_energymeter.moc"
