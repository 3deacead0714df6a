// System facts: CPU count and SIMD level, and the BLAS found among the loaded objects, before
// and after libblas.so.3 is dlopen()ed into this process.
#include "agents/systeminfo.h"

#include <QFile>
#include <QFileInfo>
#include <QStringList>
#include <QTest>

#include <algorithm>
#include <utility>

#include <dlfcn.h>
#include <unistd.h>

using namespace sovereign::agent;

class TstSystemInfo : public QObject {
    Q_OBJECT

  private slots:
    void systemFacts() {
        const SystemInfo info = collectSystemInfo();
        QVERIFY(info.logicalCpus >= 1);
        QCOMPARE(long(info.logicalCpus), sysconf(_SC_NPROCESSORS_ONLN));
        QVERIFY(!info.cpuModel.empty());
        const QStringList levels{"AVX-512 VNNI", "AVX-512", "AVX2+FMA", "AVX", "SSE4.2", "scalar"};
        QVERIFY2(levels.contains(QString::fromStdString(info.simd)), info.simd.c_str());
        // The level is the best the flags allow, and no better.
        auto has = [&](const char *flag) {
            return std::find(info.simdFlags.begin(), info.simdFlags.end(), flag) !=
                   info.simdFlags.end();
        };
        QString expected = "scalar";
        if (has("avx512f") && has("avx512vnni"))
            expected = "AVX-512 VNNI";
        else if (has("avx512f"))
            expected = "AVX-512";
        else if (has("avx2") && has("fma"))
            expected = "AVX2+FMA";
        else if (has("avx"))
            expected = "AVX";
        else if (has("sse4.2"))
            expected = "SSE4.2";
        QCOMPARE(QString::fromStdString(info.simd), expected);
#if defined(__x86_64__) && defined(__linux__)
        // The flags agree with the kernel's own reading of CPUID (/proc/cpuinfo spells a few
        // differently).
        QFile cpuinfo("/proc/cpuinfo");
        QVERIFY(cpuinfo.open(QIODevice::ReadOnly));
        QStringList kernelFlags;
        for (const QByteArray &line : cpuinfo.readAll().split('\n'))
            if (line.startsWith("flags")) {
                kernelFlags = QString::fromLatin1(line.mid(line.indexOf(':') + 1))
                                  .split(' ', Qt::SkipEmptyParts);
                break;
            }
        const std::pair<const char *, const char *> spellings[] = {
            {"sse4.2", "sse4_2"}, {"avx", "avx"},         {"fma", "fma"},
            {"avx2", "avx2"},     {"avx512f", "avx512f"}, {"avx512vnni", "avx512_vnni"}};
        for (const auto &[ours, kernels] : spellings)
            QVERIFY2(has(ours) == kernelFlags.contains(kernels), ours);
#endif
    }

    void vendorFromPath_data() {
        QTest::addColumn<QString>("path");
        QTest::addColumn<int>("parallel");
        QTest::addColumn<QString>("config");
        QTest::addColumn<QString>("vendor");
        const QString lib = "/usr/lib/x86_64-linux-gnu/";
        QTest::newRow("Debian OpenBLAS pthread")
            << lib + "openblas-pthread/libblas.so.3" << -1 << ""
            << "OpenBLAS (pthread)";
        QTest::newRow("Debian OpenBLAS OpenMP") << lib + "openblas-openmp/libblas.so.3" << -1 << ""
                                                << "OpenBLAS (OpenMP)";
        QTest::newRow("Debian OpenBLAS serial") << lib + "openblas-serial/libblas.so.3" << -1 << ""
                                                << "OpenBLAS (serial)";
        QTest::newRow("openblas_get_parallel beats the folder")
            << lib + "openblas-pthread/libblas.so.3" << 2 << ""
            << "OpenBLAS (OpenMP)";
        QTest::newRow("own build, OpenMP in the config")
            << "/opt/openblas/lib/libopenblas.so.0" << -1
            << "OpenBLAS 0.3.26 DYNAMIC_ARCH USE_OPENMP Haswell MAX_THREADS=64"
            << "OpenBLAS (OpenMP)";
        QTest::newRow("Debian reference BLAS is netlib")
            << lib + "blas/libblas.so.3.11.0" << -1 << ""
            << "reference BLAS (netlib)";
        QTest::newRow("Debian BLIS") << lib + "blis-pthread/libblas.so.3" << -1 << ""
                                     << "BLIS";
        QTest::newRow("a libblas.so.3 nobody knows") << "/usr/lib64/libblas.so.3.8.0" << -1 << ""
                                                     << "unknown";
        QTest::newRow("nothing loaded") << "" << -1 << ""
                                        << "not loaded";
    }
    void vendorFromPath() {
        QFETCH(QString, path);
        QFETCH(int, parallel);
        QFETCH(QString, config);
        QFETCH(QString, vendor);
        QCOMPARE(
            QString::fromStdString(blasVendor(path.toStdString(), parallel, config.toStdString())),
            vendor);
    }

    // Rows run in order: the first sees the process before any BLAS is loaded.
    void loadedBlas_data() {
        QTest::addColumn<bool>("load");
        QTest::newRow("no BLAS loaded yet") << false;
        QTest::newRow("libblas.so.3 dlopen()ed") << true;
    }
    void loadedBlas() {
        QFETCH(bool, load);
        if (load && !dlopen("libblas.so.3", RTLD_NOW | RTLD_GLOBAL))
            QSKIP("libblas.so.3 is not installed");
        const BlasInfo blas = inspectBlas();
        if (!load) {
            QCOMPARE(QString::fromStdString(blas.vendor), "not loaded");
            QVERIFY(blas.library.empty());
            QCOMPARE(blas.threads, 0);
            QVERIFY(!blas.slow);
            return;
        }
        QVERIFY(!blas.vendor.empty());
        QVERIFY2(blas.vendor != "not loaded", blas.library.c_str());
        QVERIFY2(QFileInfo(QString::fromStdString(blas.library)).isAbsolute() &&
                     QFileInfo::exists(QString::fromStdString(blas.library)),
                 blas.library.c_str());
        QCOMPARE(blas.slow, blas.vendor == "reference BLAS (netlib)");
        if (blas.library.find("openblas") != std::string::npos) {
            QVERIFY2(blas.vendor.starts_with("OpenBLAS"), blas.vendor.c_str());
            QVERIFY(blas.threads >= 1);
            QVERIFY(!blas.config.empty());
            const int threads = blas.threads;
            QVERIFY(setBlasThreads(1));
            QCOMPARE(inspectBlas().threads, 1);
            QVERIFY(setBlasThreads(threads));
            QCOMPARE(inspectBlas().threads, threads);
        }
    }
};

QTEST_GUILESS_MAIN(TstSystemInfo)
#include "tst_systeminfo.moc"
