#pragma once

#include <qcustomplot.h>

#include <QObject>

namespace mensa::views {

// Keeps an axis inside fixed limits while the user zooms and drags: never wider than the
// limits (no zooming out to negative time), never past them, never narrower than a millionth
// of them. On a log axis the same holds for the decades.
class AxisLimiter : public QObject {
public:
    explicit AxisLimiter(QCPAxis* axis);

    // The range the axis may show; the axis then shows all of it.
    void setLimits(const QCPRange& limits);
    QCPRange limits() const { return m_limits; }
    // Lets the axis move freely until the next setLimits (e.g. while it is rescaled to data).
    void clear() { m_hasLimits = false; }
    // Shows the whole range again (the "reset view" of a plot).
    void reset();
    // `range` moved and shrunk as far as needed to fit the limits.
    QCPRange bounded(const QCPRange& range) const;

private:
    void onRangeChanged(const QCPRange& range);

    QCPAxis* m_axis;
    QCPRange m_limits;
    bool m_hasLimits = false;
    bool m_applying = false;
};

} // namespace mensa::views
