#include "AxisLimiter.h"

#include <algorithm>
#include <cmath>

namespace mensa::views {

AxisLimiter::AxisLimiter(QCPAxis* axis)
    : QObject(axis)
    , m_axis(axis)
{
    connect(axis, qOverload<const QCPRange&>(&QCPAxis::rangeChanged), this,
        &AxisLimiter::onRangeChanged);
}

void AxisLimiter::setLimits(const QCPRange& limits)
{
    m_limits = limits;
    m_hasLimits = limits.upper > limits.lower;
    reset();
}

void AxisLimiter::reset()
{
    if (m_hasLimits)
        m_axis->setRange(m_limits);
}

QCPRange AxisLimiter::bounded(const QCPRange& range) const
{
    if (!m_hasLimits)
        return range;
    const bool log
        = m_axis->scaleType() == QCPAxis::stLogarithmic && m_limits.lower > 0 && range.lower > 0;
    auto to = [log](double v) { return log ? std::log10(v) : v; };
    auto from = [log](double v) { return log ? std::pow(10.0, v) : v; };
    const double lo = to(m_limits.lower), hi = to(m_limits.upper);
    const double full = hi - lo;
    const double width = std::clamp(to(range.upper) - to(range.lower), full * 1e-6, full);
    const double lower = std::clamp(to(range.lower), lo, hi - width);
    return { from(lower), from(lower + width) };
}

void AxisLimiter::onRangeChanged(const QCPRange& range)
{
    if (m_applying || !m_hasLimits)
        return;
    const QCPRange fixed = bounded(range);
    if (fixed.lower == range.lower && fixed.upper == range.upper)
        return;
    m_applying = true;
    m_axis->setRange(fixed);
    m_applying = false;
}

} // namespace mensa::views
