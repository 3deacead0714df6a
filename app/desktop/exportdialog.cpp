#include "exportdialog.h"

#include "projectdocument.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>

namespace sovereign {

namespace {
constexpr auto kLastFolderKey = "export/lastFolder";
}

ExportDialog::ExportDialog(ProjectDocument *doc, int currentScenario, QWidget *parent)
    : QDialog(parent) {
    setWindowTitle(tr("Export report"));
    m_format = new QComboBox;
    m_format->addItem(tr("PDF document"), "pdf");
    m_format->addItem(tr("Excel workbook (XLSX)"), "xlsx");
    m_format->addItem(tr("CSV table"), "csv");
    m_format->addItem(tr("Web page (HTML)"), "html");
    m_language = new QComboBox;
    m_language->addItem(tr("Application language"), QString());
    m_language->addItem("English", "en");
    m_language->addItem("Français", "fr");
    m_language->addItem("Português", "pt");
    m_scenarios = new QListWidget;
    for (int i = 0; i < doc->scenarioCount(); ++i) {
        auto *item = new QListWidgetItem(doc->scenario(i).name);
        item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
        item->setCheckState(i == currentScenario ? Qt::Checked : Qt::Unchecked);
        if (!doc->scenario(i).plan)
            item->setFlags(item->flags() & ~Qt::ItemIsEnabled);
        m_scenarios->addItem(item);
    }
    m_draws = new QSpinBox;
    m_draws->setRange(0, 1'000'000);
    m_draws->setSingleStep(10'000);
    m_draws->setValue(10'000);
    m_draws->setSpecialValueText(tr("none"));
    // The last export's folder, else the project's, else home; named after the project.
    const QString project = doc->filePath();
    QString folder = QSettings().value(kLastFolderKey).toString();
    if (folder.isEmpty() || !QFileInfo(folder).isDir())
        folder = project.isEmpty() ? QDir::homePath() : QFileInfo(project).absolutePath();
    const QString base = project.isEmpty() ? QString("sovereign-report")
                                           : QFileInfo(project).completeBaseName() + "-report";
    m_path = new QLineEdit(QDir(folder).filePath(base + ".pdf"));
    m_path->setObjectName("reportPath");
    auto *browse = new QPushButton(tr("&Browse..."));
    connect(browse, &QPushButton::clicked, this, &ExportDialog::browse);
    connect(m_format, &QComboBox::currentIndexChanged, this, [this] {
        QFileInfo info(m_path->text());
        m_path->setText(info.dir().filePath(info.completeBaseName() + "." +
                                            m_format->currentData().toString()));
    });
    auto *file = new QHBoxLayout;
    file->addWidget(m_path, 1);
    file->addWidget(browse);
    auto *form = new QFormLayout;
    form->addRow(tr("&Format:"), m_format);
    form->addRow(tr("&Scenarios:"), m_scenarios);
    form->addRow(tr("&Language:"), m_language);
    form->addRow(tr("&Monte Carlo draws:"), m_draws);
    // A label for a layout gets no buddy by itself: without one, "&" shows as is.
    auto *fileLabel = new QLabel(tr("&File:"));
    fileLabel->setBuddy(m_path);
    form->addRow(fileLabel, file);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(buttons);
}

void ExportDialog::rememberFolder(const QString &path) {
    QSettings().setValue(kLastFolderKey, QFileInfo(path).absolutePath());
}

void ExportDialog::browse() {
    const QString ext = m_format->currentData().toString();
    const QString path =
        QFileDialog::getSaveFileName(this, tr("Export report"), m_path->text(),
                                     QString("%1 (*.%2)").arg(m_format->currentText(), ext));
    if (!path.isEmpty())
        m_path->setText(path);
}

ReportFormat ExportDialog::format() const {
    return *reportFormatFromName(m_format->currentData().toString());
}

QList<int> ExportDialog::scenarios() const {
    QList<int> out;
    for (int i = 0; i < m_scenarios->count(); ++i)
        if (m_scenarios->item(i)->checkState() == Qt::Checked)
            out.append(i);
    return out;
}

QLocale ExportDialog::locale() const {
    const QString code = m_language->currentData().toString();
    return code.isEmpty() ? QLocale() : QLocale(code);
}

int ExportDialog::monteCarloDraws() const {
    return m_draws->value();
}

QString ExportDialog::path() const {
    return m_path->text();
}

} // namespace sovereign
