#include "NiceLogTicker.h"

#include <cmath>

namespace mensa::views {

QVector<double> NiceLogTicker::createTickVector(double, const QCPRange& range)
{
    QVector<double> ticks;
    if (!(range.lower > 0) || !(range.upper > range.lower))
        return ticks;
    for (int e = int(std::floor(std::log10(range.lower)));
         e <= int(std::ceil(std::log10(range.upper))); ++e)
        for (double m : { 1.0, 2.0, 5.0 }) {
            const double v = m * std::pow(10.0, e);
            if (v >= range.lower && v <= range.upper)
                ticks << v;
        }
    return ticks;
}

QVector<QString> NiceLogTicker::createLabelVector(
    const QVector<double>& ticks, const QLocale&, QChar, int)
{
    QVector<QString> labels;
    for (double v : ticks)
        labels << QString::number(v, 'g', 4);
    return labels;
}

QVector<double> NiceLogTicker::createSubTickVector(int, const QVector<double>&)
{
    return {};
}

} // namespace mensa::views
