#include "FigureStyle.h"

#include "DistinctLogTicker.h"

#include <QHash>
#include <QLocale>

#include <algorithm>
#include <array>
#include <clocale>

namespace mensa::views {
namespace {

const char* const kFontFamily = "DejaVu Sans";

// Okabe & Ito (2008), "Color Universal Design".
constexpr std::array<QRgb, 8> kOkabeIto
    = { 0x000000, 0xE69F00, 0x56B4E9, 0x009E73, 0xF0E442, 0x0072B2, 0xD55E00, 0xCC79A7 };
enum OkabeIto { Black, Orange, SkyBlue, BluishGreen, Yellow, Blue, Vermillion, ReddishPurple };

QString normalisedName(const QString& name)
{
    QString key;
    for (QChar c : name)
        if (c.isLetterOrNumber())
            key += c.toLower();
    return key;
}

} // namespace

QFont FigureStyle::font(TextRole role)
{
    QFont f(kFontFamily);
    f.setStyleHint(QFont::SansSerif);
    switch (role) {
    case TextRole::Tick:
        f.setPointSizeF(8);
        break;
    case TextRole::Label:
        f.setPointSizeF(9);
        break;
    case TextRole::Legend:
        f.setPointSizeF(8);
        break;
    case TextRole::Title:
        f.setPointSizeF(10);
        f.setBold(true);
        break;
    case TextRole::Annotation:
        f.setPointSizeF(7.5);
        break;
    }
    return f;
}

void FigureStyle::useNumberLocale()
{
    QLocale::setDefault(QLocale::c());
    std::setlocale(LC_NUMERIC, "C");
}

void FigureStyle::makeLogAxis(QCPAxis* axis)
{
    axis->setScaleType(QCPAxis::stLogarithmic);
    auto ticker = QSharedPointer<DistinctLogTicker>::create();
    ticker->setSubTickCount(8);
    axis->setTicker(ticker);
    axis->setNumberFormat("gb");
    axis->setNumberPrecision(0);
}

void FigureStyle::apply(QCustomPlot* plot)
{
    plot->setBackground(Qt::white);
    plot->setFont(font(TextRole::Label));
    for (QCPAxisRect* rect : plot->axisRects())
        applyToAxisRect(rect);
    if (plot->legend)
        applyToLegend(plot->legend);
}

void FigureStyle::applyToAxisRect(QCPAxisRect* rect)
{
    const QPen axisPen(QColor(0x40, 0x40, 0x40), 1.0);
    for (QCPAxis* axis : rect->axes()) {
        axis->setBasePen(axisPen);
        axis->setTickPen(axisPen);
        axis->setSubTickPen(axisPen);
        axis->setTickLabelFont(font(TextRole::Tick));
        axis->setLabelFont(font(TextRole::Label));
        axis->setTickLabelColor(Qt::black);
        axis->setLabelColor(Qt::black);
        axis->setTickLengthIn(3);
        axis->setSubTickLengthIn(1);
        axis->grid()->setPen(gridPen());
        axis->grid()->setZeroLinePen(Qt::NoPen);
        axis->grid()->setSubGridVisible(false);
    }
}

void FigureStyle::applyToLegend(QCPLegend* legend)
{
    legend->setFont(font(TextRole::Legend));
    if (qobject_cast<QCPLayoutInset*>(legend->layout())) { // floating over the data: boxed
        legend->setBrush(QColor(255, 255, 255, 230));
        legend->setBorderPen(QPen(QColor(0xB0, 0xB0, 0xB0), 0.8));
    }
    legend->setIconSize(14, 9);
    legend->setRowSpacing(2);
    legend->setColumnSpacing(14);
}

void FigureStyle::placeLegendOnTop(QCustomPlot* plot, int columns)
{
    QCPLegend* legend = plot->legend;
    legend->setVisible(true);
    if (QCPLayoutInset* inset = plot->axisRect() ? plot->axisRect()->insetLayout() : nullptr)
        inset->take(legend);
    // Row 0 holds [spacer, legend, spacer] so the legend keeps its natural width, centred.
    auto* row = new QCPLayoutGrid;
    plot->plotLayout()->insertRow(0);
    plot->plotLayout()->addElement(0, 0, row);
    plot->plotLayout()->setRowStretchFactor(0, 0.001);
    plot->plotLayout()->setRowSpacing(0);
    row->addElement(0, 0, new QCPLayoutElement(plot));
    row->addElement(0, 1, legend);
    row->addElement(0, 2, new QCPLayoutElement(plot));
    row->setColumnStretchFactors({ 1.0, 0.001, 1.0 });
    row->setMargins(QMargins(0, 0, 0, 0));
    legend->setFillOrder(QCPLegend::foColumnsFirst);
    legend->setWrap(columns);
    legend->setBorderPen(Qt::NoPen);
    legend->setBrush(Qt::NoBrush);
    legend->setMargins(QMargins(4, 6, 4, 2));
}

bool FigureStyle::needsRotatedLabels(const QStringList& labels, double axisInches)
{
    if (labels.isEmpty())
        return false;
    qsizetype longest = 0;
    for (const QString& l : labels)
        for (const QString& line : l.split('\n'))
            longest = std::max(longest, line.size());
    const double spacing = axisInches / static_cast<double>(labels.size());
    constexpr double kCharInches = 0.075; // DejaVu Sans at 8 pt, average character
    return static_cast<double>(longest) * kCharInches > spacing * 0.9;
}

QCPBars* FigureStyle::addLegendEntry(
    QCustomPlot* plot, const QString& name, const QBrush& brush, const QPen& pen)
{
    auto* bars = new QCPBars(plot->xAxis, plot->yAxis);
    bars->setName(name);
    bars->setBrush(brush);
    bars->setPen(pen);
    bars->setSelectable(QCP::stNone);
    return bars;
}

QColor FigureStyle::okabeIto(int index)
{
    return QColor(kOkabeIto[static_cast<size_t>(index) % kOkabeIto.size()]);
}

QColor FigureStyle::categorical(int index)
{
    // Order chosen so neighbouring series contrast strongly; black is left for outlines.
    static const std::array<int, 7> order
        = { Blue, Orange, BluishGreen, Vermillion, SkyBlue, ReddishPurple, Yellow };
    const int n = static_cast<int>(order.size());
    const int i = ((index % n) + n) % n;
    QColor c = okabeIto(order[static_cast<size_t>(i)]);
    if (index >= n) // second cycle: darker so clusters past 7 stay distinguishable
        c = c.darker(140);
    return c;
}

QCPScatterStyle::ScatterShape FigureStyle::markerShape(int index)
{
    static const std::array<QCPScatterStyle::ScatterShape, 6> shapes = { QCPScatterStyle::ssDisc,
        QCPScatterStyle::ssSquare, QCPScatterStyle::ssTriangle, QCPScatterStyle::ssDiamond,
        QCPScatterStyle::ssTriangleInverted, QCPScatterStyle::ssCross };
    return shapes[static_cast<size_t>(index) % shapes.size()];
}

QColor FigureStyle::componentColor(EnergyComponent component)
{
    switch (component) {
    case EnergyComponent::Mac:
        return okabeIto(Blue);
    case EnergyComponent::RegisterFile:
        return okabeIto(SkyBlue);
    case EnergyComponent::Buffer:
        return okabeIto(BluishGreen);
    case EnergyComponent::Noc:
        return okabeIto(Yellow);
    case EnergyComponent::OffChip:
        return okabeIto(Vermillion);
    case EnergyComponent::Static:
        return QColor(0x99, 0x99, 0x99);
    case EnergyComponent::Count:
        break;
    }
    return Qt::black;
}

QString FigureStyle::componentLabel(EnergyComponent component)
{
    return QString::fromUtf8(
        toString(component).data(), static_cast<qsizetype>(toString(component).size()));
}

QString FigureStyle::levelLabel(StorageLevel level)
{
    return QString::fromUtf8(
        toString(level).data(), static_cast<qsizetype>(toString(level).size()));
}

namespace {

const QHash<QString, QColor>& fixedAcceleratorColors();

} // namespace

QColor FigureStyle::acceleratorColor(const QString& name, int slot)
{
    const auto& fixed = fixedAcceleratorColors();
    if (auto it = fixed.find(normalisedName(name)); it != fixed.end())
        return *it;
    return clusterColor(slot);
}

QColor FigureStyle::acceleratorColor(const QString& name)
{
    const auto& fixed = fixedAcceleratorColors();
    const QString key = normalisedName(name);
    if (auto it = fixed.find(key); it != fixed.end())
        return *it;
    // Unknown designs: a stable slot from the name, darkened to stay apart from the fixed ones.
    return categorical(static_cast<int>(qHash(key) % 7)).darker(130);
}

namespace {

const QHash<QString, QColor>& fixedAcceleratorColors()
{
    static const QHash<QString, QColor> fixed = {
        { "edgetpu", FigureStyle::okabeIto(Orange) },
        { "eyerissv2", FigureStyle::okabeIto(SkyBlue) },
        { "eyeriss", FigureStyle::okabeIto(SkyBlue) },
        { "mensa", FigureStyle::okabeIto(BluishGreen) },
        { "mensag", FigureStyle::okabeIto(BluishGreen) },
        { "basehb", FigureStyle::okabeIto(Yellow) },
        { "edgetpuhb", FigureStyle::okabeIto(Yellow) },
        { "pascal", FigureStyle::okabeIto(Blue) },
        { "pavlov", FigureStyle::okabeIto(Vermillion) },
        { "jacquard", FigureStyle::okabeIto(ReddishPurple) },
    };
    return fixed;
}

} // namespace

QString FigureStyle::displayName(const QString& name)
{
    static const QHash<QString, QString> known = {
        { "edgetpu", "Edge TPU" },
        { "eyerissv2", "Eyeriss v2" },
        { "mensa", "Mensa" },
        { "mensag", "Mensa-G" },
        { "basehb", "Base+HB" },
        { "pascal", "Pascal" },
        { "pavlov", "Pavlov" },
        { "jacquard", "Jacquard" },
        { "coralusb", "Coral USB" },
        { "coraldevboard", "Coral Dev Board" },
        { "jetsonxavier", "Jetson Xavier" },
        { "gpu", "GPU" },
        { "dla0", "DLA 0" },
        { "dla1", "DLA 1" },
        { "hikey970", "HiKey 970" },
        { "a73", "Cortex-A73" },
        { "a53", "Cortex-A53" },
    };
    QString base = name;
    if (const qsizetype paren = base.indexOf(" ("); paren > 0) // drop descriptions of links
        base = base.left(paren);
    const QStringList ends = base.split("<->");
    if (ends.size() == 2)
        return displayName(ends[0].trimmed()) + QString::fromUtf8(" ↔ ")
            + displayName(ends[1].trimmed());
    const QString host = " host CPU"; // the schedule's row for the host behind an accelerator
    if (base.endsWith(host) && base.size() > host.size())
        return displayName(base.left(base.size() - host.size())) + host;
    return known.value(normalisedName(base), name);
}

QString FigureStyle::kindFamily(LayerKind kind)
{
    switch (kind) {
    case LayerKind::Conv:
    case LayerKind::ConvTranspose:
        return "Conv";
    case LayerKind::DepthwiseConv:
        return "Depthwise conv";
    case LayerKind::FullyConnected:
        return "Fully connected";
    case LayerKind::MatMul:
        return "MatMul";
    case LayerKind::Lstm:
    case LayerKind::Gru:
    case LayerKind::Rnn:
        return "Recurrent";
    case LayerKind::Pool:
    case LayerKind::Resize:
        return "Pool / resize";
    default:
        return "Other (vector)";
    }
}

const QStringList& FigureStyle::kindFamilies()
{
    static const QStringList families = { "Conv", "Depthwise conv", "Fully connected", "MatMul",
        "Recurrent", "Pool / resize", "Other (vector)" };
    return families;
}

QColor FigureStyle::kindFamilyColor(const QString& family)
{
    static const QHash<QString, QColor> colours = {
        { "Conv", okabeIto(Blue) },
        { "Depthwise conv", okabeIto(SkyBlue) },
        { "Fully connected", okabeIto(Orange) },
        { "MatMul", okabeIto(ReddishPurple) },
        { "Recurrent", okabeIto(Vermillion) },
        { "Pool / resize", okabeIto(BluishGreen) },
    };
    return colours.value(family, QColor(0x99, 0x99, 0x99));
}

QColor FigureStyle::clusterColor(int cluster)
{
    // The seven Okabe-Ito colours (Okabe & Ito 2008) in the categorical order, then nine from
    // Paul Tol's "muted" and "light" schemes (Tol 2021, SRON/EPS/TN/09-002) and Petroff's
    // accessible colour sequences (Petroff 2021, arXiv:2107.02270), each added where it keeps
    // the smallest CIELAB distance between any two colours largest under simulated
    // deuteranopia (Machado et al. 2009): at least 17 (ΔE*ab) for all sixteen.
    static const std::array<QRgb, 16> palette
        = { 0x0072B2, 0xE69F00, 0x009E73, 0xD55E00, 0x56B4E9, 0xCC79A7, 0xF0E442, 0x332288,
              0xEEDD88, 0x964A8B, 0x117733, 0xE42536, 0xFFAABB, 0x882255, 0x92DADD, 0x7A21DD };
    if (cluster < 0)
        return QColor(0x99, 0x99, 0x99);
    const int n = static_cast<int>(palette.size());
    QColor c(palette[static_cast<size_t>(cluster % n)]);
    return cluster >= n ? c.darker(150) : c; // past sixteen: darker repeats
}

QColor FigureStyle::highlightColor()
{
    return Qt::black;
}

QPen FigureStyle::gridPen()
{
    return QPen(QColor(0xE0, 0xE0, 0xE0), 0.6, Qt::SolidLine);
}

QString FigureStyle::axisLabel(const QString& quantity, const QString& unit)
{
    return unit.isEmpty() ? quantity : quantity + " (" + unit + ")";
}

FigureStyle::Unit FigureStyle::timeUnit(double maxSeconds)
{
    if (maxSeconds < 1e-6)
        return { "ns", 1e9 };
    if (maxSeconds < 1e-3)
        return { QString::fromUtf8("µs"), 1e6 };
    if (maxSeconds < 1.0)
        return { "ms", 1e3 };
    return { "s", 1.0 };
}

FigureStyle::Unit FigureStyle::energyUnit(double maxJoules)
{
    if (maxJoules < 1e-6)
        return { "nJ", 1e9 };
    if (maxJoules < 1e-3)
        return { QString::fromUtf8("µJ"), 1e6 };
    if (maxJoules < 1.0)
        return { "mJ", 1e3 };
    return { "J", 1.0 };
}

} // namespace mensa::views
