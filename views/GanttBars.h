#pragma once

#include <QColor>
#include <QString>
#include <vector>

#include <qcustomplot.h>

namespace mensa::views {

// All bars of a Gantt chart in one plottable: one draw pass over the bars inside the
// visible time range, so schedules with many thousands of events stay responsive.
// Key axis = time, value axis = row (row 0 at the top when the value axis is reversed).
class GanttBars : public QCPAbstractPlottable {
public:
    struct Bar {
        double start = 0;
        double end = 0;
        int row = 0;
        QColor fill;
        QString label; // drawn inside the bar when it fits
        bool outlined = false; // critical path: thick dark outline
        bool faded = false; // de-emphasised while other layers are highlighted
        double heightScale = 1.0; // transfers are drawn thinner than compute events
        int id = -1; // caller's index (event index)
    };

    GanttBars(QCPAxis* timeAxis, QCPAxis* rowAxis);

    void setBars(std::vector<Bar> bars); // any order; kept sorted by start
    const std::vector<Bar>& bars() const { return m_bars; }
    void setBarHeight(double rowFraction) { m_barHeight = rowFraction; }
    // The bar under a pixel position, or nullptr.
    const Bar* barAt(const QPointF& pixel) const;
    // Number of bars drawn by the last draw() call (those inside the visible range).
    int lastDrawnCount() const { return m_lastDrawn; }

    double selectTest(
        const QPointF& pos, bool onlySelectable, QVariant* details = nullptr) const override;
    QCPRange getKeyRange(
        bool& foundRange, QCP::SignDomain inSignDomain = QCP::sdBoth) const override;
    QCPRange getValueRange(bool& foundRange, QCP::SignDomain inSignDomain = QCP::sdBoth,
        const QCPRange& inKeyRange = QCPRange()) const override;

protected:
    void draw(QCPPainter* painter) override;
    void drawLegendIcon(QCPPainter* painter, const QRectF& rect) const override;

private:
    QRectF pixelRect(const Bar& bar) const;
    void drawLabel(QCPPainter* painter, const Bar& bar, const QRectF& rect) const;
    std::vector<Bar> m_bars;
    double m_maxDuration = 0; // lets the visible-range search start early enough
    double m_barHeight = 0.7;
    int m_lastDrawn = 0;
};

} // namespace mensa::views
