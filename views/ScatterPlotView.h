#pragma once

#include "LayerColoring.h"
#include "session/AnalysisResults.h"
#include "session/LayerSelection.h"

#include <QWidget>

#include <vector>

class QCheckBox;
class QComboBox;
class QCustomPlot;
class QCPGraph;
class QLabel;
class QMouseEvent;

namespace mensa {

namespace views {
class AxisLimiter;
}

struct ScatterSource {
    int modelId = -1;
    ModelAnalysisPtr analysis;
    QString modelName;
};

// Layer characteristics against each other (QCustomPlot), one graph per colour group so
// tens of thousands of points stay fast. Hover shows the layer; click or Ctrl+drag selects.
class ScatterPlotView : public QWidget {
    Q_OBJECT
public:
    explicit ScatterPlotView(LayerSelection* selection, QWidget* parent = nullptr);

    void setSources(std::vector<ScatterSource> sources);
    void setDesign(const QString& design);
    void setColorBy(ColorBy by);
    void setAxes(const QString& xField, const QString& yField, bool xLog, bool yLog);
    QString xField() const;
    QString yField() const;
    bool xLog() const;
    bool yLog() const;
    int pointCount() const { return static_cast<int>(m_points.size()); }
    int groupCount() const { return static_cast<int>(m_groupGraphs.size()); }
    QCustomPlot* plot() { return m_plot; }
    void rebuild(); // recomputes points from the sources (e.g. after a design change)
    // Shows every point again after zooming or panning (zoom and pan stay near the points).
    void resetView();

signals:
    void axesChanged();

private:
    struct Point {
        double x, y;
        LayerId ref;
        int group;
    };
    void populateAxisCombos();
    void configureAxes();
    void applySelection();
    int pointAt(const QPointF& pixel, double radius) const;
    void onMouseMove(QMouseEvent* event);
    void onMousePress(QMouseEvent* event);
    void onMouseRelease(QMouseEvent* event);
    void onBoxSelected(const QRect& rect, QMouseEvent* event);

    LayerSelection* m_selection;
    QCustomPlot* m_plot;
    QComboBox* m_x;
    QComboBox* m_y;
    QCheckBox* m_xLog;
    QCheckBox* m_yLog;
    QLabel* m_note;
    std::vector<ScatterSource> m_sources;
    QString m_design;
    ColorBy m_colorBy = ColorBy::Kind;
    std::vector<Point> m_points;
    std::vector<QCPGraph*> m_groupGraphs;
    QCPGraph* m_selectedGraph = nullptr;
    views::AxisLimiter* m_xLimiter = nullptr;
    views::AxisLimiter* m_yLimiter = nullptr;
    QPoint m_pressPos;
};

} // namespace mensa
