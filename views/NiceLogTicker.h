#pragma once

#include <qcustomplot.h>

namespace mensa::views {

// Ticks for a logarithmic axis that spans about a decade or two: at 1, 2 and 5 times the powers
// of ten inside the range (so a 2-40 ms axis reads 2, 5, 10, 20), labelled as plain numbers.
class NiceLogTicker : public QCPAxisTicker {
protected:
    QVector<double> createTickVector(double tickStep, const QCPRange& range) override;
    QVector<QString> createLabelVector(const QVector<double>& ticks, const QLocale& locale,
        QChar formatChar, int precision) override;
    QVector<double> createSubTickVector(int subTickCount, const QVector<double>& ticks) override;
};

} // namespace mensa::views
