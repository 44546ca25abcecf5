#include "ComparisonView.h"

#include "CsvTable.h"
#include "FigureStyle.h"
#include "study/PaperComparison.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QToolTip>
#include <QVBoxLayout>

#include <cmath>

namespace mensa::views {
namespace {

constexpr double kGroupWidth = 0.8;

double metricValue(const DesignResult& r, ComparisonMetric metric)
{
    switch (metric) {
    case ComparisonMetric::Throughput:
        return r.throughput;
    case ComparisonMetric::EnergyEfficiency:
        return r.energy > 0 ? 1.0 / r.energy : 0;
    case ComparisonMetric::Utilization:
        return r.utilization;
    }
    return 0;
}

QString ratioText(double v)
{
    const QString number = v >= 10 ? QString::number(v, 'f', 0)
        : v >= 1                   ? QString::number(v, 'f', 1)
                                   : QString::number(v, 'g', 2);
    return number + QString::fromUtf8("×");
}

} // namespace

ComparisonView::ComparisonView(QWidget* parent)
    : FigureView(parent)
    , m_plot(new QCustomPlot(this))
{
    setFigureName("comparison");
    m_metrics = { ComparisonMetric::Throughput, ComparisonMetric::EnergyEfficiency,
        ComparisonMetric::Utilization };
    m_baselineBox = new QComboBox(this);
    m_baselineBox->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    auto* bar = new QHBoxLayout;
    bar->addWidget(new QLabel(tr("Baseline:"), this));
    bar->addWidget(m_baselineBox);
    bar->addStretch();
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(bar);
    layout->addWidget(m_plot, 1);
    m_note = new QLabel(this);
    m_note->setWordWrap(true); // long notes wrap, never widen the dock
    m_note->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_note);
    connect(m_baselineBox, &QComboBox::textActivated, this, &ComparisonView::setBaseline);
    connect(m_plot, &QCustomPlot::mouseMove, this, &ComparisonView::onMouseMove);
    m_plot->setMouseTracking(true);
    FigureStyle::placeLegendOnTop(m_plot, 6);
    m_plot->plotLayout()->remove(m_plot->axisRect()); // panels are built per metric
    m_plot->plotLayout()->simplify();
    m_panelGrid = new QCPLayoutGrid;
    m_plot->plotLayout()->addElement(1, 0, m_panelGrid);
    FigureStyle::applyToLegend(m_plot->legend);
    m_plot->legend->setBorderPen(Qt::NoPen);
}

QString ComparisonView::metricName(ComparisonMetric metric)
{
    switch (metric) {
    case ComparisonMetric::Throughput:
        return tr("Throughput");
    case ComparisonMetric::EnergyEfficiency:
        return tr("Energy efficiency");
    case ComparisonMetric::Utilization:
        return tr("Utilization");
    }
    return {};
}

void ComparisonView::setResults(std::vector<DesignResult> results)
{
    m_results = std::move(results);
    m_designs.clear();
    m_models.clear();
    for (const DesignResult& r : m_results) {
        if (!m_designs.contains(r.design))
            m_designs << r.design;
        if (!m_models.contains(r.model))
            m_models << r.model;
    }
    if (!m_designs.contains(m_baseline))
        m_baseline = m_designs.value(0);
    m_baselineBox->blockSignals(true);
    m_baselineBox->clear();
    m_baselineBox->addItems(m_designs);
    m_baselineBox->setCurrentText(m_baseline);
    m_baselineBox->blockSignals(false);
    rebuild();
}

void ComparisonView::setReferences(std::vector<ReferenceValue> references)
{
    m_references = std::move(references);
    rebuild();
}

void ComparisonView::setBaseline(const QString& design)
{
    m_baseline = design;
    m_baselineBox->setCurrentText(design);
    rebuild();
}

void ComparisonView::setMetrics(const QList<ComparisonMetric>& metrics)
{
    m_metrics = metrics;
    rebuild();
}

const DesignResult* ComparisonView::find(const QString& design, const QString& model) const
{
    for (const DesignResult& r : m_results)
        if (r.design == design && r.model == model)
            return &r;
    return nullptr;
}

std::optional<double> ComparisonView::normalized(
    const QString& design, const QString& model, ComparisonMetric metric) const
{
    const DesignResult* r = find(design, model);
    const DesignResult* base = find(m_baseline, model);
    if (!r || !base)
        return std::nullopt;
    const double b = metricValue(*base, metric);
    const double v = metricValue(*r, metric);
    if (!(b > 0) || !(v > 0))
        return std::nullopt;
    return v / b;
}

std::optional<double> ComparisonView::geomean(const QString& design, ComparisonMetric metric) const
{
    double logSum = 0;
    int n = 0;
    for (const QString& model : m_models)
        if (auto v = normalized(design, model, metric)) {
            logSum += std::log(*v);
            ++n;
        }
    if (n == 0)
        return std::nullopt;
    return std::exp(logSum / n);
}

QString ComparisonView::descriptionAt(const QPointF& pixel) const
{
    int index = -1;
    auto* bars = qobject_cast<QCPBars*>(m_plot->plottableAt(pixel, false, &index));
    if (!bars || index < 0 || index >= bars->dataCount())
        return {};
    const QCPBarsData& bar = *(bars->data()->at(index));
    const int group = static_cast<int>(std::lround(bar.key));
    const QString where = group < m_models.size() ? m_models[group] : tr("Geomean of the models");
    const QString axis = bars->valueAxis()->label().simplified();
    return QString("%1 — %2\n%3: %4")
        .arg(FigureStyle::displayName(bars->name()), where, axis.isEmpty() ? tr("value") : axis,
            QString::number(bar.value, 'g', 4));
}

void ComparisonView::onMouseMove(QMouseEvent* event)
{
    const QString text = descriptionAt(event->position());
    if (text.isEmpty())
        QToolTip::hideText();
    else
        QToolTip::showText(event->globalPosition().toPoint(), text, m_plot);
}

void ComparisonView::clearPanels()
{
    m_plot->clearPlottables();
    m_plot->clearItems();
    for (QCPAxisRect* rect : m_panels)
        m_panelGrid->remove(rect);
    m_panels.clear();
    m_panelGrid->simplify();
}

void ComparisonView::rebuild()
{
    clearPanels();
    m_markCount = 0;
    auto* margins = new QCPMarginGroup(m_plot);
    const bool stacked = m_arrangement == Qt::Vertical;
    for (int i = 0; i < m_metrics.size(); ++i) {
        QCPAxisRect* rect = addPanel(m_metrics[i], i, !stacked || i == m_metrics.size() - 1);
        rect->setMarginGroup(
            stacked ? QCP::msLeft | QCP::msRight : QCP::msTop | QCP::msBottom, margins);
        addBars(rect, m_metrics[i]);
        m_panels << rect;
    }
    addLegend();
    m_plot->replot();
    m_note->setText(paperNote());
    m_note->setVisible(!m_note->text().isEmpty());
}

QString ComparisonView::paperNote() const
{
    QStringList summaries, reasons;
    for (const ReferenceValue& ref : m_references) {
        if (ref.baseline != m_baseline || !m_metrics.contains(ref.metric)
            || !m_designs.contains(ref.design) || ref.design == m_baseline)
            continue;
        std::vector<ModelGain> gains;
        for (const QString& model : m_models) {
            const DesignResult* r = find(ref.design, model);
            const auto gain = normalized(ref.design, model, ref.metric);
            if (r && gain)
                gains.push_back({ model.toStdString(), r->kind.toStdString(), *gain });
        }
        const PaperComparisonNote note
            = comparePaperAverage(gains, ref.value, metricName(ref.metric).toLower().toStdString(),
                ref.design.toStdString(), ref.baseline.toStdString());
        summaries << QString::fromStdString(note.summary);
        for (const std::string& reason : note.reasons)
            if (!reasons.contains(QString::fromStdString(reason)))
                reasons << QString::fromStdString(reason);
    }
    if (summaries.isEmpty())
        return {};
    return (
        QStringList { QString::fromStdString(PaperComparisonNote::intro()) } + summaries + reasons)
        .join("\n");
}

const ReferenceValue* ComparisonView::reference(
    const QString& design, ComparisonMetric metric) const
{
    for (const ReferenceValue& ref : m_references)
        if (ref.design == design && ref.metric == metric && ref.baseline == m_baseline
            && design != m_baseline)
            return &ref;
    return nullptr;
}

int ComparisonView::geomeanSlotCount(ComparisonMetric metric) const
{
    int count = 0;
    for (const QString& design : m_designs)
        count += reference(design, metric) ? 2 : 1;
    return count;
}

int ComparisonView::geomeanSlot(int designIndex, ComparisonMetric metric) const
{
    int slot = 0;
    for (int d = 0; d < designIndex; ++d)
        slot += reference(m_designs[d], metric) ? 2 : 1;
    return slot;
}

double ComparisonView::slotOffset(int slot, int count) const
{
    const double width = kGroupWidth / std::max(1, count);
    return (slot - (count - 1) / 2.0) * width;
}

QCPAxisRect* ComparisonView::addPanel(ComparisonMetric metric, int index, bool showLabels)
{
    auto* rect = new QCPAxisRect(m_plot);
    if (m_arrangement == Qt::Vertical)
        m_panelGrid->addElement(index, 0, rect);
    else
        m_panelGrid->addElement(0, index, rect);
    FigureStyle::applyToAxisRect(rect);
    QCPAxis* x = rect->axis(QCPAxis::atBottom);
    QCPAxis* y = rect->axis(QCPAxis::atLeft);
    auto ticker = QSharedPointer<QCPAxisTickerText>::create();
    for (int i = 0; i < m_models.size(); ++i)
        ticker->addTick(i, m_models[i]);
    ticker->addTick(m_models.size(), tr("GMean"));
    x->setTicker(ticker);
    x->setTickLabels(showLabels);
    x->setTickLabelRotation(m_models.size() > 6 ? 45 : 0);
    x->setSubTicks(false);
    x->setTickLength(0, 3);
    x->grid()->setVisible(false);
    x->setRange(-0.6, m_models.size() + 0.6);
    QString label = isRatio(metric) ? FigureStyle::axisLabel(metricName(metric),
                        QString::fromUtf8("× ") + FigureStyle::displayName(m_baseline))
                                    : FigureStyle::axisLabel(metricName(metric), "%");
    // Side by side the panels are short: the unit goes on a second line to fit their height.
    if (const qsizetype unit = label.indexOf(" ("); m_arrangement == Qt::Horizontal && unit > 0)
        label.replace(unit, 2, "\n(");
    y->setLabel(label);
    y->setPadding(4);
    return rect;
}

void ComparisonView::addBars(QCPAxisRect* rect, ComparisonMetric metric)
{
    QCPAxis* x = rect->axis(QCPAxis::atBottom);
    QCPAxis* y = rect->axis(QCPAxis::atLeft);
    const int n = static_cast<int>(m_designs.size());
    const int gSlots = geomeanSlotCount(metric);
    const bool ratio = isRatio(metric);
    double maxValue = ratio ? 1 : 0;
    for (int d = 0; d < n; ++d) {
        QCPBars* bars = makeBars(rect, m_designs[d], kGroupWidth / n * 0.92);
        for (int m = 0; m < m_models.size(); ++m)
            if (auto v = plotted(m_designs[d], m_models[m], metric)) {
                bars->addData(m + slotOffset(d, n), *v);
                maxValue = std::max(maxValue, *v);
                ++m_markCount;
            }
        if (auto g = plottedGeomean(m_designs[d], metric)) {
            // Own series: the geomean group may hold reference bars too, so its bars are narrower.
            QCPBars* mean = makeBars(rect, m_designs[d], kGroupWidth / gSlots * 0.92);
            const double key = m_models.size() + slotOffset(geomeanSlot(d, metric), gSlots);
            mean->addData(key, *g);
            maxValue = std::max(maxValue, *g);
            ++m_markCount;
            if (!ratio || m_designs[d] != m_baseline) // the baseline is 1.0x by definition
                addValueLabel(rect, key, *g, Qt::black, ratio);
        }
    }
    addReferenceBars(rect, metric, maxValue);
    // Headroom for the upright value labels above the tallest bar.
    y->setRange(0, ratio ? maxValue * 1.3 : std::min(115.0, maxValue * 1.3 + 2));
    addSeparator(rect);
    if (!ratio)
        return;
    auto* baseline = new QCPItemStraightLine(m_plot);
    baseline->setClipAxisRect(rect);
    baseline->point1->setAxes(x, y);
    baseline->point2->setAxes(x, y);
    baseline->point1->setCoords(-1, 1);
    baseline->point2->setCoords(m_models.size() + 1, 1);
    baseline->setPen(QPen(QColor(0x30, 0x30, 0x30), 0.8, Qt::DashLine));
}

QCPBars* ComparisonView::makeBars(QCPAxisRect* rect, const QString& design, double width)
{
    auto* bars = new QCPBars(rect->axis(QCPAxis::atBottom), rect->axis(QCPAxis::atLeft));
    bars->setName(design);
    bars->setBrush(FigureStyle::acceleratorColor(design));
    bars->setPen(QPen(QColor(0x30, 0x30, 0x30), 0.5));
    bars->setWidth(width);
    bars->removeFromLegend(); // legend entries are added once, in addLegend()
    return bars;
}

void ComparisonView::addSeparator(QCPAxisRect* rect)
{
    QCPAxis* x = rect->axis(QCPAxis::atBottom);
    QCPAxis* y = rect->axis(QCPAxis::atLeft);
    auto* separator = new QCPItemStraightLine(m_plot);
    separator->setClipAxisRect(rect);
    separator->point1->setAxes(x, y);
    separator->point2->setAxes(x, y);
    separator->point1->setCoords(m_models.size() - 0.5, 0);
    separator->point2->setCoords(m_models.size() - 0.5, 1);
    separator->setPen(QPen(QColor(0xA0, 0xA0, 0xA0), 0.8, Qt::DotLine));
}

bool ComparisonView::isRatio(ComparisonMetric metric)
{
    // Utilization ratios explode when the baseline barely uses its PEs: show it in percent.
    return metric != ComparisonMetric::Utilization;
}

std::optional<double> ComparisonView::plotted(
    const QString& design, const QString& model, ComparisonMetric metric) const
{
    if (isRatio(metric))
        return normalized(design, model, metric);
    const DesignResult* r = find(design, model);
    return r ? std::optional<double>(100.0 * r->utilization) : std::nullopt;
}

std::optional<double> ComparisonView::plottedGeomean(
    const QString& design, ComparisonMetric metric) const
{
    if (isRatio(metric))
        return geomean(design, metric);
    double logSum = 0;
    int n = 0;
    for (const QString& model : m_models)
        if (auto v = plotted(design, model, metric); v && *v > 0) {
            logSum += std::log(*v);
            ++n;
        }
    return n ? std::optional<double>(std::exp(logSum / n)) : std::nullopt;
}

void ComparisonView::addValueLabel(
    QCPAxisRect* rect, double key, double value, const QColor& colour, bool ratio)
{
    auto* text = new QCPItemText(m_plot);
    text->setClipAxisRect(rect);
    text->position->setAxes(rect->axis(QCPAxis::atBottom), rect->axis(QCPAxis::atLeft));
    text->position->setCoords(key, value);
    // Written upwards from the bar top: geomean bars are too narrow for horizontal labels.
    text->setRotation(-90);
    text->setPositionAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    text->setFont(FigureStyle::font(FigureStyle::TextRole::Annotation));
    text->setColor(colour);
    text->setText(ratio ? ratioText(value) : QString::number(value, 'f', value < 10 ? 1 : 0) + "%");
    text->setPadding(QMargins(3, 0, 0, 0));
}

void ComparisonView::addReferenceBars(QCPAxisRect* rect, ComparisonMetric metric, double& maxValue)
{
    QCPAxis* x = rect->axis(QCPAxis::atBottom);
    QCPAxis* y = rect->axis(QCPAxis::atLeft);
    const int gSlots = geomeanSlotCount(metric);
    for (int d = 0; d < m_designs.size(); ++d) {
        const ReferenceValue* found = reference(m_designs[d], metric);
        if (!found)
            continue;
        const ReferenceValue& ref = *found;
        const QColor colour = FigureStyle::acceleratorColor(ref.design);
        auto* bars = new QCPBars(x, y);
        bars->setName(ref.label);
        bars->setBrush(QBrush(colour.darker(120), Qt::BDiagPattern));
        bars->setPen(QPen(colour.darker(120), 0.8));
        bars->setWidth(kGroupWidth / gSlots * 0.92);
        const double key = m_models.size() + slotOffset(geomeanSlot(d, metric) + 1, gSlots);
        bars->addData(key, ref.value);
        bars->removeFromLegend();
        maxValue = std::max(maxValue, ref.value);
        ++m_markCount;
        addValueLabel(rect, key, ref.value, QColor(0x40, 0x40, 0x40), true);
    }
}

void ComparisonView::addLegend()
{
    m_plot->legend->clearItems();
    if (m_panels.isEmpty())
        return;
    QCPAxisRect* rect = m_panels.front();
    for (const QString& design : m_designs) {
        auto* entry = new QCPBars(rect->axis(QCPAxis::atBottom), rect->axis(QCPAxis::atLeft));
        entry->setName(FigureStyle::displayName(design));
        entry->setBrush(FigureStyle::acceleratorColor(design));
        entry->setPen(QPen(QColor(0x30, 0x30, 0x30), 0.5));
    }
    QString referenceLabel;
    for (ComparisonMetric metric : m_metrics)
        for (const QString& design : m_designs)
            if (const ReferenceValue* ref = reference(design, metric))
                referenceLabel = ref->label;
    if (!referenceLabel.isEmpty()) {
        auto* entry = new QCPBars(rect->axis(QCPAxis::atBottom), rect->axis(QCPAxis::atLeft));
        entry->setName(referenceLabel + tr(" (hatched)"));
        entry->setBrush(QBrush(QColor(0x50, 0x50, 0x50), Qt::BDiagPattern));
        entry->setPen(QPen(QColor(0x50, 0x50, 0x50), 0.8));
    }
}

QSizeF ComparisonView::defaultExportSize() const
{
    const double groups = m_models.size() + 1.0;
    const double panelWidth = std::clamp(2.0 + 0.45 * groups, 5.0, 12.0);
    if (m_arrangement == Qt::Horizontal)
        return { std::min(18.0, 0.7 * panelWidth * m_metrics.size()), 3.4 };
    return { panelWidth, 1.2 + 1.9 * m_metrics.size() };
}

void ComparisonView::setArrangement(Qt::Orientation arrangement)
{
    if (arrangement == m_arrangement)
        return;
    m_arrangement = arrangement;
    rebuild();
}

void ComparisonView::resizeEvent(QResizeEvent* event)
{
    FigureView::resizeEvent(event);
    // Stacked panels need about 150 px each to show their labels; below that, go side by side.
    const bool roomToStack
        = height() >= 150 * std::max<qsizetype>(1, m_metrics.size()) || width() < 2 * height();
    setArrangement(roomToStack ? Qt::Vertical : Qt::Horizontal);
}

QString ComparisonView::csv() const
{
    CsvTable table({ "model", "design", "baseline", "throughput_inf_per_s", "energy_j_per_inf",
        "utilization", "throughput_x", "energy_efficiency_x", "utilization_x" });
    const auto ratio = [](std::optional<double> v) { return v ? CsvTable::number(*v) : QString(); };
    for (const QString& model : m_models)
        for (const QString& design : m_designs) {
            const DesignResult* r = find(design, model);
            if (!r)
                continue;
            table.row({ model, design, m_baseline, CsvTable::number(r->throughput),
                CsvTable::number(r->energy), CsvTable::number(r->utilization),
                ratio(normalized(design, model, ComparisonMetric::Throughput)),
                ratio(normalized(design, model, ComparisonMetric::EnergyEfficiency)),
                ratio(normalized(design, model, ComparisonMetric::Utilization)) });
        }
    for (const QString& design : m_designs)
        table.row({ "geomean", design, m_baseline, {}, {}, {},
            ratio(geomean(design, ComparisonMetric::Throughput)),
            ratio(geomean(design, ComparisonMetric::EnergyEfficiency)),
            ratio(geomean(design, ComparisonMetric::Utilization)) });
    for (const ReferenceValue& ref : m_references)
        table.row({ ref.label, ref.design, ref.baseline, {}, {}, {},
            ref.metric == ComparisonMetric::Throughput ? CsvTable::number(ref.value) : QString(),
            ref.metric == ComparisonMetric::EnergyEfficiency ? CsvTable::number(ref.value)
                                                             : QString(),
            ref.metric == ComparisonMetric::Utilization ? CsvTable::number(ref.value)
                                                        : QString() });
    return table.toString();
}

} // namespace mensa::views
