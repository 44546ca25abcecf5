#include "LayerTableView.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QTableView>
#include <QVBoxLayout>

namespace mensa {

LayerTableView::LayerTableView(LayerSelection* selection, QWidget* parent)
    : QWidget(parent)
    , m_selection(selection)
    , m_model(new LayerTableModel(this))
    , m_proxy(new QSortFilterProxyModel(this))
    , m_filter(new QLineEdit(this))
    , m_table(new QTableView(this))
    , m_count(new QLabel(this))
{
    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(LayerTableModel::SortRole);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_proxy->setFilterKeyColumn(-1);
    m_proxy->setFilterRole(Qt::DisplayRole);
    m_filter->setPlaceholderText(tr("Filter layers (name, op, kind, accelerator…)"));
    m_filter->setClearButtonEnabled(true);
    m_table->setModel(m_proxy);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(0, Qt::AscendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setAlternatingRowColors(true);
    m_table->verticalHeader()->setVisible(false);
    m_table->verticalHeader()->setDefaultSectionSize(20);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    m_table->horizontalHeader()->setDefaultSectionSize(96);
    m_table->setColumnWidth(0, 44);
    m_table->setColumnWidth(1, 180);
    m_table->setWordWrap(false);
    auto* bar = new QHBoxLayout;
    bar->addWidget(m_filter, 1);
    bar->addWidget(m_count);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->addLayout(bar);
    layout->addWidget(m_table, 1);
    connect(m_filter, &QLineEdit::textChanged, this, [this](const QString& t) {
        m_proxy->setFilterFixedString(t);
        updateCount();
    });
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this,
        &LayerTableView::onTableSelectionChanged);
    connect(m_selection, &LayerSelection::changed, this, [this](QObject* source) {
        if (source != this)
            applySelection();
    });
}

void LayerTableView::setAnalysis(int modelId, ModelAnalysisPtr analysis)
{
    m_syncing = true;
    m_model->setAnalysis(modelId, std::move(analysis));
    m_syncing = false;
    const int rows = m_model->rowCount();
    if (modelId != m_sizedModel || rows != m_sizedRows) {
        m_table->horizontalHeader()->setResizeContentsPrecision(200); // sample rows: big models
        m_table->resizeColumnsToContents();
        const int slack = m_table->fontMetrics().horizontalAdvance("00"); // values may grow
        for (int c = 0; c < m_model->columnCount(); ++c)
            m_table->setColumnWidth(c, m_table->columnWidth(c) + slack);
        m_table->setColumnWidth(1, std::min(m_table->columnWidth(1), 240));
        m_sizedModel = modelId;
        m_sizedRows = rows;
    }
    applySelection();
    updateCount();
}

void LayerTableView::setDesign(const QString& design)
{
    m_model->setDesign(design);
}

void LayerTableView::setFilterText(const QString& text)
{
    m_filter->setText(text);
}

void LayerTableView::updateCount()
{
    m_count->setText(tr("%1 of %2 layers").arg(m_proxy->rowCount()).arg(m_model->rowCount()));
}

void LayerTableView::onTableSelectionChanged()
{
    if (m_syncing)
        return;
    QSet<LayerId> refs;
    for (const QModelIndex& row : m_table->selectionModel()->selectedRows())
        refs.insert({ m_model->modelId(), m_proxy->mapToSource(row).row() });
    LayerId current;
    QModelIndex cur = m_table->selectionModel()->currentIndex();
    if (cur.isValid())
        current = { m_model->modelId(), m_proxy->mapToSource(cur).row() };
    if (!refs.contains(current))
        current = refs.isEmpty() ? LayerId {} : *refs.begin();
    m_selection->setSource(this);
    m_selection->setLayers(refs, current);
}

void LayerTableView::applySelection()
{
    m_syncing = true;
    QItemSelection sel;
    for (const auto& ref : m_selection->layers()) {
        if (ref.model != m_model->modelId() || ref.layer >= m_model->rowCount())
            continue;
        QModelIndex p = m_proxy->mapFromSource(m_model->index(ref.layer, 0));
        if (p.isValid())
            sel.select(p, p.sibling(p.row(), m_proxy->columnCount() - 1));
    }
    m_table->selectionModel()->select(sel, QItemSelectionModel::ClearAndSelect);
    const LayerId cur = m_selection->current();
    if (cur.model == m_model->modelId() && cur.layer >= 0 && cur.layer < m_model->rowCount()) {
        QModelIndex p = m_proxy->mapFromSource(m_model->index(cur.layer, 0));
        if (p.isValid())
            m_table->scrollTo(p);
    }
    m_syncing = false;
}

} // namespace mensa
