#pragma once

#include "FigureView.h"

#include <QStringList>
#include <vector>

namespace mensa::views {

struct ScatterFigurePoint {
    QString model;
    int layer = -1;
    QString layerName;
    double paramBytes = 0; // parameter footprint
    double flopPerByte = 0; // arithmetic intensity
    int cluster = -1; // -1: not clustered
    int modelKey = -1; // LayerRef::model of the layer
};

// Publication scatter of layers: parameter footprint against FLOP/B on log-log axes,
// coloured (and shaped) by cluster. Layers without parameters cannot sit on a log axis;
// they are counted in the caption instead of being dropped silently.
class ScatterFigure : public FigureView {
    Q_OBJECT
public:
    explicit ScatterFigure(QWidget* parent = nullptr);

    void setPoints(std::vector<ScatterFigurePoint> points, QStringList clusterNames = {});
    int pointAt(const QPointF& pixel) const;
    int omittedCount() const { return m_omitted; }

    QCustomPlot* plot() const override { return m_plot; }
    QString csv() const override;
    void setHighlightedLayers(const LayerSet& layers) override;
    int markCount() const override { return m_markCount; }
    QSizeF defaultExportSize() const override { return { 5.5, 4.2 }; }

private:
    void rebuild();
    bool plottable(const ScatterFigurePoint& p) const
    {
        return p.paramBytes > 0 && p.flopPerByte > 0;
    }
    QString clusterName(int cluster) const;

    QCustomPlot* m_plot = nullptr;
    std::vector<ScatterFigurePoint> m_points;
    QStringList m_clusterNames;
    LayerSet m_highlighted;
    int m_markCount = 0;
    int m_omitted = 0;
};

} // namespace mensa::views
