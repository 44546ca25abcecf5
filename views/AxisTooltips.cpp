#include "AxisTooltips.h"

#include "GlossaryText.h"

#include <QHelpEvent>
#include <QToolTip>
#include <qcustomplot.h>

namespace mensa::views {
namespace {

constexpr const char* kKeyProperty = "mensaGlossaryKey";
constexpr const char* kFilterName = "mensaAxisTooltips";

// The axis of `plot` under `pos` that has a glossary key, or nullptr.
QCPAxis* axisAt(QCustomPlot* plot, const QPointF& pos)
{
    for (QCPAxisRect* rect : plot->axisRects())
        for (QCPAxis* axis : rect->axes()) {
            if (!axis->visible() || AxisTooltips::keyOf(axis).isEmpty())
                continue;
            const double distance = axis->selectTest(pos, false);
            if (distance >= 0 && distance < plot->selectionTolerance())
                return axis;
        }
    return nullptr;
}

} // namespace

void AxisTooltips::set(QCPAxis* axis, const QString& glossaryKey)
{
    axis->setProperty(kKeyProperty, glossaryKey);
    QCustomPlot* plot = axis->parentPlot();
    if (plot && !plot->findChild<AxisTooltips*>(kFilterName, Qt::FindDirectChildrenOnly)) {
        auto* filter = new AxisTooltips(plot);
        filter->setObjectName(kFilterName);
        plot->installEventFilter(filter);
    }
}

QString AxisTooltips::keyOf(const QCPAxis* axis)
{
    return axis ? axis->property(kKeyProperty).toString() : QString();
}

QString AxisTooltips::tooltipOf(const QCPAxis* axis)
{
    return glossaryTooltip(keyOf(axis));
}

bool AxisTooltips::eventFilter(QObject* watched, QEvent* event)
{
    auto* plot = qobject_cast<QCustomPlot*>(watched);
    if (!plot || event->type() != QEvent::ToolTip)
        return QObject::eventFilter(watched, event);
    auto* help = static_cast<QHelpEvent*>(event);
    if (QCPAxis* axis = axisAt(plot, help->pos())) {
        QToolTip::showText(help->globalPos(), tooltipOf(axis), plot);
        return true;
    }
    return QObject::eventFilter(watched, event);
}

} // namespace mensa::views
