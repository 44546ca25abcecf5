#pragma once

#include "FigureView.h"

#include "model/LayerKind.h"
#include "schedule/Schedule.h"

#include <QStringList>
#include <vector>

class QComboBox;

class QCPRange;
class QCPTextElement;

namespace mensa::views {

class AxisLimiter;
class GanttBars;

// What the Gantt chart needs to know about each layer of the scheduled model.
struct GanttLayerInfo {
    QString name;
    LayerKind kind = LayerKind::Other;
    int cluster = -1; // -1: not clustered
};

struct GanttInput {
    QString model;
    Schedule schedule;
    std::vector<GanttLayerInfo> layers; // indexed by ScheduleEvent::layer
    QStringList clusterNames; // optional, indexed by GanttLayerInfo::cluster
    QString title; // drawn above the chart: design, objective, caveats
    int modelKey = -1; // LayerRef::model of the layers
};

enum class GanttColouring { Accelerator, LayerKind, Cluster };

// Schedule as a Gantt chart: one row per accelerator and per transfer link, one bar per
// event, critical-path events outlined. Zoom and pan act on the time axis only and stay
// within the schedule (Reset view or a double click shows all of it); hovering a bar shows
// its layer, times and energy; a click on empty space clears the selection.
class GanttView : public FigureView {
    Q_OBJECT
public:
    explicit GanttView(QWidget* parent = nullptr);

    void setInput(GanttInput input);
    void setColouring(GanttColouring colouring);
    GanttColouring colouring() const { return m_colouring; }
    // Text shown when hovering the event with this index (also used by tests).
    QString eventDescription(int eventIndex) const;
    // Shows the whole schedule again after zooming or panning.
    void resetView();
    // The time range (in the axis unit) zoom and pan stay within.
    QCPRange timeLimits() const;

    QCustomPlot* plot() const override { return m_plot; }
    QString csv() const override;
    void setHighlightedLayers(const LayerSet& layers) override;
    int markCount() const override;
    QSizeF defaultExportSize() const override;

private:
    void rebuild();
    void setupAxes();
    void addLegend();
    QColor eventColour(const ScheduleEvent& event) const;
    QString layerName(int layer) const;
    bool allCritical() const;
    void onMouseMove(QMouseEvent* event);
    void onMousePress(QMouseEvent* event);
    void onMouseRelease(QMouseEvent* event);
    bool highlightsThisModel() const;

    QCustomPlot* m_plot = nullptr;
    QComboBox* m_colourBox = nullptr;
    GanttBars* m_bars = nullptr;
    AxisLimiter* m_timeLimiter = nullptr;
    QPointF m_pressPos;
    QCPTextElement* m_title = nullptr;
    GanttInput m_input;
    GanttColouring m_colouring = GanttColouring::Accelerator;
    LayerSet m_highlighted;
    double m_timeFactor = 1e6;
    bool m_pipelined = false; // several inferences in flight
    QString m_timeUnit;
};

} // namespace mensa::views
