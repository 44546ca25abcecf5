#include "RooflineView.h"

#include "CsvTable.h"
#include "FigureStyle.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>

#include <cmath>
#include <map>

namespace mensa::views {
namespace {

constexpr double kGiga = 1e9;

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
    return opsPerSecond >= 1e12 ? QString("%1 TOP/s").arg(opsPerSecond / 1e12, 0, 'g', 3)
                                : QString("%1 GOP/s").arg(opsPerSecond / 1e9, 0, 'g', 3);
}

} // namespace

RooflineView::RooflineView(QWidget* parent) : FigureView(parent), m_plot(new QCustomPlot(this))
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
                       [this](int i) { return LayerRef{m_points[size_t(i)].model, m_points[size_t(i)].layer}; },
                       [this](int i) {
                           const RooflinePoint& p = m_points[size_t(i)];
                           return QString("%1 (%2)\n%3 FLOP/B, %4").arg(p.layerName, p.model)
                               .arg(p.flopPerByte, 0, 'g', 3).arg(rateText(p.opsPerSecond));
                       });
    FigureStyle::placeLegendOnTop(m_plot, 3);
    FigureStyle::apply(m_plot);
}

void RooflineView::setData(std::vector<RooflineAccelerator> accelerators, std::vector<RooflinePoint> points)
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
    return (m_accelerator < 0 || p.accelerator == m_accelerator) && p.flopPerByte > 0 && p.opsPerSecond > 0;
}

void RooflineView::rebuild()
{
    m_plot->clearPlottables();
    m_plot->clearItems();
    m_markCount = 0;
    double xLo = 1e300, xHi = 0, yLo = 1e300, yHi = 0;
    for (const RooflinePoint& p : m_points)
        if (shown(p)) {
            xLo = std::min(xLo, p.flopPerByte);
            xHi = std::max(xHi, p.flopPerByte);
            yLo = std::min(yLo, p.opsPerSecond);
        }
    for (size_t a = 0; a < m_accelerators.size(); ++a)
        if (m_accelerator < 0 || static_cast<int>(a) == m_accelerator) {
            const auto& acc = m_accelerators[a];
            const double ridge = acc.bytesPerSecond > 0 ? acc.peakOpsPerSecond / acc.bytesPerSecond : 1;
            xLo = std::min(xLo, ridge / 10);
            xHi = std::max(xHi, ridge * 10);
            yHi = std::max(yHi, acc.peakOpsPerSecond);
        }
    if (yHi <= 0) { // nothing to show: an empty but valid frame
        xLo = 0.1, xHi = 1000, yLo = 1e9, yHi = 1e12;
    }
    xLo = floorPow10(xLo);
    xHi = ceilPow10(xHi * 1.01);
    yLo = floorPow10(std::min(yLo, yHi / 1e3));
    yHi = ceilPow10(yHi * 1.5);
    for (size_t a = 0; a < m_accelerators.size(); ++a)
        if (m_accelerator < 0 || static_cast<int>(a) == m_accelerator)
            addRoof(static_cast<int>(a), xLo, xHi);
    addPoints();
    addHighlights();
    setupAxes(xLo, xHi, yLo, yHi);
    m_plot->replot();
}

void RooflineView::addRoof(int index, double xLo, double xHi)
{
    const RooflineAccelerator& acc = m_accelerators[static_cast<size_t>(index)];
    if (acc.peakOpsPerSecond <= 0 || acc.bytesPerSecond <= 0)
        return;
    const double ridge = acc.peakOpsPerSecond / acc.bytesPerSecond;
    QCPGraph* roof = m_plot->addGraph();
    const QString bandwidth = QString("%1 GB/s").arg(acc.bytesPerSecond / 1e9, 0, 'g', 3);
    roof->setName(QString("%1: %2, %3").arg(FigureStyle::displayName(acc.name), rateText(acc.peakOpsPerSecond), bandwidth));
    roof->setPen(QPen(roofColour(index), 1.8));
    roof->setData({xLo, ridge, xHi}, {acc.bytesPerSecond * xLo / kGiga, acc.peakOpsPerSecond / kGiga,
                                      acc.peakOpsPerSecond / kGiga});
}

bool RooflineView::severalShown() const
{
    return m_accelerator < 0 && m_accelerators.size() > 1;
}

QColor RooflineView::roofColour(int index) const
{
    // Alone, the roof is dark so the kind colours of the points stand out; together, each
    // accelerator's roof and points share its colour.
    return severalShown() ? FigureStyle::acceleratorColor(m_accelerators[static_cast<size_t>(index)].name)
                          : QColor(0x30, 0x30, 0x30);
}

void RooflineView::addPoints()
{
    // One graph per (accelerator, kind family). With one accelerator, colour = kind family;
    // with several, colour = accelerator and marker shape = kind family.
    std::map<std::pair<int, int>, QCPGraph*> graphs;
    QSet<QString> inLegend;
    const bool several = severalShown();
    for (const RooflinePoint& p : m_points) {
        if (!shown(p))
            continue;
        const QString family = FigureStyle::kindFamily(p.kind);
        const int familyIndex = static_cast<int>(FigureStyle::kindFamilies().indexOf(family));
        QCPGraph*& g = graphs[{p.accelerator, familyIndex}];
        if (!g)
            g = addPointGraph(p.accelerator, familyIndex, several, inLegend);
        g->addData(p.flopPerByte, p.opsPerSecond / kGiga);
        ++m_markCount;
    }
}

QCPGraph* RooflineView::addPointGraph(int accelerator, int familyIndex, bool several, QSet<QString>& inLegend)
{
    const QString family = FigureStyle::kindFamilies().value(familyIndex);
    QCPGraph* g = m_plot->addGraph();
    g->setLineStyle(QCPGraph::lsNone);
    const QColor c = several ? FigureStyle::acceleratorColor(m_accelerators[static_cast<size_t>(accelerator)].name)
                             : FigureStyle::kindFamilyColor(family);
    const auto shape = several ? FigureStyle::markerShape(familyIndex) : QCPScatterStyle::ssDisc;
    g->setScatterStyle(QCPScatterStyle(shape, c.darker(115), QColor(c.red(), c.green(), c.blue(), 170), 6));
    g->setName(family);
    if (several) { // legend: one neutral marker per family (colour is explained by the roofs)
        g->removeFromLegend();
        if (!inLegend.contains(family)) {
            QCPGraph* key = m_plot->addGraph();
            key->setLineStyle(QCPGraph::lsNone);
            key->setScatterStyle(QCPScatterStyle(shape, QColor(0x40, 0x40, 0x40), QColor(0x90, 0x90, 0x90), 6));
            key->setName(family);
        }
    } else if (inLegend.contains(family)) {
        g->removeFromLegend();
    }
    inLegend.insert(family);
    return g;
}

void RooflineView::addHighlights()
{
    if (m_highlighted.isEmpty())
        return;
    QCPGraph* g = m_plot->addGraph();
    g->setLineStyle(QCPGraph::lsNone);
    g->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, QPen(FigureStyle::highlightColor(), 2.0), Qt::NoBrush, 11));
    g->setName(tr("Selected"));
    for (const RooflinePoint& p : m_points)
        if (shown(p) && m_highlighted.contains({p.model, p.layer}))
            g->addData(p.flopPerByte, p.opsPerSecond / kGiga);
    if (g->dataCount() == 0)
        m_plot->removeGraph(g);
}

void RooflineView::setupAxes(double xLo, double xHi, double yLo, double yHi)
{
    for (QCPAxis* axis : {m_plot->xAxis, m_plot->yAxis}) {
        axis->setScaleType(QCPAxis::stLogarithmic);
        auto ticker = QSharedPointer<QCPAxisTickerLog>::create();
        ticker->setSubTickCount(8);
        axis->setTicker(ticker);
        axis->setNumberFormat("gb");
        axis->setNumberPrecision(0);
        axis->setSubTicks(true);
    }
    m_plot->xAxis->setRange(xLo, xHi);
    m_plot->yAxis->setRange(yLo / kGiga, yHi / kGiga);
    m_plot->xAxis->setLabel(FigureStyle::axisLabel(tr("Arithmetic intensity"), "FLOP/B"));
    m_plot->yAxis->setLabel(FigureStyle::axisLabel(tr("Performance"), "GOP/s"));
}

int RooflineView::pointAt(const QPointF& pixel) const
{
    int best = -1;
    double bestDistance = 6.0 * 6.0;
    for (size_t i = 0; i < m_points.size(); ++i) {
        const RooflinePoint& p = m_points[i];
        if (!shown(p))
            continue;
        const QPointF q(m_plot->xAxis->coordToPixel(p.flopPerByte), m_plot->yAxis->coordToPixel(p.opsPerSecond / kGiga));
        const double d = (q.x() - pixel.x()) * (q.x() - pixel.x()) + (q.y() - pixel.y()) * (q.y() - pixel.y());
        if (d < bestDistance) {
            bestDistance = d;
            best = static_cast<int>(i);
        }
    }
    return best;
}

QString RooflineView::csv() const
{
    CsvTable table({"accelerator", "model", "layer", "layer_name", "kind", "flop_per_byte", "ops_per_s",
                    "peak_ops_per_s", "bytes_per_s"});
    for (const RooflinePoint& p : m_points) {
        if (!shown(p))
            continue;
        const RooflineAccelerator* acc = p.accelerator >= 0 && p.accelerator < static_cast<int>(m_accelerators.size())
                                             ? &m_accelerators[static_cast<size_t>(p.accelerator)]
                                             : nullptr;
        table.row({acc ? acc->name : QString(), p.model, QString::number(p.layer), p.layerName,
                   QString::fromUtf8(toString(p.kind).data(), static_cast<qsizetype>(toString(p.kind).size())),
                   CsvTable::number(p.flopPerByte), CsvTable::number(p.opsPerSecond),
                   acc ? CsvTable::number(acc->peakOpsPerSecond) : QString(),
                   acc ? CsvTable::number(acc->bytesPerSecond) : QString()});
    }
    return table.toString();
}

} // namespace mensa::views
