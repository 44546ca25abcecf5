#include "GanttBars.h"

#include "FigureStyle.h"

#include <algorithm>

namespace mensa::views {

GanttBars::GanttBars(QCPAxis* timeAxis, QCPAxis* rowAxis)
    : QCPAbstractPlottable(timeAxis, rowAxis)
{
    setAntialiasedFill(false);
}

void GanttBars::setBars(std::vector<Bar> bars)
{
    std::stable_sort(
        bars.begin(), bars.end(), [](const Bar& a, const Bar& b) { return a.start < b.start; });
    m_bars = std::move(bars);
    m_maxDuration = 0;
    for (const Bar& b : m_bars)
        m_maxDuration = std::max(m_maxDuration, b.end - b.start);
}

QRectF GanttBars::pixelRect(const Bar& bar) const
{
    const double half = m_barHeight * bar.heightScale / 2;
    const QPointF a = coordsToPixels(bar.start, bar.row - half);
    const QPointF b = coordsToPixels(bar.end, bar.row + half);
    QRectF r = QRectF(a, b).normalized();
    if (r.width() < 1.0) // keep very short events visible as a hairline
        r.setWidth(1.0);
    return r;
}

void GanttBars::draw(QCPPainter* painter)
{
    m_lastDrawn = 0;
    if (!mKeyAxis || !mValueAxis)
        return;
    const QCPRange visible = mKeyAxis->range();
    auto first = std::lower_bound(m_bars.begin(), m_bars.end(), visible.lower - m_maxDuration,
        [](const Bar& b, double t) { return b.start < t; });
    const QPen thin(QColor(255, 255, 255), 0.5);
    const QPen critical(QColor(0x20, 0x20, 0x20), 1.6);
    for (auto it = first; it != m_bars.end() && it->start <= visible.upper; ++it) {
        if (it->end < visible.lower)
            continue;
        const QRectF r = pixelRect(*it);
        QColor fill = it->fill;
        if (it->faded)
            fill = QColor::fromRgbF(
                0.85 + 0.15 * fill.redF(), 0.85 + 0.15 * fill.greenF(), 0.85 + 0.15 * fill.blueF());
        // An outline on a bar a few pixels wide would hide its colour: outline wide bars only.
        const bool outline = it->outlined && r.width() >= 4;
        painter->setPen(outline ? critical : (r.width() > 3 ? thin : QPen(Qt::NoPen)));
        painter->setBrush(fill);
        painter->drawRect(r);
        drawLabel(painter, *it, r);
        ++m_lastDrawn;
    }
}

void GanttBars::drawLabel(QCPPainter* painter, const Bar& bar, const QRectF& rect) const
{
    if (bar.label.isEmpty() || rect.width() < 24)
        return;
    painter->setFont(FigureStyle::font(FigureStyle::TextRole::Annotation));
    const QFontMetricsF metrics(painter->font());
    if (metrics.horizontalAdvance(bar.label) + 4 > rect.width() || metrics.height() > rect.height())
        return;
    const QColor fill = bar.fill;
    const double luminance = 0.299 * fill.redF() + 0.587 * fill.greenF() + 0.114 * fill.blueF();
    painter->setPen(luminance < 0.5 && !bar.faded ? Qt::white : Qt::black);
    painter->drawText(rect, Qt::AlignCenter, bar.label);
}

void GanttBars::drawLegendIcon(QCPPainter* painter, const QRectF& rect) const
{
    painter->setPen(Qt::NoPen);
    painter->setBrush(m_bars.empty() ? QColor(Qt::gray) : m_bars.front().fill);
    painter->drawRect(rect);
}

const GanttBars::Bar* GanttBars::barAt(const QPointF& pixel) const
{
    if (!mKeyAxis || !mValueAxis)
        return nullptr;
    const double t = mKeyAxis->pixelToCoord(pixel.x());
    const double tolerance = std::abs(mKeyAxis->pixelToCoord(pixel.x() + 2) - t);
    auto it = std::lower_bound(m_bars.begin(), m_bars.end(), t - m_maxDuration - tolerance,
        [](const Bar& b, double v) { return b.start < v; });
    const Bar* best = nullptr;
    for (; it != m_bars.end() && it->start <= t + tolerance; ++it) {
        if (pixelRect(*it).adjusted(-1, 0, 1, 0).contains(pixel)
            && (!best || it->end - it->start < best->end - best->start))
            best = &*it; // the shortest bar wins so tiny events stay reachable
    }
    return best;
}

double GanttBars::selectTest(const QPointF& pos, bool onlySelectable, QVariant* details) const
{
    if (onlySelectable && !mSelectable)
        return -1;
    const Bar* bar = barAt(pos);
    if (!bar)
        return -1;
    if (details)
        details->setValue(bar->id);
    return 0;
}

QCPRange GanttBars::getKeyRange(bool& foundRange, QCP::SignDomain) const
{
    foundRange = !m_bars.empty();
    if (!foundRange)
        return {};
    double hi = m_bars.front().end;
    for (const Bar& b : m_bars)
        hi = std::max(hi, b.end);
    return { m_bars.front().start, hi };
}

QCPRange GanttBars::getValueRange(bool& foundRange, QCP::SignDomain, const QCPRange&) const
{
    foundRange = !m_bars.empty();
    if (!foundRange)
        return {};
    int lo = m_bars.front().row, hi = lo;
    for (const Bar& b : m_bars) {
        lo = std::min(lo, b.row);
        hi = std::max(hi, b.row);
    }
    return { lo - 0.5, hi + 0.5 };
}

} // namespace mensa::views
