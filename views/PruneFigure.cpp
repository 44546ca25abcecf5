#include "PruneFigure.h"

#include "CsvTable.h"
#include "FigureStyle.h"
#include "NiceLogTicker.h"

#include <QVBoxLayout>

#include <algorithm>
#include <vector>

namespace mensa::views {
namespace {

QString qstr(const std::string& s)
{
    return QString::fromStdString(s);
}

int granularityIndex(PruneGranularity g)
{
    return g == PruneGranularity::Element ? 0 : g == PruneGranularity::Channel ? 1 : 2;
}

} // namespace

PruneFigure::PruneFigure(Metric metric, QWidget* parent)
    : FigureView(parent)
    , m_metric(metric)
    , m_plot(new QCustomPlot(this))
{
    setFigureName(metric == Metric::Speedup ? "prune_speedup" : "prune_energy");
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_plot);
    FigureStyle::apply(m_plot);
    rebuild(); // axes, their labels and the ideal curve before the first sweep
}

void PruneFigure::setSweep(const PruneSweep& sweep)
{
    m_sweep = sweep;
    rebuild();
}

double PruneFigure::value(const PruneSweepPoint& p) const
{
    return m_metric == Metric::Speedup ? p.speedup : p.energySaving;
}

void PruneFigure::rebuild()
{
    m_plot->clearPlottables();
    m_markCount = 0;
    std::vector<std::string> designs;
    for (const auto& p : m_sweep.points)
        if (std::find(designs.begin(), designs.end(), p.design) == designs.end())
            designs.push_back(p.design);
    const double xMax = 0.95;
    // Before a sweep the axes span the ideal curve; after one, the data (and the ideal below it).
    double top = m_sweep.points.empty() ? 1 / (1 - xMax) / 1.3 : 1;
    QCPGraph* ideal = m_plot->addGraph();
    ideal->setName(
        m_metric == Metric::Speedup ? tr("time ~ weights kept") : tr("energy ~ weights kept"));
    ideal->setPen(QPen(QColor(0x90, 0x90, 0x90), 1, Qt::DashLine));
    for (const auto& group :
        { PruneGranularity::Element, PruneGranularity::Channel, PruneGranularity::Array })
        for (size_t d = 0; d < designs.size(); ++d) {
            QCPGraph* line = nullptr;
            for (const auto& p : m_sweep.points) {
                if (p.design != designs[d] || p.granularity != group)
                    continue;
                if (!line) {
                    line = m_plot->addGraph();
                    const QColor color = FigureStyle::okabeIto(granularityIndex(group));
                    line->setName(
                        FigureStyle::displayName(qstr(p.design)) + " " + granularityName(group));
                    line->setPen(QPen(color, 1.5));
                    line->setScatterStyle(
                        QCPScatterStyle(FigureStyle::markerShape(int(d)), color, color, 6));
                }
                line->addData(p.weightsRemoved, value(p));
                top = std::max(top, value(p));
                ++m_markCount;
            }
        }
    for (double x = 0; x <= xMax + 1e-9; x += 0.01)
        if (1 / (1 - x) <= top * 1.3)
            ideal->addData(x, 1 / (1 - x));
    m_plot->xAxis->setLabel(m_sweep.model.empty()
            ? tr("Fraction of weights removed")
            : tr("Fraction of weights removed (%1)").arg(qstr(m_sweep.model)));
    m_plot->yAxis->setLabel(m_metric == Metric::Speedup ? tr("Speedup vs unpruned (log)")
                                                        : tr("Energy saving vs unpruned (log)"));
    m_plot->xAxis->setRange(0, xMax);
    m_plot->yAxis->setScaleType(QCPAxis::stLogarithmic); // equal factors, equal distances
    m_plot->yAxis->setTicker(QSharedPointer<NiceLogTicker>::create());
    double bottom = 0.9;
    for (const auto& p : m_sweep.points)
        bottom = std::min(bottom, value(p) * 0.9);
    m_plot->yAxis->setRange(bottom, top * 1.3);
    m_plot->legend->setVisible(true);
    FigureStyle::applyToLegend(m_plot->legend);
    m_plot->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignLeft);
    m_plot->replot();
}

QString PruneFigure::csv() const
{
    CsvTable table({ "design", "granularity", "array_width", "ratio", "weights_removed",
        "macs_removed", "latency_s", "energy_j", "speedup", "energy_saving" });
    for (const auto& p : m_sweep.points)
        table.row({ qstr(p.design), granularityName(p.granularity), QString::number(p.arrayWidth),
            CsvTable::number(p.ratio), CsvTable::number(p.weightsRemoved),
            CsvTable::number(p.macsRemoved), CsvTable::number(p.latency),
            CsvTable::number(p.energy), CsvTable::number(p.speedup),
            CsvTable::number(p.energySaving) });
    return table.toString();
}

} // namespace mensa::views
