#include "ModelGraphView.h"

#include <QCheckBox>
#include <QContextMenuEvent>
#include <QGraphicsItem>
#include <QGraphicsPathItem>
#include <QGraphicsScene>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenu>
#include <QMouseEvent>
#include <QPainter>
#include <QPushButton>
#include <QStyleOptionGraphicsItem>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrent>

namespace mensa {

// One node: a rounded box with a label; text is skipped when zoomed far out.
class GraphNodeItem : public QGraphicsItem {
public:
    GraphNodeItem(int node, const QRectF& rect, QString label, bool stacked)
        : m_node(node)
        , m_rect(rect)
        , m_label(std::move(label))
        , m_stacked(stacked)
    {
        setAcceptHoverEvents(false);
    }
    int node() const { return m_node; }
    void setColor(const QColor& c)
    {
        m_color = c;
        update();
    }
    void setSelected(bool s)
    {
        if (s == m_selected)
            return;
        m_selected = s;
        setZValue(s ? 2 : 1);
        update();
    }
    bool isSelected() const { return m_selected; }
    QRectF rect() const { return m_rect; }
    QRectF boundingRect() const override { return m_rect.adjusted(-3, -3, 7, 7); }
    void paint(QPainter* p, const QStyleOptionGraphicsItem* option, QWidget*) override
    {
        const qreal lod = option->levelOfDetailFromTransform(p->worldTransform());
        p->setPen(
            m_selected ? QPen(QColor(0xC0, 0x00, 0x30), 3) : QPen(QColor(0x40, 0x40, 0x40), 0.8));
        p->setBrush(m_color);
        if (m_stacked) // a collapsed group: a second box peeks out behind, like a stack
            p->drawRoundedRect(m_rect.translated(4, 4), 4, 4);
        if (lod < 0.25) {
            p->drawRect(m_rect);
            return;
        }
        p->drawRoundedRect(m_rect, 4, 4);
        static const QFont font = [] {
            QFont f;
            f.setPixelSize(10);
            return f;
        }();
        p->setFont(font);
        p->setPen(m_color.lightness() < 110 ? Qt::white : Qt::black);
        p->drawText(m_rect, Qt::AlignCenter, m_label);
    }

private:
    int m_node;
    QRectF m_rect;
    QString m_label;
    bool m_stacked;
    QColor m_color = Qt::lightGray;
    bool m_selected = false;
};

GraphCanvas::GraphCanvas(QWidget* parent)
    : QGraphicsView(parent)
{
    setDragMode(QGraphicsView::ScrollHandDrag);
    setTransformationAnchor(QGraphicsView::AnchorUnderMouse);
    setRenderHint(QPainter::Antialiasing, true);
    setViewportUpdateMode(QGraphicsView::SmartViewportUpdate);
    setBackgroundBrush(Qt::white);
}

void GraphCanvas::fit()
{
    if (!scene() || scene()->itemsBoundingRect().isEmpty())
        return;
    QRectF r = scene()->itemsBoundingRect().adjusted(-10, -10, 10, 10);
    fitInView(r, Qt::KeepAspectRatio);
    if (transform().m11() > 1.5) { // small graphs: fit, but never blow labels up past 150 %
        setTransform(QTransform::fromScale(1.5, 1.5));
        centerOn(r.center());
    }
}

void GraphCanvas::showStart()
{
    fit();
    if (!scene() || scene()->itemsBoundingRect().isEmpty())
        return;
    QRectF r = scene()->itemsBoundingRect().adjusted(-10, -10, 10, 10);
    // Tall graphs would shrink to unreadable: keep labels legible and start at the top.
    const double readable = 0.8; // the 10 px node font at 8 px
    if (transform().m11() < readable) {
        setTransform(QTransform::fromScale(readable, readable));
        centerOn(r.center().x(), r.top() + viewport()->height() / (2 * readable));
    }
}

void GraphCanvas::wheelEvent(QWheelEvent* event)
{
    const double factor = std::pow(1.0015, event->angleDelta().y());
    scale(factor, factor);
    event->accept();
}

void GraphCanvas::mousePressEvent(QMouseEvent* event)
{
    m_pressPos = event->position().toPoint();
    QGraphicsView::mousePressEvent(event);
}

void GraphCanvas::mouseReleaseEvent(QMouseEvent* event)
{
    QGraphicsView::mouseReleaseEvent(event);
    if ((event->position().toPoint() - m_pressPos).manhattanLength() > 4)
        return; // that was a pan
    emit nodeClicked(nodeAt(event->position().toPoint()), event->modifiers());
}

void GraphCanvas::mouseDoubleClickEvent(QMouseEvent* event)
{
    const int node = nodeAt(event->position().toPoint());
    if (node >= 0)
        emit nodeDoubleClicked(node);
    event->accept();
}

void GraphCanvas::contextMenuEvent(QContextMenuEvent* event)
{
    emit nodeMenuRequested(nodeAt(event->pos()), event->globalPos());
    event->accept();
}

int GraphCanvas::nodeAt(const QPoint& pos) const
{
    for (QGraphicsItem* item : items(pos))
        if (auto* node = dynamic_cast<GraphNodeItem*>(item))
            return node->node();
    return -1;
}

ModelGraphView::ModelGraphView(LayerSelection* selection, QWidget* parent)
    : QWidget(parent)
    , m_selection(selection)
    , m_canvas(new GraphCanvas(this))
    , m_scene(new QGraphicsScene(this))
    , m_computeOnly(new QCheckBox(tr("Compute layers only"), this))
    , m_fold(new QCheckBox(tr("Fold chains"), this))
    , m_collapse(new QCheckBox(tr("Collapse repeats"), this))
    , m_status(new QLabel(this))
{
    m_canvas->setScene(m_scene);
    auto* fitButton = new QPushButton(tr("Fit"), this);
    auto* bar = new QHBoxLayout;
    bar->addWidget(fitButton);
    bar->addWidget(m_computeOnly);
    bar->addWidget(m_fold);
    bar->addWidget(m_collapse);
    m_collapse->setToolTip(tr("Draw each run of repeated blocks (a ResNet stage, a stack of "
                              "transformer layers) as one node; double-click a node to expand "
                              "or collapse its group"));
    bar->addStretch(1);
    // Under the graph: the option bar leaves no room in a narrow window, and the line also
    // tells where a selected layer of a collapsed group is.
    m_status->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred); // never widens
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->addLayout(bar);
    layout->addWidget(m_canvas, 1);
    layout->addWidget(m_status);
    connect(fitButton, &QPushButton::clicked, this, &ModelGraphView::fit);
    auto optionsEdited = [this] {
        setOptions({ m_computeOnly->isChecked(), m_fold->isChecked(), m_options.minChainLength });
        emit optionsChanged();
    };
    connect(m_computeOnly, &QCheckBox::toggled, this, optionsEdited);
    connect(m_fold, &QCheckBox::toggled, this, optionsEdited);
    connect(m_canvas, &GraphCanvas::nodeClicked, this, &ModelGraphView::onNodeClicked);
    connect(m_canvas, &GraphCanvas::nodeDoubleClicked, this, &ModelGraphView::onNodeDoubleClicked);
    connect(m_canvas, &GraphCanvas::nodeMenuRequested, this, &ModelGraphView::showNodeMenu);
    connect(m_collapse, &QCheckBox::toggled, this,
        [this](bool collapse) { setAllGroupsExpanded(!collapse); });
    connect(m_selection, &LayerSelection::changed, this, [this](QObject* source) {
        applySelection();
        if (source != this)
            revealCurrent();
        showSelectionHint();
    });
}

void ModelGraphView::setAnalysis(int modelId, ModelAnalysisPtr analysis)
{
    m_modelId = modelId;
    m_analysis = std::move(analysis);
    if (!m_analysis) {
        m_scene->clear();
        m_items.clear();
        m_description = {};
        m_blocks = {};
        m_expanded.clear();
        m_laidOutModel.reset();
        m_status->setText(tr("No model"));
        return;
    }
    if (m_analysis->model == m_laidOutModel)
        return;
    const bool big = static_cast<int>(m_analysis->model->layers.size()) >= kCollapseFromLayers;
    m_blocks = big ? findRepeatedBlocksAndSections(*m_analysis->model, kSectionLayers)
                   : findRepeatedBlocks(*m_analysis->model);
    m_expanded.clear();
    if (!big)
        for (int g = 0; g < static_cast<int>(m_blocks.groups.size()); ++g)
            m_expanded.insert(g);
    relayout();
}

void ModelGraphView::setGroupExpanded(int group, bool expanded)
{
    if (group < 0 || group >= static_cast<int>(m_blocks.groups.size()))
        return;
    const bool changed = expanded ? m_expanded.insert(group).second : m_expanded.erase(group) > 0;
    if (changed && m_analysis)
        relayout();
}

void ModelGraphView::setAllGroupsExpanded(bool expanded)
{
    std::set<int> all;
    if (expanded)
        for (int g = 0; g < static_cast<int>(m_blocks.groups.size()); ++g)
            all.insert(g);
    if (all == m_expanded)
        return;
    m_expanded = std::move(all);
    if (m_analysis)
        relayout();
}

void ModelGraphView::setLayerColors(const std::vector<QColor>& colors)
{
    m_layerColors = colors;
    applyColors();
}

void ModelGraphView::setOptions(const GraphOptions& options)
{
    const bool changed = options.computeOnly != m_options.computeOnly
        || options.foldChains != m_options.foldChains;
    m_options = options;
    QSignalBlocker b1(m_computeOnly), b2(m_fold);
    m_computeOnly->setChecked(options.computeOnly);
    m_fold->setChecked(options.foldChains);
    if (changed && m_analysis)
        relayout();
}

void ModelGraphView::fit()
{
    m_canvas->fit();
}

void ModelGraphView::relayout()
{
    m_laidOutModel = m_analysis->model;
    m_description
        = buildGraphDescription(*m_analysis->model, m_layerColors, m_options, m_blocks, m_expanded);
    QSignalBlocker blocker(m_collapse);
    m_collapse->setEnabled(!m_blocks.groups.empty());
    m_collapse->setChecked(!m_blocks.groups.empty() && m_expanded.empty());
    m_layoutPending = true;
    m_status->setText(tr("Laying out %1 nodes…").arg(m_description.nodes.size()));
    const uint64_t generation = ++m_generation;
    m_watcher.disconnect(this);
    connect(&m_watcher, &QFutureWatcherBase::finished, this,
        [this, generation] { onLayoutReady(generation); });
    m_watcher.setFuture(QtConcurrent::run([desc = m_description] { return layoutGraph(desc); }));
}

void ModelGraphView::onLayoutReady(uint64_t generation)
{
    if (generation != m_generation)
        return; // a newer layout is on its way
    GraphLayout layout = m_watcher.result();
    m_layoutPending = false;
    m_lastLayoutMs = layout.milliseconds;
    if (!layout.error.isEmpty()) {
        m_status->setText(layout.error);
    }
    else {
        buildScene(layout);
        const int collapsed = static_cast<int>(m_blocks.groups.size() - m_expanded.size());
        m_layoutStatus = tr("%1 nodes, %2 edges, layout %3 ms")
                             .arg(m_description.nodes.size())
                             .arg(m_description.edges.size())
                             .arg(layout.milliseconds, 0, 'f', 0);
        if (collapsed > 0)
            m_layoutStatus += tr(", %1 groups collapsed").arg(collapsed);
        m_status->setText(m_layoutStatus);
        showSelectionHint();
    }
    emit layoutFinished();
}

void ModelGraphView::buildScene(const GraphLayout& layout)
{
    m_scene->clear();
    m_items.clear();
    auto* edges = m_scene->addPath(layout.edges, QPen(QColor(0x70, 0x70, 0x70), 1.0));
    edges->setZValue(0);
    for (size_t i = 0; i < m_description.nodes.size(); ++i) {
        auto* item = new GraphNodeItem(static_cast<int>(i), layout.nodeRects[i],
            m_description.nodes[i].label, m_description.nodes[i].group >= 0);
        item->setToolTip(m_description.nodes[i].tooltip);
        item->setZValue(1);
        m_scene->addItem(item);
        m_items.push_back(item);
    }
    m_scene->setSceneRect(layout.bounds.adjusted(-20, -20, 20, 20));
    applyColors();
    applySelection();
    m_canvas->showStart();
    revealCurrent(); // a new layout (options, expanded groups) keeps the picked layer in view
}

void ModelGraphView::revealCurrent()
{
    const LayerId current = m_selection->current();
    if (current.model != m_modelId || current.layer < 0
        || current.layer >= static_cast<int>(m_description.nodeOfLayer.size()))
        return;
    const int node = m_description.nodeOfLayer[current.layer];
    if (node >= 0 && node < static_cast<int>(m_items.size()))
        m_canvas->ensureVisible(m_items[node], 40, 40);
}

void ModelGraphView::applyColors()
{
    if (!m_analysis || m_items.size() != m_description.nodes.size())
        return;
    for (size_t i = 0; i < m_items.size(); ++i)
        m_items[i]->setColor(nodeColor(*m_analysis->model, m_description.nodes[i], m_layerColors));
}

void ModelGraphView::applySelection()
{
    std::vector<bool> selected(m_items.size(), false);
    for (const auto& ref : m_selection->layers())
        if (ref.model == m_modelId && ref.layer >= 0
            && ref.layer < static_cast<int>(m_description.nodeOfLayer.size())) {
            int node = m_description.nodeOfLayer[ref.layer];
            if (node >= 0 && node < static_cast<int>(selected.size()))
                selected[node] = true;
        }
    for (size_t i = 0; i < m_items.size(); ++i)
        m_items[i]->setSelected(selected[i]);
}

void ModelGraphView::onNodeClicked(int node, Qt::KeyboardModifiers modifiers)
{
    m_selection->setSource(this);
    if (node < 0) {
        if (!(modifiers & Qt::ControlModifier))
            m_selection->clear();
        return;
    }
    QSet<LayerId> refs;
    for (int l : m_description.nodes[node].layers)
        refs.insert({ m_modelId, l });
    LayerId current { m_modelId, m_description.nodes[node].layers.front() };
    if (modifiers & Qt::ControlModifier) {
        m_selection->toggle(current);
        return;
    }
    m_selection->setLayers(refs, current);
}

bool ModelGraphView::isNodeHighlighted(int node) const
{
    return node >= 0 && node < static_cast<int>(m_items.size()) && m_items[node]->isSelected();
}

QRectF ModelGraphView::nodeRect(int node) const
{
    return node >= 0 && node < static_cast<int>(m_items.size()) ? m_items[node]->rect() : QRectF();
}

int ModelGraphView::groupOfNode(int node) const
{
    if (node < 0 || node >= static_cast<int>(m_description.nodes.size()))
        return -1;
    const GraphNodeDesc& desc = m_description.nodes[node];
    if (desc.group >= 0)
        return desc.group;
    const int layer = desc.layers.front();
    return layer < static_cast<int>(m_blocks.groupOfLayer.size()) ? m_blocks.groupOfLayer[layer]
                                                                  : -1;
}

void ModelGraphView::onNodeDoubleClicked(int node)
{
    const int group = groupOfNode(node);
    if (group >= 0)
        setGroupExpanded(group, !m_expanded.count(group));
}

void ModelGraphView::showNodeMenu(int node, const QPoint& globalPos)
{
    QMenu menu(this);
    const int group = groupOfNode(node);
    if (group >= 0) {
        const bool expanded = m_expanded.count(group) > 0;
        const QString name = QString::fromStdString(m_blocks.groups[group].name);
        menu.addAction(expanded ? tr("Collapse \u201c%1\u201d").arg(name)
                                : tr("Expand \u201c%1\u201d").arg(name),
            this, [this, group, expanded] { setGroupExpanded(group, !expanded); });
        menu.addSeparator();
    }
    menu.addAction(tr("Expand all groups"), this, [this] { setAllGroupsExpanded(true); })
        ->setEnabled(m_expanded.size() < m_blocks.groups.size());
    menu.addAction(tr("Collapse all groups"), this, [this] { setAllGroupsExpanded(false); })
        ->setEnabled(!m_expanded.empty());
    menu.exec(globalPos);
}

void ModelGraphView::showSelectionHint()
{
    const LayerId current = m_selection->current();
    const int node = current.model == m_modelId && current.layer >= 0
            && current.layer < static_cast<int>(m_description.nodeOfLayer.size())
        ? m_description.nodeOfLayer[current.layer]
        : -1;
    if (node < 0 || m_description.nodes[node].group < 0 || m_layoutPending) {
        if (!m_layoutPending)
            m_status->setText(m_layoutStatus);
        return;
    }
    const int g = m_description.nodes[node].group;
    const QString layer = QString::fromStdString(m_analysis->model->layers[current.layer].name);
    const QString group = QString::fromStdString(m_blocks.groups[g].name);
    m_status->setText(m_expanded.count(g)
            ? tr("%1 is one of the middle blocks of \u201c%2\u201d, drawn as one node")
                  .arg(layer, group)
            : tr("%1 is inside \u201c%2\u201d: double-click the group to expand it")
                  .arg(layer, group));
}

} // namespace mensa
