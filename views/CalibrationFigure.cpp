#include "CalibrationFigure.h"

#include "CsvTable.h"
#include "FigureStyle.h"

#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace mensa::views {

CalibrationFigure::CalibrationFigure(QWidget* parent)
    : FigureView(parent)
    , m_plot(new QCustomPlot(this))
{
    setFigureName("calibration");
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_plot);
    FigureStyle::placeLegendOnTop(m_plot, 2);
    for (QCPAxis* axis : { m_plot->xAxis, m_plot->yAxis })
        FigureStyle::makeLogAxis(axis);
    FigureStyle::apply(m_plot);
}

void CalibrationFigure::setReport(const CalibrationReport& report, FitQuantity quantity)
{
    m_report = report;
    m_quantity = quantity;
    rebuild();
}

void CalibrationFigure::rebuild()
{
    m_plot->clearPlottables();
    m_plot->clearItems();
    m_markCount = 0;
    const bool latency = m_quantity == FitQuantity::Latency;
    const bool heldOut = m_report.heldOutModels > 0;
    double lo = 1e300, hi = 0;
    for (const CalibrationPoint& p : m_report.points) {
        if (p.quantity != m_quantity)
            continue;
        for (double v : { p.measured, p.before, p.after, heldOut ? p.heldOut : p.measured })
            if (v > 0 && std::isfinite(v))
                lo = std::min(lo, v), hi = std::max(hi, v);
    }
    if (hi <= 0)
        lo = 1e-3, hi = 1;
    const FigureStyle::Unit unit
        = latency ? FigureStyle::timeUnit(hi) : FigureStyle::energyUnit(hi);
    const double f = unit.factor;
    const double axisLo = std::pow(10, std::floor(std::log10(lo * f)));
    const double axisHi = std::pow(10, std::ceil(std::log10(hi * f * 1.01)));
    const double rms = m_report.error(CalibrationStage::After, m_quantity).rmsLog;
    m_bandFactor = std::exp(rms);

    // The band y = x e^(+-rms), filled between its edges, then y = x over it.
    QCPGraph* lower = m_plot->addGraph();
    QCPGraph* upper = m_plot->addGraph();
    for (QCPGraph* edge : { lower, upper }) {
        const double k = edge == upper ? m_bandFactor : 1 / m_bandFactor;
        edge->setData({ axisLo, axisHi }, { axisLo * k, axisHi * k });
        edge->setPen(QPen(QColor(0x56, 0xb4, 0xe9, 140), 1, Qt::DashLine));
    }
    upper->setBrush(QColor(0x56, 0xb4, 0xe9, 50));
    upper->setChannelFillGraph(lower);
    upper->setName(tr("After: ±%1% (RMS log error)").arg((m_bandFactor - 1) * 100, 0, 'f', 1));
    lower->removeFromLegend();
    QCPGraph* identity = m_plot->addGraph();
    identity->setData({ axisLo, axisHi }, { axisLo, axisHi });
    identity->setPen(QPen(QColor(0x40, 0x40, 0x40), 1));
    identity->setName(tr("Predicted = measured"));

    auto points = [&](const QString& name, QCPScatterStyle style) {
        QCPGraph* g = m_plot->addGraph();
        g->setLineStyle(QCPGraph::lsNone);
        g->setScatterStyle(style);
        g->setName(name);
        return g;
    };
    const QColor blue = FigureStyle::okabeIto(5), orange = FigureStyle::okabeIto(1);
    QCPGraph* before = points(tr("Before calibration"),
        QCPScatterStyle(
            QCPScatterStyle::ssCircle, QPen(QColor(0x70, 0x70, 0x70), 1.5), Qt::NoBrush, 8));
    QCPGraph* held = heldOut
        ? points(tr("Leave-one-out"),
            QCPScatterStyle(QCPScatterStyle::ssTriangle, QPen(orange.darker(115), 1.2), orange, 7))
        : nullptr;
    QCPGraph* after = points(tr("After calibration"),
        QCPScatterStyle(QCPScatterStyle::ssDisc, blue.darker(115), blue, 6));
    // The legend lists the marks first, then the lines under them (drawn first, listed last).
    for (QCPGraph* line : { upper, identity }) {
        line->removeFromLegend();
        line->addToLegend();
    }
    for (const CalibrationPoint& p : m_report.points) {
        if (p.quantity != m_quantity)
            continue;
        before->addData(p.measured * f, p.before * f);
        after->addData(p.measured * f, p.after * f);
        if (held)
            held->addData(p.measured * f, p.heldOut * f);
        ++m_markCount;
    }
    const QString what = latency ? tr("latency") : tr("energy");
    m_plot->xAxis->setLabel(FigureStyle::axisLabel(tr("Measured %1").arg(what), unit.name));
    m_plot->yAxis->setLabel(FigureStyle::axisLabel(tr("Predicted %1").arg(what), unit.name));
    m_plot->xAxis->setRange(axisLo, axisHi);
    m_plot->yAxis->setRange(axisLo, axisHi);
    m_plot->replot();
}

QString CalibrationFigure::csv() const
{
    CsvTable table({ "measurement", "quantity", "measured", "before", "after", "held_out" });
    for (const CalibrationPoint& p : m_report.points)
        table.row({ QString::fromStdString(p.label),
            p.quantity == FitQuantity::Latency ? "latency_s" : "energy_j",
            CsvTable::number(p.measured), CsvTable::number(p.before), CsvTable::number(p.after),
            m_report.heldOutModels > 0 ? CsvTable::number(p.heldOut) : QString() });
    return table.toString();
}

} // namespace mensa::views
