#pragma once

#include "FigureView.h"

#include "dse/ExploreFigureData.h"

#include <vector>

namespace mensa::views {

// Design-space exploration: every simulated point's latency against its energy, the points
// that break a constraint in grey, the Pareto front over (latency, energy, area) emphasised, and
// the latency-energy front joined by a step line. The numbers are core's (ExploreFigureData).
class ParetoFigure : public FigureView {
    Q_OBJECT
public:
    explicit ParetoFigure(QWidget* parent = nullptr);

    void setPoints(std::vector<ParetoPlotPoint> points);

    QCustomPlot* plot() const override { return m_plot; }
    QString csv() const override;
    void setHighlightedLayers(const LayerSet&) override { } // points are designs, not layers
    int markCount() const override { return int(m_points.size()); }

private:
    void rebuild();

    QCustomPlot* m_plot = nullptr;
    std::vector<ParetoPlotPoint> m_points;
};

} // namespace mensa::views
