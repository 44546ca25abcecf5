#pragma once

#include "session/AnalysisResults.h"

#include <QAbstractTableModel>
#include <QStringList>

namespace mensa {

// Layers of one model as rows: identity columns, every characteristic, and the costs on
// the chosen design. Qt::UserRole carries the raw value for numeric sorting.
class LayerTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    static constexpr int SortRole = Qt::UserRole;
    static constexpr int LayerIndexRole = Qt::UserRole + 1;

    using QAbstractTableModel::QAbstractTableModel;

    void setAnalysis(int modelId, ModelAnalysisPtr analysis);
    void setDesign(const QString& design); // cost columns follow this design
    int modelId() const { return m_modelId; }
    const ModelAnalysis* analysis() const { return m_analysis.get(); }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    int fieldColumn(const QString& fieldKey) const; // column of a LayerField, -1 if none
    // Glossary key of a column (core/analysis/Glossary), the source of its header tooltip.
    static QString columnKey(int section);

private:
    enum Fixed { Index, Name, Op, Kind, Cluster, Family, Accelerator, Bound, FixedCount };
    QVariant fixedData(int column, int row, int role) const;
    QVariant fieldData(int field, int row, int role) const;
    const DesignResult* design() const;

    int m_modelId = -1;
    ModelAnalysisPtr m_analysis;
    QString m_design;
};

} // namespace mensa
