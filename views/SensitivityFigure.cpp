#include "SensitivityFigure.h"

#include "CsvTable.h"
#include "FigureStyle.h"
#include "NiceLogTicker.h"

#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace mensa::views {
namespace {

QString qstr(const std::string& s)
{
    return QString::fromStdString(s);
}

// "EDP" for edp; other objective names as they are.
QString objectiveLabel(const std::string& name)
{
    return name == "edp" ? QString("EDP") : qstr(name);
}

QCPItemText* addLabel(QCustomPlot* plot, double x, double y, const QString& text, bool above)
{
    auto* label = new QCPItemText(plot);
    label->position->setCoords(x, y);
    label->setPositionAlignment(Qt::AlignHCenter | (above ? Qt::AlignBottom : Qt::AlignTop));
    label->setPadding(QMargins(2, 2, 2, 2));
    label->setFont(FigureStyle::font(FigureStyle::TextRole::Annotation));
    label->setColor(QColor(0x30, 0x30, 0x30));
    label->setText(text);
    return label;
}

} // namespace

SensitivityFigure::SensitivityFigure(QWidget* parent)
    : FigureView(parent)
    , m_plot(new QCustomPlot(this))
{
    setFigureName("sensitivity");
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_plot);
    FigureStyle::apply(m_plot);
}

void SensitivityFigure::setData(const ExploreFigureData& data)
{
    m_data = data;
    m_data.points.clear(); // the sensitivity rows are all this figure needs
    rebuild();
}

void SensitivityFigure::addAxisRange(
    int axis, double lo, double hi, const QString& best, const QString& worst)
{
    QCPGraph* bar = m_plot->addGraph();
    bar->removeFromLegend();
    bar->setPen(QPen(QColor(0x56, 0xb4, 0xe9, 140), 10, Qt::SolidLine, Qt::FlatCap));
    bar->addData(axis, lo);
    bar->addData(axis, hi);
    addLabel(m_plot, axis, lo, best, false);
    if (hi > lo)
        addLabel(m_plot, axis, hi, worst, true);
}

void SensitivityFigure::rebuild()
{
    m_plot->clearPlottables();
    m_plot->clearItems();
    m_markCount = 0;
    auto ticker = QSharedPointer<QCPAxisTickerText>::create();
    QCPGraph* dots = nullptr;
    double top = 1;
    for (size_t a = 0; a < m_data.axisFields.size(); ++a) {
        const int x = int(a) + 1;
        ticker->addTick(x, qstr(m_data.axisFields[a]));
        const SensitivityRow* lo = nullptr;
        const SensitivityRow* hi = nullptr;
        for (const SensitivityRow& r : m_data.sensitivity)
            if (r.axis == a && r.count > 0) {
                lo = !lo || r.ratio < lo->ratio ? &r : lo;
                hi = !hi || r.ratio > hi->ratio ? &r : hi;
            }
        if (!lo)
            continue;
        const auto label
            = [&](const SensitivityRow& r) { return qstr(m_data.axisLabels[a][r.value]); };
        addAxisRange(x, lo->ratio, hi->ratio, tr("best: %1").arg(label(*lo)),
            tr("worst: %1").arg(label(*hi)));
        top = std::max(top, hi->ratio);
    }
    dots = m_plot->addGraph();
    dots->setLineStyle(QCPGraph::lsNone);
    dots->setScatterStyle(QCPScatterStyle(
        QCPScatterStyle::ssDisc, FigureStyle::okabeIto(5), FigureStyle::okabeIto(5), 6));
    for (const SensitivityRow& r : m_data.sensitivity)
        if (r.count > 0) {
            dots->addData(double(r.axis) + 1, r.ratio);
            ++m_markCount;
        }
    m_plot->legend->setVisible(false);
    m_plot->xAxis->setTicker(ticker);
    m_plot->xAxis->setTickLength(0, 0);
    m_plot->xAxis->setRange(0.4, double(m_data.axisFields.size()) + 0.6);
    m_plot->xAxis->setLabel(tr("Search axis (each dot one of its values)"));
    if (top > 10) {
        m_plot->yAxis->setScaleType(QCPAxis::stLogarithmic);
        m_plot->yAxis->setTicker(QSharedPointer<NiceLogTicker>::create());
        m_plot->yAxis->setRange(0.8, top * 1.6);
    }
    else
        m_plot->yAxis->setRange(1 - (top - 1) * 0.15 - 0.02, top + (top - 1) * 0.15 + 0.02);
    m_plot->yAxis->setLabel(
        tr("Best %1 with the value / best overall").arg(objectiveLabel(m_data.objective)));
    m_plot->replot();
}

QString SensitivityFigure::csv() const
{
    CsvTable table(
        { "axis", "value", qstr("best_" + m_data.objective), "ratio_to_best", "feasible_points" });
    for (const SensitivityRow& r : m_data.sensitivity)
        table.row({ qstr(m_data.axisFields[r.axis]), qstr(m_data.axisLabels[r.axis][r.value]),
            r.count ? CsvTable::number(r.best) : QString(),
            r.count ? CsvTable::number(r.ratio) : QString(), QString::number(r.count) });
    return table.toString();
}

} // namespace mensa::views
