#pragma once

#include "GraphvizGraph.h"
#include "session/AnalysisResults.h"
#include "session/LayerSelection.h"

#include <QFutureWatcher>
#include <QGraphicsView>
#include <QWidget>

class QCheckBox;
class QLabel;
class QGraphicsScene;
class QGraphicsPathItem;

namespace mensa {

class GraphNodeItem;

// The scene part of the graph view: zoom on wheel, pan on drag, click to pick a node.
class GraphCanvas : public QGraphicsView {
    Q_OBJECT
public:
    explicit GraphCanvas(QWidget* parent = nullptr);
    void fit();

signals:
    void nodeClicked(int node, Qt::KeyboardModifiers modifiers);

protected:
    void wheelEvent(QWheelEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;

private:
    QPoint m_pressPos;
};

// The model as a Graphviz "dot" graph: nodes coloured by the current colouring, selected
// layers highlighted. Layout runs in a worker thread; recolouring never re-lays out.
class ModelGraphView : public QWidget {
    Q_OBJECT
public:
    explicit ModelGraphView(LayerSelection* selection, QWidget* parent = nullptr);

    // Shows a model (re-lays out only when the model or the graph options change).
    void setAnalysis(int modelId, ModelAnalysisPtr analysis);
    void setLayerColors(const std::vector<QColor>& colors); // one per layer
    GraphOptions options() const { return m_options; }
    void setOptions(const GraphOptions& options);
    bool isLayoutPending() const { return m_layoutPending; }
    const GraphDescription& description() const { return m_description; }
    double lastLayoutMilliseconds() const { return m_lastLayoutMs; }
    void fit();

signals:
    void layoutFinished();
    void optionsChanged();

private:
    void relayout();
    void onLayoutReady(uint64_t generation);
    void buildScene(const GraphLayout& layout);
    void applyColors();
    void applySelection();
    void onNodeClicked(int node, Qt::KeyboardModifiers modifiers);

    LayerSelection* m_selection;
    GraphCanvas* m_canvas;
    QGraphicsScene* m_scene;
    QCheckBox* m_computeOnly;
    QCheckBox* m_fold;
    QLabel* m_status;
    int m_modelId = -1;
    ModelAnalysisPtr m_analysis;
    std::shared_ptr<const Model> m_laidOutModel;
    std::vector<QColor> m_layerColors;
    GraphOptions m_options;
    GraphDescription m_description;
    std::vector<GraphNodeItem*> m_items;
    QFutureWatcher<GraphLayout> m_watcher;
    uint64_t m_generation = 0;
    bool m_layoutPending = false;
    double m_lastLayoutMs = 0;
};

} // namespace mensa
