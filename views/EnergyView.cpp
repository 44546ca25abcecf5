#include "EnergyView.h"

#include "AxisTooltips.h"
#include "CsvTable.h"
#include "FigureStyle.h"

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QToolTip>
#include <QVBoxLayout>

#include <map>

namespace mensa::views {
namespace {

constexpr double kBarWidth = 0.7;
constexpr double kGroupGap = 0.6; // extra space between groups of bars
// Past this many bars, per-bar text labels overlap: show layer numbers instead.
constexpr int kMaxTextLabels = 40;

EnergyComponent component(int i)
{
    return static_cast<EnergyComponent>(i);
}

} // namespace

EnergyView::EnergyView(QWidget* parent)
    : FigureView(parent)
    , m_plot(new QCustomPlot(this))
{
    setFigureName("energy");
    m_groupBox = new QComboBox(this);
    m_groupBox->addItems({ tr("Per layer"), tr("Per accelerator"), tr("Per model") });
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
    connect(m_plot, &QCustomPlot::mouseMove, this, &EnergyView::onMouseMove);
    m_plot->setMouseTracking(true);
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

void EnergyView::setPerLayerDesign(const QString& design)
{
    m_perLayerDesign = design;
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
        if ((m_design.isEmpty() || r.design == m_design)
            && (m_model.isEmpty() || r.model == m_model)
            && (m_grouping != EnergyGrouping::PerLayer || m_perLayerDesign.isEmpty()
                || r.design == m_perLayerDesign))
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
    std::map<QString, size_t> index; // (group, label) -> bar; bars keep first-seen order
    for (const EnergyRecord* r : records) {
        Bar bar;
        if (m_grouping == EnergyGrouping::PerLayer) {
            QStringList group;
            if (models.size() > 1)
                group << r->model;
            if (designs.size() > 1)
                group << r->design;
            bar.group = group.join(" / ");
            bar.label = r->layerName.isEmpty() ? QString::number(r->layer) : r->layerName;
            bar.layer = { r->layer >= 0 ? r->modelKey : -1, r->layer };
            bar.model = r->model;
        }
        else if (m_grouping == EnergyGrouping::PerAccelerator) {
            bar.group = designs.size() > 1 ? r->design : QString();
            bar.label = r->accelerator;
        }
        else {
            bar.group = models.size() > 1 ? r->model : QString();
            bar.label = r->design;
        }
        const QString key = bar.group + '\x1f' + bar.label + '\x1f'
            + (m_grouping == EnergyGrouping::PerLayer ? QString::number(r->layer) : QString());
        auto [it, fresh] = index.emplace(key, bars.size());
        if (fresh)
            bars.push_back(bar);
        bars[it->second].energy += r->energy;
        bars[it->second].levels += r->levels;
    }
    // Keep each group's bars together even when records interleave groups.
    QHash<QString, size_t> firstSeen;
    for (size_t i = 0; i < bars.size(); ++i)
        firstSeen.insert(bars[i].group, std::min(i, firstSeen.value(bars[i].group, i)));
    std::stable_sort(bars.begin(), bars.end(),
        [&](const Bar& a, const Bar& b) { return firstSeen[a.group] < firstSeen[b.group]; });
    return bars;
}

void EnergyView::rebuild()
{
    m_plot->clearPlottables();
    m_plot->clearItems();
    m_shown = groupBars();
    m_keys.clear();
    double key = 0;
    for (size_t i = 0; i < m_shown.size(); ++i) {
        if (i > 0 && m_shown[i].group != m_shown[i - 1].group)
            key += kGroupGap;
        m_keys.push_back(key);
        key += 1;
    }
    double maxTotal = 0;
    for (const Bar& b : m_shown)
        maxTotal = std::max(maxTotal, b.energy.total());
    const FigureStyle::Unit unit = FigureStyle::energyUnit(maxTotal > 0 ? maxTotal : 1e-6);
    m_energyFactor = unit.factor;
    m_energyUnit = unit.name;
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
            const double value
                = m_normalized ? (total > 0 ? 100.0 * joules / total : 0) : joules * unit.factor;
            bars->addData(m_keys[i], value);
            m_markCount += value > 0 ? 1 : 0;
        }
        if (below)
            bars->moveAbove(below);
        below = bars;
    }
    const QString quantity
        = m_grouping == EnergyGrouping::PerLayer ? tr("Energy") : tr("Energy per inference");
    m_plot->yAxis->setLabel(m_normalized ? FigureStyle::axisLabel(tr("Share of energy"), "%")
                                         : FigureStyle::axisLabel(quantity, unit.name));
    AxisTooltips::set(m_plot->yAxis, "energyPerInference");
    m_plot->yAxis->setRange(0, m_normalized ? 100 : std::max(1e-12, maxTotal * unit.factor * 1.05));
    setupKeyAxis();
    m_plot->legend->setWrap(defaultExportSize().width() >= 6.4 ? kEnergyComponentCount : 3);
    drawHighlights();
    m_plot->replot();
}

void EnergyView::setupKeyAxis()
{
    const int n = static_cast<int>(m_shown.size());
    const bool text = n <= kMaxTextLabels;
    auto ticker = QSharedPointer<QCPAxisTickerText>::create();
    QStringList labels;
    const int step = text ? 1 : std::max(1, n / 20);
    for (int i = 0; i < n; i += step) {
        labels << (text ? FigureStyle::displayName(m_shown[static_cast<size_t>(i)].label)
                        : QString::number(i));
        ticker->addTick(m_keys[static_cast<size_t>(i)], labels.back());
    }
    QCPAxis* x = m_plot->xAxis;
    x->setTicker(ticker);
    x->setTickLabelRotation(
        text && FigureStyle::needsRotatedLabels(labels, defaultExportSize().width() - 1.0) ? -45
                                                                                           : 0);
    x->setSubTicks(false);
    x->setTickLength(0, 3);
    x->grid()->setVisible(false);
    x->setRange(-0.6, (m_keys.empty() ? 0 : m_keys.back()) + 0.6);
    const char* labelText[] = { "Layer", "Accelerator", "Design" };
    x->setLabel(text && m_grouping != EnergyGrouping::PerLayer
            ? QString()
            : tr(labelText[static_cast<int>(m_grouping)]) + (text ? "" : tr(" (index)")));
    setupGroupAxis();
}

void EnergyView::setupGroupAxis()
{
    // Group names (model or design) along the top axis, centred over their bars.
    QCPAxis* top = m_plot->xAxis2;
    auto ticker = QSharedPointer<QCPAxisTickerText>::create();
    bool anyGroup = false;
    for (size_t i = 0; i < m_shown.size();) {
        size_t j = i;
        while (j < m_shown.size() && m_shown[j].group == m_shown[i].group)
            ++j;
        if (!m_shown[i].group.isEmpty()) {
            ticker->addTick(
                (m_keys[i] + m_keys[j - 1]) / 2, FigureStyle::displayName(m_shown[i].group));
            anyGroup = true;
        }
        i = j;
    }
    top->setVisible(anyGroup);
    top->setTicker(ticker);
    top->setTickLength(0, 0);
    top->setSubTicks(false);
    top->setBasePen(Qt::NoPen);
    top->setTickPen(Qt::NoPen);
    top->setTickLabelFont(FigureStyle::font(FigureStyle::TextRole::Label));
    top->setRange(m_plot->xAxis->range());
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
        rect->topLeft->setCoords(m_keys[i] - kBarWidth / 2 - 0.08, value);
        rect->bottomRight->setCoords(m_keys[i] + kBarWidth / 2 + 0.08, 0);
        rect->setPen(QPen(FigureStyle::highlightColor(), 1.8));
        rect->setBrush(Qt::NoBrush);
    }
}

void EnergyView::onPlottableClick(QCPAbstractPlottable*, int dataIndex)
{
    if (dataIndex >= 0 && dataIndex < static_cast<int>(m_shown.size())
        && m_shown[static_cast<size_t>(dataIndex)].layer.isValid())
        emit layerClicked(m_shown[static_cast<size_t>(dataIndex)].layer);
}

QString EnergyView::barDescription(int barIndex) const
{
    if (barIndex < 0 || barIndex >= static_cast<int>(m_shown.size()))
        return {};
    const Bar& bar = m_shown[static_cast<size_t>(barIndex)];
    QString text = FigureStyle::displayName(bar.label);
    if (!bar.group.isEmpty())
        text += " (" + FigureStyle::displayName(bar.group) + ")";
    const double total = bar.energy.total();
    const QString& unit = m_energyUnit;
    auto value = [&](double joules) {
        return QString::number(joules * m_energyFactor, 'g', 4) + ' ' + unit
            + (total > 0 ? QString(" (%1%)").arg(100.0 * joules / total, 0, 'f', 1) : QString());
    };
    for (int c = kEnergyComponentCount - 1; c >= 0; --c) // top of the stack first
        if (bar.energy.joules[static_cast<size_t>(c)] > 0)
            text += "\n" + FigureStyle::componentLabel(component(c)) + ": "
                + value(bar.energy.joules[static_cast<size_t>(c)]);
    text += "\n" + tr("total: %1 %2").arg(QString::number(total * m_energyFactor, 'g', 4), unit);
    for (int l = 0; l < kStorageLevelCount; ++l) {
        const StorageAccess& level = bar.levels.levels[static_cast<size_t>(l)];
        if (level.bytes() > 0)
            text += "\n"
                + tr("%1: %2 B read, %3 B written")
                      .arg(FigureStyle::levelLabel(StorageLevel(l)),
                          QString::number(level.reads, 'g', 4),
                          QString::number(level.writes, 'g', 4));
    }
    return text;
}

void EnergyView::onMouseMove(QMouseEvent* event)
{
    int index = -1;
    if (qobject_cast<QCPBars*>(m_plot->plottableAt(event->position(), false, &index)))
        QToolTip::showText(event->globalPosition().toPoint(), barDescription(index), m_plot);
    else
        QToolTip::hideText();
}

int EnergyView::markCount() const
{
    return m_markCount;
}

QSizeF EnergyView::defaultExportSize() const
{
    const double n = static_cast<double>(m_shown.size());
    return { std::clamp(1.6 + 0.4 * n, 4.0, 10.0), 4.0 };
}

QString EnergyView::csv() const
{
    QStringList header = { "group", "bar", "model", "layer" };
    for (int c = 0; c < kEnergyComponentCount; ++c)
        header << FigureStyle::componentLabel(component(c)) + " (J)";
    header << "total (J)";
    for (int l = 0; l < kStorageLevelCount; ++l) {
        const QString level = FigureStyle::levelLabel(StorageLevel(l));
        header << level + " read (B)" << level + " written (B)";
    }
    CsvTable table(header);
    for (const Bar& b : m_shown) {
        QStringList row = { b.group, b.label, b.model,
            b.layer.isValid() ? QString::number(b.layer.layer) : QString() };
        for (double j : b.energy.joules)
            row << CsvTable::number(j);
        row << CsvTable::number(b.energy.total());
        for (const StorageAccess& level : b.levels.levels)
            row << CsvTable::number(level.reads) << CsvTable::number(level.writes);
        table.row(row);
    }
    return table.toString();
}

} // namespace mensa::views
