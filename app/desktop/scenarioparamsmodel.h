#pragma once

#include "planner/scenarioedit.h"

#include <QAbstractTableModel>
#include <QHash>

#include <memory>
#include <optional>
#include <vector>

namespace YAML {
class Node;
}

namespace sovereign {

class ProjectDocument;
struct Scenario;

/// The numeric inputs of one scenario as a table: one row per input, one
/// column per year, then the unit and where the value comes from. Edits go
/// to the document (undoable); an input the scenario does not set shows the
/// catalog's value in italics with its source as tooltip.
class ScenarioParamsModel : public QAbstractTableModel {
    Q_OBJECT
  public:
    explicit ScenarioParamsModel(ProjectDocument *doc, QObject *parent = nullptr);

    void setScenarioIndex(int index);
    int scenarioIndex() const { return m_index; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation o, int role) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role) override;

    /// The YAML key of a row, e.g. "cloud.usd_per_gpu_hour".
    QString keyOf(int row) const;
    int rowOf(const QString &key) const;
    /// The row the current validation error is about, or -1.
    int errorRow() const;
    /// Removes the scenario's own value so the catalog or default applies (undoable).
    bool resetToDefault(int row);

    /// Sets (or with nothing, removes) the row's Monte Carlo range (undoable).
    bool setRange(int row, const std::optional<RangeValue> &range);

    static QString unitOf(const QString &key);
    /// What a person calls the input of `key` ("Electricity price"); the key
    /// itself stays in the tooltip for those who write YAML.
    static QString labelOf(const QString &key);

  signals:
    /// A typed value was refused before it reached the document (not a
    /// number); `message` says why in words. Nothing changed.
    void inputRefused(int row, const QString &message);

  private:
    void refresh();
    const Scenario *shown() const;
    /// The row's values as the document's YAML holds them while the scenario
    /// is invalid (the last valid scenario may hold others), else nothing.
    std::optional<std::vector<double>> documentValues(const QString &key) const;
    void readDocumentValues();
    void readDocumentValues(const YAML::Node &root);

    ProjectDocument *m_doc;
    int m_index = -1;
    std::optional<int> m_years;
    std::shared_ptr<Scenario> m_lastValid; ///< rows stay while the text is invalid
    /// Per key, the numbers the invalid YAML holds where they differ from m_lastValid.
    QHash<QString, std::vector<double>> m_documentValues;
};

} // namespace sovereign
