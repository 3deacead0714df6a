// The desktop app driven headlessly (offscreen platform): open the demo, edit
// a value, undo it, add a scenario, compare, run the Monte Carlo, export every
// report format; assertions on the document model and on the files produced.
#include "testsupport.h"

#include "comparewidget.h"
#include "computepool.h"
#include "exportdialog.h"
#include "mainwindow.h"
#include "projectdocument.h"
#include "roadmapwidget.h"
#include "scenarioeditor.h"
#include "scenarioparamsmodel.h"
#include "uncertaintywidget.h"
#include "userinput.h"

#include "planner/planner.h"
#include "planner/projectstore.h"
#include "planner/yearfields.h"
#include "reports/reporttext.h"

#include <QAbstractItemDelegate>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDialog>
#include <QDockWidget>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenuBar>
#include <QMessageBox>
#include <QProcess>
#include <QProgressBar>
#include <QProgressDialog>
#include <QPushButton>
#include <QRegularExpression>
#include <QSemaphore>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>
#include <QThreadPool>
#include <QTimer>
#include <QUndoStack>

#include <algorithm>
#include <cmath>
#include <functional>
#include <utility>

using namespace sovereign;

// Plans are computed on a worker thread: wait for the document to settle
// before reading a plan or a view that shows one.
#define SETTLE() QTRY_VERIFY_WITH_TIMEOUT(!m_doc->isPlanning(), 60000)

namespace {

/// Holds the only thread of the app's compute pool (where plans, the Monte
/// Carlo and exports run) until release() or destruction: work handed to the
/// pool meanwhile is queued, not run. The test decides when a background run
/// may start, so what it asserts does not depend on how fast the machine is.
class HeldThreadPool {
  public:
    HeldThreadPool() : m_pool(computePool()), m_maxThreads(m_pool->maxThreadCount()) {
        m_pool->setMaxThreadCount(1);
        m_pool->start([this] {
            m_started.release();
            m_release.acquire();
        });
        m_started.acquire(); // the blocker occupies the pool's one thread
    }
    ~HeldThreadPool() { release(); }
    HeldThreadPool(const HeldThreadPool &) = delete;
    HeldThreadPool &operator=(const HeldThreadPool &) = delete;

    void release() {
        if (m_held) {
            m_held = false;
            m_release.release();
            m_pool->setMaxThreadCount(m_maxThreads);
        }
    }

  private:
    QThreadPool *m_pool;
    int m_maxThreads;
    QSemaphore m_started, m_release;
    bool m_held = true;
};

/// Runs every event already posted to the GUI thread, once, through its event loop.
void spinEventLoopOnce() {
    QEventLoop loop;
    QTimer::singleShot(0, &loop, &QEventLoop::quit);
    loop.exec();
}

/// When the next modal dialog opens (QDialog::exec, QMessageBox), calls
/// `act` with it once; the dialog's own event loop runs the check.
void whenModalOpens(std::function<void(QWidget *)> act) {
    auto *timer = new QTimer;
    timer->setInterval(10);
    QObject::connect(timer, &QTimer::timeout, [timer, act] {
        if (QWidget *modal = QApplication::activeModalWidget()) {
            timer->stop();
            timer->deleteLater();
            act(modal);
        }
    });
    timer->start();
}

/// The menu bar's action with this object name.
QAction *menuAction(MainWindow &window, const QString &name) {
    for (QAction *a : window.menuBar()->findChildren<QAction *>())
        if (a->objectName() == name)
            return a;
    for (QAction *a : window.findChildren<QAction *>())
        if (a->objectName() == name)
            return a;
    return nullptr;
}

/// `actual` equals `expected` to `relative` (of |expected|, at least of 1).
bool closeTo(double actual, double expected, double relative) {
    return std::abs(actual - expected) <= relative * std::max(1.0, std::abs(expected));
}

/// RFC 4180 records: quoted fields may hold commas, doubled quotes and line breaks.
QList<QStringList> parseCsv(const QString &text) {
    QList<QStringList> rows;
    QStringList row;
    QString field;
    bool quoted = false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text[i];
        if (quoted) {
            if (c == '"' && i + 1 < text.size() && text[i + 1] == '"')
                field += text[++i];
            else if (c == '"')
                quoted = false;
            else
                field += c;
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            row.append(std::exchange(field, QString()));
        } else if (c == '\n') {
            if (field.endsWith('\r'))
                field.chop(1);
            row.append(std::exchange(field, QString()));
            rows.append(std::exchange(row, QStringList()));
        } else {
            field += c;
        }
    }
    if (!field.isEmpty() || !row.isEmpty()) {
        row.append(field);
        rows.append(row);
    }
    return rows;
}

/// The numbers a reader sees in `text`, written as the export's QLocale::c()
/// writes them: '.' decimals, optionally ',' thousands groups.
QList<double> numbersIn(const QString &text) {
    static const QRegularExpression number(R"(-?\d{1,3}(?:,\d{3})+(?:\.\d+)?|-?\d+(?:\.\d+)?)");
    QList<double> numbers;
    for (const auto &m : number.globalMatch(text))
        numbers.append(m.captured().remove(',').toDouble());
    return numbers;
}

/// What is wrong with a report's visible text (the HTML's or the PDF's): each
/// scenario's name and each strategy's NPV in M USD. The tables round it to 2
/// decimals, so a number within 0.005 M USD of the plan's NPV counts.
QString textMissesThePlan(const QString &text, const std::vector<PlanResult> &plans) {
    const QString flat = text.simplified();
    const QList<double> numbers = numbersIn(flat);
    for (const PlanResult &plan : plans) {
        const QString name = QString::fromStdString(plan.scenarioName).simplified();
        if (!flat.contains(name))
            return "no scenario name \"" + name + '"';
        for (const StrategyResult &st : plan.strategies) {
            const double musd = st.npvUsd / 1e6;
            const bool found = std::any_of(numbers.begin(), numbers.end(), [musd](double n) {
                return std::abs(n - musd) <= 0.005 + 1e-9;
            });
            if (!found)
                return QString("no NPV of %1 M USD for %2 / %3")
                    .arg(musd, 0, 'f', 2)
                    .arg(name, QString::fromStdString(st.name));
        }
    }
    return {};
}

/// Runs a program with arguments (no shell) and returns what it printed;
/// `error` says why when it could not.
QByteArray runTool(const QString &program, const QStringList &args, QString &error) {
    const QString exe = QStandardPaths::findExecutable(program);
    if (exe.isEmpty()) {
        error = program + " not found on PATH (a test dependency, see README)";
        return {};
    }
    QProcess p;
    p.start(exe, args);
    if (!p.waitForFinished(120000) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
        error = program + " failed: " + QString::fromLocal8Bit(p.readAllStandardError()) +
                p.errorString();
        return {};
    }
    return p.readAllStandardOutput();
}

/// The CSV: one row per scenario, strategy and year, in that order; the
/// NPV and every yearly field equal the plan's (written with 10
/// significant digits: compared to 1e-9 relative).
QString csvMissesThePlan(const QString &csv, const std::vector<PlanResult> &plans) {
    const QList<QStringList> rows = parseCsv(csv);
    if (rows.isEmpty())
        return "empty CSV";
    const QStringList &header = rows[0];
    for (const char *column : {"scenario", "strategy", "npv_usd", "year"})
        if (!header.contains(column))
            return QString("no column %1").arg(column);
    int r = 1;
    for (const PlanResult &plan : plans)
        for (const StrategyResult &st : plan.strategies)
            for (const YearResult &y : st.years) {
                if (r >= rows.size())
                    return QString("%1 rows, more expected").arg(rows.size());
                const QStringList &row = rows[r++];
                const auto cell = [&](const QString &column) {
                    return row.value(header.indexOf(column));
                };
                const QString where =
                    QString("row %1 (%2, %3): ")
                        .arg(r - 1)
                        .arg(QString::fromStdString(st.name), QString::number(y.year));
                if (cell("scenario") != QString::fromStdString(plan.scenarioName) ||
                    cell("strategy") != QString::fromStdString(st.name) ||
                    cell("year") != QString::number(y.year))
                    return where + "unexpected row " + row.join(',');
                if (!closeTo(cell("npv_usd").toDouble(), st.npvUsd, 1e-9))
                    return where + "npv_usd " + cell("npv_usd") +
                           " != " + QString::number(st.npvUsd, 'g', 12);
                for (const YearField &field : yearFields()) {
                    const std::optional<double> v = field.get(y);
                    const QString text = cell(field.name);
                    bool isNumber = false;
                    const double got = text.toDouble(&isNumber);
                    if (v && std::isfinite(*v) ? !isNumber || !closeTo(got, *v, 1e-9)
                                               : !text.isEmpty())
                        return where + field.name + " '" + text +
                               "' != " + (v ? QString::number(*v, 'g', 12) : QString("empty"));
                }
            }
    if (r != rows.size())
        return QString("%1 rows, %2 expected").arg(rows.size()).arg(r);
    return {};
}

/// The HTML: each scenario's name and NPVs in its tables, and the charts
/// inline as <svg> in the body (their coordinates are not read as figures).
QString htmlMissesThePlan(const QString &html, const std::vector<PlanResult> &plans) {
    const qsizetype body = html.indexOf("<body>");
    if (body < 0)
        return "no <body>";
    if (html.indexOf("<svg", body) < 0 || html.indexOf("</svg>", body) < 0)
        return "no inline <svg> chart in the body";
    QString text = html.mid(body);
    text.remove(
        QRegularExpression("<svg.*?</svg>", QRegularExpression::DotMatchesEverythingOption));
    text.replace(QRegularExpression("<[^>]*>"), " ");
    text.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"");
    return textMissesThePlan(text, plans);
}

/// The PDF's text as pdftotext (poppler-utils) extracts it.
QString pdfMissesThePlan(const QString &path, const std::vector<PlanResult> &plans) {
    QString error;
    const QByteArray text = runTool("pdftotext", {"-enc", "UTF-8", path, "-"}, error);
    if (!error.isEmpty())
        return error;
    return textMissesThePlan(QString::fromUtf8(text), plans);
}

/// The XLSX read by tests/xlsx_matches_plan.py's reader (Python's zipfile
/// and XML): the Summary sheet's NPVs and each scenario's strategy sheets
/// ("S1 own", ...) year by year equal the plan (doubles: 1e-12 relative).
QString xlsxMissesThePlan(const QString &path, const std::vector<PlanResult> &plans) {
    const QString dump = "import json, sys\n"
                         "sys.path.insert(0, sys.argv[1])\n"
                         "from xlsx_matches_plan import read_sheets\n"
                         "json.dump(read_sheets(sys.argv[2]), sys.stdout)\n";
    QString error;
    const QByteArray out =
        runTool("python3", {"-c", dump, SOVEREIGN_SOURCE_DIR "/tests", path}, error);
    if (!error.isEmpty())
        return error;
    const QJsonObject sheets = QJsonDocument::fromJson(out).object();
    const QJsonArray summary = sheets["Summary"].toArray();
    int r = 1;
    for (std::size_t i = 0; i < plans.size(); ++i) {
        const PlanResult &plan = plans[i];
        for (const StrategyResult &st : plan.strategies) {
            const QJsonObject row = summary.at(r++).toObject();
            if (row["0"].toString() != QString::fromStdString(plan.scenarioName) ||
                row["1"].toString() != QString::fromStdString(st.name) ||
                !closeTo(row["2"].toDouble(), st.npvUsd, 1e-12))
                return QString("Summary row %1 is %2, expected %3 %4 NPV %5")
                    .arg(r - 1)
                    .arg(QString::fromUtf8(QJsonDocument(row).toJson(QJsonDocument::Compact)),
                         QString::fromStdString(plan.scenarioName), QString::fromStdString(st.name))
                    .arg(st.npvUsd, 0, 'g', 15);
            const QString name = QString("S%1 %2").arg(i + 1).arg(st.name.c_str());
            const QJsonArray rows = sheets[name].toArray();
            if (rows.size() != static_cast<qsizetype>(st.years.size()) + 1)
                return QString("sheet '%1' has %2 rows").arg(name).arg(rows.size());
            const QJsonObject titles = rows[0].toObject();
            QHash<QString, QString> column; // field name -> cell key
            for (auto it = titles.begin(); it != titles.end(); ++it)
                column.insert(it.value().toString(), it.key());
            for (std::size_t y = 0; y < st.years.size(); ++y) {
                const QJsonObject cells = rows[static_cast<qsizetype>(y) + 1].toObject();
                if (cells["0"].toDouble() != st.years[y].year)
                    return QString("sheet '%1' row %2: year %3")
                        .arg(name)
                        .arg(y + 1)
                        .arg(cells["0"].toDouble());
                for (const YearField &field : yearFields()) {
                    const std::optional<double> v = field.get(st.years[y]);
                    const QJsonValue got = cells[column.value(field.name, "none")];
                    if (v && std::isfinite(*v)
                            ? !got.isDouble() || !closeTo(got.toDouble(), *v, 1e-12)
                            : !got.isUndefined())
                        return QString("sheet '%1' %2 %3: %4 != %5")
                            .arg(name, field.name)
                            .arg(st.years[y].year)
                            .arg(got.toDouble(), 0, 'g', 15)
                            .arg(v ? *v : NAN, 0, 'g', 15);
                }
            }
        }
    }
    if (r != summary.size())
        return QString("Summary has %1 rows, %2 expected").arg(summary.size()).arg(r);
    return {};
}

} // namespace

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
        SETTLE();
        QVERIFY(m_doc->scenario(0).plan.has_value());
        QCOMPARE(m_window->currentScenario(), 0);
        QVERIFY(!m_doc->isModified());
    }

    void editValueThenUndo() {
        ScenarioParamsModel *model = m_window->editor()->model();
        const int row = model->rowOf("utilization");
        QVERIFY(row >= 0);
        SETTLE();
        const double npvBefore = m_doc->scenario(0).plan->strategy("optimal")->npvUsd;
        // Year 2028 (third year column) from 0.65 to 0.72 (inside its uncertainty range).
        QVERIFY(model->setData(model->index(row, 2 + 2), 0.72, Qt::EditRole));
        QVERIFY2(!m_doc->scenario(0).error,
                 m_doc->scenario(0).error ? m_doc->scenario(0).error->message.c_str() : "");
        QCOMPARE(current().value(P::Utilization, 2), 0.72);
        QCOMPARE(current().value(P::Utilization, 1), 0.55); // other years untouched
        QVERIFY(m_doc->isModified());
        SETTLE();
        QVERIFY(m_doc->scenario(0).plan->strategy("optimal")->npvUsd != npvBefore);
        m_doc->undoStack()->undo();
        QCOMPARE(current().value(P::Utilization, 2), 0.65);
        SETTLE();
        QCOMPARE(m_doc->scenario(0).plan->strategy("optimal")->npvUsd, npvBefore);
        QVERIFY(!m_doc->isModified());
        m_doc->undoStack()->redo();
        QCOMPARE(current().value(P::Utilization, 2), 0.72);
        m_doc->undoStack()->undo();
    }

    // Issue 9, 4: an edit returns before its plan. The YAML is validated at
    // once; the plan is computed on a worker while the views show the
    // previous one, marked as such; edits made meanwhile are coalesced and a
    // plan for an older version never reaches the screen.
    void planningRunsOffTheGuiThread() {
        SETTLE();
        const double before = m_doc->scenario(0).plan->strategy("optimal")->npvUsd;
        auto *indicator = m_window->findChild<QProgressBar *>("planningIndicator");
        QVERIFY(indicator && !indicator->isVisible());
        QSignalSpy planned(m_doc.get(), &ProjectDocument::planChanged);
        // At each arrival the plan shown is the plan of the YAML shown.
        QStringList stale;
        QObject connection; // ends the connection with the test
        connect(m_doc.get(), &ProjectDocument::planChanged, &connection, [&](int i) {
            const ScenarioEntry &e = m_doc->scenario(i);
            auto fresh = planScenario(*e.scenario);
            if (!fresh || fresh->strategies[3].npvUsd != e.plan->strategies[3].npvUsd)
                stale.append(QString::number(e.plan->strategies[3].npvUsd, 'f', 2));
        });
        HeldThreadPool pool; // nothing can plan until the test releases the worker
        QVERIFY(m_doc->setValue(0, "staff_cost_usd", 80000.0));
        QCOMPARE(current().value(P::StaffCostUsd, 0), 80000.0); // validated at once
        QVERIFY(m_doc->scenario(0).planning);
        spinEventLoopOnce(); // the GUI thread runs its events: the plan is queued, not run
        QVERIFY2(m_doc->isPlanning(), "the plan was computed on the GUI thread");
        QCOMPARE(planned.count(), 0);
        QCOMPARE(m_doc->scenario(0).plan->strategy("optimal")->npvUsd, before);
        QVERIFY(indicator->isVisible());
        auto *summary = m_window->roadmap()->findChild<QLabel *>();
        QVERIFY(summary && summary->text().contains("previous plan"));
        QVERIFY(!m_window->roadmap()->table()->isEnabled()); // no target edits on an old plan
        // A second edit while the first waits for the worker.
        QVERIFY(m_doc->setValue(0, "staff_cost_usd", 85000.0));
        pool.release();
        SETTLE();
        QCOMPARE(planned.count(), 1); // the first version's plan was dropped
        QVERIFY2(stale.isEmpty(), qPrintable(stale.join(", ")));
        QVERIFY(m_doc->scenario(0).plan->strategy("optimal")->npvUsd > before);
        QVERIFY(!indicator->isVisible());
        QVERIFY(m_window->roadmap()->table()->isEnabled());
        QVERIFY(!summary->text().contains("previous plan"));
        m_doc->undoStack()->undo(); // the two edits of one field undo as one
        QCOMPARE(current().value(P::StaffCostUsd, 0), 60000.0);
        SETTLE();
        QCOMPARE(m_doc->scenario(0).plan->strategy("optimal")->npvUsd, before);
        QVERIFY(!m_doc->isModified());
    }

    void invalidInputIsMarkedAtTheField() {
        ScenarioParamsModel *model = m_window->editor()->model();
        const int row = model->rowOf("electricity_usd_per_kwh");
        QVERIFY(model->setData(model->index(row, 2), -0.5, Qt::EditRole));
        QVERIFY(m_doc->scenario(0).error.has_value());
        QCOMPARE(model->errorRow(), row);
        const QString tip = model->data(model->index(row, 0), Qt::ToolTipRole).toString();
        QVERIFY2(tip.contains("expected a number from 0 to 5"), qPrintable(tip));
        auto *banner = m_window->editor()->findChild<QLabel *>("errorBanner");
        QVERIFY(banner && banner->isVisible());
        SETTLE();
        QVERIFY(m_doc->scenario(0).plan == std::nullopt); // no plan from invalid input
        m_doc->undoStack()->undo();
        QVERIFY(!m_doc->scenario(0).error);
        QCOMPARE(model->errorRow(), -1);
        QVERIFY(!banner->isVisible());
    }

    // Issue 9, 4.1: the editor shows every digit, and committing it unchanged
    // neither adds an undo step nor turns a catalog value into an override.
    void unchangedCommitChangesNothing_data() {
        QTest::addColumn<QString>("key");
        QTest::addColumn<bool>("fromCatalog");
        QTest::newRow("catalog carbon intensity 0.070492") << "carbon_kg_per_kwh" << true;
        QTest::newRow("scenario's own utilization") << "utilization" << false;
        QTest::newRow("scenario's own staff cost") << "staff_cost_usd" << false;
    }
    void unchangedCommitChangesNothing() {
        QFETCH(QString, key);
        QFETCH(bool, fromCatalog);
        ScenarioParamsModel *model = m_window->editor()->model();
        QTableView *table = m_window->editor()->table();
        const int row = model->rowOf(key);
        QVERIFY(row >= 0);
        const QModelIndex cell = model->index(row, 2);
        const int pi = current().indexOf(key.toStdString());
        const double before = current().params[pi].values[0];
        QCOMPARE(QString::fromStdString(current().params[pi].origin).startsWith("catalog"),
                 fromCatalog);
        const int steps = m_doc->undoStack()->count();
        // What the view does when a person presses F2, then Enter.
        QAbstractItemDelegate *delegate = table->itemDelegateForIndex(cell);
        QStyleOptionViewItem option;
        QWidget *editor = delegate->createEditor(table->viewport(), option, cell);
        QVERIFY(editor);
        delegate->setEditorData(editor, cell);
        auto *line = qobject_cast<QLineEdit *>(editor);
        QVERIFY2(line, editor->metaObject()->className());
        QCOMPARE(parseUserNumber(line->text()), std::optional<double>(before));
        delegate->setModelData(editor, model, cell);
        delete editor;
        QCOMPARE(m_doc->undoStack()->count(), steps);
        QVERIFY(!m_doc->isModified());
        QCOMPARE(current().params[pi].values[0], before);
        QCOMPARE(QString::fromStdString(current().params[pi].origin).startsWith("catalog"),
                 fromCatalog);
    }

    // Issue 9, 4.2: a refused value stays in the cell as the document holds
    // it, and the banner names the field in words, with no YAML position.
    void refusedValueShowsWhatTheDocumentHolds() {
        ScenarioParamsModel *model = m_window->editor()->model();
        const int row = model->rowOf("electricity_usd_per_kwh");
        QVERIFY(model->setData(model->index(row, 3), -0.5, Qt::EditRole));
        QVERIFY(m_doc->scenario(0).error.has_value());
        QCOMPARE(parseUserNumber(model->data(model->index(row, 3), Qt::EditRole).toString()),
                 std::optional<double>(-0.5));
        auto *banner = m_window->editor()->findChild<QLabel *>("errorBanner");
        QVERIFY(banner->isVisible());
        QVERIFY2(banner->text().contains(ScenarioParamsModel::labelOf("electricity_usd_per_kwh")),
                 qPrintable(banner->text()));
        QVERIFY2(banner->text().contains("expected a number from 0 to 5"),
                 qPrintable(banner->text()));
        QVERIFY2(!banner->text().contains(QRegularExpression(R"(\w:\d+(:\d+)?:)")),
                 qPrintable(banner->text()));
        m_doc->undoStack()->undo();
        QVERIFY(!m_doc->scenario(0).error);
        QVERIFY(model->data(model->index(row, 3), Qt::EditRole).toString() != "-0.5");
    }

    // Issue 9, 4.2: what is not a number is refused where it is typed, in
    // words: no undo step, the file not modified.
    void textInANumberCellIsRefused_data() {
        QTest::addColumn<QString>("typed");
        QTest::newRow("a word") << "lots";
        QTest::newRow("nothing") << "";
        QTest::newRow("infinity") << "inf";
        QTest::newRow("two numbers") << "1 2";
    }
    void textInANumberCellIsRefused() {
        QFETCH(QString, typed);
        ScenarioParamsModel *model = m_window->editor()->model();
        const int row = model->rowOf("staff_cost_usd");
        const double before = current().value(P::StaffCostUsd, 1);
        const int steps = m_doc->undoStack()->count();
        QSignalSpy refused(model, &ScenarioParamsModel::inputRefused);
        QVERIFY(!model->setData(model->index(row, 3), typed, Qt::EditRole));
        QCOMPARE(refused.count(), 1);
        QCOMPARE(m_doc->undoStack()->count(), steps);
        QVERIFY(!m_doc->isModified());
        QCOMPARE(current().value(P::StaffCostUsd, 1), before);
        auto *banner = m_window->editor()->findChild<QLabel *>("errorBanner");
        QVERIFY(banner->isVisible());
        QVERIFY2(banner->text().contains("not a number"), qPrintable(banner->text()));
    }

    // Issue 9, 4.5: inputs read as words with units; the key stays in the tooltip.
    void inputsHaveHumanLabels_data() {
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("label");
        QTest::newRow("electricity") << "electricity_usd_per_kwh"
                                     << "Electricity price";
        QTest::newRow("carbon") << "carbon_kg_per_kwh"
                                << "Grid carbon intensity";
        QTest::newRow("cloud price") << "cloud.usd_per_gpu_hour"
                                     << "Cloud price";
        QTest::newRow("a workload's input") << "workloads.university-credits.gpu_hours"
                                            << "university-credits: GPU hours";
    }
    void inputsHaveHumanLabels() {
        QFETCH(QString, key);
        QFETCH(QString, label);
        ScenarioParamsModel *model = m_window->editor()->model();
        const int row = model->rowOf(key);
        QVERIFY2(row >= 0, qPrintable(key));
        QCOMPARE(model->data(model->index(row, 0), Qt::DisplayRole).toString(), label);
        QVERIFY(!model->data(model->index(row, 1), Qt::DisplayRole).toString().isEmpty());
        QVERIFY(model->data(model->index(row, 0), Qt::ToolTipRole).toString().contains(key));
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

    // Issue 9, 4.2: the dialog opens on the current law and values, per year
    // too, and OK without a change changes nothing.
    void uncertaintyDialogShowsTheCurrentRange_data() {
        QTest::addColumn<bool>("normal");
        QTest::addColumn<QList<double>>("first");  // low or sd, per year
        QTest::addColumn<QList<double>>("second"); // high (triangular)
        QTest::addColumn<QString>("firstText");
        QTest::addColumn<QString>("secondText");
        QTest::newRow("triangular, all years")
            << false << QList<double>{1.0} << QList<double>{2.5} << "1"
            << "2.5";
        QTest::newRow("triangular, per year")
            << false << QList<double>{1.0, 1.1, 1.2, 1.3, 1.4}
            << QList<double>{2.0, 2.5, 3.0, 3.5, 4.0} << "1; 1.1; 1.2; 1.3; 1.4"
            << "2; 2.5; 3; 3.5; 4";
        QTest::newRow("normal, per year") << true << QList<double>{0.1, 0.2, 0.3, 0.4, 0.5}
                                          << QList<double>{} << "0.1; 0.2; 0.3; 0.4; 0.5"
                                          << "";
    }
    void uncertaintyDialogShowsTheCurrentRange() {
        QFETCH(bool, normal);
        QFETCH(QList<double>, first);
        QFETCH(QList<double>, second);
        QFETCH(QString, firstText);
        QFETCH(QString, secondText);
        QLocale::setDefault(QLocale::c());
        ScenarioParamsModel *model = m_window->editor()->model();
        const int row = model->rowOf("staff_per_100_gpus");
        RangeValue range;
        range.normal = normal;
        (normal ? range.sd : range.low) = std::vector<double>(first.begin(), first.end());
        range.high = std::vector<double>(second.begin(), second.end());
        QVERIFY(model->setRange(row, range));
        QVERIFY2(!m_doc->scenario(0).error,
                 m_doc->scenario(0).error ? m_doc->scenario(0).error->message.c_str() : "");
        const Distribution before = *current().param(P::StaffPer100Gpus).distribution;
        const int steps = m_doc->undoStack()->count();
        m_window->editor()->table()->setCurrentIndex(model->index(row, 2));
        int kind = -1;
        QString lowText, highText, sdText;
        whenModalOpens([&](QWidget *dialog) {
            kind = dialog->findChild<QComboBox *>("rangeKind")->currentIndex();
            lowText = dialog->findChild<QLineEdit *>("rangeLow")->text();
            highText = dialog->findChild<QLineEdit *>("rangeHigh")->text();
            sdText = dialog->findChild<QLineEdit *>("rangeSd")->text();
            static_cast<QDialog *>(dialog)->accept();
        });
        m_window->editor()->editRange();
        QCOMPARE(kind, normal ? 2 : 1);
        QCOMPARE(normal ? sdText : lowText, firstText);
        if (!normal)
            QCOMPARE(highText, secondText);
        QCOMPARE(m_doc->undoStack()->count(), steps);
        const Distribution &after = *current().param(P::StaffPer100Gpus).distribution;
        QCOMPARE(after.low, before.low);
        QCOMPARE(after.high, before.high);
        QCOMPARE(after.sd, before.sd);
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
        // The plans of the edits above (and their undo) first: under load one
        // could still be running, and `before` would read a stale plan.
        SETTLE();
        const double before =
            m_doc->scenario(0).plan->strategy("optimal")->years[4].sensitiveH100Hours;
        sensitive->setChecked(true);
        QVERIFY(current().workloads[3].sensitive);
        SETTLE();
        QVERIFY(m_doc->scenario(0).plan->strategy("optimal")->years[4].sensitiveH100Hours > before);
        m_doc->undoStack()->undo();
        QVERIFY(!current().workloads[3].sensitive);
    }

    void roadmapTargetEditIsUndoable() {
        SETTLE();
        RoadmapWidget *roadmap = m_window->roadmap();
        QTableWidget *table = roadmap->table();
        QCOMPARE(table->rowCount(), 3);
        table->item(0, 1)->setData(Qt::UserRole + 1, "40");
        QCOMPARE(*current().kpis[0].targets[1], 40.0);
        SETTLE();
        QCOMPARE(QString::fromStdString(m_doc->scenario(0).plan->kpis[0].years[1].phase),
                 QString("Sprout"));
        m_doc->undoStack()->undo();
        QCOMPARE(*current().kpis[0].targets[1], 32.0);
    }

    // Issue 9, 4.2: a target that is not a number is refused; the old one stays.
    void roadmapTargetThatIsNotANumberIsRefused() {
        SETTLE();
        QTableWidget *table = m_window->roadmap()->table();
        const int steps = m_doc->undoStack()->count();
        table->item(0, 1)->setData(Qt::UserRole + 1, "lots");
        QCOMPARE(*current().kpis[0].targets[1], 32.0);
        QCOMPARE(m_doc->undoStack()->count(), steps);
        QVERIFY(!m_doc->isModified());
    }

    // Issue 9, 4.4: renamed in the GUI through the document, undoably; names unique.
    void renameScenario_data() {
        QTest::addColumn<QString>("name");
        QTest::addColumn<bool>("accepted");
        QTest::newRow("a new name") << "Kenya 2030" << true;
        QTest::newRow("spaces trimmed") << "  Nairobi  " << true;
        QTest::newRow("empty") << "   " << false;
        QTest::newRow("another scenario's name") << "demo copy" << false;
    }
    void renameScenario() {
        QFETCH(QString, name);
        QFETCH(bool, accepted);
        m_window->addScenario(); // "demo copy"
        QCOMPARE(m_doc->scenario(1).name, QString("demo copy"));
        const int steps = m_doc->undoStack()->count();
        auto ok = m_doc->renameScenario(0, name);
        QCOMPARE(bool(ok), accepted);
        auto *list = m_window->findChild<QListWidget *>("scenarioList");
        QCOMPARE(m_doc->scenario(0).name, accepted ? name.trimmed() : QString("demo"));
        QCOMPARE(list->item(0)->text(), m_doc->scenario(0).name);
        QCOMPARE(m_doc->undoStack()->count(), steps + (accepted ? 1 : 0));
        if (accepted) {
            m_doc->undoStack()->undo();
            QCOMPARE(m_doc->scenario(0).name, QString("demo"));
            QCOMPARE(list->item(0)->text(), QString("demo"));
        }
        m_doc->undoStack()->undo(); // the added copy
        QCOMPARE(m_doc->scenarioCount(), 1);
        m_window->setCurrentScenario(0);
    }

    void addScenarioAndCompare() {
        m_window->addScenario();
        QCOMPARE(m_doc->scenarioCount(), 2);
        QCOMPARE(m_window->currentScenario(), 1);
        // Make the copy different: a sovereign cloud.
        QVERIFY(m_doc->setValue(1, "cloud.sovereign", true));
        QVERIFY(m_doc->scenario(1).scenario->cloudSovereign);
        SETTLE();
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

    void monteCarloCanBeCanceledWhileItRuns() {
        m_window->setCurrentScenario(0);
        UncertaintyWidget *mc = m_window->uncertainty();
        mc->setScenarioIndex(0); // forgets the result of any earlier run
        mc->setDraws(20000);
        QSignalSpy finished(mc, &UncertaintyWidget::finished);
        HeldThreadPool pool; // the run is queued behind the test's blocker
        mc->run();
        QVERIFY2(mc->isRunning(), "run() returned with no run in progress");
        mc->cancel(); // what the Cancel button does, before the first draw
        pool.release();
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 60000);
        QCOMPARE(finished.first().first().toBool(), false);
        QVERIFY(!mc->isRunning());
        QVERIFY(!mc->result().has_value());
    }

    void monteCarloRunsOffTheGuiThread() {
        m_window->setCurrentScenario(0);
        UncertaintyWidget *mc = m_window->uncertainty();
        mc->setScenarioIndex(0); // forgets the result of any earlier run
        mc->setDraws(20000);
        auto *progress = mc->findChild<QProgressBar *>();
        QVERIFY(progress);
        QSignalSpy finished(mc, &UncertaintyWidget::finished);
        QSignalSpy progressed(progress, &QProgressBar::valueChanged);
        int progressAtResult = -1;
        QObject connection; // ends the connection with the test
        connect(mc, &UncertaintyWidget::finished, &connection,
                [&] { progressAtResult = progress->value(); });
        // The worker pool's thread is held: if run() hands the work to a
        // worker, nothing can compute until the test releases it. Whatever
        // computes on the GUI thread (in run() or in an event it posts) has
        // finished by the time the GUI thread has run its events.
        HeldThreadPool pool;
        mc->run();
        QVERIFY2(mc->isRunning(), "run() returned with no run in progress: did it compute "
                                  "before returning, on the GUI thread?");
        QCOMPARE(finished.count(), 0);
        QVERIFY(!mc->result().has_value());
        spinEventLoopOnce(); // the GUI thread processes its events while the run is pending
        QVERIFY2(mc->isRunning(), "the run ended while the worker threads were held: it "
                                  "computed on the GUI thread");
        QCOMPARE(finished.count(), 0);
        QVERIFY(!mc->result().has_value());

        pool.release(); // now the worker may compute; the result comes by signal
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 60000);
        QCOMPARE(finished.first().first().toBool(), true);
        QVERIFY(!mc->isRunning());
        QVERIFY(mc->result().has_value());
        QCOMPARE(mc->result()->draws, 20000);
        // Progress came as queued updates, part-way ones too, and all of them
        // before the result.
        QStringList values;
        for (const QList<QVariant> &args : progressed)
            values.append(args.first().toString());
        QVERIFY2(std::any_of(values.begin(), values.end(),
                             [](const QString &v) { return v.toInt() > 0 && v.toInt() < 100; }),
                 qPrintable(values.join(' ')));
        QCOMPARE(progressAtResult, 100);
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
    // The report of the two scenarios, read back as a reader would, holds the
    // figures the planner computes for them (planned afresh here, not taken
    // from the window).
    void exportEveryFormat() {
        QFETCH(int, format);
        QFETCH(QString, file);
        QFETCH(QByteArray, magic);
        std::vector<PlanResult> plans;
        for (int i : {0, 1}) {
            auto plan = planScenario(*m_doc->scenario(i).scenario);
            QVERIFY2(plan, plan ? "" : plan.error().toString().c_str());
            plans.push_back(*plan);
        }
        const QString path = m_dir.filePath(file);
        SETTLE();
        auto ok = m_window->exportReport(static_cast<ReportFormat>(format), path, {0, 1},
                                         QLocale::c(), 0);
        QVERIFY2(ok, ok ? "" : ok.error().toString().c_str());
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray data = f.readAll();
        QVERIFY(data.startsWith(magic));
        QString problem;
        switch (static_cast<ReportFormat>(format)) {
        case ReportFormat::Pdf:
            problem = pdfMissesThePlan(path, plans);
            break;
        case ReportFormat::Xlsx:
            problem = xlsxMissesThePlan(path, plans);
            break;
        case ReportFormat::Csv:
            problem = csvMissesThePlan(QString::fromUtf8(data), plans);
            break;
        case ReportFormat::Html:
            problem = htmlMissesThePlan(QString::fromUtf8(data), plans);
            break;
        }
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
    }

    // Issue 9, 4: export plans (up to a million draws) and writes on a
    // worker, with progress, and Cancel leaves no file behind.
    void exportShowsProgressAndCancels() {
        SETTLE();
        const QString path = m_dir.filePath("canceled.pdf");
        QFile::remove(path);
        int valueAtCancel = -1;
        QString label;
        // The worker waits until the dialog is up, however fast the machine.
        HeldThreadPool pool;
        whenModalOpens([&](QWidget *w) {
            pool.release();
            auto *dialog = qobject_cast<QProgressDialog *>(w);
            if (!dialog)
                return;
            // Let the draws run a little, then cancel as a user would.
            QTRY_VERIFY_WITH_TIMEOUT(dialog->value() > 0, 60000);
            valueAtCancel = dialog->value();
            label = dialog->labelText();
            dialog->findChild<QPushButton *>()->click(); // the Cancel button
        });
        auto ok = m_window->exportReport(ReportFormat::Pdf, path, {0}, QLocale::c(), 1'000'000);
        QVERIFY(!ok);
        QVERIFY2(QString::fromStdString(ok.error().message).contains("canceled"),
                 ok.error().toString().c_str());
        QVERIFY2(valueAtCancel > 0 && valueAtCancel < 90,
                 qPrintable(QString::number(valueAtCancel)));
        QVERIFY2(label.contains("canceled.pdf"), qPrintable(label));
        QVERIFY(!QFile::exists(path));
        QVERIFY(m_window->isEnabled());
    }

    // The report speaks its language on the worker; the window keeps its own.
    void exportInAnotherLanguageLeavesTheWindowAlone() {
        SETTLE();
        const QString path = m_dir.filePath("fr.html");
        auto ok = m_window->exportReport(ReportFormat::Html, path, {0},
                                         QLocale(QLocale::French, QLocale::France), 0);
        QVERIFY2(ok, ok ? "" : ok.error().toString().c_str());
        const QString html = test::readText(path);
        QVERIFY(html.contains("Synthèse"));
        QVERIFY(!html.contains(">Executive summary<"));
        QCOMPARE(Report::tr("Executive summary"), QString("Executive summary"));
        QCOMPARE(m_window->tabs()->tabText(0), MainWindow::tr("&Scenario"));
    }

    void saveReopenAndYamlRoundTrip() {
        SETTLE();
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

    void saveAsReplacesTheChosenFile_data() {
        QTest::addColumn<QByteArray>("before");
        QTest::newRow("a text file") << QByteArray("notes, not a project\n");
        QTest::newRow("an empty file") << QByteArray();
        QTest::newRow("another project") << QByteArray("project");
    }

    void saveAsReplacesTheChosenFile() {
        // The save dialog asked before overwriting: whatever was there
        // becomes this project, in one step (a new file renamed over it).
        QFETCH(QByteArray, before);
        const QString target = m_dir.filePath(
            QString("chosen-%1.sovereign").arg(QTest::currentDataTag()).replace(' ', '-'));
        if (before == "project") {
            QVERIFY(ProjectStore::create(target.toStdString(), "other"));
        } else {
            QFile f(target);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(before);
        }
        ProjectDocument doc(test::builtInCatalog());
        QVERIFY(doc.open(m_project));
        SETTLE();
        auto saved = doc.saveAs(target);
        QVERIFY2(saved, saved ? "" : saved.error().toString().c_str());
        QCOMPARE(doc.filePath(), QFileInfo(target).absoluteFilePath());
        ProjectDocument reopened(test::builtInCatalog());
        QVERIFY(reopened.open(target));
        QCOMPARE(reopened.scenarioCount(), doc.scenarioCount());
        QVERIFY(!QFile::exists(target + ".saving"));
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
        SETTLE();
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

    // Issue 9, 4.3: Help > Methodology shows the embedded docs/methodology.md.
    void methodologyOpensFromTheLibrary() {
        QAction *help = menuAction(*m_window, "actionMethodology");
        QVERIFY(help);
        QCOMPARE(help->shortcut(), QKeySequence(QKeySequence::HelpContents));
        help->trigger();
        auto *browser = m_window->findChild<QTextBrowser *>("methodology");
        QVERIFY(browser);
        QVERIFY(browser->isVisible());
        QVERIFY2(browser->toPlainText().contains("Planner methodology"),
                 qPrintable(browser->toPlainText().left(200)));
        browser->window()->close();
    }

    // Issue 9, 4.3: a closed Scenarios panel comes back from View.
    void closedScenarioPanelComesBack() {
        QDockWidget *dock = m_window->scenarioDock();
        dock->close();
        QVERIFY(!dock->isVisible());
        QAction *show = menuAction(*m_window, "actionShowScenarios");
        QVERIFY(show);
        bool inViewMenu = false;
        for (QAction *menu : m_window->menuBar()->actions())
            if (menu->menu() && menu->menu()->actions().contains(show))
                inViewMenu = menu->text() == MainWindow::tr("&View");
        QVERIFY(inViewMenu);
        show->trigger();
        QVERIFY(dock->isVisible());
    }

    // Issue 9, 4.3: the export dialog's file label has a buddy (no literal
    // '&'), and the file goes to the last export's folder, else the project's.
    void exportDialogDefaultFolder() {
        QSettings().remove("export/lastFolder");
        {
            ExportDialog dialog(m_doc.get(), 0);
            QCOMPARE(QFileInfo(dialog.path()).absolutePath(), QFileInfo(m_project).absolutePath());
            bool labelled = false;
            for (QLabel *label : dialog.findChildren<QLabel *>())
                if (label->text() == ExportDialog::tr("&File:"))
                    labelled = label->buddy() == dialog.findChild<QLineEdit *>("reportPath");
            QVERIFY(labelled);
        }
        QTemporaryDir other;
        ExportDialog::rememberFolder(QDir(other.path()).filePath("r.pdf"));
        ExportDialog dialog(m_doc.get(), 0);
        QCOMPARE(QFileInfo(dialog.path()).absolutePath(),
                 QFileInfo(other.path()).absoluteFilePath());
        QSettings().remove("export/lastFolder");
    }

    // Issue 9, 4.3: File > New leaves nothing of the previous project on
    // screen: recommendation, form, Monte Carlo result.
    void newProjectResetsEveryView() {
        ProjectDocument doc(test::builtInCatalog());
        MainWindow window(&doc);
        QVERIFY(window.openProject(m_project, false));
        window.show();
        UncertaintyWidget *mc = window.uncertainty();
        mc->setDraws(200);
        QSignalSpy finished(mc, &UncertaintyWidget::finished);
        mc->run();
        QVERIFY(finished.wait(60000));
        QVERIFY(mc->result().has_value());
        auto *name = window.editor()->findChild<QLineEdit *>("scenarioName");
        QVERIFY(!name->text().isEmpty());
        menuAction(window, "actionNew")->trigger();
        QCOMPARE(doc.scenarioCount(), 0);
        QVERIFY(!mc->result().has_value());
        QVERIFY(name->text().isEmpty());
        QCOMPARE(window.editor()->model()->rowCount(), 0);
        QTRY_VERIFY_WITH_TIMEOUT(!doc.isPlanning(), 60000);
        QCOMPARE(window.roadmap()->table()->rowCount(), 0);
        QLabel *status = nullptr;
        for (QLabel *l : window.statusBar()->findChildren<QLabel *>())
            if (!l->text().isEmpty())
                status = l;
        QVERIFY(status);
        QCOMPARE(status->text(), MainWindow::tr("Add a scenario to start planning."));
    }

    // Issue 9, 4.3: Discard removes the recovery copy, so the next start does
    // not offer the discarded work back.
    void discardRemovesTheRecoveryCopy() {
        const QString copy = m_dir.filePath("discard.sovereign");
        QFile::remove(copy);
        QVERIFY(QFile::copy(m_project, copy));
        ProjectDocument doc(test::builtInCatalog());
        MainWindow window(&doc);
        QVERIFY(window.openProject(copy, false));
        QVERIFY(doc.setValue(0, "staff_cost_usd", 71000.0));
        QVERIFY(doc.autosaveNow());
        QVERIFY(ProjectDocument::hasRecovery(copy));
        whenModalOpens([](QWidget *box) {
            static_cast<QMessageBox *>(box)->button(QMessageBox::Discard)->click();
        });
        menuAction(window, "actionNew")->trigger();
        QCOMPARE(doc.scenarioCount(), 0);
        QVERIFY(!ProjectDocument::hasRecovery(copy));
    }

    void cleanupTestCase() {
        m_window.reset();
        m_doc.reset();
    }
};

QTEST_MAIN(TstMainWindow)
#include "tst_mainwindow.moc"
