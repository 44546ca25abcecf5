#include "GanttView.h"

#include "AxisLimiter.h"
#include "AxisTooltips.h"
#include "CsvTable.h"
#include "FigureStyle.h"
#include "GanttBars.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QToolTip>
#include <QVBoxLayout>

#include <algorithm>
#include <set>

namespace mensa::views {

GanttView::GanttView(QWidget* parent)
    : FigureView(parent)
    , m_plot(new QCustomPlot(this))
{
    setFigureName("gantt");
    m_colourBox = new QComboBox(this);
    m_colourBox->addItems({ tr("Accelerator"), tr("Layer kind"), tr("Cluster") });
    auto* bar = new QHBoxLayout;
    bar->addWidget(new QLabel(tr("Colour by:"), this));
    bar->addWidget(m_colourBox);
    auto* reset = new QPushButton(tr("Reset view"), this);
    reset->setToolTip(tr("Show the whole schedule again (or double-click the chart)"));
    bar->addWidget(reset);
    bar->addStretch();
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(bar);
    layout->addWidget(m_plot, 1);
    connect(m_colourBox, &QComboBox::currentIndexChanged, this,
        [this](int i) { setColouring(static_cast<GanttColouring>(i)); });

    m_plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    m_plot->axisRect()->setRangeDrag(Qt::Horizontal);
    m_plot->axisRect()->setRangeZoom(Qt::Horizontal);
    m_plot->setMouseTracking(true);
    connect(m_plot, &QCustomPlot::mouseMove, this, &GanttView::onMouseMove);
    connect(m_plot, &QCustomPlot::mousePress, this, &GanttView::onMousePress);
    connect(m_plot, &QCustomPlot::mouseRelease, this, &GanttView::onMouseRelease);
    connect(m_plot, &QCustomPlot::mouseDoubleClick, this, [this] { resetView(); });
    connect(reset, &QPushButton::clicked, this, &GanttView::resetView);
    m_timeLimiter = new AxisLimiter(m_plot->xAxis);
    m_bars = new GanttBars(m_plot->xAxis, m_plot->yAxis);
    FigureStyle::placeLegendOnTop(m_plot, 6);
    m_plot->plotLayout()->insertRow(0);
    m_title
        = new QCPTextElement(m_plot, QString(), FigureStyle::font(FigureStyle::TextRole::Label));
    m_plot->plotLayout()->addElement(0, 0, m_title);
    m_plot->plotLayout()->setRowStretchFactor(0, 0.001);
    FigureStyle::apply(m_plot);
}

void GanttView::setInput(GanttInput input)
{
    m_input = std::move(input);
    m_title->setText(m_input.title);
    m_title->setVisible(!m_input.title.isEmpty());
    double end = 0;
    m_pipelined = false;
    for (const ScheduleEvent& e : m_input.schedule.events) {
        end = std::max(end, e.end);
        m_pipelined |= e.inference > 0;
    }
    const FigureStyle::Unit unit = FigureStyle::timeUnit(end > 0 ? end : 1e-3);
    m_timeFactor = unit.factor;
    m_timeUnit = unit.name;
    rebuild();
    m_timeLimiter->setLimits(QCPRange(0, end > 0 ? end * m_timeFactor * 1.01 : 1));
    m_plot->replot();
}

void GanttView::resetView()
{
    m_timeLimiter->reset();
    m_plot->replot();
}

QCPRange GanttView::timeLimits() const
{
    return m_timeLimiter->limits();
}

bool GanttView::highlightsThisModel() const
{
    return std::any_of(m_highlighted.begin(), m_highlighted.end(),
        [this](const LayerRef& ref) { return ref.model == m_input.modelKey; });
}

void GanttView::setColouring(GanttColouring colouring)
{
    m_colouring = colouring;
    if (m_colourBox->currentIndex() != static_cast<int>(colouring))
        m_colourBox->setCurrentIndex(static_cast<int>(colouring));
    rebuild();
    m_plot->replot();
}

void GanttView::setHighlightedLayers(const LayerSet& layers)
{
    m_highlighted = layers;
    rebuild();
    m_plot->replot();
}

QString GanttView::layerName(int layer) const
{
    if (layer >= 0 && layer < static_cast<int>(m_input.layers.size()))
        return m_input.layers[static_cast<size_t>(layer)].name;
    return QString("layer %1").arg(layer);
}

QColor GanttView::eventColour(const ScheduleEvent& event) const
{
    const auto& layers = m_input.layers;
    const bool known = event.layer >= 0 && event.layer < static_cast<int>(layers.size());
    QColor c(0x99, 0x99, 0x99);
    if (m_colouring == GanttColouring::Accelerator) {
        const auto& assignment = m_input.schedule.assignment;
        const auto& resources = m_input.schedule.resources;
        int accel = event.transfer || event.resource < 0
            ? -1
            : resources[static_cast<size_t>(event.resource)].accelerator;
        if (event.transfer && event.layer >= 0 && event.layer < static_cast<int>(assignment.size()))
            accel = assignment[static_cast<size_t>(event.layer)];
        // A layer takes its own row's colour (an accelerator, or the host CPU behind one); a
        // transfer its producer's accelerator's.
        int slot = 0; // the row's place among the accelerator rows
        bool found = false;
        for (size_t r = 0; r < resources.size() && !found; ++r) {
            if (resources[r].isLink)
                continue;
            found = event.transfer ? resources[r].accelerator == accel : int(r) == event.resource;
            if (found)
                c = FigureStyle::acceleratorColor(QString::fromStdString(resources[r].name), slot);
            ++slot;
        }
    }
    else if (known && m_colouring == GanttColouring::LayerKind) {
        c = FigureStyle::kindColor(layers[static_cast<size_t>(event.layer)].kind);
    }
    else if (known) {
        c = FigureStyle::clusterColor(layers[static_cast<size_t>(event.layer)].cluster);
    }
    return c;
}

void GanttView::rebuild()
{
    const auto& events = m_input.schedule.events;
    std::vector<GanttBars::Bar> bars;
    bars.reserve(events.size());
    // In a fully serial schedule every event is critical: outlining all of them says nothing.
    const bool outlineCritical = !allCritical();
    // A selection in another model leaves this schedule as it is.
    const bool fade = highlightsThisModel();
    for (size_t i = 0; i < events.size(); ++i) {
        const ScheduleEvent& e = events[i];
        GanttBars::Bar b;
        b.start = e.start * m_timeFactor;
        b.end = e.end * m_timeFactor;
        b.row = e.resource;
        b.fill = eventColour(e);
        b.label = e.transfer ? QString() : layerName(e.layer);
        b.outlined = e.critical && outlineCritical;
        b.heightScale = e.transfer ? 0.5 : 1.0;
        b.faded = fade && !m_highlighted.contains(LayerRef { m_input.modelKey, e.layer });
        b.id = static_cast<int>(i);
        bars.push_back(std::move(b));
    }
    m_bars->setBars(std::move(bars));
    setupAxes();
    addLegend();
}

void GanttView::setupAxes()
{
    auto ticker = QSharedPointer<QCPAxisTickerText>::create();
    const auto& resources = m_input.schedule.resources;
    for (size_t i = 0; i < resources.size(); ++i)
        ticker->addTick(static_cast<double>(i),
            FigureStyle::displayName(QString::fromStdString(resources[i].name)));
    m_plot->yAxis->setTicker(ticker);
    m_plot->yAxis->setRangeReversed(true);
    m_plot->yAxis->setRange(-0.6, std::max<double>(1, static_cast<double>(resources.size())) - 0.4);
    m_plot->yAxis->grid()->setVisible(false);
    m_plot->yAxis->setSubTicks(false);
    m_plot->yAxis->setTickLength(0, 0);
    m_plot->xAxis->setLabel(FigureStyle::axisLabel(tr("Time"), m_timeUnit));
    AxisTooltips::set(m_plot->xAxis, "scheduleTime");
}

void GanttView::addLegend()
{
    for (int i = m_plot->plottableCount() - 1; i >= 0; --i)
        if (m_plot->plottable(i) != m_bars)
            m_plot->removePlottable(i);
    m_bars->removeFromLegend();
    std::vector<std::pair<QString, QColor>> entries;
    const auto& schedule = m_input.schedule;
    if (m_colouring == GanttColouring::Accelerator) {
        int slot = 0;
        for (const ScheduleResource& r : schedule.resources)
            if (!r.isLink)
                entries.emplace_back(FigureStyle::displayName(QString::fromStdString(r.name)),
                    FigureStyle::acceleratorColor(QString::fromStdString(r.name), slot++));
    }
    else {
        std::set<int> used; // kind families or clusters present, in a stable order
        for (const ScheduleEvent& e : schedule.events)
            if (e.layer >= 0 && e.layer < static_cast<int>(m_input.layers.size())) {
                const GanttLayerInfo& info = m_input.layers[static_cast<size_t>(e.layer)];
                used.insert(m_colouring == GanttColouring::LayerKind
                        ? static_cast<int>(
                            FigureStyle::kindFamilies().indexOf(FigureStyle::kindFamily(info.kind)))
                        : info.cluster);
            }
        for (int key : used) {
            if (m_colouring == GanttColouring::LayerKind) {
                const QString family = FigureStyle::kindFamilies().value(key);
                entries.emplace_back(family, FigureStyle::kindFamilyColor(family));
            }
            else {
                const QString name = key < 0
                    ? tr("Unclustered")
                    : m_input.clusterNames.value(key, tr("Cluster %1").arg(key));
                entries.emplace_back(name, FigureStyle::clusterColor(key));
            }
        }
    }
    for (const auto& [name, colour] : entries)
        FigureStyle::addLegendEntry(m_plot, name, colour);
    if (allCritical())
        FigureStyle::addLegendEntry(m_plot, tr("all on the critical path"), Qt::NoBrush, Qt::NoPen);
    else if (std::any_of(schedule.events.begin(), schedule.events.end(),
                 [](const auto& e) { return e.critical; }))
        FigureStyle::addLegendEntry(
            m_plot, tr("Critical path"), Qt::white, QPen(QColor(0x20, 0x20, 0x20), 1.6));
}

bool GanttView::allCritical() const
{
    const auto& events = m_input.schedule.events;
    return !events.empty()
        && std::all_of(events.begin(), events.end(), [](const auto& e) { return e.critical; });
}

int GanttView::markCount() const
{
    return static_cast<int>(m_bars->bars().size());
}

QSizeF GanttView::defaultExportSize() const
{
    const double rows = static_cast<double>(m_input.schedule.resources.size());
    return { 7.0, std::clamp(1.3 + 0.45 * rows, 2.2, 8.0) };
}

QString GanttView::eventDescription(int eventIndex) const
{
    const auto& events = m_input.schedule.events;
    if (eventIndex < 0 || eventIndex >= static_cast<int>(events.size()))
        return {};
    const ScheduleEvent& e = events[static_cast<size_t>(eventIndex)];
    const auto& resources = m_input.schedule.resources;
    const QString resource = e.resource >= 0 && e.resource < static_cast<int>(resources.size())
        ? FigureStyle::displayName(
            QString::fromStdString(resources[static_cast<size_t>(e.resource)].name))
        : QString();
    const auto t
        = [this](double s) { return QString::number(s * m_timeFactor, 'g', 4) + ' ' + m_timeUnit; };
    QString text
        = QString("%1%2 on %3\n")
              .arg(e.transfer ? tr("Transfer of ") : QString(), layerName(e.layer), resource);
    text += tr("start %1, end %2 (%3)").arg(t(e.start), t(e.end), t(e.end - e.start));
    text += tr("\nenergy %1 µJ").arg(QString::number(e.joules * 1e6, 'g', 4));
    if (m_pipelined)
        text += tr("\ninference %1").arg(e.inference);
    if (e.critical)
        text += tr("\non the critical path");
    return text;
}

void GanttView::onMouseMove(QMouseEvent* event)
{
    const GanttBars::Bar* bar = m_bars->barAt(event->position());
    if (bar)
        QToolTip::showText(event->globalPosition().toPoint(), eventDescription(bar->id), m_plot);
    else
        QToolTip::hideText();
}

void GanttView::onMousePress(QMouseEvent* event)
{
    m_pressPos = event->position();
    if (const GanttBars::Bar* bar = m_bars->barAt(event->position())) {
        const ScheduleEvent& e = m_input.schedule.events[static_cast<size_t>(bar->id)];
        emit layerClicked(LayerRef { m_input.modelKey, e.layer });
    }
}

void GanttView::onMouseRelease(QMouseEvent* event)
{
    const bool click = (event->position() - m_pressPos).manhattanLength() < 4;
    if (click && event->button() == Qt::LeftButton && !m_bars->barAt(event->position()))
        emit emptySpaceClicked();
}

QString GanttView::csv() const
{
    CsvTable table({ "model", "resource", "layer", "layer_name", "inference", "transfer", "start_s",
        "end_s", "joules", "critical" });
    const auto& resources = m_input.schedule.resources;
    for (const ScheduleEvent& e : m_input.schedule.events) {
        const QString resource = e.resource >= 0 && e.resource < static_cast<int>(resources.size())
            ? QString::fromStdString(resources[static_cast<size_t>(e.resource)].name)
            : QString();
        table.row({ m_input.model, resource, QString::number(e.layer), layerName(e.layer),
            QString::number(e.inference), e.transfer ? "1" : "0", CsvTable::number(e.start),
            CsvTable::number(e.end), CsvTable::number(e.joules), e.critical ? "1" : "0" });
    }
    return table.toString();
}

} // namespace mensa::views
