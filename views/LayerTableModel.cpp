#include "LayerTableModel.h"

#include "GlossaryText.h"
#include "session/LayerFields.h"

namespace mensa {

namespace {

QString kindName(LayerKind k)
{
    auto s = toString(k);
    return QString::fromUtf8(s.data(), static_cast<int>(s.size()));
}

} // namespace

void LayerTableModel::setAnalysis(int modelId, ModelAnalysisPtr analysis)
{
    beginResetModel();
    m_modelId = modelId;
    m_analysis = std::move(analysis);
    endResetModel();
}

void LayerTableModel::setDesign(const QString& design)
{
    if (design == m_design)
        return;
    m_design = design;
    if (rowCount() > 0)
        emit dataChanged(index(0, 0), index(rowCount() - 1, columnCount() - 1));
    emit headerDataChanged(Qt::Horizontal, 0, columnCount() - 1);
}

const DesignResult* LayerTableModel::design() const
{
    return m_analysis ? m_analysis->design(m_design.toStdString()) : nullptr;
}

int LayerTableModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() || !m_analysis ? 0 : static_cast<int>(m_analysis->model->layers.size());
}

int LayerTableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : FixedCount + static_cast<int>(layerFields().size());
}

int LayerTableModel::fieldColumn(const QString& fieldKey) const
{
    int f = layerFieldIndex(fieldKey);
    return f < 0 ? -1 : FixedCount + f;
}

QString LayerTableModel::columnKey(int section)
{
    static const char* keys[]
        = { "index", "name", "op", "kind", "cluster", "family", "accelerator", "bound" };
    if (section >= 0 && section < FixedCount)
        return keys[section];
    const auto& fields = layerFields();
    const int f = section - FixedCount;
    return f >= 0 && f < static_cast<int>(fields.size()) ? fields[size_t(f)].key : QString();
}

QVariant LayerTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Horizontal && role == Qt::ToolTipRole)
        return views::glossaryTooltip(columnKey(section));
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    static const char* fixed[]
        = { "#", "Name", "Op", "Kind", "Cluster", "Family", "Accelerator", "Bound" };
    if (section < FixedCount)
        return tr(fixed[section]);
    const auto& fields = layerFields();
    if (section - FixedCount >= static_cast<int>(fields.size()))
        return {};
    return fields[section - FixedCount].axisLabel();
}

QVariant LayerTableModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || !m_analysis || index.row() >= rowCount())
        return {};
    if (role == LayerIndexRole)
        return index.row();
    if (index.column() < FixedCount)
        return fixedData(index.column(), index.row(), role);
    return fieldData(index.column() - FixedCount, index.row(), role);
}

QVariant LayerTableModel::fixedData(int column, int row, int role) const
{
    if (role != Qt::DisplayRole && role != SortRole && role != Qt::ToolTipRole)
        return {};
    const Layer& l = m_analysis->model->layers[row];
    const LayerGroups& g = m_analysis->groups;
    const DesignResult* d = design();
    switch (column) {
    case Index:
        return row;
    case Name:
        return QString::fromStdString(l.name);
    case Op: {
        QString op = QString::fromStdString(l.opType);
        for (const auto& f : l.fusedOps)
            op += "+" + QString::fromStdString(f);
        return op;
    }
    case Kind:
        return kindName(l.kind);
    case Cluster: {
        int c = row < static_cast<int>(g.cluster.size()) ? g.cluster[row] : -1;
        if (c < 0)
            return role == SortRole ? QVariant(1 << 30) : QVariant();
        if (role == SortRole)
            return c;
        return c < static_cast<int>(g.clusterNames.size())
            ? QString::fromStdString(g.clusterNames[c])
            : QString::number(c + 1);
    }
    case Family: {
        const std::string family = row < static_cast<int>(g.family.size()) ? g.family[row] : "";
        const auto description = g.familyDescriptions.find(family);
        if (role == Qt::ToolTipRole && description != g.familyDescriptions.end())
            return QString::fromStdString(family + ": " + description->second);
        return QString::fromStdString(family);
    }
    case Accelerator: {
        if (!d || !d->ok() || d->accelerators.empty())
            return {};
        int a = d->acceleratorOf(row);
        if (a < 0 || a >= static_cast<int>(d->accelerators.size()))
            return {};
        const LayerCost* c = d->chosenCost(row);
        if (!c || !c->onHost)
            return QString::fromStdString(d->accelerators[a]);
        return role == Qt::ToolTipRole // the host behind it, and why (the cost model's words)
            ? QString::fromStdString(d->accelerators[a] + "'s " + mappingSummary(c->folds))
            : tr("host CPU");
    }
    case Bound: {
        const LayerCost* c = d && d->ok() ? d->chosenCost(row) : nullptr;
        if (!c)
            return {};
        if (!c->mapped)
            return role == Qt::ToolTipRole ? QString::fromStdString(c->failureReason)
                                           : tr("not mapped");
        return QString::fromStdString(c->bound);
    }
    }
    return {};
}

QVariant LayerTableModel::fieldData(int field, int row, int role) const
{
    const auto& fields = layerFields();
    if (field >= static_cast<int>(fields.size()))
        return {};
    if (role == Qt::TextAlignmentRole)
        return int(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole && role != SortRole && role != Qt::ToolTipRole)
        return {};
    auto v = layerFieldValue(fields[field], *m_analysis, design(), row);
    if (!v)
        return role == SortRole ? QVariant(-1e300) : QVariant();
    if (role == SortRole)
        return *v;
    if (role == Qt::ToolTipRole)
        return QString::number(*v, 'g', 10) + " " + fields[field].unit;
    return formatQuantity(*v);
}

} // namespace mensa
