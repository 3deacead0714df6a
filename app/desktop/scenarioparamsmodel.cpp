#include "scenarioparamsmodel.h"

#include "reports/plantext.h"

#include "projectdocument.h"
#include "userinput.h"

#include <QBrush>
#include <QFont>
#include <QLocale>

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cmath>

namespace sovereign {

namespace {

QString domainHint(Domain d) {
    switch (d) {
    case Domain::Any:
        return QObject::tr("any number");
    case Domain::NonNegative:
        return QObject::tr("a number of at least 0");
    case Domain::Positive:
        return QObject::tr("a number above 0");
    case Domain::Fraction:
        return QObject::tr("a fraction from 0 to 1");
    }
    return {};
}

constexpr int kFirstYearColumn = 2;

/// The node a row's key names in a scenario document ("cloud.usd_per_gpu_hour",
/// "workloads.chat.tokens_per_month"), or an undefined node.
YAML::Node nodeAt(const YAML::Node &root, const QString &key) {
    // Read through const nodes with reset(): a non-const operator[] inserts,
    // and Node assignment writes into the node assigned to.
    const QStringList parts = key.split('.');
    if (parts.size() == 3 && parts[0] == "workloads") {
        const YAML::Node list = root["workloads"];
        if (list.IsSequence())
            for (const YAML::Node &w : list)
                if (w.IsMap() && w["name"] && w["name"].IsScalar() &&
                    w["name"].Scalar() == parts[1].toStdString())
                    if (const YAML::Node field = w[parts[2].toStdString()]; field.IsDefined())
                        return field;
        return YAML::Node(YAML::NodeType::Undefined);
    }
    YAML::Node node;
    node.reset(root);
    for (const QString &part : parts) {
        if (!node.IsMap())
            return YAML::Node(YAML::NodeType::Undefined);
        const YAML::Node &map = node;
        const YAML::Node child = map[part.toStdString()];
        if (!child.IsDefined()) // a missing key: any other question to it throws
            return YAML::Node(YAML::NodeType::Undefined);
        node.reset(child);
    }
    return node;
}

std::optional<double> numberIn(const YAML::Node &node) {
    if (!node.IsDefined() || !node.IsScalar())
        return std::nullopt;
    bool ok = false;
    const double v = QString::fromStdString(node.Scalar()).toDouble(&ok);
    return ok ? std::optional<double>(v) : std::nullopt;
}

} // namespace

QString ScenarioParamsModel::labelOf(const QString &key) {
    return inputLabel(key.toStdString());
}

ScenarioParamsModel::ScenarioParamsModel(ProjectDocument *doc, QObject *parent)
    : QAbstractTableModel(parent), m_doc(doc) {
    connect(doc, &ProjectDocument::scenarioChanged, this, [this](int i) {
        if (i == m_index)
            refresh();
    });
    connect(doc, &ProjectDocument::scenariosReset, this, [this] { setScenarioIndex(m_index); });
}

void ScenarioParamsModel::setScenarioIndex(int index) {
    beginResetModel();
    m_index = index >= 0 && index < m_doc->scenarioCount() ? index : -1;
    m_lastValid.reset();
    if (m_index >= 0 && m_doc->scenario(m_index).scenario)
        m_lastValid = std::make_shared<Scenario>(*m_doc->scenario(m_index).scenario);
    readDocumentValues();
    endResetModel();
}

void ScenarioParamsModel::readDocumentValues() {
    m_documentValues.clear();
    if (m_index < 0 || !m_lastValid || !m_doc->scenario(m_index).error)
        return;
    // The document keeps an invalid value (the row is marked): the table shows
    // that value, not the last valid one, so the cell and the document agree.
    try {
        readDocumentValues(YAML::Load(m_doc->scenario(m_index).yaml));
    } catch (const YAML::Exception &) {
        m_documentValues.clear(); // not even YAML: the banner says so; cells show the last valid
    }
}

void ScenarioParamsModel::readDocumentValues(const YAML::Node &root) {
    for (const auto &p : m_lastValid->params) {
        if (p.origin == "unused")
            continue;
        const QString key = QString::fromStdString(p.key);
        const YAML::Node node = nodeAt(root, key);
        std::vector<double> values = p.values;
        if (!node.IsDefined())
            continue;
        if (node.IsSequence() && node.size() == values.size()) {
            for (std::size_t y = 0; y < values.size(); ++y)
                if (auto v = numberIn(node[y]))
                    values[y] = *v;
        } else if (auto v = numberIn(node)) {
            std::fill(values.begin(), values.end(), *v);
        }
        if (values != p.values)
            m_documentValues.insert(key, values);
    }
}

std::optional<std::vector<double>> ScenarioParamsModel::documentValues(const QString &key) const {
    const auto it = m_documentValues.constFind(key);
    return it == m_documentValues.constEnd() ? std::nullopt
                                             : std::optional<std::vector<double>>(*it);
}

void ScenarioParamsModel::refresh() {
    const ScenarioEntry &e = m_doc->scenario(m_index);
    const bool shapeChanged =
        e.scenario && (!m_lastValid || e.scenario->params.size() != m_lastValid->params.size() ||
                       e.scenario->years != m_lastValid->years);
    if (shapeChanged)
        beginResetModel();
    if (e.scenario)
        m_lastValid = std::make_shared<Scenario>(*e.scenario);
    readDocumentValues();
    if (shapeChanged)
        endResetModel();
    else
        emit dataChanged(index(0, 0), index(rowCount() - 1, columnCount() - 1));
}

const Scenario *ScenarioParamsModel::shown() const {
    return m_lastValid.get();
}

int ScenarioParamsModel::rowCount(const QModelIndex &parent) const {
    if (parent.isValid() || !shown())
        return 0;
    int n = 0;
    for (const auto &p : shown()->params)
        n += p.origin != "unused";
    return n;
}

int ScenarioParamsModel::columnCount(const QModelIndex &parent) const {
    return parent.isValid() || !shown() ? 0 : kFirstYearColumn + shown()->years + 1;
}

QString ScenarioParamsModel::keyOf(int row) const {
    if (!shown())
        return {};
    int n = 0;
    for (const auto &p : shown()->params) {
        if (p.origin == "unused")
            continue;
        if (n++ == row)
            return QString::fromStdString(p.key);
    }
    return {};
}

int ScenarioParamsModel::rowOf(const QString &key) const {
    for (int r = 0; r < rowCount(); ++r)
        if (keyOf(r) == key)
            return r;
    return -1;
}

int ScenarioParamsModel::errorRow() const {
    if (m_index < 0 || !m_doc->scenario(m_index).error)
        return -1;
    const QString message = QString::fromStdString(m_doc->scenario(m_index).error->message);
    for (int r = 0; r < rowCount(); ++r) {
        const QString key = keyOf(r);
        // Loader messages start with the key, or its workload/list form.
        const QString bare = key.section('.', -1);
        if (message.startsWith(key + ":") || message.startsWith(key + "[") ||
            message.startsWith("uncertainty." + key + ":") ||
            (key.startsWith("workloads.") && message.contains("." + bare)))
            return r;
    }
    return -1;
}

QString ScenarioParamsModel::unitOf(const QString &key) {
    static const QHash<QString, QString> units = {
        {"discount_rate", tr("fraction/year")},
        {"accelerator_overrides.price_usd", "USD"},
        {"accelerator_overrides.tdp_w", "W"},
        {"accelerator_overrides.h100_equiv", tr("x H100")},
        {"server_overhead", tr("fraction of price")},
        {"utilization", tr("fraction")},
        {"idle_power_fraction", tr("fraction")},
        {"host_power_overhead", tr("fraction of TDP")},
        {"pue", tr("ratio")},
        {"electricity_usd_per_kwh", "USD/kWh"},
        {"carbon_kg_per_kwh", "kg CO2/kWh"},
        {"grid_cap_mw", "MW"},
        {"maintenance_rate", tr("fraction of capex/year")},
        {"staff_per_100_gpus", tr("people")},
        {"staff_cost_usd", tr("USD/person/year")},
        {"capex_budget_usd", tr("USD/year")},
        {"hybrid_base_fraction", tr("fraction")},
        {"cloud.usd_per_gpu_hour", "USD/GPU-h"},
        {"cloud.h100_equiv", tr("x H100")},
        {"cloud.egress_usd_per_tb", "USD/TB"},
        {"cloud.egress_tb_per_1000_gpu_hours", tr("TB per 1000 GPU-h")},
    };
    if (units.contains(key))
        return units[key];
    const QString field = key.section('.', -1);
    if (field == "runs_per_year")
        return tr("runs/year");
    if (field == "gpu_hours_per_run" || field == "gpu_hours")
        return tr("H100-h");
    if (field == "tokens_per_month")
        return tr("tokens/month");
    if (field == "tokens_per_gpu_second")
        return tr("tokens/s per H100");
    if (field == "edge_cpu_share")
        return tr("fraction");
    return {};
}

QVariant ScenarioParamsModel::data(const QModelIndex &index, int role) const {
    if (!shown() || !index.isValid())
        return {};
    const int row = index.row(), col = index.column();
    const QString key = keyOf(row);
    const int pi = shown()->indexOf(key.toStdString());
    const Param &p = shown()->params[pi];
    const bool fromScenario = p.origin == "scenario";
    const int lastColumn = columnCount() - 1;
    if (role == Qt::DisplayRole || role == Qt::EditRole) {
        if (col == 0)
            return labelOf(key);
        if (col == 1)
            return unitOf(key);
        if (col == lastColumn) {
            if (fromScenario)
                return tr("scenario");
            const auto colon = p.origin.find(':');
            if (colon != std::string::npos)
                if (const Source *s = m_doc->catalog().source(p.origin.substr(colon + 1)))
                    return QString("%1 (%2)")
                        .arg(QString::fromStdString(s->publisher))
                        .arg(s->year);
            return p.origin == "unlimited" ? tr("no limit set") : QString::fromStdString(p.origin);
        }
        const auto pending = documentValues(key);
        const double v = (pending ? *pending : p.values)[col - kFirstYearColumn];
        if (!std::isfinite(v))
            return role == Qt::DisplayRole ? QVariant(tr("no limit")) : QVariant();
        // The editor gets every digit as text (a spin box would round to its
        // decimals, and committing unchanged would then change the value).
        return role == Qt::DisplayRole ? QLocale().toString(v, 'g', 8)
                                       : QLocale().toString(v, 'g', QLocale::FloatingPointShortest);
    }
    if (role == Qt::FontRole && col >= kFirstYearColumn && !fromScenario) {
        QFont f;
        f.setItalic(true);
        return f;
    }
    if (role == Qt::ForegroundRole && col >= kFirstYearColumn && !fromScenario)
        return QBrush(QColor(0x60, 0x60, 0x60));
    if (role == Qt::BackgroundRole && row == errorRow())
        return QBrush(QColor(0xFF, 0xD6, 0xD6));
    if (role == Qt::ToolTipRole) {
        QString tip = tr("%1 (%2): %3").arg(labelOf(key), key, domainHint(p.domain));
        const auto colon = p.origin.find(':');
        if (colon != std::string::npos)
            if (const Source *s = m_doc->catalog().source(p.origin.substr(colon + 1)))
                tip += "\n" + tr("Source: %1").arg(QString::fromStdString(s->citation()));
        if (p.distribution) {
            const Distribution &d = *p.distribution;
            const int y = std::clamp(col - kFirstYearColumn, 0, shown()->years - 1);
            const QLocale locale;
            tip += "\n" + (d.kind == Distribution::Kind::Triangular
                               ? tr("Range %1 to %2 (triangular), varies in the Monte Carlo")
                                     .arg(locale.toString(d.low[y], 'g', 6),
                                          locale.toString(d.high[y], 'g', 6))
                               : tr("Normal, standard deviation %1, varies in the Monte Carlo")
                                     .arg(locale.toString(d.sd[y], 'g', 6)));
        }
        if (row == errorRow())
            tip += "\n" + tr("Error: %1")
                              .arg(QString::fromStdString(m_doc->scenario(m_index).error->message));
        return tip;
    }
    if (role == Qt::TextAlignmentRole && col >= kFirstYearColumn && col < lastColumn)
        return int(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

QVariant ScenarioParamsModel::headerData(int section, Qt::Orientation o, int role) const {
    if (o != Qt::Horizontal || role != Qt::DisplayRole || !shown())
        return QAbstractTableModel::headerData(section, o, role);
    if (section == 0)
        return tr("Input");
    if (section == 1)
        return tr("Unit");
    if (section == columnCount() - 1)
        return tr("Source");
    const int y = section - kFirstYearColumn;
    return QString("%1\n%2").arg(shown()->startYear + y).arg(phaseLabel(shown()->phases[y]));
}

Qt::ItemFlags ScenarioParamsModel::flags(const QModelIndex &index) const {
    Qt::ItemFlags f = QAbstractTableModel::flags(index);
    if (index.column() >= kFirstYearColumn && index.column() < columnCount() - 1)
        f |= Qt::ItemIsEditable;
    return f;
}

bool ScenarioParamsModel::setData(const QModelIndex &index, const QVariant &value, int role) {
    if (role != Qt::EditRole || !shown() || !(flags(index) & Qt::ItemIsEditable))
        return false;
    const QString key = keyOf(index.row());
    const Param &p = shown()->params[shown()->indexOf(key.toStdString())];
    const std::optional<double> parsed =
        value.typeId() == QMetaType::Double ? value.toDouble() : parseUserNumber(value.toString());
    if (!parsed || !std::isfinite(*parsed)) {
        // Refused here, in words: a text in the document would be an undo step
        // and a modified file for nothing.
        emit inputRefused(index.row(),
                          tr("%1: '%2' is not a number (expected %3); the value is "
                             "unchanged.")
                              .arg(labelOf(key), value.toString().trimmed(), domainHint(p.domain)));
        return false;
    }
    const double v = *parsed;
    const int year = index.column() - kFirstYearColumn;
    const auto pending = documentValues(key);
    std::vector<double> values = pending ? *pending : p.values;
    // Committing what the cell already holds changes nothing: no undo step,
    // and a catalog value does not become the scenario's own.
    if (values[year] == v)
        return true;
    const bool scalarOnly = key == "discount_rate";
    if (scalarOnly)
        return m_doc->setValue(m_index, key, v);
    for (double &x : values)
        if (!std::isfinite(x))
            x = v; // a cap set for one year applies to all until edited
    values[year] = v;
    return m_doc->setValue(m_index, key, values);
}

bool ScenarioParamsModel::setRange(int row, const std::optional<RangeValue> &range) {
    const QString key = keyOf(row);
    if (key.isEmpty())
        return false;
    return range ? m_doc->setValue(m_index, "uncertainty." + key, *range)
                 : m_doc->setValue(m_index, "uncertainty." + key, std::monostate{});
}

bool ScenarioParamsModel::resetToDefault(int row) {
    const QString key = keyOf(row);
    if (key.isEmpty() || key.startsWith("workloads."))
        return false;
    return m_doc->setValue(m_index, key, std::monostate{});
}

} // namespace sovereign
