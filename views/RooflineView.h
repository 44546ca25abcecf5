#pragma once

#include "FigureView.h"

#include "analysis/Roofline.h"
#include "model/LayerKind.h"

#include <vector>

class QComboBox;
class QCPGraph;

namespace mensa::views {

// An accelerator's roofs as core computed them, under its display name.
struct RooflineAccelerator {
    QString name;
    AcceleratorRoofs roofs;
};

// One layer as run on one accelerator: core's point plus what the view labels it with.
// values.accelerator indexes the view's accelerator list.
struct RooflinePoint {
    QString model;
    QString layerName;
    LayerKind kind = LayerKind::Other;
    LayerRooflinePoint values;
    int modelKey = -1; // LayerRef::model of the layer
};

// Hierarchical roofline on log-log axes, op/B against Gop/s: per accelerator the peak and
// one slanted roof per memory level (DRAM or stacked DRAM solid, on-chip buffer dashed),
// and each layer once per level at the intensity of the bytes crossing that level (filled
// marker: memory, hollow: buffer), coloured by kind family (by accelerator, with the
// family as marker shape, when several are shown). Only draws what core computed.
class RooflineView : public FigureView {
    Q_OBJECT
public:
    explicit RooflineView(QWidget* parent = nullptr);

    void setData(std::vector<RooflineAccelerator> accelerators, std::vector<RooflinePoint> points);
    // Shows one accelerator's roof and layers; -1 shows all.
    void setAccelerator(int index);
    int accelerator() const { return m_accelerator; }
    // The point drawn nearest to a pixel position within a few pixels, or -1.
    int pointAt(const QPointF& pixel) const;

    QCustomPlot* plot() const override { return m_plot; }
    QString csv() const override;
    void setHighlightedLayers(const LayerSet& layers) override;
    int markCount() const override { return m_markCount; }
    QSizeF defaultExportSize() const override { return { 6.0, 4.6 }; }

private:
    void rebuild();
    bool shown(const RooflinePoint& p) const;
    bool shownAt(const RooflinePoint& p, MemoryLevel level) const;
    void addRoofs(int index, double xLo, double xHi);
    void addPoints();
    QCPGraph* addPointGraph(
        int accelerator, int familyIndex, MemoryLevel level, QSet<QString>& inLegend);
    void addLevelKeys();
    bool severalShown() const;
    QColor roofColour(int index) const;
    void addHighlights();
    void setupAxes(double xLo, double xHi, double yLo, double yHi);

    QCustomPlot* m_plot = nullptr;
    QComboBox* m_accelBox = nullptr;
    std::vector<RooflineAccelerator> m_accelerators;
    std::vector<RooflinePoint> m_points;
    int m_accelerator = -1;
    LayerSet m_highlighted;
    int m_markCount = 0;
};

} // namespace mensa::views
