#include "DistinctLogTicker.h"

#include <QSet>

namespace mensa::views {

QVector<QString> DistinctLogTicker::createLabelVector(
    const QVector<double>& ticks, const QLocale& locale, QChar formatChar, int precision)
{
    QVector<QString> labels;
    for (int digits = precision; digits <= precision + 6; ++digits) {
        labels = QCPAxisTickerLog::createLabelVector(ticks, locale, formatChar, digits);
        const QSet<QString> distinct(labels.begin(), labels.end());
        if (distinct.size() == labels.size())
            break;
    }
    return labels;
}

} // namespace mensa::views
