#include "scenarioeditor.h"

#include "projectdocument.h"
#include "scenarioparamsmodel.h"
#include "userinput.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSpinBox>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>

namespace sovereign {

ScenarioEditor::ScenarioEditor(ProjectDocument *doc, QWidget *parent)
    : QWidget(parent), m_doc(doc), m_model(new ScenarioParamsModel(doc, this)) {
    auto *form = new QFormLayout;
    m_name = new QLineEdit;
    m_name->setObjectName("scenarioName");
    m_region = new QComboBox;
    m_region->setObjectName("region");
    for (const auto &[id, r] : doc->catalog().regions())
        m_region->addItem(
            QString("%1 — %2").arg(QString::fromStdString(id), QString::fromStdString(r.name)),
            QString::fromStdString(id));
    m_accelerator = new QComboBox;
    m_accelerator->setObjectName("accelerator");
    for (const auto &[id, a] : doc->catalog().accelerators())
        m_accelerator->addItem(QString::fromStdString(a.name), QString::fromStdString(id));
    m_startYear = new QSpinBox;
    m_startYear->setRange(2000, 2100);
    m_years = new QSpinBox;
    m_years->setRange(1, 30);
    m_sovereign =
        new QCheckBox(tr("The cloud runs under national jurisdiction (sensitive work may burst)"));
    form->addRow(tr("&Name:"), m_name);
    form->addRow(tr("&Region:"), m_region);
    form->addRow(tr("&Accelerator:"), m_accelerator);
    auto *years = new QHBoxLayout;
    years->addWidget(m_startYear);
    years->addWidget(new QLabel(tr("for")));
    years->addWidget(m_years);
    years->addWidget(new QLabel(tr("years")));
    years->addStretch();
    form->addRow(tr("Start year:"), years);
    form->addRow(tr("Cloud:"), m_sovereign);
    m_gpusPerNode = new QSpinBox;
    m_gpusPerNode->setObjectName("gpusPerNode");
    m_gpusPerNode->setRange(1, 64);
    m_gpusPerNode->setToolTip(tr("GPUs are bought in whole nodes of this size"));
    m_lifetime = new QSpinBox;
    m_lifetime->setObjectName("lifetimeYears");
    m_lifetime->setRange(1, 20);
    m_lifetime->setToolTip(tr("Years a node serves after purchase; cohorts still in service at the "
                              "horizon earn salvage"));
    auto *fleet = new QHBoxLayout;
    fleet->addWidget(m_gpusPerNode);
    fleet->addWidget(new QLabel(tr("GPUs per node, lifetime")));
    fleet->addWidget(m_lifetime);
    fleet->addWidget(new QLabel(tr("years")));
    fleet->addStretch();
    form->addRow(tr("Fleet:"), fleet);
    m_sensitiveHost = new QWidget;
    m_sensitiveHost->setLayout(new QHBoxLayout);
    m_sensitiveHost->layout()->setContentsMargins(0, 0, 0, 0);
    m_sensitiveHost->setToolTip(
        tr("Sensitive work may only run on owned or sovereign infrastructure"));
    form->addRow(tr("Sensitive workloads:"), m_sensitiveHost);
    m_region->setToolTip(tr("Electricity price, grid carbon intensity and PUE come from the region "
                            "catalog unless set below."));
    m_accelerator->setToolTip(tr("Price, power and H100-equivalent throughput come from the "
                                 "accelerator catalog unless set below."));

    m_banner = new QLabel;
    m_banner->setObjectName("errorBanner");
    m_banner->setWordWrap(true);
    m_banner->setStyleSheet(
        "QLabel { background: #ffd6d6; color: #7a0010; padding: 6px; border-radius: 3px; }");
    m_banner->hide();

    m_table = new QTableView;
    m_table->setObjectName("paramsTable");
    m_table->setModel(m_model);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->setAlternatingRowColors(true);
    m_table->setSelectionBehavior(QAbstractItemView::SelectItems);

    auto *reset = new QPushButton(tr("Use &catalog value"));
    reset->setToolTip(tr("Remove the scenario's own value for the selected input"));
    connect(reset, &QPushButton::clicked, this, &ScenarioEditor::resetSelected);
    auto *range = new QPushButton(tr("Uncertainty &range..."));
    range->setToolTip(tr("How the selected input varies in the Monte Carlo"));
    connect(range, &QPushButton::clicked, this, &ScenarioEditor::editRange);
    auto *add = new QPushButton(tr("Add &workload..."));
    connect(add, &QPushButton::clicked, this, &ScenarioEditor::addWorkload);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(reset);
    buttons->addWidget(range);
    buttons->addWidget(add);
    buttons->addStretch();

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_banner);
    layout->addWidget(m_table, 1);
    layout->addLayout(buttons);

    connect(m_name, &QLineEdit::editingFinished, this, [this] {
        if (!m_loading && m_index >= 0)
            m_doc->setValue(m_index, "name", m_name->text().toStdString());
    });
    connect(m_region, &QComboBox::activated, this, [this] {
        m_doc->setValue(m_index, "region", m_region->currentData().toString().toStdString());
    });
    connect(m_accelerator, &QComboBox::activated, this, [this] {
        m_doc->setValue(m_index, "accelerator",
                        m_accelerator->currentData().toString().toStdString());
    });
    connect(m_startYear, &QSpinBox::valueChanged, this, [this](int v) {
        if (!m_loading && m_index >= 0)
            m_doc->setValue(m_index, "start_year", static_cast<double>(v));
    });
    connect(m_years, &QSpinBox::valueChanged, this, [this](int v) {
        if (!m_loading && m_index >= 0)
            m_doc->setValue(m_index, "years", static_cast<double>(v));
    });
    connect(m_gpusPerNode, &QSpinBox::valueChanged, this, [this](int v) {
        if (!m_loading && m_index >= 0)
            m_doc->setValue(m_index, "gpus_per_node", static_cast<double>(v));
    });
    connect(m_lifetime, &QSpinBox::valueChanged, this, [this](int v) {
        if (!m_loading && m_index >= 0)
            m_doc->setValue(m_index, "lifetime_years", static_cast<double>(v));
    });
    connect(m_sovereign, &QCheckBox::toggled, this, [this](bool on) {
        if (!m_loading && m_index >= 0)
            m_doc->setValue(m_index, "cloud.sovereign", on);
    });
    connect(doc, &ProjectDocument::scenarioChanged, this, [this](int i) {
        if (i == m_index)
            reload();
    });
    // A plan that fails (rare: CBC itself) is an error to show at once; a
    // plan that arrives changes nothing the editor shows.
    connect(doc, &ProjectDocument::planChanged, this, [this](int i) {
        if (i == m_index && m_doc->scenario(i).error)
            reload();
    });
    connect(m_model, &ScenarioParamsModel::inputRefused, this,
            [this](int, const QString &message) { showBanner(message); });
}

void ScenarioEditor::showBanner(const QString &text) {
    m_banner->setText(text);
    m_banner->setVisible(!text.isEmpty());
}

void ScenarioEditor::setScenarioIndex(int index) {
    m_index = index;
    m_model->setScenarioIndex(index);
    reload();
}

void ScenarioEditor::reload() {
    m_loading = true;
    const bool valid = m_index >= 0 && m_index < m_doc->scenarioCount();
    setEnabled(valid);
    if (!valid) {
        // No scenario (a new project): nothing of the previous one stays on screen.
        m_name->clear();
        showBanner({});
    }
    if (valid) {
        const ScenarioEntry &e = m_doc->scenario(m_index);
        if (e.scenario) {
            const Scenario &s = *e.scenario;
            m_name->setText(QString::fromStdString(s.name));
            m_region->setCurrentIndex(m_region->findData(QString::fromStdString(s.region)));
            m_accelerator->setCurrentIndex(
                m_accelerator->findData(QString::fromStdString(s.accelerator)));
            m_startYear->setValue(s.startYear);
            m_years->setValue(s.years);
            m_sovereign->setChecked(s.cloudSovereign);
            m_gpusPerNode->setValue(s.gpusPerNode);
            m_lifetime->setValue(s.lifetimeYears);
            rebuildSensitiveBoxes();
        }
        const int row = m_model->errorRow();
        QString text;
        if (e.error) {
            // In words, at the field: "Electricity price: expected ...", not
            // the loader's "scenario.yaml:12:3: electricity_usd_per_kwh: ...".
            QString message = QString::fromStdString(e.error->message);
            if (row >= 0) {
                const QString key = m_model->keyOf(row);
                for (const QString &prefix : {key + ": ", "uncertainty." + key + ": "})
                    if (message.startsWith(prefix))
                        message = message.mid(prefix.size());
                text = tr("%1 is not valid: %2. The plan shows the last valid values.")
                           .arg(ScenarioParamsModel::labelOf(key), message);
            } else {
                text = tr("This scenario is not valid, so its plan shows the last valid "
                          "values. %1")
                           .arg(message);
            }
        }
        showBanner(text);
        if (row >= 0)
            m_table->scrollTo(m_model->index(row, 0));
    }
    m_loading = false;
}

void ScenarioEditor::rebuildSensitiveBoxes() {
    const Scenario &s = *m_doc->scenario(m_index).scenario;
    const QList<QCheckBox *> boxes =
        m_sensitiveHost->findChildren<QCheckBox *>(Qt::FindDirectChildrenOnly);
    bool same = boxes.size() == static_cast<int>(s.workloads.size());
    for (int i = 0; same && i < boxes.size(); ++i)
        same = boxes[i]->text() == QString::fromStdString(s.workloads[i].name);
    if (same) {
        // Update in place: this runs while one of these boxes emits toggled().
        for (int i = 0; i < boxes.size(); ++i)
            boxes[i]->setChecked(s.workloads[i].sensitive);
        return;
    }
    QLayout *row = m_sensitiveHost->layout();
    while (QLayoutItem *item = row->takeAt(0)) {
        if (QWidget *w = item->widget()) {
            w->hide();
            w->deleteLater();
        }
        delete item;
    }
    for (const auto &w : s.workloads) {
        const QString name = QString::fromStdString(w.name);
        auto *box = new QCheckBox(name, m_sensitiveHost);
        box->setObjectName("sensitive-" + name);
        box->setChecked(w.sensitive);
        connect(box, &QCheckBox::toggled, this, [this, name](bool on) {
            if (!m_loading)
                m_doc->setValue(m_index, "workloads." + name + ".sensitive", on);
        });
        row->addWidget(box);
    }
    static_cast<QHBoxLayout *>(row)->addStretch();
}

namespace {

/// A per-year list as one number when every year has it, else "a; b; c".
QString yearsText(const std::vector<double> &values) {
    if (values.empty())
        return {};
    const QLocale locale;
    if (std::all_of(values.begin(), values.end(), [&](double v) { return v == values[0]; }))
        return locale.toString(values[0], 'g', QLocale::FloatingPointShortest);
    QStringList parts;
    for (double v : values)
        parts.append(locale.toString(v, 'g', QLocale::FloatingPointShortest));
    return parts.join("; ");
}

/// One number (every year) or one per year separated by ';' (a ',' may be a
/// decimal comma); nothing for anything else.
std::optional<std::vector<double>> parseYears(const QString &text, int years) {
    std::vector<double> out;
    for (const QString &part : text.split(';')) {
        const auto v = parseUserNumber(part);
        if (!v)
            return std::nullopt;
        out.push_back(*v);
    }
    if (out.size() == 1)
        out.assign(static_cast<std::size_t>(years), out[0]);
    if (static_cast<int>(out.size()) != years)
        return std::nullopt;
    return out;
}

} // namespace

void ScenarioEditor::editRange() {
    const QModelIndex current = m_table->currentIndex();
    if (!current.isValid() || m_index < 0 || !m_doc->scenario(m_index).scenario)
        return;
    const QString key = m_model->keyOf(current.row());
    const Scenario &scenario = *m_doc->scenario(m_index).scenario;
    const int pi = scenario.indexOf(key.toStdString());
    if (pi < 0)
        return;
    const std::optional<Distribution> existing = scenario.params[pi].distribution;
    const int years = scenario.years;
    const QString label = ScenarioParamsModel::labelOf(key);

    QDialog dialog(this);
    dialog.setObjectName("rangeDialog");
    dialog.setWindowTitle(tr("Uncertainty of %1").arg(label));
    auto *kind = new QComboBox;
    kind->setObjectName("rangeKind");
    kind->addItem(tr("Fixed (no uncertainty)"));
    kind->addItem(tr("Triangular: low and high around the value"));
    kind->addItem(tr("Normal: standard deviation around the value"));
    auto *low = new QLineEdit, *high = new QLineEdit, *sd = new QLineEdit;
    low->setObjectName("rangeLow");
    high->setObjectName("rangeHigh");
    sd->setObjectName("rangeSd");
    for (auto *e : {low, high, sd})
        e->setToolTip(tr("One number for every year, or one per year separated by ';'"));
    // Open on what the scenario holds, per-year values included, so that OK
    // without a change changes nothing.
    if (existing) {
        const bool triangular = existing->kind == Distribution::Kind::Triangular;
        kind->setCurrentIndex(triangular ? 1 : 2);
        if (triangular) {
            low->setText(yearsText(existing->low));
            high->setText(yearsText(existing->high));
        } else {
            sd->setText(yearsText(existing->sd));
        }
    }
    const int kindBefore = kind->currentIndex();
    const QString lowBefore = low->text(), highBefore = high->text(), sdBefore = sd->text();
    auto *form = new QFormLayout;
    form->addRow(tr("Law:"), kind);
    form->addRow(tr("Low:"), low);
    form->addRow(tr("High:"), high);
    form->addRow(tr("Standard deviation:"), sd);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    auto *layout = new QVBoxLayout(&dialog);
    layout->addWidget(new QLabel(tr("%1 (%2)").arg(label, key)));
    layout->addLayout(form);
    layout->addWidget(buttons);
    auto sync = [=] {
        low->setEnabled(kind->currentIndex() == 1);
        high->setEnabled(kind->currentIndex() == 1);
        sd->setEnabled(kind->currentIndex() == 2);
    };
    connect(kind, &QComboBox::currentIndexChanged, &dialog, sync);
    sync();
    if (dialog.exec() != QDialog::Accepted)
        return;
    const bool unchanged =
        kind->currentIndex() == kindBefore &&
        (kindBefore == 0 ||
         (kindBefore == 1 && low->text() == lowBefore && high->text() == highBefore) ||
         (kindBefore == 2 && sd->text() == sdBefore));
    if (unchanged)
        return;
    if (kind->currentIndex() == 0) {
        // Chosen, not silent: "Fixed" removes the range, undoably.
        m_model->setRange(current.row(), std::nullopt);
        return;
    }
    RangeValue range;
    range.normal = kind->currentIndex() == 2;
    const auto sdValues = parseYears(sd->text(), years);
    const auto lowValues = parseYears(low->text(), years),
               highValues = parseYears(high->text(), years);
    if (range.normal ? !sdValues : !(lowValues && highValues)) {
        // Never turn an empty or mistyped field into 0: say so and change nothing.
        QMessageBox::warning(this, tr("Uncertainty of %1").arg(label),
                             tr("Enter one number, or one per year separated by ';', in every "
                                "field of the chosen law; the range is unchanged."));
        return;
    }
    if (range.normal)
        range.sd = *sdValues;
    else {
        range.low = *lowValues;
        range.high = *highValues;
    }
    // The planner checks the range (low <= value <= high) and marks the row if not.
    m_model->setRange(current.row(), range);
}

void ScenarioEditor::resetSelected() {
    const QModelIndex current = m_table->currentIndex();
    if (current.isValid())
        m_model->resetToDefault(current.row());
}

void ScenarioEditor::addWorkload() {
    bool ok = false;
    const QStringList kinds = {"finetune", "inference", "training"};
    const QString kind =
        QInputDialog::getItem(this, tr("Add workload"), tr("Kind:"), kinds, 0, false, &ok);
    if (!ok)
        return;
    const QString name =
        QInputDialog::getText(this, tr("Add workload"), tr("Name (letters, digits, - or _):"),
                              QLineEdit::Normal, kind + "-new", &ok);
    if (!ok || name.isEmpty())
        return;
    QString yaml = QString("name: %1\nkind: %2\n").arg(name, kind);
    if (kind == "finetune")
        yaml += "runs_per_year: 1\ngpu_hours_per_run: 100\n";
    else if (kind == "inference")
        yaml += "tokens_per_month: 1.0e8\ntokens_per_gpu_second: 1000\n";
    else
        yaml += "gpu_hours: 1000\n";
    auto updated = addScenarioWorkload(m_doc->scenario(m_index).yaml, yaml.toStdString());
    if (updated)
        m_doc->setYaml(m_index, *updated, tr("Add workload %1").arg(name));
}

} // namespace sovereign
