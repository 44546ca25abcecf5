#include "ScatterFigure.h"

#include "CsvTable.h"
#include "FigureStyle.h"

#include <QVBoxLayout>

#include <cmath>
#include <map>

namespace mensa::views {

ScatterFigure::ScatterFigure(QWidget* parent)
    : FigureView(parent)
    , m_plot(new QCustomPlot(this))
{
    setFigureName("scatter_params_flopb");
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_plot);
    enablePointPicking([this](const QPointF& pixel) { return pointAt(pixel); },
        [this](int i) {
            return LayerRef { m_points[size_t(i)].modelKey, m_points[size_t(i)].layer };
        },
        [this](int i) {
            const ScatterFigurePoint& p = m_points[size_t(i)];
            return QString("%1 (%2)\n%3 kB parameters, %4 FLOP/B\n%5")
                .arg(p.layerName, p.model)
                .arg(p.paramBytes / 1e3, 0, 'g', 3)
                .arg(p.flopPerByte, 0, 'g', 3)
                .arg(clusterName(p.cluster));
        });
    FigureStyle::placeLegendOnTop(m_plot, 4);
    for (QCPAxis* axis : { m_plot->xAxis, m_plot->yAxis })
        FigureStyle::makeLogAxis(axis);
    m_plot->xAxis->setLabel(FigureStyle::axisLabel(tr("Parameter footprint"), "bytes"));
    m_plot->yAxis->setLabel(FigureStyle::axisLabel(tr("Arithmetic intensity"), "FLOP/B"));
    FigureStyle::apply(m_plot);
}

QString ScatterFigure::clusterName(int cluster) const
{
    if (cluster < 0)
        return tr("Unclustered");
    return m_clusterNames.value(cluster, tr("Cluster %1").arg(cluster + 1));
}

void ScatterFigure::setPoints(std::vector<ScatterFigurePoint> points, QStringList clusterNames)
{
    m_points = std::move(points);
    m_clusterNames = std::move(clusterNames);
    rebuild();
}

void ScatterFigure::setHighlightedLayers(const LayerSet& layers)
{
    m_highlighted = layers;
    rebuild();
}

void ScatterFigure::rebuild()
{
    m_plot->clearPlottables();
    m_plot->clearItems();
    m_markCount = m_omitted = 0;
    std::map<int, QCPGraph*> graphs; // ordered by cluster so the legend is too
    for (const ScatterFigurePoint& p : m_points)
        if (plottable(p))
            graphs[p.cluster] = nullptr;
    for (auto& [cluster, g] : graphs) {
        g = m_plot->addGraph();
        const QColor c = FigureStyle::clusterColor(cluster);
        g->setLineStyle(QCPGraph::lsNone);
        g->setScatterStyle(QCPScatterStyle(FigureStyle::markerShape(std::max(0, cluster)),
            c.darker(115), QColor(c.red(), c.green(), c.blue(), 160), 6));
        g->setName(clusterName(cluster));
    }
    double xLo = 1e300, xHi = 0, yLo = 1e300, yHi = 0;
    for (const ScatterFigurePoint& p : m_points) {
        if (!plottable(p)) {
            ++m_omitted;
            continue;
        }
        graphs[p.cluster]->addData(p.paramBytes, p.flopPerByte);
        xLo = std::min(xLo, p.paramBytes), xHi = std::max(xHi, p.paramBytes);
        yLo = std::min(yLo, p.flopPerByte), yHi = std::max(yHi, p.flopPerByte);
        ++m_markCount;
    }
    if (!m_highlighted.isEmpty()) {
        QCPGraph* h = m_plot->addGraph();
        h->setName(tr("Selected"));
        h->setLineStyle(QCPGraph::lsNone);
        h->setScatterStyle(QCPScatterStyle(
            QCPScatterStyle::ssCircle, QPen(FigureStyle::highlightColor(), 2.0), Qt::NoBrush, 11));
        for (const ScatterFigurePoint& p : m_points)
            if (plottable(p) && m_highlighted.contains(LayerRef { p.modelKey, p.layer }))
                h->addData(p.paramBytes, p.flopPerByte);
    }
    if (m_markCount == 0)
        xLo = 1e3, xHi = 1e7, yLo = 0.1, yHi = 100;
    m_plot->xAxis->setRange(
        std::pow(10, std::floor(std::log10(xLo))), std::pow(10, std::ceil(std::log10(xHi * 1.01))));
    m_plot->yAxis->setRange(
        std::pow(10, std::floor(std::log10(yLo))), std::pow(10, std::ceil(std::log10(yHi * 1.01))));
    if (m_omitted > 0) {
        auto* note = new QCPItemText(m_plot);
        note->position->setType(QCPItemPosition::ptAxisRectRatio);
        note->position->setCoords(0.98, 0.98);
        note->setPositionAlignment(Qt::AlignRight | Qt::AlignBottom);
        note->setFont(FigureStyle::font(FigureStyle::TextRole::Annotation));
        note->setColor(QColor(0x50, 0x50, 0x50));
        note->setText(tr("%n layer(s) without parameters not shown", nullptr, m_omitted));
    }
    m_plot->replot();
}

int ScatterFigure::pointAt(const QPointF& pixel) const
{
    int best = -1;
    double bestDistance = 36;
    for (size_t i = 0; i < m_points.size(); ++i) {
        const ScatterFigurePoint& p = m_points[i];
        if (!plottable(p))
            continue;
        const double dx = m_plot->xAxis->coordToPixel(p.paramBytes) - pixel.x();
        const double dy = m_plot->yAxis->coordToPixel(p.flopPerByte) - pixel.y();
        if (dx * dx + dy * dy < bestDistance) {
            bestDistance = dx * dx + dy * dy;
            best = static_cast<int>(i);
        }
    }
    return best;
}

QString ScatterFigure::csv() const
{
    CsvTable table({ "model", "layer", "layer_name", "param_bytes", "flop_per_byte", "cluster",
        "cluster_name" });
    for (const ScatterFigurePoint& p : m_points)
        table.row({ p.model, QString::number(p.layer), p.layerName, CsvTable::number(p.paramBytes),
            CsvTable::number(p.flopPerByte), QString::number(p.cluster), clusterName(p.cluster) });
    return table.toString();
}

} // namespace mensa::views
