#pragma once

#include "FigureView.h"

#include "cost/CostTypes.h"

#include <vector>

class QComboBox;
class QCheckBox;
class QCPBars;
class QCPAbstractPlottable;
class QMouseEvent;

namespace mensa::views {

// Energy of one layer of one model run by one design (on one of its accelerators).
struct EnergyRecord {
    QString design; // e.g. "Edge TPU", "Mensa"
    QString model;
    QString accelerator; // accelerator of the design that ran the layer
    int layer = -1;
    QString layerName;
    EnergyBreakdown energy;
    int modelKey = -1; // LayerRef::model of the layer
    StorageAccesses levels {}; // the layer's reads and writes per storage level
};

enum class EnergyGrouping { PerLayer, PerAccelerator, PerModel };

// Stacked bars of the energy breakdown by component (MAC, register file, buffers, NoC,
// off-chip + DRAM, static) per layer, per accelerator or per model and design; absolute
// energy or each bar normalised to its total. The hover text and the CSV add each bar's bytes
// read and written per storage level.
class EnergyView : public FigureView {
    Q_OBJECT
public:
    explicit EnergyView(QWidget* parent = nullptr);

    void setRecords(std::vector<EnergyRecord> records);
    void setGrouping(EnergyGrouping grouping);
    void setNormalized(bool normalized);
    // Restricts the records shown; an empty string keeps all.
    void setFilter(const QString& design, const QString& model);
    // Per-layer bars show this design only (one bar per layer, not one per layer and design);
    // an empty string shows every design. The other groupings keep comparing the designs.
    void setPerLayerDesign(const QString& design);
    // Text shown when hovering the bar with this index: its name and energy per component.
    QString barDescription(int barIndex) const;

    // One stacked bar: its label, the layer it stands for (per-layer mode) and its energy.
    struct Bar {
        QString group; // model or design the bar belongs to (shown on the top axis); may be empty
        QString label;
        LayerRef layer;
        QString model; // display name of the layer's model
        EnergyBreakdown energy;
        StorageAccesses levels; // summed like the energy
    };
    const std::vector<Bar>& bars() const { return m_shown; }

    QCustomPlot* plot() const override { return m_plot; }
    QString csv() const override;
    void setHighlightedLayers(const LayerSet& layers) override;
    int markCount() const override;
    QSizeF defaultExportSize() const override;

private:
    std::vector<const EnergyRecord*> filtered() const;
    std::vector<Bar> groupBars() const;
    void rebuild();
    void setupKeyAxis();
    void setupGroupAxis();
    void drawHighlights();
    void onPlottableClick(QCPAbstractPlottable* plottable, int dataIndex);
    void onMouseMove(QMouseEvent* event);

    QCustomPlot* m_plot = nullptr;
    QComboBox* m_groupBox = nullptr;
    QCheckBox* m_normBox = nullptr;
    std::vector<EnergyRecord> m_records;
    std::vector<Bar> m_shown;
    std::vector<double> m_keys; // x position of each shown bar
    EnergyGrouping m_grouping = EnergyGrouping::PerModel;
    bool m_normalized = false;
    QString m_design;
    QString m_model;
    QString m_perLayerDesign;
    LayerSet m_highlighted;
    int m_markCount = 0;
    double m_energyFactor = 1e6;
    QString m_energyUnit;
};

} // namespace mensa::views
