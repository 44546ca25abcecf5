#pragma once

#include "FigureView.h"

#include "prune/PruneSweep.h"

namespace mensa::views {

// What pruning buys on each design (issue 14): speedup (or energy saving) over the unpruned
// model against the fraction of weights removed, one line per design and granularity (colour:
// granularity, marker: design), beside the ideal "scales with weights kept" curve. The
// numbers are core's (prune/PruneSweep).
class PruneFigure : public FigureView {
    Q_OBJECT
public:
    enum class Metric { Speedup, EnergySaving };
    explicit PruneFigure(Metric metric = Metric::Speedup, QWidget* parent = nullptr);

    void setSweep(const PruneSweep& sweep);

    QCustomPlot* plot() const override { return m_plot; }
    QString csv() const override;
    void setHighlightedLayers(const LayerSet&) override { } // marks are sweep points
    int markCount() const override { return m_markCount; }

private:
    void rebuild();

    double value(const PruneSweepPoint& p) const;

    Metric m_metric;
    QCustomPlot* m_plot = nullptr;
    PruneSweep m_sweep;
    int m_markCount = 0;
};

} // namespace mensa::views
