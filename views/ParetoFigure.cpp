#include "ParetoFigure.h"

#include "CsvTable.h"
#include "FigureStyle.h"
#include "NiceLogTicker.h"

#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace mensa::views {
namespace {

// Log axes once the values span more than a decade, linear otherwise.
void fitAxis(QCPAxis* axis, double lo, double hi)
{
    if (!(lo > 0) || !(hi > 0)) {
        axis->setRange(0, 1);
        return;
    }
    if (hi / lo > 10) {
        axis->setScaleType(QCPAxis::stLogarithmic);
        axis->setTicker(QSharedPointer<NiceLogTicker>::create());
        axis->setRange(lo / 1.15, hi * 1.15);
        return;
    }
    const double pad = hi > lo ? (hi - lo) * 0.06 : lo * 0.05;
    axis->setRange(lo - pad, hi + pad);
}

QCPGraph* addSeries(QCustomPlot* plot, const QString& name, const QCPScatterStyle& style)
{
    QCPGraph* graph = plot->addGraph();
    graph->setName(name);
    graph->setLineStyle(QCPGraph::lsNone);
    graph->setScatterStyle(style);
    return graph;
}

} // namespace

ParetoFigure::ParetoFigure(QWidget* parent)
    : FigureView(parent)
    , m_plot(new QCustomPlot(this))
{
    setFigureName("pareto");
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_plot);
    FigureStyle::placeLegendOnTop(m_plot, 2);
    FigureStyle::apply(m_plot);
}

void ParetoFigure::setPoints(std::vector<ParetoPlotPoint> points)
{
    m_points = std::move(points);
    rebuild();
}

void ParetoFigure::rebuild()
{
    m_plot->clearPlottables();
    double maxLatency = 0, maxEnergy = 0;
    for (const ParetoPlotPoint& p : m_points)
        maxLatency = std::max(maxLatency, p.latency), maxEnergy = std::max(maxEnergy, p.energy);
    const FigureStyle::Unit time = FigureStyle::timeUnit(maxLatency);
    const FigureStyle::Unit energy = FigureStyle::energyUnit(maxEnergy);
    const QColor blue = FigureStyle::okabeIto(5), vermillion = FigureStyle::okabeIto(6);
    QCPGraph* over = addSeries(m_plot, tr("Over a constraint"),
        QCPScatterStyle(QCPScatterStyle::ssCircle, QColor(0xa0, 0xa0, 0xa0), 4));
    QCPGraph* within = addSeries(m_plot, tr("Within the constraints"),
        QCPScatterStyle(QCPScatterStyle::ssDisc, QColor(blue.red(), blue.green(), blue.blue(), 150),
            QColor(blue.red(), blue.green(), blue.blue(), 150), 4));
    QCPGraph* plane = addSeries(m_plot, tr("Latency-energy front"), QCPScatterStyle());
    plane->setLineStyle(QCPGraph::lsStepLeft);
    plane->setPen(QPen(vermillion, 1.2, Qt::DashLine));
    QCPGraph* front = addSeries(m_plot, tr("Pareto front of the run (pareto.csv)"),
        QCPScatterStyle(QCPScatterStyle::ssDiamond, vermillion.darker(130), vermillion, 7));
    std::vector<std::pair<double, double>> planePoints;
    double xLo = 1e300, xHi = 0, yLo = 1e300, yHi = 0;
    for (const ParetoPlotPoint& p : m_points) {
        const double x = p.latency * time.factor, y = p.energy * energy.factor;
        (p.onFront ? front : p.feasible ? within : over)->addData(x, y);
        if (p.onPlaneFront)
            planePoints.emplace_back(x, y);
        xLo = std::min(xLo, x), xHi = std::max(xHi, x), yLo = std::min(yLo, y),
        yHi = std::max(yHi, y);
    }
    std::sort(planePoints.begin(), planePoints.end());
    for (const auto& [x, y] : planePoints)
        plane->addData(x, y);
    if (planePoints.size() < 2) // one point beats all others on both: no line to draw
        plane->removeFromLegend();
    for (QCPGraph* graph : { over, within }) // e.g. no simulated point breaks a constraint
        if (graph->dataCount() == 0)
            graph->removeFromLegend();
    m_plot->xAxis->setLabel(FigureStyle::axisLabel(tr("Latency, all models"), time.name));
    m_plot->yAxis->setLabel(FigureStyle::axisLabel(tr("Energy, all models"), energy.name));
    fitAxis(m_plot->xAxis, xLo, xHi);
    fitAxis(m_plot->yAxis, yLo, yHi);
    m_plot->replot();
}

QString ParetoFigure::csv() const
{
    CsvTable table({ "index", "latency_s", "energy_j", "area_mm2", "feasible", "pareto_front",
        "latency_energy_front" });
    for (const ParetoPlotPoint& p : m_points)
        table.row({ QString::number(p.index), CsvTable::number(p.latency),
            CsvTable::number(p.energy), CsvTable::number(p.area), QString::number(int(p.feasible)),
            QString::number(int(p.onFront)), QString::number(int(p.onPlaneFront)) });
    return table.toString();
}

} // namespace mensa::views
