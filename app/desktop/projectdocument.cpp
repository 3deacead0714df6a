#include "projectdocument.h"

#include "computepool.h"

#include "documentcommands_p.h"

#include "planner/planner.h"
#include "planner/projectstore.h"
#include "planner/scenarioloader.h"

#include <QDir>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QLoggingCategory>
#include <QStandardPaths>
#include <QTimer>
#include <QUndoStack>
#include <QtConcurrent>

#include <cerrno>
#include <cstdio>
#include <cstring>

Q_LOGGING_CATEGORY(lcDoc, "sovereign.desktop.document", QtInfoMsg)

namespace sovereign {

namespace {
constexpr int kDefaultAutosaveSeconds = 60;
}

ProjectDocument::ProjectDocument(Catalog catalog, QObject *parent)
    : QObject(parent), m_catalog(std::move(catalog)), m_undo(new QUndoStack(this)),
      m_autosave(new QTimer(this)), m_planner(new QFutureWatcher<Result<PlanResult>>(this)) {
    connect(m_undo, &QUndoStack::cleanChanged, this, &ProjectDocument::fileChanged);
    connect(m_planner, &QFutureWatcher<Result<PlanResult>>::finished, this,
            &ProjectDocument::planFinished);
    m_autosave->setInterval(kDefaultAutosaveSeconds * 1000);
    connect(m_autosave, &QTimer::timeout, this, [this] {
        if (isModified() && m_autosavedIndex != m_undo->index())
            if (auto ok = autosaveNow(); !ok)
                qCWarning(lcDoc) << "autosave failed:" << ok.error().toString().c_str();
    });
    m_autosave->start();
}

ProjectDocument::~ProjectDocument() {
    // The worker holds its own copy of the scenario; its result has nowhere to go.
    m_planner->disconnect(this);
    m_planner->waitForFinished();
    // A clean exit needs no recovery copy.
    if (!m_path.isEmpty())
        QFile::remove(autosavePath(m_path));
}

void ProjectDocument::setAutosaveSeconds(int seconds) {
    m_autosave->setInterval(seconds * 1000);
}

QString ProjectDocument::displayName() const {
    return m_path.isEmpty() ? tr("Untitled project") : QFileInfo(m_path).fileName();
}

bool ProjectDocument::isModified() const {
    return !m_undo->isClean();
}

QString ProjectDocument::autosavePath(const QString &projectPath) {
    if (projectPath.isEmpty())
        return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) +
               "/untitled.autosave.sovereign";
    return projectPath + ".autosave";
}

bool ProjectDocument::hasRecovery(const QString &projectPath) {
    const QFileInfo copy(autosavePath(projectPath));
    return copy.exists() &&
           (projectPath.isEmpty() || copy.lastModified() >= QFileInfo(projectPath).lastModified());
}

void ProjectDocument::clear() {
    m_entries.clear();
    m_path.clear();
    m_undo->clear();
    m_autosavedIndex = -1;
    emit scenariosReset();
    emit fileChanged();
}

void ProjectDocument::revalidate(ScenarioEntry &entry) {
    if (entry.id == 0)
        entry.id = m_nextId++;
    ++entry.generation;
    entry.scenario.reset();
    entry.error.reset();
    entry.planning = false;
    auto s = loadScenarioText(entry.yaml, entry.name.toStdString(), m_catalog);
    if (!s) {
        entry.error = s.error();
        entry.plan.reset();
        return;
    }
    entry.scenario = std::move(*s);
    entry.planning = true;
    // Queued, not started here: the entry may not be in the list yet (a new
    // scenario is validated before its undo command inserts it).
    QMetaObject::invokeMethod(this, &ProjectDocument::startNextPlan, Qt::QueuedConnection);
}

bool ProjectDocument::isPlanning() const {
    return std::any_of(m_entries.begin(), m_entries.end(),
                       [](const ScenarioEntry &e) { return e.planning; });
}

void ProjectDocument::startNextPlan() {
    if (m_planner->isRunning())
        return; // planFinished() comes back here
    auto next = std::find_if(m_entries.begin(), m_entries.end(),
                             [](const ScenarioEntry &e) { return e.planning; });
    const bool busy = next != m_entries.end();
    if (busy != m_busy) {
        m_busy = busy;
        emit planningChanged(busy);
    }
    if (!busy)
        return;
    m_plannedId = next->id;
    m_plannedGeneration = next->generation;
    // The worker gets a copy: the document may change while it runs.
    m_planner->setFuture(QtConcurrent::run(
        computePool(), [scenario = *next->scenario] { return planScenario(scenario); }));
}

void ProjectDocument::planFinished() {
    Result<PlanResult> result = m_planner->result();
    for (int i = 0; i < scenarioCount(); ++i) {
        ScenarioEntry &e = m_entries[i];
        if (e.id != m_plannedId)
            continue;
        if (e.generation == m_plannedGeneration && e.planning) {
            e.planning = false;
            if (result) {
                e.plan = std::move(*result);
            } else {
                e.plan.reset();
                e.error = result.error();
            }
            emit planChanged(i);
        }
        break;
    }
    startNextPlan();
}

Result<void> ProjectDocument::open(const QString &path) {
    auto store = ProjectStore::open(path.toStdString());
    if (!store)
        return std::unexpected(store.error());
    auto rows = store->list();
    if (!rows)
        return std::unexpected(rows.error());
    std::vector<ScenarioEntry> entries;
    for (const auto &row : *rows) {
        auto yaml = store->scenarioYaml(row.name);
        if (!yaml)
            return std::unexpected(yaml.error());
        ScenarioEntry e;
        e.name = QString::fromStdString(row.name);
        e.yaml = *yaml;
        revalidate(e);
        entries.push_back(std::move(e));
    }
    m_entries = std::move(entries);
    m_path = QFileInfo(path).absoluteFilePath();
    m_undo->clear();
    m_autosavedIndex = -1;
    emit scenariosReset();
    emit fileChanged();
    return {};
}

Result<void> ProjectDocument::writeTo(const QString &path) const {
    auto store =
        QFileInfo::exists(path)
            ? ProjectStore::open(path.toStdString())
            : ProjectStore::create(path.toStdString(), QFileInfo(path).baseName().toStdString());
    if (!store)
        return std::unexpected(store.error());
    std::vector<ProjectStore::ScenarioRecord> records;
    // A plan still being computed is not saved: the stored result must be
    // the YAML's own (the next open plans it again anyway).
    for (const auto &e : m_entries)
        records.push_back(
            {e.name.toStdString(), e.yaml, e.plan && !e.planning ? &*e.plan : nullptr});
    return store->replaceAll(records);
}

Result<void> ProjectDocument::save() {
    if (m_path.isEmpty())
        return fail("the project has no file yet: use Save As");
    return saveAs(m_path);
}

Result<void> ProjectDocument::replaceWith(const QString &path) const {
    // Save As onto a file the user chose to overwrite (the dialog asked): a
    // fresh project beside it, then renamed over it, so the old file stays
    // whole until the new one is complete, whatever it was.
    const QString temporary = path + ".saving";
    QFile::remove(temporary);
    if (auto ok = writeTo(temporary); !ok) {
        QFile::remove(temporary);
        return ok;
    }
    if (::rename(QFile::encodeName(temporary).constData(), QFile::encodeName(path).constData()) !=
        0) {
        QFile::remove(temporary);
        return fail(path.toStdString(), 0, 0,
                    std::string("cannot replace the file: ") + std::strerror(errno));
    }
    return {};
}

Result<void> ProjectDocument::saveAs(const QString &path) {
    const QString absolute = QFileInfo(path).absoluteFilePath();
    const bool elsewhere = absolute != m_path && QFileInfo::exists(absolute);
    if (auto ok = elsewhere ? replaceWith(absolute) : writeTo(absolute); !ok)
        return ok;
    if (!m_path.isEmpty() && m_path != absolute)
        QFile::remove(autosavePath(m_path));
    QFile::remove(autosavePath(absolute));
    QFile::remove(autosavePath(QString()));
    m_path = absolute;
    m_undo->setClean();
    emit fileChanged();
    return {};
}

Result<void> ProjectDocument::autosaveNow() {
    const QString copy = autosavePath(m_path);
    QDir().mkpath(QFileInfo(copy).absolutePath());
    // Written to a side file first, then moved over: the last good copy survives a crash here.
    const QString temp = copy + ".tmp";
    QFile::remove(temp);
    if (auto ok = writeTo(temp); !ok)
        return ok;
    QFile::remove(copy);
    if (!QFile::rename(temp, copy))
        return fail(copy.toStdString(), 0, 0, "cannot move the recovery copy into place");
    m_autosavedIndex = m_undo->index();
    return {};
}

Result<void> ProjectDocument::recover(const QString &projectPath) {
    if (auto ok = open(autosavePath(projectPath)); !ok)
        return ok;
    m_path = projectPath.isEmpty() ? QString() : QFileInfo(projectPath).absoluteFilePath();
    // Recovered work is unsaved work: mark the document modified.
    m_undo->resetClean();
    emit fileChanged();
    return {};
}

int ProjectDocument::indexOf(const QString &name) const {
    for (int i = 0; i < scenarioCount(); ++i)
        if (m_entries[i].name == name)
            return i;
    return -1;
}

QString ProjectDocument::uniqueName(const QString &base) const {
    QString name = base;
    for (int n = 2; indexOf(name) >= 0; ++n)
        name = QString("%1 (%2)").arg(base).arg(n);
    return name;
}

bool ProjectDocument::setValue(int index, const QString &key, const ScenarioValue &value) {
    const std::string before = m_entries.at(index).yaml;
    auto after = setScenarioValue(before, key.toStdString(), value);
    if (!after)
        return false;
    if (*after == before)
        return true;
    m_undo->push(new SetYamlCommand(this, index, before, *after, tr("Edit %1").arg(key),
                                    /*merge*/ 1));
    return true;
}

void ProjectDocument::setYaml(int index, const std::string &yaml, const QString &description) {
    m_undo->push(new SetYamlCommand(this, index, m_entries.at(index).yaml, yaml, description));
}

void ProjectDocument::addScenario(const QString &name, const std::string &yaml) {
    ScenarioEntry e;
    e.name = uniqueName(name);
    e.yaml = yaml;
    revalidate(e);
    m_undo->push(new AddScenarioCommand(this, scenarioCount(), std::move(e),
                                        tr("Add scenario %1").arg(name)));
}

void ProjectDocument::removeScenario(int index) {
    m_undo->push(new RemoveScenarioCommand(this, index,
                                           tr("Remove scenario %1").arg(m_entries.at(index).name)));
}

Result<void> ProjectDocument::renameScenario(int index, const QString &name) {
    const QString trimmed = name.trimmed();
    const QString before = m_entries.at(index).name;
    if (trimmed.isEmpty())
        return fail(tr("A scenario needs a name.").toStdString());
    if (trimmed == before)
        return {};
    if (indexOf(trimmed) >= 0)
        return fail(tr("Another scenario is already named '%1'.").arg(trimmed).toStdString());
    m_undo->push(new RenameScenarioCommand(this, index, before, trimmed,
                                           tr("Rename scenario %1 to %2").arg(before, trimmed)));
    return {};
}

void ProjectDocument::setEntryName(int index, const QString &name) {
    m_entries.at(index).name = name;
    emit scenarioChanged(index);
}

void ProjectDocument::discardRecovery() {
    QFile::remove(autosavePath(m_path));
    m_autosavedIndex = m_undo->index();
}

void ProjectDocument::applyYaml(int index, const std::string &yaml) {
    ScenarioEntry &e = m_entries.at(index);
    e.yaml = yaml;
    revalidate(e);
    emit scenarioChanged(index);
}

void ProjectDocument::insertEntry(int index, ScenarioEntry entry) {
    const bool planning = entry.planning;
    m_entries.insert(m_entries.begin() + index, std::move(entry));
    emit scenariosReset();
    if (planning) // removed while its plan was pending: plan it now
        startNextPlan();
}

ScenarioEntry ProjectDocument::takeEntry(int index) {
    ScenarioEntry e = std::move(m_entries.at(index));
    m_entries.erase(m_entries.begin() + index);
    emit scenariosReset();
    return e;
}

} // namespace sovereign
