#pragma once

#include "GraphvizGraph.h"
#include "session/AnalysisResults.h"
#include "session/LayerSelection.h"

#include <QFutureWatcher>
#include <QGraphicsView>
#include <QWidget>

#include <set>

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
    // Whole graph in view, however large; small graphs are not blown up past 150 %.
    void fit();
    // After a layout: fit, but a graph too tall to read at fit zoom starts at its top, legible.
    void showStart();

signals:
    void nodeClicked(int node, Qt::KeyboardModifiers modifiers);
    void nodeDoubleClicked(int node);
    void nodeMenuRequested(int node, const QPoint& globalPos); // node -1: background

protected:
    void wheelEvent(QWheelEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void mouseDoubleClickEvent(QMouseEvent* event) override;
    void contextMenuEvent(QContextMenuEvent* event) override;

private:
    int nodeAt(const QPoint& pos) const;

    QPoint m_pressPos;
};

// The model as a Graphviz "dot" graph: nodes coloured by the current colouring, selected
// layers highlighted. Layout runs in a worker thread; recolouring never re-lays out.
// Repeated blocks of a big model, and sections of its long unrepeated stretches
// (findRepeatedBlocksAndSections), start collapsed, one node per group;
// double-click or the context menu expands / collapses a group. Clicking a group node selects
// all its layers (the first one current); a layer selected elsewhere that sits in a collapsed
// group highlights the group's node and the status line offers to expand it.
class ModelGraphView : public QWidget {
    Q_OBJECT
public:
    static constexpr int kCollapseFromLayers = 300; // models this big open collapsed
    static constexpr int kSectionLayers = 100; // and their unrepeated stretches in sections

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
    GraphCanvas* canvas() const { return m_canvas; }
    bool isNodeHighlighted(int node) const; // drawn as selected
    QRectF nodeRect(int node) const; // scene coordinates; empty before a layout

    const RepeatedBlocks& repeatedBlocks() const { return m_blocks; }
    const std::set<int>& expandedGroups() const { return m_expanded; }
    void setGroupExpanded(int group, bool expanded); // re-lays out when it changes
    void setAllGroupsExpanded(bool expanded);

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
    void onNodeDoubleClicked(int node);
    void showNodeMenu(int node, const QPoint& globalPos);
    int groupOfNode(int node) const; // repeated group shown by or containing a node, or -1
    void showSelectionHint();
    void revealCurrent(); // scrolls the current layer's node into view

    LayerSelection* m_selection;
    GraphCanvas* m_canvas;
    QGraphicsScene* m_scene;
    QCheckBox* m_computeOnly;
    QCheckBox* m_fold;
    QCheckBox* m_collapse;
    QLabel* m_status;
    int m_modelId = -1;
    ModelAnalysisPtr m_analysis;
    std::shared_ptr<const Model> m_laidOutModel;
    std::vector<QColor> m_layerColors;
    GraphOptions m_options;
    GraphDescription m_description;
    RepeatedBlocks m_blocks;
    std::set<int> m_expanded;
    QString m_layoutStatus;
    std::vector<GraphNodeItem*> m_items;
    QFutureWatcher<GraphLayout> m_watcher;
    uint64_t m_generation = 0;
    bool m_layoutPending = false;
    double m_lastLayoutMs = 0;
};

} // namespace mensa
