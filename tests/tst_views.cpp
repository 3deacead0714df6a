// The compare, uncertainty and roadmap views as a person sees them, offscreen:
// a project with two scenarios (the demo, and the demo with a sovereign cloud),
// each view laid out at 1024x768, and checks on what is drawn: legend entries,
// chart widths, axis label formats, one breakeven curve pair per scenario,
// infeasible strategies marked, units and percentages in the roadmap.
//
// With SOVEREIGN_VIEWS_SHOTS=DIR the suite also saves the main window's views
// at 1024x768 and 1600x1000 into DIR (SOVEREIGN_VIEWS_LANG=fr or pt: translated),
// for a reviewer to look at.
#include "testsupport.h"

#include "comparewidget.h"
#include "mainwindow.h"
#include "projectdocument.h"
#include "roadmapwidget.h"
#include "uncertaintywidget.h"

#include "planner/projectstore.h"
#include "reports/reportdocument.h"

#include <QAbstractBarSeries>
#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QDir>
#include <QLegendMarker>
#include <QLibraryInfo>
#include <QLineSeries>
#include <QSet>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>
#include <QValueAxis>

#include <cmath>
#include <memory>

using namespace sovereign;

namespace {

/// The minimum width at which a chart's axis labels and legend are readable.
constexpr int kMinChartWidthPx = 300;

QList<QChartView *> chartViews(QWidget *w) {
    QList<QChartView *> views;
    for (QChartView *v : w->findChildren<QChartView *>())
        if (v->chart() && v->isVisible())
            views.append(v);
    return views;
}

/// Every value-axis label as drawn from its format (the axis' own numbers).
QStringList valueAxisLabels(QChart *chart) {
    QStringList labels;
    for (QAbstractAxis *a : chart->axes()) {
        auto *axis = qobject_cast<QValueAxis *>(a);
        if (!axis || !axis->isVisible())
            continue;
        const QByteArray format = axis->labelFormat().toLatin1();
        const int ticks = std::max(axis->tickCount(), 2);
        for (int i = 0; i < ticks; ++i) {
            const double v = axis->min() + (axis->max() - axis->min()) * i / (ticks - 1);
            labels.append(QString::asprintf(format.isEmpty() ? "%g" : format.constData(), v));
        }
    }
    return labels;
}

/// The legend entries a person can read (visible markers' labels).
QStringList legendLabels(QChart *chart) {
    QStringList labels;
    for (QLegendMarker *m : chart->legend()->markers())
        if (m->isVisible())
            labels.append(m->label());
    return labels;
}

bool isNiceStep(double step) {
    const double mantissa = step / std::pow(10.0, std::floor(std::log10(step)));
    for (double nice : {1.0, 2.0, 2.5, 5.0, 10.0})
        if (std::abs(mantissa - nice) < 1e-6)
            return true;
    return false;
}

void layOut(QWidget *w, QSize size) {
    w->resize(size);
    w->show();
    QVERIFY(QTest::qWaitForWindowExposed(w));
    QCoreApplication::processEvents();
}

} // namespace

class TestViews : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_project;
    std::unique_ptr<ProjectDocument> m_doc;

    /// The demo YAML with the KPIs judged on another strategy.
    static QString demoYaml() {
        return test::readText(SOVEREIGN_SOURCE_DIR "/resources/scenarios/demo.yaml");
    }

  private slots:
    void initTestCase() {
        QCoreApplication::setOrganizationName("SovereignTest");
        QCoreApplication::setApplicationName("tst_views");
        m_project = m_dir.filePath("two.sovereign");
        auto store = ProjectStore::create(m_project.toStdString(), "Two");
        QVERIFY(store);
        QString demo = demoYaml();
        QVERIFY(store->saveScenario("Kenya demo", demo.toStdString()));
        QVERIFY(demo.contains("sovereign: false"));
        demo.replace("sovereign: false", "sovereign: true");
        QVERIFY(store->saveScenario("Kenya, sovereign cloud", demo.toStdString()));
        m_doc = std::make_unique<ProjectDocument>(test::builtInCatalog());
        QVERIFY(m_doc->open(m_project));
        QCOMPARE(m_doc->scenarioCount(), 2);
        // Plans come from a worker thread.
        QTRY_VERIFY_WITH_TIMEOUT(!m_doc->isPlanning(), 60000);
        QVERIFY(m_doc->scenario(0).plan && m_doc->scenario(1).plan);
    }

    void compareLegendHasOneColourPerStrategyAndDistinctEntries() {
        CompareWidget compare(m_doc.get());
        compare.selectScenarios({0, 1});
        compare.selectStrategies({"own", "lease", "hybrid", "optimal"});
        compare.setView(CompareWidget::View::CumulativeCost);
        layOut(&compare, {1024, 700});
        const auto views = chartViews(&compare);
        QCOMPARE(views.size(), 1);
        QChart *chart = views[0]->chart();
        // Eight curves: each strategy keeps its colour in both scenarios, the
        // scenario shows in the line style; no two curves look alike.
        QHash<QString, QSet<int>> styles;
        QSet<QString> looks;
        int curves = 0;
        for (QAbstractSeries *s : chart->series()) {
            auto *line = qobject_cast<QLineSeries *>(s);
            if (!line || line->count() == 0)
                continue;
            ++curves;
            QColor c = line->pen().color();
            c.setAlpha(255);
            styles[c.name()].insert(line->pen().style());
            looks.insert(line->pen().color().name(QColor::HexArgb) + "/" +
                         QString::number(line->pen().style()));
        }
        QCOMPARE(curves, 8);
        QCOMPARE(looks.size(), 8);
        QCOMPARE(styles.size(), 4); // one colour per strategy
        for (const auto &s : styles)
            QCOMPARE(s.size(), 2); // a line style per scenario
        // A compact legend: distinct entries, none of them longer than a
        // scenario's name (no "scenario · strategy" pairs cut to "Kenya ...").
        const QStringList labels = legendLabels(chart);
        QCOMPARE(QSet<QString>(labels.begin(), labels.end()).size(), labels.size());
        QVERIFY2(labels.size() <= 7, qPrintable(labels.join(" | ")));
        QVERIFY(labels.contains("Kenya demo"));
        QVERIFY(labels.contains("Kenya, sovereign cloud"));
    }

    void compareChartsHaveRoomAt1024_data() {
        QTest::addColumn<int>("view");
        QTest::newRow("cumulative cost") << static_cast<int>(CompareWidget::View::CumulativeCost);
        QTest::newRow("capex and opex, small multiples")
            << static_cast<int>(CompareWidget::View::CapexOpex);
        QTest::newRow("power, small multiples") << static_cast<int>(CompareWidget::View::Power);
        QTest::newRow("breakeven") << static_cast<int>(CompareWidget::View::Breakeven);
    }
    void compareChartsHaveRoomAt1024() {
        QFETCH(int, view);
        // What the compare tab gets in a 1024x768 window, beside the scenario
        // list: about 740 x 680 px.
        CompareWidget compare(m_doc.get());
        compare.selectScenarios({0, 1});
        compare.selectStrategies({"own", "lease", "hybrid", "optimal"});
        compare.setView(static_cast<CompareWidget::View>(view));
        layOut(&compare, {740, 680});
        const auto views = chartViews(&compare);
        QVERIFY(!views.isEmpty());
        for (QChartView *v : views) {
            QVERIFY2(
                v->width() >= kMinChartWidthPx,
                qPrintable(QString("%1 is %2 px wide").arg(v->chart()->title()).arg(v->width())));
            QVERIFY2(v->height() >= 250, qPrintable(QString::number(v->height())));
        }
    }

    void compareAxesHaveNoExponents_data() {
        QTest::addColumn<int>("view");
        QTest::newRow("cumulative cost") << static_cast<int>(CompareWidget::View::CumulativeCost);
        QTest::newRow("capex and opex") << static_cast<int>(CompareWidget::View::CapexOpex);
        QTest::newRow("hours") << static_cast<int>(CompareWidget::View::Hours);
        QTest::newRow("breakeven") << static_cast<int>(CompareWidget::View::Breakeven);
    }
    void compareAxesHaveNoExponents() {
        QFETCH(int, view);
        CompareWidget compare(m_doc.get());
        compare.selectScenarios({0, 1});
        compare.selectStrategies({"own", "optimal"});
        compare.setView(static_cast<CompareWidget::View>(view));
        const auto views = compare.findChildren<QChartView *>();
        QVERIFY(!views.isEmpty());
        for (QChartView *v : views) {
            const QStringList labels = valueAxisLabels(v->chart());
            QVERIFY(!labels.isEmpty());
            for (const QString &l : labels)
                QVERIFY2(!l.contains("e+") && !l.contains("e-"),
                         qPrintable(v->chart()->title() + ": " + labels.join(" ")));
            // Money in millions: the axis title says so.
            bool millions = false;
            for (QAbstractAxis *a : v->chart()->axes())
                millions = millions || a->titleText().contains("M USD");
            if (view != static_cast<int>(CompareWidget::View::Hours))
                QVERIFY2(millions, qPrintable(v->chart()->title()));
        }
    }

    void breakevenDrawsEveryScenario() {
        CompareWidget compare(m_doc.get());
        compare.selectScenarios({0, 1});
        compare.setView(CompareWidget::View::Breakeven);
        const auto views = compare.findChildren<QChartView *>();
        QCOMPARE(views.size(), 1);
        // Own and lease for each scenario; each curve names its scenario.
        const QList<QAbstractSeries *> series = views[0]->chart()->series();
        QCOMPARE(series.size(), 4);
        int first = 0, second = 0;
        for (QAbstractSeries *s : series) {
            QCOMPARE(static_cast<QLineSeries *>(s)->count(), 41);
            first += s->name().contains("Kenya demo");
            second += s->name().contains("Kenya, sovereign cloud");
        }
        QCOMPARE(first, 2);
        QCOMPARE(second, 2);
        QCOMPARE(compare.shownCharts().size(), 1);
        QCOMPARE(compare.shownCharts()[0].series.size(), 4);
    }

    void compareMarksInfeasibleStrategies() {
        // The demo's own and lease plans are infeasible; with a sovereign
        // cloud, lease is feasible.
        QVERIFY(!m_doc->scenario(0).plan->strategy("lease")->feasible);
        QVERIFY(m_doc->scenario(1).plan->strategy("lease")->feasible);
        CompareWidget compare(m_doc.get());
        compare.selectScenarios({0, 1});
        compare.selectStrategies({"lease"});
        compare.setView(CompareWidget::View::CumulativeCost);
        layOut(&compare, {1004, 680});
        QChart *chart = compare.findChildren<QChartView *>().value(0)->chart();
        QVERIFY(chart);
        QLineSeries *infeasible = nullptr, *feasible = nullptr;
        for (QAbstractSeries *s : chart->series())
            if (auto *line = qobject_cast<QLineSeries *>(s); line && line->count() > 0)
                (line->name().contains("Kenya demo") ? infeasible : feasible) = line;
        QVERIFY(infeasible && feasible);
        // Faded, and said in words: in the curve's name (its tooltip) and the legend.
        QVERIFY(infeasible->name().contains("infeasible"));
        QVERIFY(!feasible->name().contains("infeasible"));
        QVERIFY(infeasible->pen().color().alpha() < feasible->pen().color().alpha());
        QVERIFY2(legendLabels(chart).join(" ").contains("infeasible"),
                 qPrintable(legendLabels(chart).join(" | ")));
        // Small multiples: the infeasible plan's chart says so and its bars are hatched.
        compare.setView(CompareWidget::View::CapexOpex);
        bool hatchedInfeasible = false;
        for (QChartView *v : compare.findChildren<QChartView *>()) {
            const bool says = v->chart()->title().contains("infeasible");
            for (QAbstractSeries *s : v->chart()->series())
                if (auto *bars = qobject_cast<QAbstractBarSeries *>(s))
                    for (QBarSet *set : bars->barSets()) {
                        const bool hatched = set->brush().style() != Qt::SolidPattern;
                        QCOMPARE(hatched, says);
                        hatchedInfeasible = hatchedInfeasible || hatched;
                    }
        }
        QVERIFY(hatchedInfeasible);
        // The delta table: the infeasible row is greyed, with the reasons in its tooltip.
        QTableWidget *table = compare.deltaTable();
        QCOMPARE(table->rowCount(), 2);
        QVERIFY(table->item(0, 4)->toolTip().contains("infeasible"));
        QVERIFY(table->item(0, 0)->foreground().color() != table->item(1, 0)->foreground().color());
    }

    void uncertaintyAxesAreReadable() {
        UncertaintyWidget mc(m_doc.get());
        mc.setScenarioIndex(0);
        mc.setDraws(500);
        layOut(&mc, {740, 680});
        QSignalSpy finished(&mc, &UncertaintyWidget::finished);
        mc.run();
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 60000);
        QVERIFY(finished.first().first().toBool());
        QCoreApplication::processEvents();
        const auto views = chartViews(&mc);
        QCOMPARE(views.size(), 2);
        QChart *histogram = views[0]->chart();
        QChart *tornado = views[1]->chart();
        if (!histogram->title().contains("NPV across draws"))
            std::swap(histogram, tornado);
        // Histogram: a value axis in M USD with a few round ticks, not one
        // label per bin.
        int categoryLabels = 0;
        QValueAxis *x = nullptr;
        for (QAbstractAxis *a : histogram->axes(Qt::Horizontal)) {
            if (auto *c = qobject_cast<QBarCategoryAxis *>(a); c && c->isVisible())
                categoryLabels += c->count();
            if (auto *v = qobject_cast<QValueAxis *>(a); v && v->isVisible())
                x = v;
        }
        QCOMPARE(categoryLabels, 0);
        QVERIFY(x);
        QVERIFY(x->titleText().contains("M USD"));
        QCOMPARE(x->tickType(), QValueAxis::TicksDynamic);
        QVERIFY(isNiceStep(x->tickInterval()));
        QVERIFY((x->max() - x->min()) / x->tickInterval() <= 8);
        for (QChartView *v : views)
            QVERIFY2(v->width() >= kMinChartWidthPx, qPrintable(QString::number(v->width())));
        // Tornado: round ticks, human input names.
        auto *t = qobject_cast<QValueAxis *>(tornado->axes(Qt::Horizontal).value(0));
        QVERIFY(t);
        const double step = (t->max() - t->min()) / (t->tickCount() - 1);
        QVERIFY2(isNiceStep(step), qPrintable(QString::number(step)));
        for (const QString &l : valueAxisLabels(tornado))
            QVERIFY2(!l.contains("e+"), qPrintable(l));
        auto *inputs = qobject_cast<QBarCategoryAxis *>(tornado->axes(Qt::Vertical).value(0));
        QVERIFY(inputs);
        QVERIFY(inputs->count() > 0);
        for (const QString &name : inputs->categories()) {
            QVERIFY2(!name.contains('_') && !name.contains('.'), qPrintable(name));
            QVERIFY2(name.size() <= 32, qPrintable(name));
        }
        QVERIFY(inputs->categories().contains("Utilization"));
    }

    void chartNumbersFollowTheLocale() {
        // French: "," decimals and a space to group thousands on every axis.
        const QLocale before;
        QLocale::setDefault(QLocale(QLocale::French, QLocale::France));
        auto restore = qScopeGuard([before] { QLocale::setDefault(before); });
        UncertaintyWidget mc(m_doc.get());
        mc.setScenarioIndex(0);
        mc.setDraws(300);
        QSignalSpy finished(&mc, &UncertaintyWidget::finished);
        mc.run();
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 60000);
        const auto views = mc.findChildren<QChartView *>();
        QCOMPARE(views.size(), 2);
        for (QChartView *v : views) {
            QVERIFY2(v->chart()->localizeNumbers(), qPrintable(v->chart()->title()));
            QCOMPARE(v->chart()->locale(), QLocale());
        }
        CompareWidget compare(m_doc.get());
        compare.selectScenarios({0, 1});
        compare.setView(CompareWidget::View::Breakeven);
        QChart *chart = compare.findChildren<QChartView *>().value(0)->chart();
        QVERIFY(chart->localizeNumbers());
        QCOMPARE(chart->locale(), QLocale());
    }

    void roadmapShowsUnitsAndPercentages() {
        RoadmapWidget roadmap(m_doc.get());
        roadmap.setScenarioIndex(0);
        QTableWidget *table = roadmap.table();
        QCOMPARE(table->rowCount(), 3);
        // Row 0 owned GPUs, row 1 the sovereign share, row 2 cost per H100-hour.
        const QString gpus = table->verticalHeaderItem(0)->text();
        const QString cost = table->verticalHeaderItem(2)->text();
        QVERIFY2(gpus.contains("GPUs"), qPrintable(gpus));
        QVERIFY2(cost.contains("USD"), qPrintable(cost));
        for (int y = 0; y < table->columnCount(); ++y) {
            const QStringList lines = table->item(1, y)->text().split('\n');
            QVERIFY2(lines[0].endsWith("%"), qPrintable(lines[0]));
            QVERIFY2(lines[1].contains("%"), qPrintable(lines[1]));
        }
        // Statuses in words (translated), not the planner's identifiers.
        QVERIFY(!table->item(0, 0)->text().contains("on-track"));
        // Phases in the header.
        QVERIFY(table->horizontalHeaderItem(0)->text().contains("2026"));
    }

    void roadmapDoesNotShowGreenForAnInfeasiblePlan() {
        // The same KPIs judged on the lease plan, infeasible without a sovereign cloud.
        ProjectDocument doc(test::builtInCatalog());
        QString yaml = demoYaml();
        yaml.replace("strategy: optimal", "strategy: lease");
        doc.addScenario("lease KPIs", yaml.toStdString());
        QTRY_VERIFY_WITH_TIMEOUT(!doc.isPlanning(), 60000);
        QVERIFY(doc.scenario(0).plan);
        QVERIFY(!doc.scenario(0).plan->strategy("lease")->feasible);
        RoadmapWidget roadmap(&doc);
        roadmap.setScenarioIndex(0);
        QTableWidget *table = roadmap.table();
        int judged = 0;
        const QColor green = statusColor("on-track");
        for (int r = 0; r < table->rowCount(); ++r)
            for (int c = 0; c < table->columnCount(); ++c) {
                const KpiYear &ky = doc.scenario(0).plan->kpis[r].years[c];
                QTableWidgetItem *item = table->item(r, c);
                QVERIFY(item->background().color() != green);
                if (ky.hasTarget && ky.status != KpiStatus::NotApplicable) {
                    ++judged;
                    QVERIFY2(item->text().contains("plan infeasible"), qPrintable(item->text()));
                }
            }
        QVERIFY(judged > 0);
    }

    void saveScreenshotsWhenAsked() {
        const QString dir = qEnvironmentVariable("SOVEREIGN_VIEWS_SHOTS");
        if (dir.isEmpty())
            QSKIP("set SOVEREIGN_VIEWS_SHOTS=DIR to save the views as PNG");
        const QString lang = qEnvironmentVariable("SOVEREIGN_VIEWS_LANG");
        const QLocale before;
        QTranslator qt, ours;
        if (!lang.isEmpty()) {
            QLocale::setDefault(QLocale(lang));
            if (qt.load(QLocale(), "qtbase", "_",
                        QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
                QCoreApplication::installTranslator(&qt);
            if (ours.load(QLocale(), "sovereign", "_", ":/i18n"))
                QCoreApplication::installTranslator(&ours);
        }
        for (const QSize size : {QSize(1024, 768), QSize(1600, 1000)}) {
            ProjectDocument doc(test::builtInCatalog());
            MainWindow window(&doc);
            QVERIFY(window.openProject(m_project, false));
            layOut(&window, size);
            const QString out =
                QDir(dir).filePath(QString("%1x%2").arg(size.width()).arg(size.height()));
            QVERIFY(!window.saveScreenshots(out).isEmpty());
        }
        QCoreApplication::removeTranslator(&ours);
        QCoreApplication::removeTranslator(&qt);
        QLocale::setDefault(before);
    }
};

QTEST_MAIN(TestViews)
#include "tst_views.moc"
