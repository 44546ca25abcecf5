#include "MaeFigure.h"

#include "CsvTable.h"
#include "FigureStyle.h"

#include <QVBoxLayout>

#include <algorithm>

namespace mensa::views {
namespace {

QCPGraph* addSeries(QCustomPlot* plot, const QString& name, const QCPScatterStyle& style)
{
    QCPGraph* graph = plot->addGraph();
    graph->setName(name);
    graph->setLineStyle(QCPGraph::lsNone);
    graph->setScatterStyle(style);
    return graph;
}

void padAxis(QCPAxis* axis, double lo, double hi)
{
    const double pad = hi > lo ? (hi - lo) * 0.08 : std::max(lo * 0.05, 1e-9);
    axis->setRange(std::max(0.0, lo - pad), hi + pad);
}

} // namespace

MaeFigure::MaeFigure(QWidget* parent)
    : FigureView(parent)
    , m_plot(new QCustomPlot(this))
{
    setFigureName("mae");
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_plot);
    FigureStyle::placeLegendOnTop(m_plot, 2);
    m_plot->plotLayout()->insertRow(0);
    m_title = new QCPTextElement(
        m_plot, QString(), FigureStyle::font(FigureStyle::TextRole::Annotation));
    m_plot->plotLayout()->addElement(0, 0, m_title);
    m_plot->plotLayout()->setRowStretchFactor(0, 0.001);
    FigureStyle::apply(m_plot);
}

void MaeFigure::setReport(const MaeReport& report, const std::string& model, const QString& notice)
{
    m_report = report;
    m_model = model;
    m_notice = notice;
    rebuild();
}

int MaeFigure::markCount() const
{
    return int(m_report.front.size() + m_report.baselines.size() + m_report.sweep.size());
}

void MaeFigure::rebuild()
{
    m_plot->clearPlottables();
    m_plot->clearItems();
    m_title->setText(titleText());
    m_title->setVisible(!m_title->text().isEmpty());
    if (m_report.baselines.empty()) {
        auto* text = new QCPItemText(m_plot);
        text->position->setType(QCPItemPosition::ptAxisRectRatio);
        text->position->setCoords(0.5, 0.5);
        text->setText(m_notice.isEmpty() ? tr("No MAE result") : m_notice);
        m_plot->replot();
        return;
    }
    double maxLatency = 0, maxEnergy = 0;
    for (const auto& b : m_report.baselines)
        maxLatency = std::max(maxLatency, b.mapping.latency),
        maxEnergy = std::max(maxEnergy, b.mapping.energy);
    for (const auto& m : m_report.front)
        maxLatency = std::max(maxLatency, m.latency), maxEnergy = std::max(maxEnergy, m.energy);
    const FigureStyle::Unit time = FigureStyle::timeUnit(maxLatency);
    const FigureStyle::Unit energy = FigureStyle::energyUnit(maxEnergy);
    const QColor vermillion = FigureStyle::okabeIto(6), blue = FigureStyle::okabeIto(5);
    QCPGraph* line = addSeries(m_plot, tr("MAE latency-energy front"), QCPScatterStyle());
    line->setLineStyle(QCPGraph::lsStepLeft);
    line->setPen(QPen(vermillion, 1.2, Qt::DashLine));
    QCPGraph* front = addSeries(m_plot, tr("Front mappings"),
        QCPScatterStyle(QCPScatterStyle::ssDiamond, vermillion.darker(130), vermillion, 6));
    QCPGraph* chosen = addSeries(m_plot, tr("MAE pick per latency weight"),
        QCPScatterStyle(QCPScatterStyle::ssCircle, QPen(blue, 2), Qt::NoBrush, 11));
    QCPGraph* singles = addSeries(m_plot, tr("Single unit (with GPU fallback)"),
        QCPScatterStyle(QCPScatterStyle::ssSquare, QColor(Qt::black), QColor(0x60, 0x60, 0x60), 8));
    double xLo = 1e300, xHi = 0, yLo = 1e300, yHi = 0;
    auto extend = [&](double x, double y) {
        xLo = std::min(xLo, x), xHi = std::max(xHi, x), yLo = std::min(yLo, y),
        yHi = std::max(yHi, y);
    };
    for (const auto& m : m_report.front) {
        const double x = m.latency * time.factor, y = m.energy * energy.factor;
        line->addData(x, y);
        front->addData(x, y);
        extend(x, y);
    }
    for (const auto& p : m_report.sweep) {
        const Mapping& m = m_report.candidates[size_t(p.mappingIndex)];
        chosen->addData(m.latency * time.factor, m.energy * energy.factor);
    }
    // One label per point: units with the same cost (dla0, dla1) share it.
    std::vector<std::pair<QPointF, QString>> labels;
    for (const auto& b : m_report.baselines) {
        const QPointF at(b.mapping.latency * time.factor, b.mapping.energy * energy.factor);
        singles->addData(at.x(), at.y());
        extend(at.x(), at.y());
        auto same = std::find_if(
            labels.begin(), labels.end(), [&](const auto& l) { return l.first == at; });
        if (same == labels.end())
            labels.emplace_back(at, QString::fromStdString(b.label));
        else
            same->second += " = " + QString::fromStdString(b.label);
    }
    const double midX = (xLo + xHi) / 2, midY = (yLo + yHi) / 2;
    for (const auto& [at, text] : labels) {
        auto* label = new QCPItemText(m_plot);
        label->position->setCoords(at.x(), at.y());
        // Towards the middle of the plot, so that labels at the extremes stay inside.
        label->setPositionAlignment((at.x() > midX ? Qt::AlignRight : Qt::AlignLeft)
            | (at.y() > midY ? Qt::AlignTop : Qt::AlignBottom));
        label->setPadding(QMargins(8, 6, 8, 6));
        label->setFont(FigureStyle::font(FigureStyle::TextRole::Annotation));
        label->setText(text);
    }
    m_plot->xAxis->setLabel(FigureStyle::axisLabel(tr("Latency (serial)"), time.name));
    m_plot->yAxis->setLabel(FigureStyle::axisLabel(tr("Energy"), energy.name));
    padAxis(m_plot->xAxis, xLo, xHi);
    padAxis(m_plot->yAxis, yLo, yHi);
    m_plot->replot();
}

QString MaeFigure::titleText() const
{
    if (m_report.bestPoint < 0)
        return {};
    const MaeWeightPoint& best = m_report.sweep[size_t(m_report.bestPoint)];
    return tr("%1: MAEG %2% at w = %3 over %4 (paper: up to 28%)")
        .arg(QString::fromStdString(m_model))
        .arg(100 * best.maeg, 0, 'f', 1)
        .arg(best.weight, 0, 'f', 1)
        .arg(QString::fromStdString(m_report.baselines[size_t(best.baselineIndex)].label));
}

QString MaeFigure::csv() const
{
    CsvTable table({ "kind", "weight", "latency_s", "energy_j", "maeg", "label" });
    for (const auto& m : m_report.front)
        table.row({ "front", QString(), CsvTable::number(m.latency), CsvTable::number(m.energy),
            QString(), QString() });
    for (const auto& b : m_report.baselines)
        table.row({ "single", QString(), CsvTable::number(b.mapping.latency),
            CsvTable::number(b.mapping.energy), QString(), QString::fromStdString(b.label) });
    for (const auto& p : m_report.sweep) {
        const Mapping& m = m_report.candidates[size_t(p.mappingIndex)];
        table.row({ "sweep", CsvTable::number(p.weight), CsvTable::number(m.latency),
            CsvTable::number(m.energy), CsvTable::number(p.maeg), QString() });
    }
    return table.toString();
}

} // namespace mensa::views
