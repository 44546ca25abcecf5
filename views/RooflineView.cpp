#include "RooflineView.h"

#include "AxisTooltips.h"
#include "CsvTable.h"
#include "FigureStyle.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <map>
#include <tuple>

namespace mensa::views {
namespace {

constexpr double kGiga = 1e9;
constexpr MemoryLevel kLevels[] = { MemoryLevel::Memory, MemoryLevel::Buffer };

double floorPow10(double v)
{
    return std::pow(10.0, std::floor(std::log10(v)));
}

double ceilPow10(double v)
{
    return std::pow(10.0, std::ceil(std::log10(v)));
}

QString rateText(double opsPerSecond)
{
    return opsPerSecond >= 1e12 ? QString("%1 Top/s").arg(opsPerSecond / 1e12, 0, 'g', 3)
                                : QString("%1 Gop/s").arg(opsPerSecond / 1e9, 0, 'g', 3);
}

QString bandwidthText(double bytesPerSecond)
{
    return QString("%1 GB/s").arg(bytesPerSecond / 1e9, 0, 'g', 3);
}

QString levelText(MemoryLevel level)
{
    return level == MemoryLevel::Memory ? QObject::tr("memory") : QObject::tr("on-chip buffer");
}

// Shapes that take a fill: a disc is always filled with the pen colour, so circles stand in.
QCPScatterStyle::ScatterShape markerShape(int familyIndex)
{
    const auto shape = FigureStyle::markerShape(familyIndex);
    return shape == QCPScatterStyle::ssDisc ? QCPScatterStyle::ssCircle : shape;
}

QString tooltipOf(const RooflinePoint& p)
{
    const LayerRooflinePoint& v = p.values;
    QString text = QString("%1 (%2)\n%3").arg(p.layerName, p.model, rateText(v.opsPerSecond));
    if (v.steps > 1)
        text += QObject::tr(" per time step (%1 steps)").arg(v.steps);
    for (MemoryLevel level : kLevels)
        if (v.intensity(level) > 0)
            text += QString("\n%1: %2 op/B")
                        .arg(levelText(level))
                        .arg(v.intensity(level), 0, 'g', 3);
    return text;
}

} // namespace

RooflineView::RooflineView(QWidget* parent)
    : FigureView(parent)
    , m_plot(new QCustomPlot(this))
{
    setFigureName("roofline");
    m_accelBox = new QComboBox(this);
    auto* bar = new QHBoxLayout;
    bar->addWidget(new QLabel(tr("Accelerator:"), this));
    bar->addWidget(m_accelBox);
    bar->addStretch();
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(bar);
    layout->addWidget(m_plot, 1);
    connect(m_accelBox, &QComboBox::activated, this, [this](int i) { setAccelerator(i - 1); });
    enablePointPicking([this](const QPointF& pixel) { return pointAt(pixel); },
        [this](int i) {
            return LayerRef { m_points[size_t(i)].modelKey, m_points[size_t(i)].values.layer };
        },
        [this](int i) { return tooltipOf(m_points[size_t(i)]); });
    FigureStyle::placeLegendOnTop(m_plot, 3);
    FigureStyle::apply(m_plot);
}

void RooflineView::setData(
    std::vector<RooflineAccelerator> accelerators, std::vector<RooflinePoint> points)
{
    m_accelerators = std::move(accelerators);
    m_points = std::move(points);
    m_accelBox->clear();
    m_accelBox->addItem(tr("All"));
    for (const auto& a : m_accelerators)
        m_accelBox->addItem(FigureStyle::displayName(a.name));
    if (m_accelerator >= static_cast<int>(m_accelerators.size()))
        m_accelerator = -1;
    m_accelBox->setCurrentIndex(m_accelerator + 1);
    rebuild();
}

void RooflineView::setAccelerator(int index)
{
    m_accelerator = index >= 0 && index < static_cast<int>(m_accelerators.size()) ? index : -1;
    m_accelBox->setCurrentIndex(m_accelerator + 1);
    rebuild();
}

void RooflineView::setHighlightedLayers(const LayerSet& layers)
{
    m_highlighted = layers;
    rebuild();
}

bool RooflineView::shown(const RooflinePoint& p) const
{
    const int a = p.values.accelerator;
    return (m_accelerator < 0 || a == m_accelerator) && a >= 0
        && a < static_cast<int>(m_accelerators.size()) && p.values.opsPerSecond > 0;
}

// A layer has a mark at a level when bytes cross it and the accelerator has that roof.
bool RooflineView::shownAt(const RooflinePoint& p, MemoryLevel level) const
{
    return shown(p) && p.values.intensity(level) > 0
        && m_accelerators[static_cast<size_t>(p.values.accelerator)].roofs.roof(level);
}

void RooflineView::rebuild()
{
    m_plot->clearPlottables();
    m_plot->clearItems();
    m_markCount = 0;
    double xLo = 1e300, xHi = 0, yLo = 1e300, yHi = 0;
    for (const RooflinePoint& p : m_points)
        for (MemoryLevel level : kLevels)
            if (shownAt(p, level)) {
                xLo = std::min(xLo, p.values.intensity(level));
                xHi = std::max(xHi, p.values.intensity(level));
                yLo = std::min(yLo, p.values.opsPerSecond);
            }
    for (size_t a = 0; a < m_accelerators.size(); ++a)
        if (m_accelerator < 0 || static_cast<int>(a) == m_accelerator) {
            const AcceleratorRoofs& roofs = m_accelerators[a].roofs;
            for (const MemoryRoof& m : roofs.memories) {
                xLo = std::min(xLo, roofs.ridge(m.level) / 10);
                xHi = std::max(xHi, roofs.ridge(m.level) * 10);
            }
            yHi = std::max(yHi, roofs.peakOpsPerSecond);
        }
    if (yHi <= 0 || xHi <= 0) { // nothing to show: an empty but valid frame
        xLo = 0.1, xHi = 1000, yLo = 1e9, yHi = 1e12;
    }
    xLo = floorPow10(xLo);
    xHi = ceilPow10(xHi * 1.01);
    yLo = floorPow10(std::min(yLo, yHi / 1e3));
    yHi = ceilPow10(yHi * 1.5);
    for (size_t a = 0; a < m_accelerators.size(); ++a)
        if (m_accelerator < 0 || static_cast<int>(a) == m_accelerator)
            addRoofs(static_cast<int>(a), xLo, xHi);
    addPoints();
    addLevelKeys();
    addHighlights();
    setupAxes(xLo, xHi, yLo, yHi);
    m_plot->replot();
}

// The peak and one slanted roof per memory level: solid for the memory, dashed for the
// buffer. Each line rises along its bandwidth up to its ridge, then runs flat at the peak.
void RooflineView::addRoofs(int index, double xLo, double xHi)
{
    const RooflineAccelerator& acc = m_accelerators[static_cast<size_t>(index)];
    const AcceleratorRoofs& roofs = acc.roofs;
    if (roofs.peakOpsPerSecond <= 0)
        return;
    const bool several = severalShown();
    const double peak = roofs.peakOpsPerSecond / kGiga;
    for (const MemoryRoof& m : roofs.memories) {
        if (m.bytesPerSecond <= 0)
            continue;
        const double ridge = std::clamp(roofs.ridge(m.level), xLo, xHi);
        QCPGraph* roof = m_plot->addGraph();
        const QString level
            = QString("%1 %2").arg(QString::fromStdString(m.name), bandwidthText(m.bytesPerSecond));
        const QString prefix = several ? FigureStyle::displayName(acc.name) + ": " : QString();
        // Alone, the peak is written on its roof; together, in the legend.
        roof->setName(several && m.level == MemoryLevel::Memory
                ? prefix + tr("peak %1, %2").arg(rateText(roofs.peakOpsPerSecond), level)
                : prefix + level);
        QPen pen(roofColour(index), 1.8);
        if (m.level == MemoryLevel::Buffer)
            pen.setDashPattern({ 5, 3 });
        roof->setPen(pen);
        roof->setData(
            { xLo, ridge, xHi }, { std::min(peak, m.bytesPerSecond * xLo / kGiga), peak, peak });
    }
    if (!several) {
        auto* label = new QCPItemText(m_plot);
        label->setPositionAlignment(Qt::AlignRight | Qt::AlignBottom);
        label->position->setCoords(xHi / 1.3, peak * 1.08);
        label->setText(tr("peak %1").arg(rateText(roofs.peakOpsPerSecond)));
        label->setFont(FigureStyle::font(FigureStyle::TextRole::Annotation));
        label->setColor(roofColour(index));
    }
}

bool RooflineView::severalShown() const
{
    return m_accelerator < 0 && m_accelerators.size() > 1;
}

QColor RooflineView::roofColour(int index) const
{
    // Alone, the roofs are dark so the kind colours of the points stand out; together, each
    // accelerator's roofs and points share its colour.
    return severalShown()
        ? FigureStyle::acceleratorColor(m_accelerators[static_cast<size_t>(index)].name)
        : QColor(0x30, 0x30, 0x30);
}

void RooflineView::addPoints()
{
    // One graph per (accelerator, kind family, level). With one accelerator, colour = kind
    // family; with several, colour = accelerator and marker shape = kind family.
    std::map<std::tuple<int, int, int>, QCPGraph*> graphs;
    QSet<QString> inLegend;
    for (MemoryLevel level : { MemoryLevel::Buffer, MemoryLevel::Memory })
        for (const RooflinePoint& p : m_points) {
            if (!shownAt(p, level))
                continue;
            const int familyIndex = static_cast<int>(
                FigureStyle::kindFamilies().indexOf(FigureStyle::kindFamily(p.kind)));
            QCPGraph*& g = graphs[{ p.values.accelerator, familyIndex, static_cast<int>(level) }];
            if (!g)
                g = addPointGraph(p.values.accelerator, familyIndex, level, inLegend);
            g->addData(p.values.intensity(level), p.values.opsPerSecond / kGiga);
            ++m_markCount;
        }
}

QCPGraph* RooflineView::addPointGraph(
    int accelerator, int familyIndex, MemoryLevel level, QSet<QString>& inLegend)
{
    const bool several = severalShown();
    const QString family = FigureStyle::kindFamilies().value(familyIndex);
    QCPGraph* g = m_plot->addGraph();
    g->setLineStyle(QCPGraph::lsNone);
    const QColor c = several
        ? FigureStyle::acceleratorColor(m_accelerators[static_cast<size_t>(accelerator)].name)
        : FigureStyle::kindFamilyColor(family);
    const auto shape = markerShape(several ? familyIndex : 0);
    const QBrush fill = level == MemoryLevel::Memory
        ? QBrush(QColor(c.red(), c.green(), c.blue(), 170))
        : QBrush(Qt::NoBrush);
    // Hollow buffer marks are larger, so a layer whose two intensities coincide shows a ring
    // around a dot.
    const bool memory = level == MemoryLevel::Memory;
    g->setScatterStyle(
        QCPScatterStyle(shape, QPen(c.darker(115), memory ? 1.0 : 1.5), fill, memory ? 6 : 9));
    g->setName(family);
    g->removeFromLegend();
    if (!inLegend.contains(family)) { // one legend key per family, drawn filled
        QCPGraph* key = m_plot->addGraph();
        key->setLineStyle(QCPGraph::lsNone);
        key->setScatterStyle(several
                ? QCPScatterStyle(shape, QColor(0x40, 0x40, 0x40), QColor(0x90, 0x90, 0x90), 7)
                : QCPScatterStyle(
                    shape, c.darker(115), QColor(c.red(), c.green(), c.blue(), 170), 7));
        key->setName(family);
    }
    inLegend.insert(family);
    return g;
}

// Legend keys for the two marks of a layer: filled at the memory, hollow at the buffer.
void RooflineView::addLevelKeys()
{
    for (MemoryLevel level : kLevels) {
        const bool any = std::any_of(m_points.begin(), m_points.end(),
            [&](const RooflinePoint& p) { return shownAt(p, level); });
        if (!any)
            continue;
        QCPGraph* key = m_plot->addGraph();
        key->setLineStyle(QCPGraph::lsNone);
        const bool memory = level == MemoryLevel::Memory;
        const QBrush fill = memory ? QBrush(QColor(0x90, 0x90, 0x90)) : QBrush(Qt::NoBrush);
        key->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle,
            QPen(QColor(0x40, 0x40, 0x40), memory ? 1.0 : 1.5), fill, memory ? 6 : 9));
        key->setName(
            level == MemoryLevel::Memory ? tr("layer, memory bytes") : tr("layer, buffer bytes"));
    }
}

void RooflineView::addHighlights()
{
    if (m_highlighted.isEmpty())
        return;
    QCPGraph* g = m_plot->addGraph();
    g->setLineStyle(QCPGraph::lsNone);
    g->setScatterStyle(QCPScatterStyle(
        QCPScatterStyle::ssCircle, QPen(FigureStyle::highlightColor(), 2.0), Qt::NoBrush, 11));
    g->setName(tr("Selected"));
    for (const RooflinePoint& p : m_points)
        if (m_highlighted.contains(LayerRef { p.modelKey, p.values.layer }))
            for (MemoryLevel level : kLevels)
                if (shownAt(p, level))
                    g->addData(p.values.intensity(level), p.values.opsPerSecond / kGiga);
    if (g->dataCount() == 0)
        m_plot->removeGraph(g);
}

void RooflineView::setupAxes(double xLo, double xHi, double yLo, double yHi)
{
    for (QCPAxis* axis : { m_plot->xAxis, m_plot->yAxis }) {
        FigureStyle::makeLogAxis(axis);
        axis->setSubTicks(true);
    }
    m_plot->xAxis->setRange(xLo, xHi);
    m_plot->yAxis->setRange(yLo / kGiga, yHi / kGiga);
    m_plot->xAxis->setLabel(FigureStyle::axisLabel(tr("Operational intensity"), "op/B"));
    m_plot->yAxis->setLabel(FigureStyle::axisLabel(tr("Performance"), "Gop/s"));
    AxisTooltips::set(m_plot->xAxis, "operationalIntensity");
    AxisTooltips::set(m_plot->yAxis, "performance");
}

int RooflineView::pointAt(const QPointF& pixel) const
{
    int best = -1;
    double bestDistance = 6.0 * 6.0;
    for (size_t i = 0; i < m_points.size(); ++i) {
        const RooflinePoint& p = m_points[i];
        for (MemoryLevel level : kLevels) {
            if (!shownAt(p, level))
                continue;
            const QPointF q(m_plot->xAxis->coordToPixel(p.values.intensity(level)),
                m_plot->yAxis->coordToPixel(p.values.opsPerSecond / kGiga));
            const double d = (q.x() - pixel.x()) * (q.x() - pixel.x())
                + (q.y() - pixel.y()) * (q.y() - pixel.y());
            if (d < bestDistance) {
                bestDistance = d;
                best = static_cast<int>(i);
            }
        }
    }
    return best;
}

// One row per layer; figures of a recurrent layer are per time step. Levels a layer does
// not cross have an empty intensity.
QString RooflineView::csv() const
{
    CsvTable table({ "accelerator", "model", "layer", "layer_name", "kind", "steps", "ops_per_step",
        "seconds_per_step", "ops_per_s", "memory_bytes_per_step", "buffer_bytes_per_step",
        "memory_ops_per_byte", "buffer_ops_per_byte", "peak_ops_per_s", "memory_bytes_per_s",
        "buffer_bytes_per_s" });
    for (const RooflinePoint& p : m_points) {
        if (!shown(p))
            continue;
        const LayerRooflinePoint& v = p.values;
        const RooflineAccelerator& acc = m_accelerators[static_cast<size_t>(v.accelerator)];
        auto intensity = [&](MemoryLevel level) {
            return shownAt(p, level) ? CsvTable::number(v.intensity(level)) : QString();
        };
        auto bandwidth = [&](MemoryLevel level) {
            const MemoryRoof* m = acc.roofs.roof(level);
            return m ? CsvTable::number(m->bytesPerSecond) : QString();
        };
        table.row({ acc.name, p.model, QString::number(v.layer), p.layerName,
            QString::fromUtf8(
                toString(p.kind).data(), static_cast<qsizetype>(toString(p.kind).size())),
            QString::number(v.steps), CsvTable::number(v.ops), CsvTable::number(v.seconds),
            CsvTable::number(v.opsPerSecond), CsvTable::number(v.bytes[0]),
            CsvTable::number(v.bytes[1]), intensity(MemoryLevel::Memory),
            intensity(MemoryLevel::Buffer), CsvTable::number(acc.roofs.peakOpsPerSecond),
            bandwidth(MemoryLevel::Memory), bandwidth(MemoryLevel::Buffer) });
    }
    return table.toString();
}

} // namespace mensa::views
