// Reports in every format, checked on the files they produce.
#include "testsupport.h"

#include "planner/planner.h"
#include "planner/yearfields.h"
#include "reports/chartpainter.h"
#include "reports/htmlwriter.h"
#include "reports/pdfwriter.h"
#include "reports/readablenumber.h"
#include "reports/reportexport.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace sovereign;

namespace {

/// A tool's stdout, or an empty array with `error` set.
QByteArray runTool(const QString &program, const QStringList &args, QString &error) {
    QProcess p;
    p.start(program, args);
    if (!p.waitForFinished(60000) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
        error = program + " failed: " + QString::fromUtf8(p.readAllStandardError());
        return {};
    }
    return p.readAllStandardOutput();
}

/// The hand-computed scenario with inputs large enough for scientific
/// notation (a 45 M USD budget) and a tornado (an uncertain staff cost).
const char *kBigNumbers = "capex_budget_usd: 45000000\n"
                          "uncertainty:\n"
                          "  staff_cost_usd: {low: 60000, high: 150000}\n";

} // namespace

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
        // header + one line per strategy and year
        QCOMPARE(lines.size(),
                 1 + static_cast<qsizetype>(m_subjects[0].plan.strategies.size()) * 3);
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

    void readableNumbers_data() {
        QTest::addColumn<double>("value");
        QTest::addColumn<QString>("language");
        QTest::addColumn<QString>("text");
        QTest::newRow("large whole number grouped") << 2e8 << "en_US"
                                                    << "200,000,000";
        QTest::newRow("budget, no exponent") << 4.5e7 << "en_US"
                                             << "45,000,000";
        QTest::newRow("price") << 33810.0 << "en_US"
                               << "33,810";
        QTest::newRow("small factor keeps its digits") << 0.070492 << "en_US"
                                                       << "0.070492";
        QTest::newRow("rate, trailing zeros dropped") << 0.08 << "en_US"
                                                      << "0.08";
        QTest::newRow("float noise rounded") << 0.1 + 0.2 << "en_US"
                                             << "0.3";
        QTest::newRow("negative") << -1250.5 << "en_US"
                                  << "-1,250.5";
        QTest::newRow("french separators") << 1500.25 << "fr_FR" << QString("1\u202F500,25");
        QTest::newRow("six significant digits") << 1500000.25 << "en_US"
                                                << "1,500,000";
        QTest::newRow("zero") << 0.0 << "en_US"
                              << "0";
    }
    void readableNumbers() {
        QFETCH(double, value);
        QFETCH(QString, language);
        QFETCH(QString, text);
        QCOMPARE(readableNumber(value, QLocale(language)), text);
    }

    // The assumptions and the tornado show numbers as people write them, and
    // the tornado is drawn as well as tabulated.
    void htmlNumbersReadableAndTornadoDrawn() {
        const QString path = SOVEREIGN_TEST_DATA "/hand.yaml";
        Scenario s = test::scenarioFromText(test::readText(path) + kBigNumbers, path, m_catalog);
        auto plan = planScenario(s, {200, 3});
        QVERIFY2(plan, plan ? "" : plan.error().toString().c_str());
        QVERIFY(plan->monteCarlo && !plan->monteCarlo->strategies[3].tornado.empty());
        const QString html = QString::fromUtf8(
            renderHtml(buildReport({{s, *plan}}, m_catalog, QLocale("en_US")), QLocale("en_US")));
        QVERIFY(html.contains("45,000,000"));
        // The tables, not the charts' SVG path data nor the methodology's "1e-9".
        QString text = html.left(html.indexOf("<h2>Methodology"));
        text.remove(
            QRegularExpression("<svg.*?</svg>", QRegularExpression::DotMatchesEverythingOption));
        const auto exponent = QRegularExpression("\\de[+-]\\d").match(text);
        QVERIFY2(!exponent.hasMatch(), qPrintable(text.mid(exponent.capturedStart() - 80, 160)));
        QVERIFY(html.contains("<title>Tornado: optimal plan NPV"));
        // Human names, not catalog ids, and the methodology itself.
        QVERIFY(html.contains("Region Kenya (KE), accelerator NVIDIA"));
        QVERIFY(html.contains("<h3>Plausible ranges</h3>"));
        QVERIFY(!html.contains("docs/methodology.md in the Sovereign repository"));
        // The charts' text uses the page's sans-serif stack, not Qt's
        // "Sans Serif" (unknown to browsers: they fell back to serif).
        QVERIFY(!html.contains("font-family=\"Sans Serif\""));
    }

    void htmlLinksAreEscaped() {
        ReportDocument doc;
        doc.title = "t";
        ReportTable t;
        t.caption = "Sources";
        t.headers = {"Id", "URL"};
        t.rows = {{"a<b", "https://example.org/x?a=1&b=\"2\""}};
        t.rowStatus = {QString()};
        doc.blocks.append(t);
        const QString html = QString::fromUtf8(renderHtml(doc, QLocale::c()));
        QVERIFY(html.contains("<td>a&lt;b</td>"));
        QVERIFY(html.contains("<a href=\"https://example.org/x?a=1&amp;b=&quot;2&quot;\">"
                              "https://example.org/x?a=1&amp;b=&quot;2&quot;</a>"));
    }

    // A heading followed by a table taller than what is left of the page (or
    // than a page) once left the heading alone at the foot, or on a page of
    // its own. Rows name how much text comes first, moving the heading down
    // the page.
    void pdfKeepsHeadingsWithTheirContent_data() {
        QTest::addColumn<int>("paragraphsBefore");
        for (int n : {0, 3, 6, 9, 12, 15, 18})
            QTest::addRow("%d paragraphs first", n) << n;
    }
    void pdfKeepsHeadingsWithTheirContent() {
        QFETCH(int, paragraphsBefore);
        if (QStandardPaths::findExecutable("pdftotext").isEmpty())
            QSKIP("pdftotext (poppler-utils) is not installed");
        ReportDocument doc;
        doc.title = "Layout";
        for (int i = 0; i < paragraphsBefore; ++i)
            doc.blocks.append(ReportParagraph{QString("Filler paragraph %1 ").arg(i).repeated(12)});
        doc.blocks.append(ReportHeading{"Tall table heading", 1});
        ReportTable t;
        t.caption = "Tall table";
        t.headers = {"Input", "Value", "Source"};
        for (int r = 0; r < 20; ++r) {
            t.rows.append({QString("row%1").arg(r), QString::number(r * 1000),
                           QString("a long citation that wraps onto several lines ").repeated(4)});
            t.rowStatus.append(QString());
        }
        doc.blocks.append(t);
        doc.blocks.append(ReportHeading{"Closing heading", 1});
        doc.blocks.append(ReportParagraph{"The end."});
        const QString path = m_dir.filePath(QString("layout%1.pdf").arg(paragraphsBefore));
        QVERIFY(writePdf(doc, QLocale::c(), path));
        QString error;
        const QString text = QString::fromUtf8(runTool("pdftotext", {path, "-"}, error));
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QStringList pages = text.split('\f');
        if (pages.last().trimmed().isEmpty())
            pages.removeLast();
        for (int p = 0; p < pages.size(); ++p) {
            QStringList lines;
            for (const QString &line : pages[p].split('\n'))
                if (!line.trimmed().isEmpty() && !line.startsWith("Layout"))
                    lines.append(line.trimmed()); // without the footer "Layout  N"
            QVERIFY2(!lines.isEmpty(), qPrintable(QString("page %1 is blank").arg(p + 1)));
            QVERIFY2(!lines.last().endsWith("heading"),
                     qPrintable(QString("page %1 ends with a heading").arg(p + 1)));
        }
        for (int r = 0; r < 20; ++r)
            QVERIFY2(text.contains(QRegularExpression(QString("\\brow%1\\b").arg(r))),
                     qPrintable(QString("row%1").arg(r)));
    }

    // Frozen header, autofilter, widths and number formats on the sheets a
    // person scans; booleans as booleans.
    void xlsxIsFormattedForPeople() {
        if (QStandardPaths::findExecutable("python3").isEmpty())
            QSKIP("python3 is not installed");
        const QString path = m_dir.filePath("formatted.xlsx");
        QVERIFY(exportReport(m_subjects, m_catalog, ReportFormat::Xlsx, path, QLocale::c()));
        QString error;
        const QJsonObject sheets =
            QJsonDocument::fromJson(
                runTool("python3", {SOVEREIGN_SOURCE_DIR "/tests/xlsx_layout.py", path}, error))
                .object();
        QVERIFY2(error.isEmpty(), qPrintable(error));
        for (const QString name : {"Summary", "optimal", "KPIs", "Assumptions"}) {
            const QJsonObject sheet = sheets[name].toObject();
            QVERIFY2(sheet["frozen"].toBool(), qPrintable(name));
            // (hand.yaml sets no KPI: that sheet has a header and no filter)
            QVERIFY2(name == "KPIs" || sheet["filter"].toString().startsWith("A1:"),
                     qPrintable(name));
            QVERIFY2(sheet["widths"].toBool(), qPrintable(name));
        }
        // Summary: feasible and recommended are booleans (t="b"), 2 per strategy.
        QCOMPARE(sheets["Summary"].toObject()["booleans"].toInt(),
                 2 * static_cast<int>(m_subjects[0].plan.strategies.size()));
        // optimal, row 2: shares as percentages, hours and MWh and USD grouped.
        const QJsonObject formats = sheets["optimal"].toObject()["formats"].toObject();
        QStringList header = {"year", "phase"};
        for (const auto &f : yearFields())
            header.append(f.name);
        auto formatOf = [&](const QString &field) {
            const int c = static_cast<int>(header.indexOf(field));
            return formats[QString(QChar('A' + c))].toString();
        };
        QVERIFY(formatOf("sovereign_share").contains('%'));
        for (const char *field : {"demand_h100_hours", "energy_mwh", "capex_usd"})
            QVERIFY2(formatOf(field).startsWith("#,##0"), field);
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
