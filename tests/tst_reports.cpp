// Reports in every format, checked on the files they produce.
#include "testsupport.h"

#include "planner/planner.h"
#include "planner/yearfields.h"
#include "reports/chartpainter.h"
#include "reports/reportexport.h"

#include <QTemporaryDir>
#include <QTest>

using namespace sovereign;

class TstReports : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    Catalog m_catalog;
    std::vector<ReportSubject> m_subjects;

    QByteArray exported(ReportFormat format, const QString &name,
                        const QLocale &locale = QLocale::c()) {
        const QString path = m_dir.filePath(name);
        auto ok = exportReport(m_subjects, m_catalog, format, path, locale);
        if (!ok)
            qFatal("%s", ok.error().toString().c_str());
        return test::readText(path).toUtf8();
    }

  private slots:
    void initTestCase() {
        m_catalog = test::builtInCatalog();
        const QString path = SOVEREIGN_TEST_DATA "/hand.yaml";
        Scenario s = test::scenarioFromText(test::readText(path), path, m_catalog);
        auto plan = planScenario(s, {500, 2});
        QVERIFY(plan);
        m_subjects.push_back({s, *plan});
    }

    void niceTicks_data() {
        QTest::addColumn<double>("low");
        QTest::addColumn<double>("high");
        QTest::addColumn<QList<double>>("ticks");
        QTest::newRow("0 to 7") << 0.0 << 7.0 << QList<double>{0, 2, 4, 6, 8};
        QTest::newRow("0 to 46 M") << 0.0 << 46e6 << QList<double>{0, 1e7, 2e7, 3e7, 4e7, 5e7};
        QTest::newRow("negative to positive") << -3.0 << 9.0 << QList<double>{-5, 0, 5, 10};
        QTest::newRow("flat zero") << 0.0 << 0.0 << QList<double>{0, 0.2, 0.4, 0.6, 0.8, 1.0};
    }
    void niceTicks() {
        QFETCH(double, low);
        QFETCH(double, high);
        QFETCH(QList<double>, ticks);
        const QList<double> got = ChartPainter::niceTicks(low, high);
        QCOMPARE(got.size(), ticks.size());
        for (int i = 0; i < got.size(); ++i)
            QVERIFY(std::abs(got[i] - ticks[i]) < 1e-9 * std::max(1.0, std::abs(ticks[i])));
    }

    void csvNumbersEqualThePlan() {
        const QList<QByteArray> lines = exported(ReportFormat::Csv, "r.csv").trimmed().split('\n');
        QCOMPARE(lines.size(), 1 + 4 * 3); // header + 4 strategies x 3 years
        const QList<QByteArray> header = lines[0].trimmed().split(',');
        const int total = header.indexOf("total_cost_usd");
        const int owned = header.indexOf("owned_gpus");
        QVERIFY(total > 0 && owned > 0);
        int row = 1;
        for (const auto &st : m_subjects[0].plan.strategies)
            for (const auto &y : st.years) {
                const QList<QByteArray> cells = lines[row++].trimmed().split(',');
                QCOMPARE(cells[1], QByteArray::fromStdString(st.name));
                QVERIFY(std::abs(cells[total].toDouble() - y.totalCostUsd) < 1e-6);
                QCOMPARE(cells[owned].toDouble(), y.ownedGpus);
            }
    }

    void htmlIsSelfContained() {
        const QByteArray html = exported(ReportFormat::Html, "r.html");
        QVERIFY(html.startsWith("<!DOCTYPE html>"));
        QCOMPARE(html.count("<svg"), 7);               // six plan charts and...
        QVERIFY(html.contains("Distribution of NPV")); // ...the Monte Carlo histogram
        QVERIFY(!html.contains("<script"));
        QVERIFY(!html.contains("<link"));
        QVERIFY(!html.contains("<img"));
        QVERIFY(html.contains("Executive summary"));
        QVERIFY(html.contains("Roadmap KPIs"));
        QVERIFY(html.contains("Assumptions and sources"));
        // The optimal NPV, 68,663.93 USD = 0.07 M USD, in the summary table.
        QVERIFY(html.contains("<td class=\"num\">0.07</td>"));
    }

    void numbersFollowTheLocale() {
        const QByteArray html = exported(ReportFormat::Html, "fr.html", QLocale(QLocale::French));
        QVERIFY(html.contains("lang=\"fr\""));
        QVERIFY(html.contains("<td class=\"num\">0,07</td>"));
    }

    void pdfHasPagesAndVectorCharts() {
        const QString path = m_dir.filePath("r.pdf");
        QVERIFY(exportReport(m_subjects, m_catalog, ReportFormat::Pdf, path, QLocale::c()));
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray pdf = f.readAll();
        QVERIFY(pdf.startsWith("%PDF-"));
        QVERIFY(pdf.count("/Type /Page\n") + pdf.count("/Type /Page ") +
                    pdf.count("/Type /Page/") >=
                3);
        QVERIFY(!pdf.contains("/Subtype /Image")); // charts are paths, not pictures
    }

    void xlsxIsAZipWorkbook() {
        const QString path = m_dir.filePath("r.xlsx");
        QVERIFY(exportReport(m_subjects, m_catalog, ReportFormat::Xlsx, path, QLocale::c()));
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QVERIFY(f.read(2) == "PK");
        // Its numbers are compared with the planner's by tests/xlsx_matches_plan.py.
    }

    void unwritablePathIsNamed() {
        auto r = exportReport(m_subjects, m_catalog, ReportFormat::Html, "/nonexistent/dir/r.html",
                              QLocale::c());
        QVERIFY(!r);
        QVERIFY(r.error().toString().starts_with("/nonexistent/dir/r.html: cannot write"));
    }
};

QTEST_MAIN(TstReports)
#include "tst_reports.moc"
