#include "GraphvizGraph.h"

#include "session/LayerFields.h"

#include <graphviz/cgraph.h>
#include <graphviz/gvc.h>

#include <QElapsedTimer>
#include <QLineF>

#include <algorithm>
#include <cmath>
#include <mutex>

namespace mensa {

namespace {

// Visible producers of every layer: a hidden layer passes on its own visible producers.
std::vector<std::vector<int>> visibleSources(const Model& model, const std::vector<bool>& visible)
{
    const int n = static_cast<int>(model.layers.size());
    std::vector<std::vector<int>> sources(n);
    for (int i = 0; i < n; ++i) {
        auto& out = sources[i];
        for (int p : model.predecessors(i)) {
            if (p >= i)
                continue; // guard against bad orders; layers are topological
            if (visible[p])
                out.push_back(p);
            else
                out.insert(out.end(), sources[p].begin(), sources[p].end());
        }
        std::sort(out.begin(), out.end());
        out.erase(std::unique(out.begin(), out.end()), out.end());
    }
    return sources;
}

// Short op text for node labels ("Conv+BN+Relu"); the tooltip and table keep full names.
QString opLine(const Layer& l)
{
    QString op = QString::fromStdString(l.opType);
    for (const auto& f : l.fusedOps)
        op += "+" + (f == "BatchNormalization" ? QStringLiteral("BN") : QString::fromStdString(f));
    return op;
}

QString layerTooltip(const Layer& l)
{
    return QString("<b>%1</b><br>%2 (%3)<br>MACs: %4<br>Parameters: %5<br>FLOP/B: %6")
        .arg(QString::fromStdString(l.name).toHtmlEscaped(), opLine(l),
            QString::fromUtf8(toString(l.kind).data(), toString(l.kind).size()),
            formatQuantity(l.metrics.macs), formatQuantity(l.metrics.params),
            formatQuantity(l.metrics.flopPerByte));
}

QString elide(const QString& s, int max)
{
    return s.size() <= max ? s : s.left(max - 1) + QChar(0x2026);
}

void sizeNode(GraphNodeDesc& node)
{
    int chars = 0;
    for (const auto& line : node.label.split('\n'))
        chars = std::max(chars, static_cast<int>(line.size()));
    node.width = std::max(60.0, chars * 6.4 + 16); // matches the 10 px node font
    node.height = 14.0 * (node.label.count('\n') + 1) + 10;
}

// Chains u -> v where u has one visible successor and v one visible predecessor; layers of
// collapsed groups (`fixed`) never join a chain.
std::vector<std::vector<int>> chains(const std::vector<int>& order,
    const std::vector<std::vector<int>>& preds, const std::vector<std::vector<int>>& succs,
    const std::vector<bool>& fixed)
{
    std::vector<std::vector<int>> result;
    std::vector<bool> used(preds.size(), false);
    auto linked = [&](int u) {
        return succs[u].size() == 1 && preds[succs[u][0]].size() == 1 && !fixed[succs[u][0]];
    };
    for (int start : order) {
        if (used[start])
            continue;
        if (preds[start].size() == 1 && !fixed[preds[start][0]] && linked(preds[start][0]))
            continue; // not the head of its chain
        std::vector<int> chain { start };
        used[start] = true;
        for (int u = start; linked(u) && !used[succs[u][0]]; u = succs[u][0]) {
            chain.push_back(succs[u][0]);
            used[succs[u][0]] = true;
        }
        result.push_back(chain);
    }
    for (int u : order) // leftovers (cycles cannot occur in a DAG, but stay total)
        if (!used[u])
            result.push_back({ u });
    return result;
}

// Group index per layer for layers drawn inside one group node, -1 elsewhere: all layers of
// a collapsed group; of an expanded group too long to lay out layer by layer, the blocks
// between its first two and its last.
std::vector<int> collapsedGroupOf(
    int layers, const RepeatedBlocks& blocks, const std::set<int>& expanded)
{
    std::vector<int> group(layers, -1);
    if (static_cast<int>(blocks.groupOfLayer.size()) != layers)
        return group;
    for (size_t g = 0; g < blocks.groups.size(); ++g) {
        const RepeatedGroup& r = blocks.groups[g];
        if (r.lastLayer >= layers)
            continue;
        int first = r.firstLayer, last = r.lastLayer;
        if (expanded.count(static_cast<int>(g))) {
            if (r.layerCount() <= kMaxExpandedGroupLayers || r.repeats < 4)
                continue;
            first = r.blockStarts[2];
            last = r.blockStarts[r.repeats - 1] - 1;
        }
        std::fill(group.begin() + first, group.begin() + last + 1, static_cast<int>(g));
    }
    return group;
}

GraphNodeDesc layerNode(const Layer& first, const Layer& last, size_t count)
{
    GraphNodeDesc node;
    if (count == 1) {
        node.label
            = elide(QString::fromStdString(first.name), 28) + "\n" + elide(opLine(first), 28);
        node.tooltip = layerTooltip(first);
        return node;
    }
    node.label = elide(QString::fromStdString(first.name), 28) + "\n" + QChar(0x2026) + " "
        + elide(QString::fromStdString(last.name), 24) + QString("  (%1 layers)").arg(count);
    node.tooltip = QString("Folded chain of %1 layers<br>from <b>%2</b><br>to <b>%3</b>")
                       .arg(count)
                       .arg(QString::fromStdString(first.name).toHtmlEscaped(),
                           QString::fromStdString(last.name).toHtmlEscaped());
    return node;
}

// The middle blocks of an expanded long group, layers first..last.
GraphNodeDesc elidedNode(const Model& model, const RepeatedGroup& group, int first, int last)
{
    GraphNodeDesc node;
    const int blocks = group.repeats - 3;
    int64_t macs = 0;
    for (int l = first; l <= last; ++l)
        macs += model.layers[l].metrics.macs;
    node.label = QString("\u2026 %1 more blocks like these\n%2 layers \u00b7 %3 MACs")
                     .arg(blocks)
                     .arg(last - first + 1)
                     .arg(formatQuantity(static_cast<double>(macs)));
    node.tooltip = QString("Blocks 3 to %1 of <b>%2</b>: too many to lay out one by one<br>"
                           "<i>Double-click to collapse the group</i>")
                       .arg(group.repeats - 1)
                       .arg(QString::fromStdString(group.name).toHtmlEscaped());
    return node;
}

GraphNodeDesc groupNode(const Model& model, const RepeatedGroup& group)
{
    GraphNodeDesc node;
    const QString name = QString::fromStdString(group.name);
    node.label = elide(name, 44) + "\n"
        + QString("%1 layers \u00b7 %2 MACs")
              .arg(group.layerCount())
              .arg(formatQuantity(static_cast<double>(group.macs)));
    const QString blocks = group.section ? QString("A stretch of distinct layers")
                                         : QString("%1 blocks").arg(group.repeats);
    node.tooltip
        = QString("<b>%1</b><br>%2, %3 layers<br>from <b>%4</b><br>to <b>%5</b><br>"
                  "MACs: %6<br><i>Double-click to expand</i>")
              .arg(name.toHtmlEscaped(), blocks)
              .arg(group.layerCount())
              .arg(QString::fromStdString(model.layers[group.firstLayer].name).toHtmlEscaped(),
                  QString::fromStdString(model.layers[group.lastLayer].name).toHtmlEscaped(),
                  formatQuantity(static_cast<double>(group.macs)));
    return node;
}

} // namespace

QColor nodeColor(
    const Model& model, const GraphNodeDesc& node, const std::vector<QColor>& layerColors)
{
    int best = node.layers.front();
    for (int l : node.layers)
        if (model.layers[l].metrics.macs > model.layers[best].metrics.macs)
            best = l;
    return best < static_cast<int>(layerColors.size()) ? layerColors[best]
                                                       : QColor(0xDD, 0xDD, 0xDD);
}

GraphDescription buildGraphDescription(const Model& model, const std::vector<QColor>& layerColors,
    const GraphOptions& options, const RepeatedBlocks& blocks, const std::set<int>& expanded)
{
    const int n = static_cast<int>(model.layers.size());
    const std::vector<int> groupOf = collapsedGroupOf(n, blocks, expanded);
    std::vector<bool> visible(n, true), fixed(n, false);
    if (options.computeOnly
        && std::any_of(model.layers.begin(), model.layers.end(),
            [](const Layer& l) { return isCompute(l.kind); }))
        for (int i = 0; i < n; ++i)
            visible[i] = isCompute(model.layers[i].kind);
    for (int i = 0; i < n; ++i)
        if (groupOf[i] >= 0)
            visible[i] = fixed[i] = true; // a collapsed group shows all its layers
    auto sources = visibleSources(model, visible);

    std::vector<int> order; // visible layers outside collapsed groups
    std::vector<std::vector<int>> preds(n), succs(n);
    for (int i = 0; i < n; ++i) {
        if (!visible[i])
            continue;
        if (!fixed[i])
            order.push_back(i);
        preds[i] = sources[i];
        for (int p : preds[i])
            succs[p].push_back(i);
    }
    std::vector<std::vector<int>> groups;
    if (options.foldChains) {
        for (auto& chain : chains(order, preds, succs, fixed)) {
            if (static_cast<int>(chain.size()) >= options.minChainLength)
                groups.push_back(chain);
            else
                for (int l : chain)
                    groups.push_back({ l });
        }
    }
    else {
        for (int l : order)
            groups.push_back({ l });
    }
    for (int i = 0; i < n; ++i) // the runs of layers inside group nodes
        if (groupOf[i] >= 0) {
            if (i == 0 || groupOf[i - 1] != groupOf[i])
                groups.emplace_back();
            groups.back().push_back(i);
        }
    std::sort(groups.begin(), groups.end(),
        [](const auto& a, const auto& b) { return a.front() < b.front(); });

    GraphDescription desc;
    desc.nodeOfLayer.assign(n, -1);
    for (auto& group : groups) {
        const int g = groupOf[group.front()];
        GraphNodeDesc node;
        if (g < 0)
            node = layerNode(model.layers[group.front()], model.layers[group.back()], group.size());
        else if (static_cast<int>(group.size()) == blocks.groups[g].layerCount())
            node = groupNode(model, blocks.groups[g]);
        else
            node = elidedNode(model, blocks.groups[g], group.front(), group.back());
        node.group = g;
        node.layers = std::move(group);
        node.color = nodeColor(model, node, layerColors);
        sizeNode(node);
        const int index = static_cast<int>(desc.nodes.size());
        for (int l : node.layers)
            desc.nodeOfLayer[l] = index;
        desc.nodes.push_back(std::move(node));
    }
    for (int v = 0; v < n; ++v)
        for (int p : preds[v]) {
            int a = desc.nodeOfLayer[p], b = desc.nodeOfLayer[v];
            if (a != b && a >= 0 && b >= 0)
                desc.edges.push_back({ a, b });
        }
    std::sort(desc.edges.begin(), desc.edges.end(), [](const auto& x, const auto& y) {
        return std::pair(x.from, x.to) < std::pair(y.from, y.to);
    });
    desc.edges.erase(
        std::unique(desc.edges.begin(), desc.edges.end(),
            [](const auto& x, const auto& y) { return x.from == y.from && x.to == y.to; }),
        desc.edges.end());
    return desc;
}

namespace {

std::mutex g_graphvizMutex;

void addArrow(QPainterPath& path, QPointF tip, QPointF from)
{
    QLineF line(tip, from);
    if (line.length() < 1e-6)
        return;
    line.setLength(7);
    QLineF left = line, right = line;
    left.setAngle(line.angle() + 22);
    right.setAngle(line.angle() - 22);
    path.moveTo(left.p2());
    path.lineTo(tip);
    path.lineTo(right.p2());
}

char* str(const char* s)
{
    return const_cast<char*>(s);
}

void setGraphAttributes(Agraph_t* g, size_t nodes)
{
    agsafeset(g, str("rankdir"), str("TB"), str(""));
    agsafeset(g, str("nodesep"), str("0.25"), str(""));
    agsafeset(g, str("ranksep"), str("0.35"), str(""));
    if (nodes > 600) { // trade crossing quality for time on big graphs
        agsafeset(g, str("mclimit"), str("0.3"), str(""));
        agsafeset(g, str("nslimit"), str("2"), str(""));
        agsafeset(g, str("nslimit1"), str("2"), str(""));
        agsafeset(g, str("splines"), str("line"), str(""));
    }
}

} // namespace

GraphLayout layoutGraph(const GraphDescription& desc)
{
    std::lock_guard<std::mutex> lock(g_graphvizMutex);
    QElapsedTimer timer;
    timer.start();
    GraphLayout layout;
    GVC_t* gvc = gvContext();
    Agraph_t* g = agopen(str("model"), Agdirected, nullptr);
    setGraphAttributes(g, desc.nodes.size());
    agattr(g, AGNODE, str("shape"), str("box"));
    agattr(g, AGNODE, str("fixedsize"), str("true"));
    agattr(g, AGNODE, str("label"), str(""));
    agattr(g, AGNODE, str("width"), str("1"));
    agattr(g, AGNODE, str("height"), str("0.5"));
    std::vector<Agnode_t*> nodes;
    for (size_t i = 0; i < desc.nodes.size(); ++i) {
        Agnode_t* n = agnode(g, QByteArray::number(qulonglong(i)).data(), 1);
        agset(n, str("width"), QByteArray::number(desc.nodes[i].width / 72.0).data());
        agset(n, str("height"), QByteArray::number(desc.nodes[i].height / 72.0).data());
        nodes.push_back(n);
    }
    std::vector<Agedge_t*> edges;
    for (const auto& e : desc.edges)
        edges.push_back(agedge(g, nodes[e.from], nodes[e.to], nullptr, 1));
    if (gvLayout(gvc, g, "dot") != 0) {
        layout.error = "Graphviz could not lay out the graph";
    }
    else {
        const double top = GD_bb(g).UR.y;
        auto toScene = [top](pointf p) { return QPointF(p.x, top - p.y); };
        for (size_t i = 0; i < nodes.size(); ++i) {
            QPointF c = toScene(ND_coord(nodes[i]));
            double w = ND_width(nodes[i]) * 72.0, h = ND_height(nodes[i]) * 72.0;
            layout.nodeRects.emplace_back(c.x() - w / 2, c.y() - h / 2, w, h);
        }
        for (Agedge_t* e : edges) {
            const splines* spl = ED_spl(e);
            if (!spl || spl->size == 0)
                continue;
            const bezier& bz = spl->list[0];
            if (bz.size == 0)
                continue;
            layout.edges.moveTo(toScene(bz.list[0]));
            for (int i = 1; i + 2 < bz.size; i += 3)
                layout.edges.cubicTo(
                    toScene(bz.list[i]), toScene(bz.list[i + 1]), toScene(bz.list[i + 2]));
            QPointF end = toScene(bz.list[bz.size - 1]);
            if (bz.eflag) {
                layout.edges.lineTo(toScene(bz.ep));
                addArrow(layout.edges, toScene(bz.ep), end);
            }
            else {
                QPointF before = bz.size > 1 ? toScene(bz.list[bz.size - 2]) : end;
                addArrow(layout.edges, end, before);
            }
        }
        layout.bounds = QRectF(0, 0, GD_bb(g).UR.x - GD_bb(g).LL.x, top - GD_bb(g).LL.y);
        gvFreeLayout(gvc, g);
    }
    agclose(g);
    gvFreeContext(gvc);
    layout.milliseconds = timer.nsecsElapsed() / 1e6;
    return layout;
}

} // namespace mensa
