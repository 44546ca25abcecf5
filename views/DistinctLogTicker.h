#pragma once

#include <qcustomplot.h>

namespace mensa::views {

// A log ticker whose labels never repeat: when the axis spans less than a decade the
// sub-decade ticks get as many digits as it takes to tell them apart ("1.5·10³", "2·10³"
// rather than "2·10³" twice).
class DistinctLogTicker : public QCPAxisTickerLog {
protected:
    // The labels of `ticks` at the axis precision, raised until no two are the same.
    QVector<QString> createLabelVector(const QVector<double>& ticks, const QLocale& locale,
        QChar formatChar, int precision) override;
};

} // namespace mensa::views
