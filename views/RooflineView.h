#pragma once

#include "FigureView.h"

#include "model/LayerKind.h"

#include <vector>

class QComboBox;
class QCPGraph;

namespace mensa::views {

struct RooflineAccelerator {
    QString name;
    double peakOpsPerSecond = 0; // 2 x peak MACs per second
    double bytesPerSecond = 0;   // memory bandwidth the roof is built from
};

// One layer as run on one accelerator: arithmetic intensity and the performance it reached.
struct RooflinePoint {
    QString model;
    int layer = -1;
    QString layerName;
    LayerKind kind = LayerKind::Other;
    int accelerator = 0; // index into the accelerators
    double flopPerByte = 0;
    double opsPerSecond = 0; // achieved (2 x MACs / layer time)
};

// Roofline per accelerator on log-log axes: FLOP/B against GOP/s, the memory and compute
// roofs as lines in the accelerator's colour, each layer a point coloured by kind family
// (marker shape per accelerator when several are shown).
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
    QSizeF defaultExportSize() const override { return {6.0, 4.6}; }

private:
    void rebuild();
    bool shown(const RooflinePoint& p) const;
    void addRoof(int index, double xLo, double xHi);
    void addPoints();
    QCPGraph* addPointGraph(int accelerator, int familyIndex, bool several, QSet<QString>& inLegend);
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
