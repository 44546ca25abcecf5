#include "ModelGraphView.h"

#include <QCheckBox>
#include <QGraphicsItem>
#include <QGraphicsPathItem>
#include <QGraphicsScene>
#include <QHBoxLayout>
#include <QLabel>
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
    GraphNodeItem(int node, const QRectF& rect, QString label)
        : m_node(node)
        , m_rect(rect)
        , m_label(std::move(label))
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
    QRectF boundingRect() const override { return m_rect.adjusted(-3, -3, 3, 3); }
    void paint(QPainter* p, const QStyleOptionGraphicsItem* option, QWidget*) override
    {
        const qreal lod = option->levelOfDetailFromTransform(p->worldTransform());
        p->setPen(
            m_selected ? QPen(QColor(0xC0, 0x00, 0x30), 3) : QPen(QColor(0x40, 0x40, 0x40), 0.8));
        p->setBrush(m_color);
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
    // Tall graphs would shrink to unreadable: keep labels legible and start at the top.
    if (transform().m11() < 0.6) {
        setTransform(QTransform::fromScale(0.6, 0.6));
        centerOn(r.center().x(), r.top() + viewport()->height() / 1.2);
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
    for (QGraphicsItem* item : items(event->position().toPoint()))
        if (auto* node = dynamic_cast<GraphNodeItem*>(item)) {
            emit nodeClicked(node->node(), event->modifiers());
            return;
        }
    emit nodeClicked(-1, event->modifiers());
}

ModelGraphView::ModelGraphView(LayerSelection* selection, QWidget* parent)
    : QWidget(parent)
    , m_selection(selection)
    , m_canvas(new GraphCanvas(this))
    , m_scene(new QGraphicsScene(this))
    , m_computeOnly(new QCheckBox(tr("Compute layers only"), this))
    , m_fold(new QCheckBox(tr("Fold chains"), this))
    , m_status(new QLabel(this))
{
    m_canvas->setScene(m_scene);
    auto* fitButton = new QPushButton(tr("Fit"), this);
    auto* bar = new QHBoxLayout;
    bar->addWidget(fitButton);
    bar->addWidget(m_computeOnly);
    bar->addWidget(m_fold);
    bar->addStretch(1);
    m_status->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred); // never widens
    bar->addWidget(m_status);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->addLayout(bar);
    layout->addWidget(m_canvas, 1);
    connect(fitButton, &QPushButton::clicked, this, &ModelGraphView::fit);
    auto optionsEdited = [this] {
        setOptions({ m_computeOnly->isChecked(), m_fold->isChecked(), m_options.minChainLength });
        emit optionsChanged();
    };
    connect(m_computeOnly, &QCheckBox::toggled, this, optionsEdited);
    connect(m_fold, &QCheckBox::toggled, this, optionsEdited);
    connect(m_canvas, &GraphCanvas::nodeClicked, this, &ModelGraphView::onNodeClicked);
    connect(m_selection, &LayerSelection::changed, this, [this](QObject* source) {
        applySelection();
        if (source != this && m_selection->current().model == m_modelId) {
            int node
                = m_selection->current().layer < static_cast<int>(m_description.nodeOfLayer.size())
                    && m_selection->current().layer >= 0
                ? m_description.nodeOfLayer[m_selection->current().layer]
                : -1;
            if (node >= 0 && node < static_cast<int>(m_items.size()))
                m_canvas->ensureVisible(m_items[node], 40, 40);
        }
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
        m_laidOutModel.reset();
        m_status->setText(tr("No model"));
        return;
    }
    if (m_analysis->model != m_laidOutModel)
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
    m_description = buildGraphDescription(*m_analysis->model, m_layerColors, m_options);
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
        m_status->setText(tr("%1 nodes, %2 edges, layout %3 ms")
                              .arg(m_description.nodes.size())
                              .arg(m_description.edges.size())
                              .arg(layout.milliseconds, 0, 'f', 0));
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
        auto* item = new GraphNodeItem(
            static_cast<int>(i), layout.nodeRects[i], m_description.nodes[i].label);
        item->setToolTip(m_description.nodes[i].tooltip);
        item->setZValue(1);
        m_scene->addItem(item);
        m_items.push_back(item);
    }
    m_scene->setSceneRect(layout.bounds.adjusted(-20, -20, 20, 20));
    applyColors();
    applySelection();
    m_canvas->fit();
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

} // namespace mensa
