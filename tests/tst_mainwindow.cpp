// The desktop app driven headlessly (offscreen platform): open the demo, edit
// a value, undo it, add a scenario, compare, run the Monte Carlo, export every
// report format; assertions on the document model and on the files produced.
#include "testsupport.h"

#include "comparewidget.h"
#include "mainwindow.h"
#include "projectdocument.h"
#include "roadmapwidget.h"
#include "scenarioeditor.h"
#include "scenarioparamsmodel.h"
#include "uncertaintywidget.h"

#include "planner/projectstore.h"

#include <QCheckBox>
#include <QLabel>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QUndoStack>

using namespace sovereign;

class TstMainWindow : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    std::unique_ptr<ProjectDocument> m_doc;
    std::unique_ptr<MainWindow> m_window;
    QString m_project;

    const Scenario &current() { return *m_doc->scenario(0).scenario; }

  private slots:
    void initTestCase() {
        QCoreApplication::setOrganizationName("SovereignTest");
        QCoreApplication::setApplicationName("tst_mainwindow");
        m_project = m_dir.filePath("demo.sovereign");
        auto store = ProjectStore::create(m_project.toStdString(), "Demo");
        QVERIFY(store);
        const QString demo = test::readText(SOVEREIGN_SOURCE_DIR "/resources/scenarios/demo.yaml");
        QVERIFY(store->saveScenario("demo", demo.toStdString()));
        m_doc = std::make_unique<ProjectDocument>(test::builtInCatalog());
        m_window = std::make_unique<MainWindow>(m_doc.get());
        QVERIFY(m_window->openProject(m_project, false));
        m_window->show();
        QCOMPARE(m_doc->scenarioCount(), 1);
        QVERIFY(m_doc->scenario(0).plan.has_value());
        QCOMPARE(m_window->currentScenario(), 0);
        QVERIFY(!m_doc->isModified());
    }

    void editValueThenUndo() {
        ScenarioParamsModel *model = m_window->editor()->model();
        const int row = model->rowOf("utilization");
        QVERIFY(row >= 0);
        const double npvBefore = m_doc->scenario(0).plan->strategy("optimal")->npvUsd;
        // Year 2028 (third year column) from 0.65 to 0.72 (inside its uncertainty range).
        QVERIFY(model->setData(model->index(row, 2 + 2), 0.72, Qt::EditRole));
        QVERIFY2(!m_doc->scenario(0).error,
                 m_doc->scenario(0).error ? m_doc->scenario(0).error->message.c_str() : "");
        QCOMPARE(current().value(P::Utilization, 2), 0.72);
        QCOMPARE(current().value(P::Utilization, 1), 0.55); // other years untouched
        QVERIFY(m_doc->isModified());
        QVERIFY(m_doc->scenario(0).plan->strategy("optimal")->npvUsd != npvBefore);
        m_doc->undoStack()->undo();
        QCOMPARE(current().value(P::Utilization, 2), 0.65);
        QCOMPARE(m_doc->scenario(0).plan->strategy("optimal")->npvUsd, npvBefore);
        QVERIFY(!m_doc->isModified());
        m_doc->undoStack()->redo();
        QCOMPARE(current().value(P::Utilization, 2), 0.72);
        m_doc->undoStack()->undo();
    }

    void invalidInputIsMarkedAtTheField() {
        ScenarioParamsModel *model = m_window->editor()->model();
        const int row = model->rowOf("electricity_usd_per_kwh");
        QVERIFY(model->setData(model->index(row, 2), -0.5, Qt::EditRole));
        QVERIFY(m_doc->scenario(0).error.has_value());
        QCOMPARE(model->errorRow(), row);
        QVERIFY(model->data(model->index(row, 0), Qt::ToolTipRole)
                    .toString()
                    .contains("expected a number >= 0"));
        auto *banner = m_window->editor()->findChild<QLabel *>("errorBanner");
        QVERIFY(banner && banner->isVisible());
        QVERIFY(m_doc->scenario(0).plan == std::nullopt); // no plan from invalid input
        m_doc->undoStack()->undo();
        QVERIFY(!m_doc->scenario(0).error);
        QCOMPARE(model->errorRow(), -1);
        QVERIFY(!banner->isVisible());
    }

    void valueOutsideItsUncertaintyRangeIsMarked() {
        ScenarioParamsModel *model = m_window->editor()->model();
        const int row = model->rowOf("utilization");
        QVERIFY(model->setData(model->index(row, 2 + 2), 0.95, Qt::EditRole));
        QVERIFY(m_doc->scenario(0).error.has_value());
        QCOMPARE(model->errorRow(), row);
        m_doc->undoStack()->undo();
        QVERIFY(!m_doc->scenario(0).error);
    }

    void uncertaintyRangeIsEditableAndUndoable() {
        ScenarioParamsModel *model = m_window->editor()->model();
        const int row = model->rowOf("staff_per_100_gpus");
        QVERIFY(!current().param(P::StaffPer100Gpus).distribution);
        RangeValue range;
        range.low = {1.0};
        range.high = {2.5};
        QVERIFY(model->setRange(row, range));
        QVERIFY(current().param(P::StaffPer100Gpus).distribution.has_value());
        QCOMPARE(current().param(P::StaffPer100Gpus).distribution->high[4], 2.5);
        QVERIFY(model->data(model->index(row, 2), Qt::ToolTipRole).toString().contains("2.5"));
        // A range that excludes the value is refused at the field.
        range.high = {1.2};
        QVERIFY(model->setRange(row, range));
        QCOMPARE(model->errorRow(), row);
        m_doc->undoStack()->undo();
        m_doc->undoStack()->undo();
        QVERIFY(!current().param(P::StaffPer100Gpus).distribution);
    }

    void catalogValueCanBeOverriddenAndReset() {
        ScenarioParamsModel *model = m_window->editor()->model();
        const int row = model->rowOf("pue");
        const double catalogPue = current().value(P::Pue, 0);
        QVERIFY(current().param(P::Pue).origin.starts_with("catalog:"));
        QVERIFY(model->setData(model->index(row, 2), 1.2, Qt::EditRole));
        QCOMPARE(current().param(P::Pue).origin, std::string("scenario"));
        QVERIFY(model->resetToDefault(row));
        QCOMPARE(current().value(P::Pue, 0), catalogPue);
        m_doc->undoStack()->undo();
        m_doc->undoStack()->undo();
        QCOMPARE(current().value(P::Pue, 0), catalogPue);
    }

    void formEditsFleetAndSensitivity() {
        auto *gpus = m_window->editor()->findChild<QSpinBox *>("gpusPerNode");
        QVERIFY(gpus);
        QCOMPARE(gpus->value(), 8);
        gpus->setValue(4);
        QCOMPARE(current().gpusPerNode, 4);
        m_doc->undoStack()->undo();
        QCOMPARE(current().gpusPerNode, 8);
        auto *sensitive =
            m_window->editor()->findChild<QCheckBox *>("sensitive-university-credits");
        QVERIFY(sensitive);
        QVERIFY(!sensitive->isChecked());
        const double before =
            m_doc->scenario(0).plan->strategy("optimal")->years[4].sensitiveH100Hours;
        sensitive->setChecked(true);
        QVERIFY(current().workloads[3].sensitive);
        QVERIFY(m_doc->scenario(0).plan->strategy("optimal")->years[4].sensitiveH100Hours > before);
        m_doc->undoStack()->undo();
        QVERIFY(!current().workloads[3].sensitive);
    }

    void roadmapTargetEditIsUndoable() {
        RoadmapWidget *roadmap = m_window->roadmap();
        QTableWidget *table = roadmap->table();
        QCOMPARE(table->rowCount(), 3);
        table->item(0, 1)->setData(Qt::UserRole + 1, "40");
        QCOMPARE(*current().kpis[0].targets[1], 40.0);
        QCOMPARE(QString::fromStdString(m_doc->scenario(0).plan->kpis[0].years[1].phase),
                 QString("Sprout"));
        m_doc->undoStack()->undo();
        QCOMPARE(*current().kpis[0].targets[1], 32.0);
    }

    void addScenarioAndCompare() {
        m_window->addScenario();
        QCOMPARE(m_doc->scenarioCount(), 2);
        QCOMPARE(m_window->currentScenario(), 1);
        // Make the copy different: a sovereign cloud.
        QVERIFY(m_doc->setValue(1, "cloud.sovereign", true));
        QVERIFY(m_doc->scenario(1).scenario->cloudSovereign);
        CompareWidget *compare = m_window->compare();
        compare->selectScenarios({0, 1});
        compare->selectStrategies({"optimal", "lease"});
        compare->setView(CompareWidget::View::CumulativeCost);
        QCOMPARE(compare->shownCharts().size(), 1);
        QCOMPARE(compare->shownCharts()[0].series.size(), 4); // 2 scenarios x 2 strategies
        compare->setView(CompareWidget::View::Power);
        QCOMPARE(compare->shownCharts().size(), 4); // small multiples
        QVERIFY(compare->shownCharts()[0].limit.has_value());
        QCOMPARE(compare->deltaTable()->rowCount(), 4);
        // Rows: (demo, lease), (demo, optimal), (copy, lease), (copy, optimal).
        // Lease with a sovereign cloud is feasible in the copy, not in the original.
        QCOMPARE(compare->deltaTable()->item(0, 1)->text(), QString("lease"));
        QCOMPARE(compare->deltaTable()->item(0, 4)->text(), tr("no"));
        QCOMPARE(compare->deltaTable()->item(2, 4)->text(), tr("yes"));
        compare->setView(CompareWidget::View::Breakeven);
        QCOMPARE(compare->shownCharts().size(), 1);
        QCOMPARE(compare->shownCharts()[0].series[0].values.size(), 41);
        // Higher utilization makes owning cheaper: the own curve falls.
        const auto &own = compare->shownCharts()[0].series[0].values;
        QVERIFY(own.last() < own.first());
    }

    void monteCarloRunsOffTheGuiThread() {
        m_window->setCurrentScenario(0);
        UncertaintyWidget *mc = m_window->uncertainty();
        mc->setDraws(20000);
        QSignalSpy finished(mc, &UncertaintyWidget::finished);
        mc->run();
        QVERIFY(mc->isRunning() || finished.count() == 1);
        QVERIFY(finished.wait(60000) || finished.count() == 1);
        QCOMPARE(finished.first().first().toBool(), true);
        QVERIFY(mc->result().has_value());
        QCOMPARE(mc->result()->draws, 20000);
    }

    void exportEveryFormat_data() {
        QTest::addColumn<int>("format");
        QTest::addColumn<QString>("file");
        QTest::addColumn<QByteArray>("magic");
        QTest::newRow("pdf") << int(ReportFormat::Pdf) << "r.pdf" << QByteArray("%PDF-");
        QTest::newRow("xlsx") << int(ReportFormat::Xlsx) << "r.xlsx" << QByteArray("PK");
        QTest::newRow("csv") << int(ReportFormat::Csv) << "r.csv"
                             << QByteArray("scenario,strategy");
        QTest::newRow("html") << int(ReportFormat::Html) << "r.html"
                              << QByteArray("<!DOCTYPE html>");
    }
    void exportEveryFormat() {
        QFETCH(int, format);
        QFETCH(QString, file);
        QFETCH(QByteArray, magic);
        const QString path = m_dir.filePath(file);
        auto ok = m_window->exportReport(static_cast<ReportFormat>(format), path, {0, 1},
                                         QLocale::c(), 0);
        QVERIFY2(ok, ok ? "" : ok.error().toString().c_str());
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QVERIFY(f.read(magic.size()) == magic);
        if (format == int(ReportFormat::Csv)) {
            const QByteArray csv = f.readAll();
            QCOMPARE(csv.count('\n'),
                     1 + 2 * 4 * 5); // header + 2 scenarios x 4 strategies x 5 years
        }
    }

    void saveReopenAndYamlRoundTrip() {
        QVERIFY(m_doc->save());
        QVERIFY(!m_doc->isModified());
        ProjectDocument reopened(test::builtInCatalog());
        QVERIFY(reopened.open(m_project));
        QCOMPARE(reopened.scenarioCount(), 2);
        QCOMPARE(reopened.scenario(1).yaml, m_doc->scenario(1).yaml);
        const QString yaml = m_dir.filePath("copy.yaml");
        QVERIFY(m_window->exportScenarioYaml(1, yaml));
        QVERIFY(m_window->importScenarioYaml(yaml));
        QCOMPARE(m_doc->scenarioCount(), 3);
        QVERIFY(m_doc->scenario(2).scenario->cloudSovereign);
        QVERIFY(!m_window->importScenarioYaml(SOVEREIGN_TEST_DATA "/bad/negative_price.yaml"));
        QCOMPARE(m_doc->scenarioCount(), 3);
        m_doc->undoStack()->undo(); // the import
        QCOMPARE(m_doc->scenarioCount(), 2);
    }

    void autosaveLeavesARecoveryCopy() {
        QVERIFY(m_doc->setValue(0, "staff_cost_usd", 70000.0));
        QVERIFY(m_doc->autosaveNow());
        QVERIFY(ProjectDocument::hasRecovery(m_project));
        // A second window after a "crash": the copy brings the unsaved edit back.
        ProjectDocument recovered(test::builtInCatalog());
        QVERIFY(recovered.recover(m_project));
        QVERIFY(recovered.isModified());
        QCOMPARE(recovered.filePath(), QFileInfo(m_project).absoluteFilePath());
        QCOMPARE(recovered.scenario(0).scenario->value(P::StaffCostUsd, 0), 70000.0);
        QVERIFY(m_doc->save());
        QVERIFY(!ProjectDocument::hasRecovery(m_project)); // saving removes the copy
    }

    void removeScenarioIsUndoable() {
        const int n = m_doc->scenarioCount();
        m_doc->removeScenario(n - 1);
        QCOMPARE(m_doc->scenarioCount(), n - 1);
        m_doc->undoStack()->undo();
        QCOMPARE(m_doc->scenarioCount(), n);
    }

    void cleanupTestCase() {
        m_window.reset();
        m_doc.reset();
    }
};

QTEST_MAIN(TstMainWindow)
#include "tst_mainwindow.moc"
