#pragma once

#include "analysis/RepeatedBlocks.h"
#include "model/Model.h"

#include <QColor>
#include <QPainterPath>
#include <QRectF>
#include <QString>

#include <set>
#include <vector>

namespace mensa {

struct GraphOptions {
    bool computeOnly = false; // hide non-compute layers; edges bridge over them
    bool foldChains = false; // fold straight chains of layers into one node
    int minChainLength = 3; // shortest chain that gets folded
};

struct GraphNodeDesc {
    std::vector<int> layers; // layer indices shown by this node (several when folded)
    int group = -1; // the collapsed repeated group this node stands for, -1 for layers
    QString label; // one or two lines
    QString tooltip;
    QColor color;
    double width = 0; // points
    double height = 0; // points
};

struct GraphEdgeDesc {
    int from = 0; // node indices
    int to = 0;
};

// What the graph view draws, before layout: pure data, testable without a widget.
struct GraphDescription {
    std::vector<GraphNodeDesc> nodes;
    std::vector<GraphEdgeDesc> edges;
    std::vector<int> nodeOfLayer; // node index per layer, -1 when hidden
};

// Expanded groups longer than this show their first two and last blocks layer by layer and
// the blocks between as one node (dot would take minutes over thousands of nodes).
constexpr int kMaxExpandedGroupLayers = 400;

// Builds nodes and edges from a model; layerColors has one colour per layer (may be empty).
// Every group of `blocks` not in `expanded` is one node (all its layers, hidden ones too);
// edges between nodes are merged and a node never has an edge to itself.
GraphDescription buildGraphDescription(const Model& model, const std::vector<QColor>& layerColors,
    const GraphOptions& options, const RepeatedBlocks& blocks = {},
    const std::set<int>& expanded = {});

// Node colour of a (possibly folded) node: the colour of its layer with the most MACs.
QColor nodeColor(
    const Model& model, const GraphNodeDesc& node, const std::vector<QColor>& layerColors);

// Positions from Graphviz "dot", in scene coordinates (y down).
struct GraphLayout {
    std::vector<QRectF> nodeRects;
    QPainterPath edges; // all edges with arrow heads
    QRectF bounds;
    double milliseconds = 0;
    QString error; // set when Graphviz failed
};

// Runs dot on the description. Safe to call from a worker thread (calls are serialised,
// Graphviz keeps global state).
GraphLayout layoutGraph(const GraphDescription& description);

} // namespace mensa
