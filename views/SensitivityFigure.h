#pragma once

#include "FigureView.h"

#include "dse/ExploreFigureData.h"

namespace mensa::views {

// Parameter sensitivity of a design-space exploration: per axis, each value's best primary
// objective (over the feasible points with that value) relative to the best overall, as dots on
// a bar spanning that axis' range; the best and worst value are labelled. An axis with a tall bar
// matters; a flat one does not. The numbers are core's (ExploreFigureData).
class SensitivityFigure : public FigureView {
    Q_OBJECT
public:
    explicit SensitivityFigure(QWidget* parent = nullptr);

    void setData(const ExploreFigureData& data);

    QCustomPlot* plot() const override { return m_plot; }
    QString csv() const override;
    void setHighlightedLayers(const LayerSet&) override { } // marks are axis values, not layers
    int markCount() const override { return m_markCount; }

private:
    void rebuild();
    void addAxisRange(int axis, double lo, double hi, const QString& best, const QString& worst);

    QCustomPlot* m_plot = nullptr;
    ExploreFigureData m_data;
    int m_markCount = 0;
};

} // namespace mensa::views
