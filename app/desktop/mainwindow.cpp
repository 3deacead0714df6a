#include "mainwindow.h"

#include "computepool.h"

#include "comparewidget.h"
#include "exportdialog.h"
#include "projectdocument.h"
#include "reportjob.h"

#include "reports/reportbuilder.h"
#include "roadmapwidget.h"
#include "scenarioeditor.h"
#include "uncertaintywidget.h"

#include "planner/planner.h"
#include "planner/scenarioloader.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDir>
#include <QDockWidget>
#include <QEventLoop>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenuBar>
#include <QMessageBox>
#include <QPointer>
#include <QProgressBar>
#include <QProgressDialog>
#include <QPushButton>
#include <QSettings>
#include <QStatusBar>
#include <QTabWidget>
#include <QTextBrowser>
#include <QUndoStack>
#include <QVBoxLayout>
#include <QtConcurrent>

namespace sovereign {

namespace {
constexpr int kMaxRecent = 8;
}

MainWindow::MainWindow(ProjectDocument *doc, QWidget *parent) : QMainWindow(parent), m_doc(doc) {
    setObjectName("mainWindow");
    m_editor = new ScenarioEditor(doc);
    m_compare = new CompareWidget(doc);
    m_roadmap = new RoadmapWidget(doc);
    m_uncertainty = new UncertaintyWidget(doc);
    m_tabs = new QTabWidget;
    m_tabs->setObjectName("views");
    m_tabs->addTab(m_editor, tr("&Scenario"));
    m_tabs->addTab(m_compare, tr("&Compare"));
    m_tabs->addTab(m_roadmap, tr("&Roadmap"));
    m_tabs->addTab(m_uncertainty, tr("&Uncertainty"));
    setCentralWidget(m_tabs);

    m_list = new QListWidget;
    m_list->setObjectName("scenarioList");
    auto *add = new QPushButton(tr("Add"));
    auto *remove = new QPushButton(tr("Remove"));
    connect(add, &QPushButton::clicked, this, &MainWindow::addScenario);
    connect(remove, &QPushButton::clicked, this, [this] {
        if (currentScenario() >= 0)
            m_doc->removeScenario(currentScenario());
    });
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(add);
    buttons->addWidget(remove);
    auto *side = new QWidget;
    auto *sideLayout = new QVBoxLayout(side);
    sideLayout->addWidget(m_list, 1);
    sideLayout->addLayout(buttons);
    m_scenarioDock = new QDockWidget(tr("Scenarios"));
    m_scenarioDock->setObjectName("scenarioDock");
    m_scenarioDock->setWidget(side);
    addDockWidget(Qt::LeftDockWidgetArea, m_scenarioDock);

    m_statusText = new QLabel;
    m_statusText->setObjectName("statusText");
    // A long recommendation wraps in its tooltip rather than being cut.
    m_statusText->setTextInteractionFlags(Qt::TextSelectableByMouse);
    statusBar()->addWidget(m_statusText, 1);
    m_planning = new QProgressBar;
    m_planning->setObjectName("planningIndicator");
    m_planning->setRange(0, 0); // busy: a plan takes what it takes
    m_planning->setMaximumWidth(120);
    m_planning->setFormat(QString());
    m_planning->setToolTip(tr("Planning on a worker thread; the views show the previous plan "
                              "until it is done."));
    m_planning->hide();
    statusBar()->addPermanentWidget(m_planning);
    connect(doc, &ProjectDocument::planningChanged, this, [this](bool busy) {
        m_planning->setVisible(busy);
        updateStatus();
    });

    connect(m_list, &QListWidget::currentRowChanged, this, &MainWindow::showScenario);
    connect(doc, &ProjectDocument::scenariosReset, this, &MainWindow::refreshScenarioList);
    const auto scenarioShown = [this](int i) {
        if (QListWidgetItem *item = m_list->item(i)) {
            const ScenarioEntry &e = m_doc->scenario(i);
            item->setText(e.name);
            item->setForeground(e.error ? QColor(0xC0, 0x1F, 0x2F)
                                        : palette().color(QPalette::Text));
            item->setToolTip(e.error ? QString::fromStdString(e.error->message) : QString());
        }
        updateStatus();
    };
    connect(doc, &ProjectDocument::scenarioChanged, this, scenarioShown);
    connect(doc, &ProjectDocument::planChanged, this, scenarioShown);
    connect(doc, &ProjectDocument::fileChanged, this, &MainWindow::updateTitle);

    createActions();
    refreshScenarioList();
    updateTitle();

    QSettings settings;
    if (!restoreGeometry(settings.value("window/geometry").toByteArray()))
        resize(1280, 820);
    restoreState(settings.value("window/state").toByteArray());
}

void MainWindow::createActions() {
    QMenu *file = menuBar()->addMenu(tr("&File"));
    auto action = [this](QMenu *menu, const QString &text, QKeySequence key, auto slot) {
        QAction *a = menu->addAction(text);
        a->setShortcut(key);
        connect(a, &QAction::triggered, this, slot);
        return a;
    };
    action(file, tr("&New project"), QKeySequence::New, [this] {
        if (!maybeSave())
            return;
        m_uncertainty->cancel();
        m_doc->clear(); // scenariosReset: every view shows "no scenario"
    })->setObjectName("actionNew");
    action(file, tr("&Open project..."), QKeySequence::Open, [this] {
        if (!maybeSave())
            return;
        const QString path = QFileDialog::getOpenFileName(this, tr("Open project"), QString(),
                                                          tr("Sovereign projects (*.sovereign)"));
        if (!path.isEmpty())
            openProject(path);
    });
    m_recent = file->addMenu(tr("Open &recent"));
    rebuildRecentMenu();
    action(file, tr("&Save"), QKeySequence::Save, [this] { save(); });
    action(file, tr("Save &as..."), QKeySequence::SaveAs, [this] { saveAs(); });
    file->addSeparator();
    action(file, tr("&Import scenario YAML..."), QKeySequence(tr("Ctrl+I")), [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Import scenario"), QString(),
                                                          tr("Scenarios (*.yaml *.yml)"));
        if (path.isEmpty())
            return;
        if (auto ok = importScenarioYaml(path); !ok)
            showError(tr("The scenario was not imported."), ok.error());
    });
    action(file, tr("&Export scenario YAML..."), QKeySequence(tr("Ctrl+E")), [this] {
        if (currentScenario() < 0)
            return;
        const QString path = QFileDialog::getSaveFileName(
            this, tr("Export scenario"), m_doc->scenario(currentScenario()).name + ".yaml",
            tr("Scenarios (*.yaml)"));
        if (!path.isEmpty())
            if (auto ok = exportScenarioYaml(currentScenario(), path); !ok)
                showError(tr("The scenario was not exported."), ok.error());
    });
    action(file, tr("Export &report..."), QKeySequence(tr("Ctrl+R")), [this] {
        ExportDialog dialog(m_doc, currentScenario(), this);
        if (dialog.exec() != QDialog::Accepted)
            return;
        auto ok = exportReport(dialog.format(), dialog.path(), dialog.scenarios(), dialog.locale(),
                               dialog.monteCarloDraws());
        if (!ok)
            showError(tr("The report was not written."), ok.error());
        else {
            ExportDialog::rememberFolder(dialog.path());
            statusBar()->showMessage(tr("Wrote %1").arg(dialog.path()), 8000);
        }
    });
    file->addSeparator();
    action(file, tr("&Quit"), QKeySequence::Quit, [this] { close(); });

    QMenu *edit = menuBar()->addMenu(tr("&Edit"));
    QAction *undo = m_doc->undoStack()->createUndoAction(this, tr("&Undo"));
    undo->setShortcut(QKeySequence::Undo);
    QAction *redo = m_doc->undoStack()->createRedoAction(this, tr("&Redo"));
    redo->setShortcut(QKeySequence::Redo);
    edit->addAction(undo);
    edit->addAction(redo);
    edit->addSeparator();
    action(edit, tr("&Add scenario"), QKeySequence(tr("Ctrl+Shift+N")), [this] { addScenario(); });
    action(edit, tr("Re&name scenario..."), QKeySequence(Qt::Key_F2), [this] {
        const int i = currentScenario();
        if (i < 0)
            return;
        bool ok = false;
        const QString name = QInputDialog::getText(this, tr("Rename scenario"), tr("New name:"),
                                                   QLineEdit::Normal, m_doc->scenario(i).name, &ok);
        if (ok)
            renameScenario(i, name);
    })->setObjectName("actionRename");
    action(edit, tr("Re&move scenario"), QKeySequence(), [this] {
        if (currentScenario() >= 0)
            m_doc->removeScenario(currentScenario());
    });

    QMenu *view = menuBar()->addMenu(tr("&View"));
    for (int i = 0; i < m_tabs->count(); ++i)
        action(view, m_tabs->tabText(i), QKeySequence(QString("Ctrl+%1").arg(i + 1)),
               [this, i] { m_tabs->setCurrentIndex(i); });
    view->addSeparator();
    // A closed panel comes back from here.
    QAction *dockToggle = m_scenarioDock->toggleViewAction();
    dockToggle->setObjectName("actionShowScenarios");
    view->addAction(dockToggle);
    view->addSeparator();
    action(view, tr("Run &Monte Carlo"), QKeySequence(Qt::Key_F5), [this] {
        m_tabs->setCurrentWidget(m_uncertainty);
        m_uncertainty->run();
    });
    QMenu *language = view->addMenu(tr("&Language"));
    for (const auto &[code, name] : {std::pair{"", tr("System")},
                                     {"en", QString("English")},
                                     {"fr", QString("Français")},
                                     {"pt", QString("Português")}}) {
        QAction *a = language->addAction(name);
        a->setCheckable(true);
        a->setChecked(QSettings().value("language").toString() == code);
        connect(a, &QAction::triggered, this, [this, code = QString(code)] {
            QSettings().setValue("language", code);
            QMessageBox::information(this, tr("Language"),
                                     tr("The language changes when Sovereign starts again."));
        });
    }

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    action(help, tr("&Methodology"), QKeySequence::HelpContents, [this] {
        showMethodology();
    })->setObjectName("actionMethodology");
    action(help, tr("&About Sovereign"), QKeySequence(), [this] {
        QMessageBox::about(
            this, tr("About Sovereign"),
            tr("<b>Sovereign</b> %1<br>Plan and run your own AI compute: own, lease, "
               "hybrid and optimal five-year plans with NPV, energy, carbon and KPIs.")
                .arg(QCoreApplication::applicationVersion()));
    });
}

int MainWindow::currentScenario() const {
    return m_list->currentRow();
}

void MainWindow::setCurrentScenario(int index) {
    m_list->setCurrentRow(index);
}

void MainWindow::showMethodology() {
    if (!m_methodology) {
        // Embedded (see CMakeLists.txt): the app finds it wherever it is installed.
        QFile file(":/sovereign/docs/methodology.md");
        const bool read = file.open(QIODevice::ReadOnly | QIODevice::Text);
        m_methodology = new QDialog(this);
        m_methodology->setObjectName("methodologyDialog");
        m_methodology->setWindowTitle(tr("Methodology — Sovereign"));
        auto *browser = new QTextBrowser;
        browser->setObjectName("methodology");
        browser->setOpenExternalLinks(true);
        if (read)
            browser->setMarkdown(QString::fromUtf8(file.readAll()));
        else
            browser->setPlainText(tr("The methodology is not part of this build."));
        auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close);
        connect(buttons, &QDialogButtonBox::rejected, m_methodology, &QDialog::close);
        auto *layout = new QVBoxLayout(m_methodology);
        layout->addWidget(browser);
        layout->addWidget(buttons);
        m_methodology->resize(820, 700);
    }
    m_methodology->show();
    m_methodology->raise();
    m_methodology->activateWindow();
}

bool MainWindow::renameScenario(int index, const QString &name) {
    if (auto ok = m_doc->renameScenario(index, name); !ok) {
        QMessageBox::warning(this, tr("Rename scenario"),
                             QString::fromStdString(ok.error().message));
        return false;
    }
    return true;
}

void MainWindow::showScenario(int row) {
    m_editor->setScenarioIndex(row);
    m_roadmap->setScenarioIndex(row);
    m_uncertainty->setScenarioIndex(row);
    updateStatus();
}

void MainWindow::refreshScenarioList() {
    const int previous = std::max(0, m_list->currentRow());
    m_list->blockSignals(true);
    m_list->clear();
    for (int i = 0; i < m_doc->scenarioCount(); ++i) {
        const ScenarioEntry &e = m_doc->scenario(i);
        auto *item = new QListWidgetItem(e.name);
        if (e.error) {
            item->setForeground(QColor(0xC0, 0x1F, 0x2F));
            item->setToolTip(QString::fromStdString(e.error->message));
        }
        m_list->addItem(item);
    }
    const int row = std::min(previous, m_doc->scenarioCount() - 1);
    m_list->setCurrentRow(row);
    m_list->blockSignals(false);
    // Every view follows, also when the row number stays (a new project: -1
    // before and after), so none keeps the previous project's results.
    showScenario(row);
}

void MainWindow::updateTitle() {
    setWindowTitle(QString("%1[*] — Sovereign").arg(m_doc->displayName()));
    setWindowModified(m_doc->isModified());
}

void MainWindow::updateStatus() {
    const int i = currentScenario();
    if (i < 0 || i >= m_doc->scenarioCount()) {
        m_statusText->setText(tr("Add a scenario to start planning."));
        return;
    }
    const ScenarioEntry &e = m_doc->scenario(i);
    QString text;
    if (e.error)
        text = QString::fromStdString(e.error->message);
    else if (e.planning)
        text = tr("Planning %1...").arg(e.name);
    else if (e.plan)
        text = recommendationText(*e.plan, QLocale());
    m_statusText->setToolTip(text);
    // Elided to the bar's width; the whole sentence is in the tooltip and in
    // the roadmap view.
    m_statusText->setText(m_statusText->fontMetrics().elidedText(
        text, Qt::ElideRight, std::max(200, statusBar()->width() - 160)));
}

void MainWindow::resizeEvent(QResizeEvent *event) {
    QMainWindow::resizeEvent(event);
    updateStatus(); // the recommendation is elided to the new width
}

void MainWindow::addScenario() {
    const int i = currentScenario();
    if (i >= 0) {
        m_doc->addScenario(m_doc->scenario(i).name + tr(" copy"), m_doc->scenario(i).yaml);
    } else {
        QFile demo(":/sovereign/scenarios/demo.yaml");
        demo.open(QIODevice::ReadOnly);
        m_doc->addScenario(tr("Demo"), demo.readAll().toStdString());
    }
    setCurrentScenario(m_doc->scenarioCount() - 1);
}

bool MainWindow::openProject(const QString &path, bool askAboutRecovery) {
    if (askAboutRecovery && ProjectDocument::hasRecovery(path)) {
        const auto answer = QMessageBox::question(
            this, tr("Recover unsaved work?"),
            tr("Sovereign was closed without saving %1. Restore the unsaved changes?")
                .arg(QFileInfo(path).fileName()),
            QMessageBox::Yes | QMessageBox::No, QMessageBox::Yes);
        if (answer == QMessageBox::Yes) {
            if (auto ok = m_doc->recover(path); ok) {
                addRecentFile(path);
                return true;
            }
        }
    }
    if (auto ok = m_doc->open(path); !ok) {
        showError(tr("The project could not be opened."), ok.error());
        return false;
    }
    addRecentFile(path);
    return true;
}

Result<void> MainWindow::importScenarioYaml(const QString &path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return fail(path.toStdString(), 0, 0, "cannot read the file");
    const std::string yaml = file.readAll().toStdString();
    // Refuse what the planner would refuse, with its file:line:column message.
    auto scenario = loadScenarioText(yaml, path.toStdString(), m_doc->catalog());
    if (!scenario)
        return std::unexpected(scenario.error());
    m_doc->addScenario(QString::fromStdString(scenario->name), yaml);
    setCurrentScenario(m_doc->scenarioCount() - 1);
    return {};
}

Result<void> MainWindow::exportScenarioYaml(int index, const QString &path) {
    QFile file(path);
    const std::string &yaml = m_doc->scenario(index).yaml;
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) ||
        file.write(yaml.data(), static_cast<qint64>(yaml.size())) !=
            static_cast<qint64>(yaml.size()))
        return fail(path.toStdString(), 0, 0, "cannot write: " + file.errorString().toStdString());
    return {};
}

namespace {

/// The export's progress, from the worker to the dialog (queued: the dialog
/// lives on the GUI thread).
class DialogFeedback : public Feedback {
  public:
    explicit DialogFeedback(QProgressDialog *dialog) : m_dialog(dialog) {}

  protected:
    void progressChanged(double percent) override {
        QPointer<QProgressDialog> dialog = m_dialog;
        QMetaObject::invokeMethod(
            dialog,
            [dialog, percent] {
                if (dialog)
                    dialog->setValue(static_cast<int>(percent));
            },
            Qt::QueuedConnection);
    }

  private:
    QPointer<QProgressDialog> m_dialog;
};

} // namespace

Result<void> MainWindow::exportReport(ReportFormat format, const QString &path,
                                      const QList<int> &scenarios, const QLocale &locale,
                                      int monteCarloDraws) {
    ReportRequest request{format, path, {}, locale, monteCarloDraws, 1};
    for (int i : scenarios) {
        const ScenarioEntry &e = m_doc->scenario(i);
        if (!e.scenario)
            return fail(e.name.toStdString(), 0, 0,
                        "the scenario is not valid: " + e.error->message);
        request.scenarios.push_back(*e.scenario);
    }
    // Planning (up to a million Monte Carlo draws) and writing run on a
    // worker; the window stays drawn and the dialog can cancel. It is window
    // modal, so the project cannot be closed under the export.
    QProgressDialog progress(tr("Writing %1...").arg(QFileInfo(path).fileName()), tr("Cancel"), 0,
                             100, this);
    progress.setWindowTitle(tr("Export report"));
    progress.setWindowModality(Qt::WindowModal);
    progress.setMinimumDuration(500);
    progress.setAutoReset(false);
    progress.setAutoClose(false);
    progress.setValue(0);
    auto feedback = std::make_shared<DialogFeedback>(&progress);
    connect(&progress, &QProgressDialog::canceled, this, [feedback] { feedback->cancel(); });
    QFutureWatcher<Result<void>> watcher;
    QEventLoop loop;
    connect(&watcher, &QFutureWatcher<Result<void>>::finished, &loop, &QEventLoop::quit);
    watcher.setFuture(QtConcurrent::run(
        computePool(), [request = std::move(request), catalog = m_doc->catalog(), feedback] {
            return writeReport(request, catalog, feedback.get());
        }));
    loop.exec();
    return watcher.result();
}

QStringList MainWindow::saveScreenshots(const QString &dir) {
    QDir().mkpath(dir);
    QStringList files;
    const QStringList names = {"scenario", "compare", "roadmap", "uncertainty"};
    // The pictures show finished plans, not the "planning" state.
    if (m_doc->isPlanning()) {
        QEventLoop loop;
        connect(m_doc, &ProjectDocument::planningChanged, &loop, [&loop](bool busy) {
            if (!busy)
                loop.quit();
        });
        loop.exec();
    }
    // The uncertainty view shows results only after a run: run it first.
    if (!m_uncertainty->result()) {
        QEventLoop loop;
        connect(m_uncertainty, &UncertaintyWidget::finished, &loop, &QEventLoop::quit);
        m_uncertainty->run();
        if (m_uncertainty->isRunning())
            loop.exec();
    }
    for (int i = 0; i < m_tabs->count(); ++i) {
        m_tabs->setCurrentIndex(i);
        QApplication::processEvents();
        const QString path = QDir(dir).filePath(names.value(i, QString::number(i)) + ".png");
        if (grab().save(path))
            files.append(path);
    }
    return files;
}

void MainWindow::addRecentFile(const QString &path) {
    QSettings settings;
    QStringList files = settings.value("recentFiles").toStringList();
    files.removeAll(QFileInfo(path).absoluteFilePath());
    files.prepend(QFileInfo(path).absoluteFilePath());
    settings.setValue("recentFiles", files.mid(0, kMaxRecent));
    rebuildRecentMenu();
}

void MainWindow::rebuildRecentMenu() {
    m_recent->clear();
    const QStringList files = QSettings().value("recentFiles").toStringList();
    for (const QString &f : files)
        connect(m_recent->addAction(QFileInfo(f).fileName()), &QAction::triggered, this, [this, f] {
            if (maybeSave())
                openProject(f);
        });
    m_recent->setEnabled(!files.isEmpty());
}

bool MainWindow::save() {
    if (m_doc->filePath().isEmpty())
        return saveAs();
    if (auto ok = m_doc->save(); !ok) {
        showError(tr("The project was not saved."), ok.error());
        return false;
    }
    statusBar()->showMessage(tr("Saved %1").arg(m_doc->filePath()), 5000);
    return true;
}

bool MainWindow::saveAs() {
    QString path = QFileDialog::getSaveFileName(this, tr("Save project"), m_doc->filePath(),
                                                tr("Sovereign projects (*.sovereign)"));
    if (path.isEmpty())
        return false;
    if (!path.endsWith(".sovereign"))
        path += ".sovereign";
    if (auto ok = m_doc->saveAs(path); !ok) {
        showError(tr("The project was not saved."), ok.error());
        return false;
    }
    addRecentFile(path);
    return true;
}

bool MainWindow::maybeSave() {
    if (!m_doc->isModified())
        return true;
    const auto answer =
        QMessageBox::warning(this, tr("Unsaved changes"),
                             tr("%1 has unsaved changes. Save them?").arg(m_doc->displayName()),
                             QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel);
    if (answer == QMessageBox::Save)
        return save();
    if (answer != QMessageBox::Discard)
        return false;
    m_doc->discardRecovery(); // discarded on purpose: not offered back at the next start
    return true;
}

void MainWindow::closeEvent(QCloseEvent *event) {
    if (!maybeSave()) {
        event->ignore();
        return;
    }
    m_uncertainty->cancel();
    QSettings settings;
    settings.setValue("window/geometry", saveGeometry());
    settings.setValue("window/state", saveState());
    event->accept();
}

void MainWindow::showError(const QString &what, const Error &error) {
    QMessageBox::warning(this, tr("Sovereign"),
                         what + "\n\n" + QString::fromStdString(error.toString()));
}

} // namespace sovereign
