#include "ScatterPlotView.h"

#include "AxisLimiter.h"
#include "AxisTooltips.h"
#include "DistinctLogTicker.h"
#include "GlossaryText.h"
#include "session/LayerFields.h"

#include <qcustomplot.h>

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QToolButton>
#include <QToolTip>
#include <QVBoxLayout>

namespace mensa {

namespace {

// A pre-rendered antialiased disc: drawing pixmaps is far cheaper than 10k vector circles.
QPixmap discPixmap(const QColor& fill, int size, const QColor& outline)
{
    QPixmap pm(size, size);
    pm.fill(Qt::transparent);
    QPainter p(&pm);
    p.setRenderHint(QPainter::Antialiasing);
    p.setPen(QPen(outline, 1));
    p.setBrush(fill);
    p.drawEllipse(QRectF(0.5, 0.5, size - 1, size - 1));
    return pm;
}

void configureAxis(QCPAxis* axis, const LayerField& field, bool log)
{
    axis->setLabel(field.axisLabel());
    views::AxisTooltips::set(axis, field.key);
    if (log) {
        axis->setScaleType(QCPAxis::stLogarithmic);
        QSharedPointer<views::DistinctLogTicker> ticker(new views::DistinctLogTicker);
        axis->setTicker(ticker);
        axis->setNumberFormat("eb");
        axis->setNumberPrecision(0);
    }
    else {
        axis->setScaleType(QCPAxis::stLinear);
        axis->setTicker(QSharedPointer<QCPAxisTicker>(new QCPAxisTicker));
        axis->setNumberFormat("gb");
        axis->setNumberPrecision(3);
    }
}

} // namespace

ScatterPlotView::ScatterPlotView(LayerSelection* selection, QWidget* parent)
    : QWidget(parent)
    , m_selection(selection)
    , m_plot(new QCustomPlot(this))
    , m_x(new QComboBox(this))
    , m_y(new QComboBox(this))
    , m_xLog(new QCheckBox(tr("log"), this))
    , m_yLog(new QCheckBox(tr("log"), this))
    , m_note(new QLabel(this))
{
    populateAxisCombos();
    for (QComboBox* box : { m_x, m_y }) { // long axis names elide instead of widening the dock
        box->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
        box->setMinimumContentsLength(9);
        box->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed); // grows when it can
    }
    m_note->setMinimumWidth(1); // shrinks (clipped) before the dock has to widen
    auto* bar = new QHBoxLayout;
    bar->addWidget(new QLabel(tr("X:"), this));
    bar->addWidget(m_x);
    bar->addWidget(m_xLog);
    bar->addSpacing(12);
    bar->addWidget(new QLabel(tr("Y:"), this));
    bar->addWidget(m_y);
    bar->addWidget(m_yLog);
    bar->addWidget(m_note);
    auto* reset = new QToolButton(this);
    reset->setText(tr("Reset view"));
    reset->setToolTip(tr("Show every point again (or double-click the plot)"));
    bar->addWidget(reset);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->addLayout(bar);
    layout->addWidget(m_plot, 1);

    m_plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    m_plot->setPlottingHints(QCP::phFastPolylines | QCP::phCacheLabels);
    m_plot->setNoAntialiasingOnDrag(true);
    m_plot->setSelectionRectMode(QCP::srmNone);
    m_plot->legend->setVisible(true);
    m_plot->legend->setFont(QFont(font().family(), 8));
    m_plot->legend->setBrush(QColor(255, 255, 255, 210));
    // Legend in its own column right of the axes, so it never hides points.
    m_plot->axisRect()->insetLayout()->take(m_plot->legend);
    auto* legendColumn = new QCPLayoutGrid;
    m_plot->plotLayout()->addElement(0, 1, legendColumn);
    legendColumn->addElement(0, 0, m_plot->legend);
    legendColumn->addElement(1, 0, new QCPLayoutElement(m_plot));
    legendColumn->setRowStretchFactors({ 0.001, 1 });
    legendColumn->setMargins(QMargins(0, 12, 6, 0));
    m_plot->plotLayout()->setColumnStretchFactor(1, 0.001);
    m_plot->setMouseTracking(true);
    m_plot->addLayer("highlight", m_plot->layer("main"), QCustomPlot::limAbove);
    m_selectedGraph = m_plot->addGraph();
    m_selectedGraph->setLayer("highlight");
    m_selectedGraph->setLineStyle(QCPGraph::lsNone);
    m_selectedGraph->setScatterStyle(
        QCPScatterStyle(QCPScatterStyle::ssCircle, QPen(Qt::black, 2.5), Qt::NoBrush, 11));
    m_selectedGraph->setName(tr("selected"));
    m_selectedGraph->removeFromLegend();

    m_xLimiter = new views::AxisLimiter(m_plot->xAxis);
    m_yLimiter = new views::AxisLimiter(m_plot->yAxis);
    m_xLog->setChecked(true);
    m_yLog->setChecked(true);
    setAxes("macs", "paramBytes", true, true);
    auto edited = [this] {
        configureAxes();
        rebuild();
        emit axesChanged();
    };
    connect(m_x, &QComboBox::currentIndexChanged, this, edited);
    connect(m_y, &QComboBox::currentIndexChanged, this, edited);
    connect(m_xLog, &QCheckBox::toggled, this, edited);
    connect(m_yLog, &QCheckBox::toggled, this, edited);
    connect(m_plot, &QCustomPlot::mouseMove, this, &ScatterPlotView::onMouseMove);
    connect(m_plot, &QCustomPlot::mousePress, this, &ScatterPlotView::onMousePress);
    connect(m_plot, &QCustomPlot::mouseRelease, this, &ScatterPlotView::onMouseRelease);
    connect(reset, &QToolButton::clicked, this, &ScatterPlotView::resetView);
    connect(m_plot, &QCustomPlot::mouseDoubleClick, this, &ScatterPlotView::resetView);
    connect(m_plot->selectionRect(), &QCPSelectionRect::accepted, this,
        &ScatterPlotView::onBoxSelected);
    connect(m_selection, &LayerSelection::changed, this, [this] { applySelection(); });
}

void ScatterPlotView::populateAxisCombos()
{
    for (const auto& f : layerFields()) {
        m_x->addItem(f.axisLabel(), f.key);
        m_y->addItem(f.axisLabel(), f.key);
        m_x->setItemData(m_x->count() - 1, views::glossaryTooltip(f.key), Qt::ToolTipRole);
        m_y->setItemData(m_y->count() - 1, views::glossaryTooltip(f.key), Qt::ToolTipRole);
    }
}

void ScatterPlotView::setAxes(const QString& xField, const QString& yField, bool xLog, bool yLog)
{
    {
        QSignalBlocker b1(m_x), b2(m_y), b3(m_xLog), b4(m_yLog);
        int xi = m_x->findData(xField), yi = m_y->findData(yField);
        if (xi >= 0)
            m_x->setCurrentIndex(xi);
        if (yi >= 0)
            m_y->setCurrentIndex(yi);
        m_xLog->setChecked(xLog);
        m_yLog->setChecked(yLog);
    }
    configureAxes();
    rebuild();
}

QString ScatterPlotView::xField() const
{
    return m_x->currentData().toString();
}
QString ScatterPlotView::yField() const
{
    return m_y->currentData().toString();
}
bool ScatterPlotView::xLog() const
{
    return m_xLog->isChecked();
}
bool ScatterPlotView::yLog() const
{
    return m_yLog->isChecked();
}

void ScatterPlotView::configureAxes()
{
    const auto& fields = layerFields();
    configureAxis(m_plot->xAxis, fields[std::max(0, layerFieldIndex(xField()))], xLog());
    configureAxis(m_plot->yAxis, fields[std::max(0, layerFieldIndex(yField()))], yLog());
}

void ScatterPlotView::setSources(std::vector<ScatterSource> sources)
{
    m_sources = std::move(sources);
    rebuild();
}

void ScatterPlotView::setDesign(const QString& design)
{
    m_design = design;
    rebuild();
}

void ScatterPlotView::setColorBy(ColorBy by)
{
    m_colorBy = by;
    rebuild();
}

void ScatterPlotView::rebuild()
{
    const auto& fields = layerFields();
    const int xi = layerFieldIndex(xField()), yi = layerFieldIndex(yField());
    std::vector<ColoringInput> inputs;
    for (size_t m = 0; m < m_sources.size(); ++m)
        if (m_sources[m].analysis)
            inputs.push_back({ m_sources[m].analysis.get(),
                m_sources[m].analysis->design(m_design.toStdString()), m_sources[m].modelName,
                static_cast<int>(m) });
    LayerColoring coloring = colorLayers(inputs, m_colorBy);
    m_points.clear();
    int hidden = 0;
    for (size_t m = 0, s = 0; s < m_sources.size(); ++s) {
        if (!m_sources[s].analysis)
            continue;
        const ModelAnalysis& a = *m_sources[s].analysis;
        const int layers = static_cast<int>(a.model->layers.size());
        for (int i = 0; i < layers; ++i) {
            auto x = layerFieldValue(fields[xi], a, inputs[m].design, i);
            auto y = layerFieldValue(fields[yi], a, inputs[m].design, i);
            if (!x || !y || (xLog() && *x <= 0) || (yLog() && *y <= 0)) {
                ++hidden;
                continue;
            }
            m_points.push_back({ *x, *y, { m_sources[s].modelId, i }, coloring.groupOf[m][i] });
        }
        ++m;
    }
    for (QCPGraph* g : m_groupGraphs)
        m_plot->removeGraph(g);
    m_groupGraphs.clear();
    std::vector<QVector<QCPGraphData>> data(coloring.names.size());
    for (const auto& p : m_points)
        data[p.group].append(QCPGraphData(p.x, p.y));
    for (int g = 0; g < coloring.names.size(); ++g) {
        QCPGraph* graph = m_plot->addGraph();
        graph->setName(QString("%1 (%2)").arg(coloring.names[g]).arg(data[g].size()));
        graph->setLineStyle(QCPGraph::lsNone);
        QColor fill = coloring.colors[g];
        fill.setAlpha(200);
        graph->setScatterStyle(
            QCPScatterStyle(discPixmap(fill, 9, coloring.colors[g].darker(150))));
        graph->setPen(QPen(coloring.colors[g]));
        graph->data()->set(data[g], false);
        if (data[g].isEmpty())
            graph->removeFromLegend();
        m_groupGraphs.push_back(graph);
    }
    m_xLimiter->clear();
    m_yLimiter->clear();
    m_plot->rescaleAxes();
    auto pad = [](QCPAxis* axis) {
        QCPRange r = axis->range();
        if (axis->scaleType() == QCPAxis::stLogarithmic)
            axis->setRange(r.lower / 1.6, r.upper * 1.6);
        else
            axis->setRange(r.lower - 0.05 * r.size() - 1e-9, r.upper + 0.05 * r.size() + 1e-9);
    };
    pad(m_plot->xAxis);
    pad(m_plot->yAxis);
    m_xLimiter->setLimits(m_plot->xAxis->range()); // zoom and pan stay around the points
    m_yLimiter->setLimits(m_plot->yAxis->range());
    // Short enough for the dock's bar; the tooltip says why points are missing.
    const int shown = int(m_points.size()), all = shown + hidden;
    m_note->setText(hidden ? tr("%1 of %2 shown").arg(shown).arg(all) : tr("%1 points").arg(shown));
    m_note->setToolTip(hidden
            ? tr("%1 of %2 layers are not drawn: they have no value%3")
                  .arg(hidden)
                  .arg(all)
                  .arg(xLog() || yLog() ? tr(", or one ≤ 0 on a log axis") : QString())
            : m_note->text());
    applySelection();
}

void ScatterPlotView::resetView()
{
    m_xLimiter->reset();
    m_yLimiter->reset();
    m_plot->replot();
}

void ScatterPlotView::applySelection()
{
    QVector<QCPGraphData> sel;
    for (const auto& p : m_points)
        if (m_selection->contains(p.ref))
            sel.append(QCPGraphData(p.x, p.y));
    m_selectedGraph->data()->set(sel, false);
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

int ScatterPlotView::pointAt(const QPointF& pixel, double radius) const
{
    int best = -1;
    double bestD = radius * radius;
    for (size_t i = 0; i < m_points.size(); ++i) {
        double dx = m_plot->xAxis->coordToPixel(m_points[i].x) - pixel.x();
        double dy = m_plot->yAxis->coordToPixel(m_points[i].y) - pixel.y();
        double d = dx * dx + dy * dy;
        if (d <= bestD) {
            bestD = d;
            best = static_cast<int>(i);
        }
    }
    return best;
}

void ScatterPlotView::onMouseMove(QMouseEvent* event)
{
    if (event->buttons() != Qt::NoButton)
        return;
    int i = pointAt(event->position(), 8);
    if (i < 0) {
        QToolTip::hideText();
        return;
    }
    const Point& p = m_points[i];
    QString name;
    for (const auto& s : m_sources)
        if (s.modelId == p.ref.model && s.analysis)
            name = QString::fromStdString(s.analysis->model->layers[p.ref.layer].name)
                + (m_sources.size() > 1 ? " (" + s.modelName + ")" : QString());
    const QString text = QString("<b>%1</b><br>%2: %3<br>%4: %5")
                             .arg(name.toHtmlEscaped(), m_plot->xAxis->label(), formatQuantity(p.x),
                                 m_plot->yAxis->label(), formatQuantity(p.y));
    QToolTip::showText(event->globalPosition().toPoint(), text, m_plot);
}

void ScatterPlotView::onMousePress(QMouseEvent* event)
{
    m_pressPos = event->position().toPoint();
    // Ctrl+drag draws a selection box; a plain drag pans.
    m_plot->setSelectionRectMode(
        event->modifiers() & Qt::ControlModifier ? QCP::srmCustom : QCP::srmNone);
}

void ScatterPlotView::onMouseRelease(QMouseEvent* event)
{
    if ((event->position().toPoint() - m_pressPos).manhattanLength() > 4)
        return;
    int i = pointAt(event->position(), 8);
    m_selection->setSource(this);
    if (i < 0) {
        if (!(event->modifiers() & Qt::ControlModifier))
            m_selection->clear();
        return;
    }
    if (event->modifiers() & Qt::ControlModifier)
        m_selection->toggle(m_points[i].ref);
    else
        m_selection->select(m_points[i].ref);
}

void ScatterPlotView::onBoxSelected(const QRect& rect, QMouseEvent* event)
{
    (void)event;
    QSet<LayerId> refs = m_selection->layers();
    const QRectF r = QRectF(rect).normalized();
    for (const auto& p : m_points)
        if (r.contains(m_plot->xAxis->coordToPixel(p.x), m_plot->yAxis->coordToPixel(p.y)))
            refs.insert(p.ref);
    m_selection->setSource(this);
    m_selection->setLayers(refs);
    m_plot->setSelectionRectMode(QCP::srmNone);
}

} // namespace mensa
