#include "EnergyView.h"

#include "CsvTable.h"
#include "FigureStyle.h"

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>

#include <map>

namespace mensa::views {
namespace {

constexpr double kBarWidth = 0.7;
// Past this many bars, per-bar text labels overlap: show layer numbers instead.
constexpr int kMaxTextLabels = 40;

EnergyComponent component(int i)
{
    return static_cast<EnergyComponent>(i);
}

} // namespace

EnergyView::EnergyView(QWidget* parent) : FigureView(parent), m_plot(new QCustomPlot(this))
{
    setFigureName("energy");
    m_groupBox = new QComboBox(this);
    m_groupBox->addItems({tr("Per layer"), tr("Per accelerator"), tr("Per model")});
    m_groupBox->setCurrentIndex(static_cast<int>(m_grouping));
    m_normBox = new QCheckBox(tr("Normalised (share)"), this);
    auto* bar = new QHBoxLayout;
    bar->addWidget(new QLabel(tr("Group:"), this));
    bar->addWidget(m_groupBox);
    bar->addWidget(m_normBox);
    bar->addStretch();
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(bar);
    layout->addWidget(m_plot, 1);
    connect(m_groupBox, &QComboBox::currentIndexChanged, this,
            [this](int i) { setGrouping(static_cast<EnergyGrouping>(i)); });
    connect(m_normBox, &QCheckBox::toggled, this, &EnergyView::setNormalized);
    connect(m_plot, &QCustomPlot::plottableClick, this,
            [this](QCPAbstractPlottable* p, int i, QMouseEvent*) { onPlottableClick(p, i); });
    m_plot->setInteractions(QCP::iSelectPlottables);
    FigureStyle::placeLegendOnTop(m_plot, 3);
    FigureStyle::apply(m_plot);
}

void EnergyView::setRecords(std::vector<EnergyRecord> records)
{
    m_records = std::move(records);
    rebuild();
}

void EnergyView::setGrouping(EnergyGrouping grouping)
{
    m_grouping = grouping;
    if (m_groupBox->currentIndex() != static_cast<int>(grouping))
        m_groupBox->setCurrentIndex(static_cast<int>(grouping));
    rebuild();
}

void EnergyView::setNormalized(bool normalized)
{
    m_normalized = normalized;
    if (m_normBox->isChecked() != normalized)
        m_normBox->setChecked(normalized);
    rebuild();
}

void EnergyView::setFilter(const QString& design, const QString& model)
{
    m_design = design;
    m_model = model;
    rebuild();
}

void EnergyView::setHighlightedLayers(const LayerSet& layers)
{
    m_highlighted = layers;
    rebuild();
}

std::vector<const EnergyRecord*> EnergyView::filtered() const
{
    std::vector<const EnergyRecord*> out;
    for (const EnergyRecord& r : m_records)
        if ((m_design.isEmpty() || r.design == m_design) && (m_model.isEmpty() || r.model == m_model))
            out.push_back(&r);
    return out;
}

std::vector<EnergyView::Bar> EnergyView::groupBars() const
{
    const auto records = filtered();
    QStringList designs, models;
    for (const EnergyRecord* r : records) {
        if (!designs.contains(r->design))
            designs << r->design;
        if (!models.contains(r->model))
            models << r->model;
    }
    std::vector<Bar> bars;
    std::map<QString, size_t> index; // group key -> bar, bars keep first-seen order
    for (const EnergyRecord* r : records) {
        QString label;
        LayerRef ref;
        if (m_grouping == EnergyGrouping::PerLayer) {
            label = r->layerName.isEmpty() ? QString::number(r->layer) : r->layerName;
            if (designs.size() > 1)
                label = r->design + ": " + label;
            if (models.size() > 1)
                label = r->model + ": " + label;
            ref = {r->model, r->layer};
        } else if (m_grouping == EnergyGrouping::PerAccelerator) {
            label = designs.size() > 1 && r->design != r->accelerator ? r->design + ": " + r->accelerator
                                                                       : r->accelerator;
        } else {
            label = models.size() > 1 ? r->model + "\n" + r->design : r->design;
        }
        const QString key = m_grouping == EnergyGrouping::PerLayer
                                ? QString("%1|%2|%3").arg(r->design, r->model).arg(r->layer)
                                : label;
        auto [it, fresh] = index.emplace(key, bars.size());
        if (fresh)
            bars.push_back({label, ref, {}});
        bars[it->second].energy += r->energy;
    }
    return bars;
}

void EnergyView::rebuild()
{
    m_plot->clearPlottables();
    m_plot->clearItems();
    m_shown = groupBars();
    double maxTotal = 0;
    for (const Bar& b : m_shown)
        maxTotal = std::max(maxTotal, b.energy.total());
    const FigureStyle::Unit unit = FigureStyle::energyUnit(maxTotal > 0 ? maxTotal : 1e-6);
    m_energyFactor = unit.factor;
    QCPBars* below = nullptr;
    m_markCount = 0;
    for (int c = 0; c < kEnergyComponentCount; ++c) {
        auto* bars = new QCPBars(m_plot->xAxis, m_plot->yAxis);
        bars->setName(FigureStyle::componentLabel(component(c)));
        bars->setBrush(FigureStyle::componentColor(component(c)));
        bars->setPen(QPen(Qt::white, 0.4));
        bars->setWidth(kBarWidth);
        bars->setSelectable(QCP::stSingleData);
        for (size_t i = 0; i < m_shown.size(); ++i) {
            const double total = m_shown[i].energy.total();
            const double joules = m_shown[i].energy.joules[static_cast<size_t>(c)];
            const double value = m_normalized ? (total > 0 ? 100.0 * joules / total : 0) : joules * unit.factor;
            bars->addData(static_cast<double>(i), value);
            m_markCount += value > 0 ? 1 : 0;
        }
        if (below)
            bars->moveAbove(below);
        below = bars;
    }
    m_plot->yAxis->setLabel(m_normalized ? FigureStyle::axisLabel(tr("Share of energy"), "%")
                                         : FigureStyle::axisLabel(tr("Energy"), unit.name));
    m_plot->yAxis->setRange(0, m_normalized ? 100 : std::max(1e-12, maxTotal * unit.factor * 1.05));
    setupKeyAxis();
    drawHighlights();
    m_plot->replot();
}

void EnergyView::setupKeyAxis()
{
    auto ticker = QSharedPointer<QCPAxisTickerText>::create();
    const int n = static_cast<int>(m_shown.size());
    const bool text = n <= kMaxTextLabels;
    const int step = text ? 1 : std::max(1, n / 20);
    for (int i = 0; i < n; i += step)
        ticker->addTick(i, text ? m_shown[static_cast<size_t>(i)].label : QString::number(i));
    m_plot->xAxis->setTicker(ticker);
    m_plot->xAxis->setTickLabelRotation(text && n > 6 && m_grouping != EnergyGrouping::PerModel ? 60 : 0);
    if (text && m_grouping == EnergyGrouping::PerModel && n > 8)
        m_plot->xAxis->setTickLabelRotation(60);
    m_plot->xAxis->setSubTicks(false);
    m_plot->xAxis->setTickLength(0, 3);
    m_plot->xAxis->grid()->setVisible(false);
    m_plot->xAxis->setRange(-0.6, std::max(0, n - 1) + 0.6);
    const char* labels[] = {"Layer", "Accelerator", "Design"};
    m_plot->xAxis->setLabel(text && m_grouping != EnergyGrouping::PerLayer
                                ? QString()
                                : tr(labels[static_cast<int>(m_grouping)]) + (text ? "" : tr(" (index)")));
}

void EnergyView::drawHighlights()
{
    if (m_grouping != EnergyGrouping::PerLayer || m_highlighted.isEmpty())
        return;
    for (size_t i = 0; i < m_shown.size(); ++i) {
        if (!m_highlighted.contains(m_shown[i].layer))
            continue;
        const double value = m_normalized ? 100 : m_shown[i].energy.total() * m_energyFactor;
        auto* rect = new QCPItemRect(m_plot);
        rect->topLeft->setCoords(static_cast<double>(i) - kBarWidth / 2 - 0.08, value);
        rect->bottomRight->setCoords(static_cast<double>(i) + kBarWidth / 2 + 0.08, 0);
        rect->setPen(QPen(FigureStyle::highlightColor(), 1.8));
        rect->setBrush(Qt::NoBrush);
    }
}

void EnergyView::onPlottableClick(QCPAbstractPlottable*, int dataIndex)
{
    if (dataIndex >= 0 && dataIndex < static_cast<int>(m_shown.size()) && m_shown[static_cast<size_t>(dataIndex)].layer.isValid())
        emit layerClicked(m_shown[static_cast<size_t>(dataIndex)].layer);
}

int EnergyView::markCount() const
{
    return m_markCount;
}

QSizeF EnergyView::defaultExportSize() const
{
    const double n = static_cast<double>(m_shown.size());
    return {std::clamp(2.0 + 0.28 * n, 4.0, 10.0), 4.0};
}

QString EnergyView::csv() const
{
    QStringList header = {"bar", "model", "layer"};
    for (int c = 0; c < kEnergyComponentCount; ++c)
        header << FigureStyle::componentLabel(component(c)) + " (J)";
    header << "total (J)";
    CsvTable table(header);
    for (const Bar& b : m_shown) {
        QStringList row = {QString(b.label).replace('\n', ' '), b.layer.model,
                           b.layer.isValid() ? QString::number(b.layer.layer) : QString()};
        for (double j : b.energy.joules)
            row << CsvTable::number(j);
        row << CsvTable::number(b.energy.total());
        table.row(row);
    }
    return table.toString();
}

} // namespace mensa::views
