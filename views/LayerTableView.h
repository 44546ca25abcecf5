#pragma once

#include "LayerTableModel.h"
#include "session/LayerSelection.h"

#include <QSortFilterProxyModel>
#include <QWidget>

class QLineEdit;
class QTableView;
class QLabel;

namespace mensa {

// Sortable, filterable layer table bound to the shared selection.
class LayerTableView : public QWidget {
    Q_OBJECT
public:
    explicit LayerTableView(LayerSelection* selection, QWidget* parent = nullptr);

    void setAnalysis(int modelId, ModelAnalysisPtr analysis);
    void setDesign(const QString& design);
    void setFilterText(const QString& text);
    LayerTableModel* tableModel() { return m_model; }
    QSortFilterProxyModel* proxyModel() { return m_proxy; }
    QTableView* tableView() { return m_table; }

private:
    void onTableSelectionChanged();
    void applySelection();
    void updateCount();

    LayerSelection* m_selection;
    LayerTableModel* m_model;
    QSortFilterProxyModel* m_proxy;
    QLineEdit* m_filter;
    QTableView* m_table;
    QLabel* m_count;
    bool m_syncing = false;
    // The model and row count the columns were last sized for: a re-analysis (a design edit)
    // keeps the widths, measuring every cell again took a third of an edit's redraw.
    int m_sizedModel = -1;
    int m_sizedRows = -1;
};

} // namespace mensa
