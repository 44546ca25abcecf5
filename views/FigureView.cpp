#include "FigureView.h"

#include <qcustomplot.h>

#include <QToolTip>

namespace mensa::views {

void FigureView::enablePointPicking(std::function<int(const QPointF&)> pointAt,
    std::function<LayerRef(int)> layerOf, std::function<QString(int)> tooltip)
{
    QCustomPlot* target = plot();
    target->setMouseTracking(true);
    connect(target, &QCustomPlot::mousePress, this, [this, pointAt, layerOf](QMouseEvent* e) {
        if (const int i = pointAt(e->position()); i >= 0)
            emit layerClicked(layerOf(i));
    });
    connect(target, &QCustomPlot::mouseMove, this, [target, pointAt, tooltip](QMouseEvent* e) {
        const int i = pointAt(e->position());
        if (i < 0)
            return QToolTip::hideText();
        QToolTip::showText(e->globalPosition().toPoint(), tooltip(i), target);
    });
}

} // namespace mensa::views
